/**
 * The font subsets every document embeds, made with fontkit's TTFSubset, with what does not
 * change between documents kept per face (used by pdf-engine.ts):
 *
 * - the encoded subset, by its ordered glyph list (all `encode` depends on): documents of one
 *   campaign use the same glyphs in the same order;
 * - each glyph's record: TTFSubset#_addGlyph decodes the whole outline of a glyph only to learn
 *   whether it is composite and of which glyphs, and reads its metrics, for every subset; here
 *   that is done once per glyph, and the subset is written from the record exactly as
 *   _addGlyph writes it.
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

/** Encoded subsets kept per face; a long-lived worker meets a few campaigns at most. */
const MAX_SUBSETS = 64;

export class FaceSubsets {
  private readonly encoded = new Map<string, Uint8Array>();
  private readonly records = new Map<number, GlyphRecord>();

  constructor(private readonly font: SubsetFont) {}

  /** A new subset for one document (pdfkit's EmbeddedFont#subset). */
  create(): { glyphs: number[]; encode(): Uint8Array } {
    const subset = this.font.createSubset() as TTFSubset;
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      let bytes = this.encoded.get(key);
      if (bytes === undefined) {
        bytes = encode();
        if (this.encoded.size >= MAX_SUBSETS) this.encoded.clear();
        this.encoded.set(key, bytes);
      }
      return bytes;
    };
    // A variable font re-encodes outlines per instance: leave those to fontkit.
    if (!this.font._variationProcessor) subset._addGlyph = (id) => this.addGlyph(subset, id);
    return subset;
  }

  /** Forgets the encoded subsets (their glyph records stay). */
  forgetEncoded(): void {
    this.encoded.clear();
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
