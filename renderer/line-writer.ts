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
 *
 * The operators go straight into the document's ContentBytes as ASCII: no string per operator,
 * number or glyph run (they made most of what a page allocated), the same bytes pdfkit would
 * have made of the strings.
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
  // Indexed loops here and below: `for…of` left an array iterator per line in heap profiles.
  const inlines = line.inlines;
  for (let n = 0; n < inlines.length; n++) {
    const inline = inlines[n]!;
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

/**
 * A number as pdfkit writes it in content streams (rounded to 1e-6), in millionths (an
 * integer), for ContentBytes#rounded. Small enough to be inlined where
 * it is called: passing `n` itself to a method that is not would box it (a heap number per call).
 */
export function micros(n: number): number {
  return Math.round(n * 1e6);
}

/** ASCII codes the writers put into a ContentBytes (page-writer.ts too). */
export const SPACE = 32;
const SLASH = 0x2f;
const OPEN_ARRAY = 0x5b;
const OPEN_HEX = 0x3c;
const MINUS = 45;
const DOT = 46;
export const ZERO = 48;

/**
 * A content stream being written, as the bytes pdfkit would make of its strings (one byte per
 * character: 'binary'). One per document, reused page after page: `take` copies a page's bytes
 * out and starts again at the beginning.
 */
export class ContentBytes {
  private bytes = Buffer.allocUnsafeSlow(1 << 16);
  length = 0;

  /** The bytes written since the last `take`, in a Buffer of their own. */
  take(): Buffer {
    const page = Buffer.allocUnsafe(this.length);
    this.bytes.copy(page, 0, 0, this.length);
    this.length = 0;
    return page;
  }

  byte(code: number): void {
    this.reserve(1);
    this.bytes[this.length++] = code;
  }

  /** `text`'s characters, one byte each (their low byte, as Buffer's 'binary' takes them). */
  ascii(text: string): void {
    this.reserve(text.length);
    if (text.length > 64) {
      this.length += this.bytes.write(text, this.length, 'latin1');
      return;
    }
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /**
   * `String(micros / 1e6)` for an integer `micros` (a number rounded to 1e-6, in millionths): the
   * digits of micros with a point before the last six, trailing zeros dropped. Below 1e9 a double's
   * ulp is under 1e-6, so no other decimal as short reads back as the same double (it would be
   * another multiple of 1e-6 within half an ulp of it) and this is what JavaScript prints; larger
   * numbers and NaN or Infinity are printed by JavaScript.
   */
  rounded(micros: number): void {
    if (!(micros > -1e15 && micros < 1e15)) {
      this.ascii(String(micros / 1e6));
      return;
    }
    this.reserve(17);
    const bytes = this.bytes;
    let at = this.length;
    if (micros < 0) {
      bytes[at++] = MINUS;
      micros = -micros;
    }
    const fraction = micros % 1e6;
    at = writeDigits(bytes, at, (micros - fraction) / 1e6);
    if (fraction !== 0) {
      bytes[at++] = DOT;
      let digits = fraction;
      let places = 6;
      while (digits % 10 === 0) {
        digits /= 10;
        places--;
      }
      for (let i = places - 1; i >= 0; i--) {
        bytes[at + i] = ZERO + (digits % 10);
        digits = Math.floor(digits / 10);
      }
      at += places;
    }
    this.length = at;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.length + count));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** The decimal digits of a non-negative integer below 1e9 at `at`; returns the end. */
function writeDigits(bytes: Buffer, at: number, integer: number): number {
  let width = 1;
  for (let power = 10; power <= integer; power *= 10) width++;
  for (let i = width - 1; i >= 0; i--) {
    bytes[at + i] = ZERO + (integer % 10);
    integer = Math.floor(integer / 10);
  }
  return at + width;
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

/** What pdfmake shows of an inline: its text without line feeds. */
function shownText(inline: Inline): string {
  const text = inline.text;
  return text.includes('\n') ? text.replace(/\n/g, '') : text;
}

/**
 * Adds the fonts `line` shows text in to the page's resources, in the order writePlainLine would
 * meet them (a font's first `ref()` numbers its object, so it must come before anything the
 * caller then asks pdfkit for); false when the line shows nothing.
 */
export function addLineFonts(document: Document, line: Line): boolean {
  let shows = false;
  const inlines = line.inlines;
  for (let n = 0; n < inlines.length; n++) {
    const inline = inlines[n]!;
    const text = inline.text;
    if (text.length === 0 || (text.includes('\n') && shownText(inline).length === 0)) continue;
    shows = true;
    const font = inline.font;
    if (document.page.fonts[font.id] == null) document.page.fonts[font.id] = font.ref();
  }
  return shows;
}

/**
 * Writes the text object of `line` at (x, y) (pdfmake's top-left coordinates, the page's flipped
 * user space), for a line addLineFonts said shows text, followed by a newline. The fill colour
 * (black) is the caller's to set.
 *
 * Every inline of a plain line shares one baseline: pdfmake shifts each to `lineHeight − its
 * ascent − descent` and pdfkit adds its ascent back, which leaves `y + the line's ascender
 * height`. The text matrix `1 0 0 -1 x baseline` flips the glyphs upright in the flipped page, as
 * pdfkit's own `q 1 0 0 -1 0 H cm … Q` around each word does.
 */
export function writePlainLine(line: Line, x: number, y: number, out: ContentBytes): void {
  const baselineMicros = micros(y + line.getAscenderHeight());
  const baseline = baselineMicros / 1e6;
  out.ascii('BT\n');
  let font: PdfFont | undefined;
  let fontSize = 0;
  /** Where the viewer's text position is now (points), after the glyphs written so far. */
  let pen = NaN;
  /** Whether a TJ array is open (its items end with a space). */
  let inArray = false;
  const inlines = line.inlines;
  for (let n = 0; n < inlines.length; n++) {
    const inline = inlines[n]!;
    const text = shownText(inline);
    if (!text) continue;
    const start = x + inline.x;
    if (inline.font !== font || inline.fontSize !== fontSize) {
      inArray = closeArray(out, inArray);
      font = inline.font;
      fontSize = inline.fontSize;
      out.byte(SLASH);
      out.ascii(font.id);
      out.byte(SPACE);
      out.rounded(micros(fontSize));
      out.ascii(' Tf\n');
    }
    if (Number.isNaN(pen)) {
      writeMatrix(out, micros(start), baselineMicros);
    } else {
      // The gap pdfmake leaves before this word (justified text), in TJ units: 1/1000 of the size.
      const gap = micros(((pen - start) * 1000) / fontSize);
      if (gap !== 0) {
        inArray = openArray(out, inArray);
        out.rounded(gap);
        out.byte(SPACE);
      }
    }
    pen = start;
    const encoded = encode(font!, text);
    const glyphs = encoded[0];
    const positions = encoded[1];
    const scale = fontSize / 1000;
    // pdfkit's `_fragment` glyph loop: hex runs, each followed by its kerning adjustment; a glyph
    // with an offset (a mark placed by GPOS) gets a text matrix of its own, and the next glyph one
    // back at the pen.
    let from = 0;
    let afterOffset = false;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      if (position.xOffset || position.yOffset) {
        if (from < i) {
          inArray = openArray(out, inArray);
          writeRun(out, glyphs, positions, from, i);
        }
        inArray = closeArray(out, inArray);
        writeMatrix(out, micros(pen + position.xOffset * scale), micros(baseline - position.yOffset * scale));
        out.byte(OPEN_ARRAY);
        writeRun(out, glyphs, positions, i, i + 1);
        out.ascii('] TJ\n');
        from = i + 1;
        afterOffset = true;
      } else {
        if (afterOffset) {
          writeMatrix(out, micros(pen), baselineMicros);
          afterOffset = false;
        }
        if (position.xAdvance !== position.advanceWidth) {
          inArray = openArray(out, inArray);
          writeRun(out, glyphs, positions, from, i + 1);
          from = i + 1;
        }
      }
      pen += position.xAdvance * scale;
    }
    if (from < positions.length) {
      inArray = openArray(out, inArray);
      writeRun(out, glyphs, positions, from, positions.length);
    }
    if (afterOffset) writeMatrix(out, micros(pen), baselineMicros);
  }
  closeArray(out, inArray);
  out.ascii('ET\n');
}

/** `1 0 0 -1 x y Tm` (x and y in millionths of a point, already rounded). */
function writeMatrix(out: ContentBytes, xMicros: number, yMicros: number): void {
  out.ascii('1 0 0 -1 ');
  out.rounded(xMicros);
  out.byte(SPACE);
  out.rounded(yMicros);
  out.ascii(' Tm\n');
}

/** Opens a TJ array unless one is; returns that one is open. */
function openArray(out: ContentBytes, inArray: boolean): true {
  if (!inArray) out.byte(OPEN_ARRAY);
  return true;
}

/** Ends the open TJ array, if any; returns that none is open. */
function closeArray(out: ContentBytes, inArray: boolean): false {
  if (inArray) out.ascii('] TJ\n');
  return false;
}

/**
 * Glyphs `from`..`to` as hex, then the adjustment after the last one (pdfkit's format: the
 * advance the layout wants minus the glyph's own width, negated, in 1/1000 em), and a space.
 */
function writeRun(out: ContentBytes, glyphs: string[], positions: GlyphPosition[], from: number, to: number): void {
  out.byte(OPEN_HEX);
  for (let i = from; i < to; i++) out.ascii(glyphs[i]!);
  out.ascii('> ');
  const position = positions[to - 1]!;
  const adjustment = micros(-(position.xAdvance - position.advanceWidth));
  if (adjustment !== 0) {
    out.rounded(adjustment);
    out.byte(SPACE);
  }
}
