/**
 * A faster way to write pdfmake's plain text lines, used by pdf-engine.ts.
 *
 * pdfmake draws every word through pdfkit's general `text()` (options, wrapping state, a saved
 * and restored graphics state, a colour and opacity change, a stray `f` operator per word). Most
 * of a document's time went there. For a plain line (one colour, no link, decoration, background,
 * offset or font feature) this writes the same glyphs at the same positions with one saved state
 * per line and one text object per word, with pdfkit's own encoder and number format; any other
 * line goes through pdfmake unchanged.
 */

/** pdfkit's EmbeddedFont as far as this module uses it. */
type PdfFont = {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], GlyphPosition[]];
};
type GlyphPosition = { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number };

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
  getHeight(): number;
  getAscenderHeight(): number;
};

type Document = {
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
};

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
function num(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Writes `line` at (x, y) (pdfmake's top-left coordinates): the positions pdfmake computes,
 * the glyph runs pdfkit's `_fragment` would write, in one `q … Q` block.
 */
export function writePlainLine(document: Document, line: Line, x: number, y: number): void {
  const pageHeight = document.page.height;
  const lineHeight = line.getHeight();
  const descent = lineHeight - line.getAscenderHeight();
  // pdfkit's page is flipped (origin top-left); undo it for text, as `_fragment` does.
  const out: string[] = ['q', `1 0 0 -1 0 ${num(pageHeight)} cm`, '0 0 0 rg'];
  for (const inline of line.inlines) {
    const text = inline.text.replace(/\n/g, '');
    if (!text) continue;
    const { font, fontSize } = inline;
    if (document.page.fonts[font.id] == null) document.page.fonts[font.id] = font.ref();
    const ascent = (font.ascender / 1000) * fontSize;
    const top = y + lineHeight - ascent - descent;
    const originX = x + inline.x;
    const originY = pageHeight - top - ascent;
    out.push('BT', `1 0 0 1 ${num(originX)} ${num(originY)} Tm`, `/${font.id} ${num(fontSize)} Tf`);
    writeGlyphs(out, font.encode(text), originX, originY, fontSize / 1000);
    out.push('ET');
  }
  out.push('Q');
  document.addContent(out.join('\n'));
}

/**
 * pdfkit's `_fragment` glyph loop: TJ runs with kerning adjustments, a new Tm around offset marks.
 * Written without inner closures: it runs once per word.
 */
function writeGlyphs(out: string[], [encoded, positions]: [string[], GlyphPosition[]], x0: number, y: number, scale: number): void {
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  let x = x0;
  const count = positions.length;
  for (let i = 0; i < count; i++) {
    const position = positions[i]!;
    if (position.xOffset || position.yOffset) {
      if (last < i) commands.push(segment(encoded, positions, last, i));
      if (commands.length) out.push(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
      out.push(`1 0 0 1 ${num(x + position.xOffset * scale)} ${num(y + position.yOffset * scale)} Tm`);
      out.push(`[${segment(encoded, positions, i, i + 1)}] TJ`);
      last = i + 1;
      hadOffset = true;
    } else {
      if (hadOffset) {
        out.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
        hadOffset = false;
      }
      if (position.xAdvance - position.advanceWidth !== 0) {
        commands.push(segment(encoded, positions, last, i + 1));
        last = i + 1;
      }
    }
    x += position.xAdvance * scale;
  }
  if (last < count) commands.push(segment(encoded, positions, last, count));
  if (commands.length) out.push(`[${commands.join(' ')}] TJ`);
}

/** Glyphs `from`..`to` as hex, with the adjustment after the last one (pdfkit's format). */
function segment(encoded: string[], positions: GlyphPosition[], from: number, to: number): string {
  const position = positions[to - 1]!;
  return `<${encoded.slice(from, to).join('')}> ${num(-(position.xAdvance - position.advanceWidth))}`;
}
