import { subsetWithEncoder } from './pdf-internals.ts';

/**
 * The font subsets every document embeds: fontkit's TTFSubset chooses the glyphs (pdfkit calls
 * its `includeGlyph`), and its file is written here, byte for byte what TTFSubset#encode writes
 * (test/renderer/font-subsets.test.ts compares them). fontkit decodes the whole outline of each
 * glyph only to learn whether it is composite and of which glyphs, reads its metrics, clones and
 * re-encodes the constant tables (head, hhea, maxp, prep…) and writes every loca offset and hmtx
 * entry through restructure, for every subset. Here a glyph's record is read once per face, the
 * constant tables are encoded once per face (by fontkit itself, in a subset of glyph 0), and a
 * document's subset is written into one buffer.
 */

/** fontkit's TrueType font, as far as subsetting reads it. */
export type SubsetFont = {
  createSubset(): unknown;
  getGlyph(id: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  _variationProcessor?: unknown;
};

/** fontkit's TTFSubset, as far as it is driven here. */
type TTFSubset = { glyphs: number[]; encode(): Uint8Array; includeGlyph(id: number): number };

/** What a glyph adds to a subset: its bytes in `glyf`, its components if composite, its metrics. */
type GlyphRecord = { bytes: Uint8Array; components: { glyphID: number; pos: number }[] | undefined; advance: number; bearing: number };

/**
 * fontkit's subset file of this face with the glyphs left out: the sfnt header, then each table
 * (in fontkit's order) with its directory entry's tag and checksum (fontkit writes 0) and, for a
 * table that does not depend on the glyphs, its bytes.
 */
type SubsetLayout = { header: Uint8Array; tables: { tag: string; entry: Uint8Array; bytes: Uint8Array }[]; shortLoca: boolean };

/** The tables written per subset; hhea and maxp are fontkit's with the glyph count set. */
const WRITTEN = new Set(['loca', 'glyf', 'hmtx']);
const HHEA_NUMBER_OF_METRICS = 34;
const MAXP_NUM_GLYPHS = 4;
const HEADER = 12;
const ENTRY = 16;

export class FaceSubsets {
  private readonly records = new Map<number, GlyphRecord>();
  private layout: SubsetLayout | undefined;

  constructor(private readonly font: SubsetFont) {}

  /** A new subset for one document (pdfkit's EmbeddedFont#subset). */
  create(): { glyphs: number[]; encode(): Uint8Array } {
    const subset = this.font.createSubset() as TTFSubset;
    // A variable font re-encodes outlines per instance: leave those to fontkit.
    if (this.font._variationProcessor) return subset;
    return subsetWithEncoder(subset, (s) => this.encode(s));
  }

  /** Reads the records of these glyphs ahead, and the constant tables (the CLI's startup snapshot). */
  prepare(glyphIds: Iterable<number>): void {
    this.subsetLayout();
    for (const id of glyphIds) {
      const record = this.record(id);
      for (const component of record.components ?? []) this.record(component.glyphID);
    }
  }

  /** TTFSubset#encode: every glyph of the subset (components join it as they are met), then the file. */
  private encode(subset: TTFSubset): Uint8Array {
    const layout = this.subsetLayout();
    const glyphs = subset.glyphs;
    const records: GlyphRecord[] = [];
    const bytes: Uint8Array[] = [];
    let glyfLength = 0;
    for (let i = 0; i < glyphs.length; i++) {
      const record = this.record(glyphs[i]!);
      let glyph = record.bytes;
      if (record.components) {
        glyph = new Uint8Array(glyph);
        const view = new DataView(glyph.buffer);
        for (const component of record.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      records.push(record);
      bytes.push(glyph);
      glyfLength += glyph.length;
    }
    const count = records.length;
    const lengthOf = (tag: string, constant: Uint8Array): number =>
      tag === 'glyf' ? glyfLength : tag === 'loca' ? (count + 1) * (layout.shortLoca ? 2 : 4) : tag === 'hmtx' ? count * 4 : constant.length;

    let size = HEADER + ENTRY * layout.tables.length;
    for (const table of layout.tables) size += lengthOf(table.tag, table.bytes);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    out.set(layout.header, 0);
    let offset = HEADER + ENTRY * layout.tables.length;
    for (let t = 0; t < layout.tables.length; t++) {
      const { tag, entry, bytes: constant } = layout.tables[t]!;
      const length = lengthOf(tag, constant);
      const at = HEADER + ENTRY * t;
      out.set(entry, at);
      view.setUint32(at + 8, offset);
      view.setUint32(at + 12, length);
      if (tag === 'glyf') {
        let p = offset;
        for (const glyph of bytes) {
          out.set(glyph, p);
          p += glyph.length;
        }
      } else if (tag === 'loca') {
        // fontkit's loca: each glyph's offset into glyf, then the end; halved in the short format.
        let glyphOffset = 0;
        for (let i = 0; i <= count; i++) {
          if (layout.shortLoca) view.setUint16(offset + 2 * i, glyphOffset >>> 1);
          else view.setUint32(offset + 4 * i, glyphOffset);
          if (i < count) glyphOffset += bytes[i]!.length;
        }
      } else if (tag === 'hmtx') {
        for (let i = 0; i < count; i++) {
          view.setUint16(offset + 4 * i, records[i]!.advance);
          view.setInt16(offset + 4 * i + 2, records[i]!.bearing);
        }
      } else {
        out.set(constant, offset);
        if (tag === 'hhea') view.setUint16(offset + HHEA_NUMBER_OF_METRICS, count);
        else if (tag === 'maxp') view.setUint16(offset + MAXP_NUM_GLYPHS, count);
      }
      offset += length;
    }
    return out;
  }

  /** Reads fontkit's own subset of glyph 0 (the one glyph every subset has) into the face's layout. */
  private subsetLayout(): SubsetLayout {
    if (this.layout) return this.layout;
    const file = (this.font.createSubset() as TTFSubset).encode();
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const numTables = view.getUint16(4);
    const tables: SubsetLayout['tables'] = [];
    let expected = HEADER + ENTRY * numTables;
    for (let t = 0; t < numTables; t++) {
      const at = HEADER + ENTRY * t;
      const tag = String.fromCharCode(...file.subarray(at, at + 4));
      const offset = view.getUint32(at + 8);
      const length = view.getUint32(at + 12);
      // fontkit lays the tables end to end in the directory's order, the counts read 1 (glyph 0).
      const counted = tag === 'hhea' ? HHEA_NUMBER_OF_METRICS : tag === 'maxp' ? MAXP_NUM_GLYPHS : undefined;
      if (offset !== expected || (counted !== undefined && (length < counted + 2 || view.getUint16(offset + counted) !== 1))) {
        throw new Error(`font-subsets: fontkit's subset file is not laid out as expected (table ${tag}); fontkit 2.0.4 is pinned (renderer/README.md)`);
      }
      expected += length;
      tables.push({ tag, entry: file.slice(at, at + 8), bytes: WRITTEN.has(tag) ? new Uint8Array(0) : file.slice(offset, offset + length) });
    }
    for (const tag of ['head', 'hhea', 'maxp', ...WRITTEN]) {
      if (!tables.some((table) => table.tag === tag)) throw new Error(`font-subsets: fontkit's subset file has no ${tag} table; fontkit 2.0.4 is pinned (renderer/README.md)`);
    }
    // fontkit keeps the face's loca format: two offsets of glyph 0, 2 bytes each when short.
    const loca = view.getUint32(HEADER + ENTRY * tables.findIndex((table) => table.tag === 'loca') + 12);
    this.layout = { header: file.slice(0, HEADER), tables, shortLoca: loca === 4 };
    return this.layout;
  }

  private record(id: number): GlyphRecord {
    let record = this.records.get(id);
    if (record === undefined) {
      const glyph = this.font.getGlyph(id);
      const glyf = glyph._decode();
      const { offsets } = this.font.loca;
      const stream = this.font._getTableStream('glyf');
      stream.pos += offsets[id]!;
      const bytes = stream.readBuffer(offsets[id + 1]! - offsets[id]!);
      const components = glyf && glyf.numberOfContours < 0 ? glyf.components!.map(({ glyphID, pos }) => ({ glyphID, pos })) : undefined;
      record = { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
      this.records.set(id, record);
    }
    return record;
  }
}
