/**
 * A faster way to write pdfmake's plain text lines, used by page-writer.ts.
 *
 * pdfmake draws every word through pdfkit's general `text()`: a saved and restored graphics
 * state, a flipped coordinate system, a colour, an opacity, a text object, a font and a matrix,
 * for each word (~100 bytes of content stream per word, most of a page's stream). For a plain
 * line (one colour, no link, decoration, background, offset or font feature) this writes one
 * text object per line: the font when it changes, one text matrix at the line's baseline, and
 * one TJ per font run in which the space pdfmake puts between two words (justification) is a TJ
 * adjustment. The glyphs land where pdfkit would put them (the same positions to 1e-6 pt); any
 * other line goes through pdfmake unchanged.
 */

/** pdfkit's EmbeddedFont as far as this module uses it. */
export type PdfFont = {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): Encoded;
};
type GlyphPosition = { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number };
/** pdfkit's `encode`: the glyphs' ids in this document's subset (4 hex digits each) and positions (1/1000 em). */
type Encoded = [string[], GlyphPosition[]];

type Inline = {
  text: string;
  x: number;
  font: PdfFont;
  fontSize: number;
  color?: unknown;
  background?: unknown;
  decoration?: unknown;
  opacity?: unknown;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  _pageNodeRef?: unknown;
  fontFeatures?: unknown;
  characterSpacing?: number;
  sup?: boolean;
  sub?: boolean;
};

type Line = {
  inlines: Inline[];
  id?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  getAscenderHeight(): number;
};

type Document = { page: { fonts: Record<string, unknown> } };

const BLACK = new Set([undefined, null, 'black', '#000', '#000000']);

/** A line this module can write exactly as pdfmake would. */
export function isPlainLine(line: Line): boolean {
  if (line._outline || line._pageNodeRef || line.id) return false;
  for (const inline of line.inlines) {
    if (
      !BLACK.has(inline.color as string | undefined) ||
      inline.background ||
      inline.decoration ||
      (inline.opacity !== undefined && inline.opacity !== 1) ||
      inline.link ||
      inline.linkToPage ||
      inline.linkToDestination ||
      inline._pageNodeRef ||
      inline.fontFeatures ||
      inline.characterSpacing ||
      inline.sup ||
      inline.sub
    ) {
      return false;
    }
  }
  return true;
}

/** pdfkit's number format in content streams. */
export function num(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * A document repeats its words ("của ", "đảng "…): each font object (one per document and face)
 * keeps what `encode` answered for a text. The subset ids it holds are this document's, so the
 * cache lives and dies with the font object.
 */
const encodedByFont = new WeakMap<PdfFont, Map<string, Encoded>>();

function encode(font: PdfFont, text: string): Encoded {
  let cache = encodedByFont.get(font);
  if (cache === undefined) encodedByFont.set(font, (cache = new Map()));
  let encoded = cache.get(text);
  if (encoded === undefined) cache.set(text, (encoded = font.encode(text)));
  return encoded;
}

/**
 * The text object of `line` at (x, y) (pdfmake's top-left coordinates, the page's flipped user
 * space), '' when it shows nothing. The fonts it uses are added to the page's resources; the fill
 * colour (black) is the caller's to set.
 *
 * Every inline of a plain line shares one baseline: pdfmake shifts each to `lineHeight − its
 * ascent − descent` and pdfkit adds its ascent back, which leaves `y + the line's ascender
 * height`. The text matrix `1 0 0 -1 x baseline` flips the glyphs upright in the flipped page, as
 * pdfkit's own `q 1 0 0 -1 0 H cm … Q` around each word does.
 */
export function writePlainLine(document: Document, line: Line, x: number, y: number): string {
  const baseline = num(y + line.getAscenderHeight());
  let out = '';
  let font: PdfFont | undefined;
  let fontSize = 0;
  /** Where the viewer's text position is now (points), after the glyphs written so far. */
  let pen = NaN;
  /** The open TJ array's items. */
  let items = '';
  const closeArray = () => {
    if (items) out += `[${items}] TJ\n`;
    items = '';
  };
  for (const inline of line.inlines) {
    const text = inline.text.includes('\n') ? inline.text.replace(/\n/g, '') : inline.text;
    if (!text) continue;
    const start = x + inline.x;
    const inlineFont = inline.font;
    if (inlineFont !== font || inline.fontSize !== fontSize) {
      closeArray();
      font = inlineFont;
      fontSize = inline.fontSize;
      if (document.page.fonts[font.id] == null) document.page.fonts[font.id] = font.ref();
      out += `/${font.id} ${num(fontSize)} Tf\n`;
    }
    if (Number.isNaN(pen)) {
      out += `1 0 0 -1 ${num(start)} ${baseline} Tm\n`;
      pen = start;
    } else {
      // The gap pdfmake leaves before this word (justified text), in TJ units: 1/1000 of the size.
      const gap = num(((pen - start) * 1000) / fontSize);
      if (gap !== 0) items += `${gap} `;
      pen = start;
    }
    const [glyphs, positions] = encode(font, text);
    const scale = fontSize / 1000;
    // pdfkit's `_fragment` glyph loop: hex runs, each followed by its kerning adjustment; a glyph
    // with an offset (a mark placed by GPOS) gets a text matrix of its own, and the next glyph one
    // back at the pen.
    let from = 0;
    let afterOffset = false;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      if (position.xOffset || position.yOffset) {
        if (from < i) items += run(glyphs, positions, from, i);
        closeArray();
        out += `1 0 0 -1 ${num(pen + position.xOffset * scale)} ${num(baseline - position.yOffset * scale)} Tm\n`;
        out += `[${run(glyphs, positions, i, i + 1)}] TJ\n`;
        from = i + 1;
        afterOffset = true;
      } else {
        if (afterOffset) {
          out += `1 0 0 -1 ${num(pen)} ${baseline} Tm\n`;
          afterOffset = false;
        }
        if (position.xAdvance !== position.advanceWidth) {
          items += run(glyphs, positions, from, i + 1);
          from = i + 1;
        }
      }
      pen += position.xAdvance * scale;
    }
    if (from < positions.length) items += run(glyphs, positions, from, positions.length);
    if (afterOffset) {
      out += `1 0 0 -1 ${num(pen)} ${baseline} Tm\n`;
    }
  }
  closeArray();
  return out && `BT\n${out}ET`;
}

/**
 * Glyphs `from`..`to` as hex, then the adjustment after the last one (pdfkit's format: the
 * advance the layout wants minus the glyph's own width, negated, in 1/1000 em), and a space.
 */
function run(glyphs: string[], positions: GlyphPosition[], from: number, to: number): string {
  const position = positions[to - 1]!;
  let hex = '<';
  for (let i = from; i < to; i++) hex += glyphs[i]!;
  const adjustment = num(-(position.xAdvance - position.advanceWidth));
  return adjustment === 0 ? `${hex}> ` : `${hex}> ${adjustment} `;
}
