import { describe, expect, it } from 'vitest';
import type { PdfFont } from '#renderer/line-writer.ts';
import { PageWriter } from '#renderer/page-writer.ts';
import type { PageDocument } from '#renderer/pdf-internals.ts';

/**
 * renderer/page-writer.ts writes a page's plain drawing with only the graphics state that
 * changes. The content stream below is what the writer wrote when it still gathered strings
 * (pdfkit adding a newline to each string it was given); it must not change by a byte.
 */

/** pdfkit's document as far as the page writer uses it: content, colours, opacity, resources. */
function fakeDocument() {
  const chunks: string[] = [];
  const objects: string[] = [];
  const document = {
    page: { fonts: {} as Record<string, unknown> },
    pageSink: undefined as PageDocument['pageSink'],
    // pdfkit's PDFReference#write: a string gets a newline, bytes are taken as they are.
    writeContent(data: string | Uint8Array) {
      chunks.push(typeof data === 'string' ? `${data}\n` : Buffer.from(data).toString('latin1'));
    },
    addContent(data: string | Uint8Array) {
      if (document.pageSink) document.pageSink.content(data);
      else document.writeContent(data);
    },
    _normalizeColor(color: string): number[] | null {
      const named: Record<string, number[]> = { black: [0, 0, 0], blue: [0, 0, 1] };
      if (named[color]) return named[color]!;
      const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
      return hex ? hex.slice(1).map((h) => Math.round((parseInt(h, 16) / 255) * 1000) / 1000) : null;
    },
    _doOpacity(fill: number | null, stroke: number | null) {
      objects.push(`Gs ${fill} ${stroke}`);
      document.addContent(`/Gs${objects.length} gs`);
    },
  };
  return { document, chunks, objects };
}

function fakeFont(id: string, objects: string[]): PdfFont {
  let dictionary: string | undefined;
  return {
    id,
    ascender: 1069,
    ref: () => (dictionary ??= (objects.push(id), id)),
    encode: (text: string) => [
      [...text].map((c) => `000${(c.codePointAt(0)! % 16).toString(16)}`),
      [...text].map((c) => ({ xAdvance: c === 'k' ? 480.5 : 500, advanceWidth: 500, xOffset: 0, yOffset: 0 })),
    ],
  };
}

function textLine(font: PdfFont, words: [string, number][], extra: Record<string, unknown> = {}) {
  return { inlines: words.map(([text, x]) => ({ text, x, font, fontSize: 13, ...extra })), getAscenderHeight: () => 13.897 };
}

describe('PageWriter', () => {
  it('writes a page of rules, QR modules, lines and pdfkit drawing with the state that changes', () => {
    const { document, chunks, objects } = fakeDocument();
    const font = fakeFont('F1', objects);
    const writer = new PageWriter(document as unknown as PageDocument);
    const drawn: boolean[] = [];
    const vector = (v: Record<string, unknown>) => drawn.push(writer.vector(v));
    const line = (l: unknown, x: number, y: number) => drawn.push(writer.line(l, x, y));

    writer.beforePage();
    document.addContent('1 0 0 -1 0 841.889764 cm');
    writer.afterPage();
    // A QR code: modules of one colour join one path; another colour starts another.
    vector({ type: 'rect', x: 10, y: 20, w: 2.5, h: 2.5, color: 'black' });
    vector({ type: 'rect', x: 12.5, y: 20, w: 2.5, h: 2.5, color: '#000000' });
    vector({ type: 'rect', x: 15.0000004, y: 22.1234567, w: 1 / 3, h: 2.5, color: '#cc0000' });
    // Rules: stroke only, in the page's width and then others.
    vector({ type: 'line', x1: 85.03937007874016, y1: 100, x2: 538.5826771653543, y2: 100 });
    vector({ type: 'line', x1: 0, y1: 105, x2: 200, y2: 105, lineWidth: 0.5, lineCap: 'round', lineJoin: 'bevel' });
    vector({ type: 'rect', x: 90, y: 15, w: 40, h: 10, color: '#eeeeee', lineColor: 'blue' });
    vector({ type: 'line', x1: 0, y1: 110, x2: 200, y2: 110, color: 'black' });
    // Text: black fill again, the font added to the page's resources.
    line(
      textLine(font, [
        ['Ban ', 0],
        ['kết ', 30.25],
        ['quả\n', 61.123456789],
      ]),
      85.03937007874016,
      120.5,
    );
    line(textLine(font, [['\n', 0]]), 85, 140);
    // What pdfmake draws itself: the state is then unknown.
    line(textLine(font, [['đỏ', 0]], { color: 'red' }), 85, 160);
    document.addContent('q 1 0 0 rg 0.5 ca Q');
    vector({ type: 'line', x1: 0, y1: 170, x2: 100, y2: 170 });
    vector({ type: 'rect', x: 1, y: 2, w: 3, h: 4, color: 'black' });
    line(textLine(font, [['Đảng', 0]]), 85, 180);
    // Not plain: pdfmake draws these.
    vector({ type: 'line', x1: 0, y1: 0, x2: 1, y2: 1, dash: { length: 4 } });
    vector({ type: 'rect', x: 0, y: 0, w: 1, h: 1, r: 3, lineColor: 'black' });
    vector({ type: 'rect', x: 0, y: 0, w: 1, h: 1, color: 'black', fillOpacity: 0.5 });
    vector({ type: 'rect', x: 0, y: 0, w: 1, h: 1, color: 'not a colour' });
    vector({ type: 'ellipse', x: 0, y: 0, r1: 1, r2: 1, color: 'black' });
    // Bytes from pdfkit end what is gathered, in order.
    vector({ type: 'rect', x: 5, y: 6, w: 7, h: 8, color: 'blue' });
    document.addContent(Buffer.from('BI binary EI\n', 'latin1'));
    vector({ type: 'line', x1: 0, y1: 1, x2: 2, y2: 3, lineWidth: 2 });
    writer.finish();
    document.addContent('after finish');

    expect(drawn).toEqual([true, true, true, true, true, true, true, true, true, false, true, true, true, false, false, false, false, false, true, true]);
    expect(objects).toEqual(['F1', 'Gs null 1', 'Gs 1 null', 'Gs null 1']);
    expect(document.page.fonts).toEqual({ F1: 'F1' });
    expect(chunks).toEqual([
      [
        '1 0 0 -1 0 841.889764 cm',
        '10 20 2.5 2.5 re',
        '12.5 20 2.5 2.5 re',
        'f',
        '0.8 0 0 rg',
        '15 22.123457 0.333333 2.5 re',
        'f',
        '85.03937 100 m',
        '538.582677 100 l',
        'S',
        '0.5 w',
        '2 j',
        '1 J',
        '0 105 m',
        '200 105 l',
        'S',
        '1 w',
        '0 j',
        '0 J',
        '0.933 0.933 0.933 rg',
        '0 0 1 RG',
        '90 15 40 10 re',
        'B',
        '0 0 0 rg',
        '0 110 m',
        '200 110 l',
        'f',
        'BT',
        '/F1 13 Tf',
        '1 0 0 -1 85.03937 134.397 Tm',
        '[<00020001000e0000> -326.923077 <000b> 19.5 <000f00040000> -394.381291 <000100050003> ] TJ',
        'ET',
        'q 1 0 0 rg 0.5 ca Q',
        '1 w',
        '[] 0 d',
        '0 j',
        '0 J',
        '/Gs2 gs',
        '0 0 0 RG',
        '0 170 m',
        '100 170 l',
        'S',
        '/Gs3 gs',
        '0 0 0 rg',
        '1 2 3 4 re',
        'f',
        'BT',
        '/F1 13 Tf',
        '1 0 0 -1 85 193.897 Tm',
        '[<00000003000e0007> ] TJ',
        'ET',
        '0 0 1 rg',
        '5 6 7 8 re',
        'f',
        '',
      ].join('\n'),
      'BI binary EI\n',
      ['2 w', '[] 0 d', '0 j', '0 J', '/Gs4 gs', '0 0 0 RG', '0 1 m', '2 3 l', 'S', ''].join('\n'),
      'after finish\n',
    ]);
  });
});
