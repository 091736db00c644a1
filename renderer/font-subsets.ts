import { subsetWithGlyphs } from './pdf-internals.ts';

/**
 * The font subsets every document embeds, made with fontkit's TTFSubset, with each glyph's
 * record kept per face (used by faces.ts): TTFSubset#_addGlyph decodes the whole outline of a
 * glyph only to learn whether it is composite and of which glyphs, and reads its metrics, for
 * every subset; here that is done once per glyph of the face, for any document, and the subset
 * is written from the record exactly as _addGlyph writes it.
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
type TTFSubset = {
  glyphs: number[];
  encode(): Uint8Array;
  includeGlyph(id: number): number;
  _addGlyph(id: number): number;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
};

/** What _addGlyph needs of a glyph: its bytes in `glyf`, its components if composite, its metrics. */
type GlyphRecord = { bytes: Uint8Array; components: { glyphID: number; pos: number }[] | undefined; advance: number; bearing: number };

export class FaceSubsets {
  private readonly records = new Map<number, GlyphRecord>();

  constructor(private readonly font: SubsetFont) {}

  /** A new subset for one document (pdfkit's EmbeddedFont#subset). */
  create(): { glyphs: number[]; encode(): Uint8Array } {
    const subset = this.font.createSubset() as TTFSubset;
    // A variable font re-encodes outlines per instance: leave those to fontkit.
    if (this.font._variationProcessor) return subset;
    return subsetWithGlyphs(subset, (s, id) => this.addGlyph(s, id));
  }

  /** Reads the records of these glyphs ahead (the CLI's startup snapshot). */
  prepare(glyphIds: Iterable<number>): void {
    for (const id of glyphIds) {
      const record = this.record(id);
      for (const component of record.components ?? []) this.record(component.glyphID);
    }
  }

  /** TTFSubset#_addGlyph, from the glyph's record. */
  private addGlyph(subset: TTFSubset, id: number): number {
    const record = this.record(id);
    let bytes = record.bytes;
    if (record.components) {
      bytes = new Uint8Array(bytes);
      const view = new DataView(bytes.buffer);
      for (const component of record.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
    }
    subset.glyf.push(bytes);
    subset.loca.offsets.push(subset.offset);
    subset.hmtx.metrics.push({ advance: record.advance, bearing: record.bearing });
    subset.offset += bytes.length;
    return subset.glyf.length - 1;
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
