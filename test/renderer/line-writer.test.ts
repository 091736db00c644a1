import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLineFonts, ContentBytes, micros, writePlainLine, type PdfFont } from '#renderer/line-writer.ts';

/** pdfkit's number format in content streams (what the string-building writer printed). */
const num = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * renderer/line-writer.ts writes a plain line's operators as bytes, without the strings pdfkit
 * would have been given. The reference here is the string-building writer it replaced (numbers
 * by `String(num(n))`), which wrote the glyphs where pdfkit does: the bytes must be the same.
 */

function bytesOf(write: (out: ContentBytes) => void): string {
  const out = new ContentBytes();
  write(out);
  return out.take().toString('latin1');
}

describe('ContentBytes#rounded(micros(n)): String(num(n))', () => {
  const expectSame = (n: number): void => {
    expect(bytesOf((out) => out.rounded(micros(n)))).toBe(String(num(n)));
  };

  it('at the edges', () => {
    const edges = [
      0, -0, 1, -1, 0.5, -0.5, 1e-6, -1e-6, 4.9e-7, 5e-7, 5.1e-7, -5e-7, 1e-7, 1.5e-6, 2.5e-6, 0.1, 0.2, 0.3, 0.7, 1 / 3, 2 / 3,
      10, 100, 1000, 1e6, 123456.789, 841.8897637795275, 595.2755905511812, 85.03937007874016, 999999999.999999, 999999999.9999995,
      1e9, -1e9, 1e9 - 1e-6, 1e12, 1e15, 1e20, 1e21, 1e22, -1e21, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity,
    ];
    for (const n of edges) expectSame(n);
  });

  it('for any double', () => {
    fc.assert(fc.property(fc.double(), expectSame), { numRuns: 20_000 });
  });

  it('for numbers as a page has them (points, TJ units, sizes)', () => {
    const magnitude = fc.integer({ min: -9, max: 12 }).map((e) => 10 ** e);
    fc.assert(fc.property(fc.double({ min: -1, max: 1, noNaN: true }), magnitude, (f, m) => {
        expectSame(f * m);
      }), { numRuns: 50_000 });
  });

  it('for every multiple of 1e-6 near a half and its neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 999_999 }), (i, micros) => {
        const n = i + micros / 1e6;
        for (const m of [n, n + 5e-7, n - 5e-7, n + 4.99e-7, n * (1 + Number.EPSILON), n * (1 - Number.EPSILON)]) expectSame(m);
      }),
      { numRuns: 20_000 },
    );
  });
});

// ---- the reference: the string-building writer ------------------------------------------------

type GlyphPosition = { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number };
type Inline = { text: string; x: number; font: PdfFont; fontSize: number };
type Line = { inlines: Inline[]; getAscenderHeight(): number };
type Document = { page: { fonts: Record<string, unknown> } };

function referencePlainLine(document: Document, line: Line, x: number, y: number): string {
  const baseline = num(y + line.getAscenderHeight());
  let out = '';
  let font: PdfFont | undefined;
  let fontSize = 0;
  let pen = NaN;
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
      const gap = num(((pen - start) * 1000) / fontSize);
      if (gap !== 0) items += `${gap} `;
      pen = start;
    }
    const [glyphs, positions] = font.encode(text);
    const scale = fontSize / 1000;
    let from = 0;
    let afterOffset = false;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      if (position.xOffset || position.yOffset) {
        if (from < i) items += referenceRun(glyphs, positions, from, i);
        closeArray();
        out += `1 0 0 -1 ${num(pen + position.xOffset * scale)} ${num(baseline - position.yOffset * scale)} Tm\n`;
        out += `[${referenceRun(glyphs, positions, i, i + 1)}] TJ\n`;
        from = i + 1;
        afterOffset = true;
      } else {
        if (afterOffset) {
          out += `1 0 0 -1 ${num(pen)} ${baseline} Tm\n`;
          afterOffset = false;
        }
        if (position.xAdvance !== position.advanceWidth) {
          items += referenceRun(glyphs, positions, from, i + 1);
          from = i + 1;
        }
      }
      pen += position.xAdvance * scale;
    }
    if (from < positions.length) items += referenceRun(glyphs, positions, from, positions.length);
    if (afterOffset) out += `1 0 0 -1 ${num(pen)} ${baseline} Tm\n`;
  }
  closeArray();
  return out && `BT\n${out}ET`;
}

function referenceRun(glyphs: string[], positions: GlyphPosition[], from: number, to: number): string {
  const position = positions[to - 1]!;
  let hex = '<';
  for (let i = from; i < to; i++) hex += glyphs[i]!;
  const adjustment = num(-(position.xAdvance - position.advanceWidth));
  return adjustment === 0 ? `${hex}> ` : `${hex}> ${adjustment} `;
}

// ---- fake fonts and lines ----------------------------------------------------------------------

/**
 * A font whose glyphs follow from the characters: 'k' is kerned, 'm' a mark with an offset (as
 * GPOS places one), 'w' a wide glyph with a fractional advance; every `ref()` numbers an object
 * in `refs`, the order the writer asked for them.
 */
function fakeFont(id: string, refs: string[]): PdfFont {
  let dictionary: string | undefined;
  return {
    id,
    ascender: 1069,
    ref: () => (dictionary ??= (refs.push(id), `${id} ${refs.length} 0 R`)),
    encode(text: string): [string[], GlyphPosition[]] {
      const glyphs: string[] = [];
      const positions: GlyphPosition[] = [];
      for (const c of text) {
        const code = c.codePointAt(0)!;
        glyphs.push(`0000${(code * 7 + id.length).toString(16)}`.slice(-4));
        const width = 400 + (code % 37) * 13.25;
        if (c === 'm') positions.push({ xAdvance: 0, advanceWidth: width, xOffset: -width / 3, yOffset: 212.5 });
        else if (c === 'k') positions.push({ xAdvance: width - 37.1, advanceWidth: width, xOffset: 0, yOffset: 0 });
        else if (c === 'w') positions.push({ xAdvance: width + 1 / 3, advanceWidth: width + 1 / 3, xOffset: 0, yOffset: 0 });
        else positions.push({ xAdvance: width, advanceWidth: width, xOffset: 0, yOffset: 0 });
      }
      return [glyphs, positions];
    },
  };
}

type LineSpec = { x: number; y: number; ascender: number; inlines: { text: string; font: number; size: number; dx: number }[] };

const lineSpec: fc.Arbitrary<LineSpec> = fc.record({
  x: fc.double({ min: 0, max: 600, noNaN: true }),
  y: fc.double({ min: 0, max: 850, noNaN: true }),
  ascender: fc.double({ min: 0, max: 30, noNaN: true }),
  inlines: fc.array(
    fc.record({
      text: fc.string({ unit: fc.constantFrom('a', 'b', 'k', 'm', 'w', ' ', '\n', 'ạ', 'Đ', 'ế'), maxLength: 8 }),
      font: fc.integer({ min: 0, max: 2 }),
      size: fc.constantFrom(10, 11, 12.5, 13, 14, 1 / 3),
      dx: fc.oneof(fc.constant(0), fc.double({ min: -5, max: 80, noNaN: true })),
    }),
    { maxLength: 12 },
  ),
});

/** The spec's line with three fresh fonts (a fresh document), the inlines at increasing x. */
function buildLine(spec: LineSpec): { line: Line; document: Document; refs: string[] } {
  const refs: string[] = [];
  const fonts = ['F1', 'F2', 'F3'].map((id) => fakeFont(id, refs));
  let at = 0;
  const inlines = spec.inlines.map((inline) => ({ text: inline.text, font: fonts[inline.font]!, fontSize: inline.size, x: (at += inline.dx) }));
  return { line: { inlines, getAscenderHeight: () => spec.ascender }, document: { page: { fonts: {} } }, refs };
}

describe('writePlainLine: the bytes of the string-building writer', () => {
  it('for lines with kerning, marks, justification gaps, line feeds and font changes', () => {
    fc.assert(
      fc.property(lineSpec, (spec) => {
        const expected = buildLine(spec);
        const reference = referencePlainLine(expected.document, expected.line, spec.x, spec.y);
        const actual = buildLine(spec);
        const shows = addLineFonts(actual.document, actual.line);
        const written = shows ? bytesOf((out) => writePlainLine(actual.line, spec.x, spec.y, out)) : '';
        // The reference has no newline after ET: the page writer's join added it.
        expect(written).toBe(reference && `${reference}\n`);
        expect(shows).toBe(reference !== '');
        // The same fonts in the page's resources, their objects numbered in the same order.
        expect(actual.refs).toEqual(expected.refs);
        expect(actual.document.page.fonts).toEqual(expected.document.page.fonts);
      }),
      { numRuns: 3_000 },
    );
  });

  it('line after line into one buffer, as a page is written', () => {
    const specs = fc.sample(lineSpec, { numRuns: 200, seed: 13 });
    const out = new ContentBytes();
    let reference = '';
    for (const spec of specs) {
      const { line, document } = buildLine(spec);
      const text = referencePlainLine(document, line, spec.x, spec.y);
      if (text) reference += `${text}\n`;
      const again = buildLine(spec);
      if (addLineFonts(again.document, again.line)) writePlainLine(again.line, spec.x, spec.y, out);
    }
    expect(out.take().toString('latin1')).toBe(reference);
    expect(out.take().length).toBe(0);
  });
});

describe('ContentBytes', () => {
  it('grows past its first buffer and gives each take its own bytes', () => {
    const out = new ContentBytes();
    const long = 'q 1 0 0 -1 0 841.889764 cm '.repeat(5000);
    out.ascii(long);
    out.ascii('short');
    const first = out.take();
    out.ascii('next');
    expect(first.toString('latin1')).toBe(`${long}short`);
    expect(out.take().toString('latin1')).toBe('next');
  });

  it('writes a character as its low byte, as Buffer.from(text, "binary")', () => {
    const text = 'ĐạếǅÿĀ\u0100\uffff';
    for (const piece of [text, text.repeat(20)]) expect(bytesOf((out) => out.ascii(piece))).toBe(Buffer.from(piece, 'binary').toString('latin1'));
  });
});
