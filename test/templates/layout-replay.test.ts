import { describe, expect, it } from 'vitest';
import { clearMeasuredBlocks, ENGINE_FONT_FAMILY, renderDocument, type EngineDocument } from '#templates/pdf-engine.ts';
import { readPdf } from '../support/pdf-reader.ts';

/**
 * The renderer replays the layout of a block met before at the same start (layout-replay.ts).
 * Whatever was laid out before, a document must come out byte for byte as when it is the first.
 */

type Content = EngineDocument['content'];

const document = (content: () => Content): EngineDocument => ({
  info: { Title: 'replay', CreationDate: new Date(0), ModDate: new Date(0) },
  pageSize: 'A4',
  pageMargins: [85, 57, 57, 57],
  defaultStyle: { font: ENGINE_FONT_FAMILY, fontSize: 13, lineHeight: 1.2 },
  header: (page: number) => (page > 1 ? { text: String(page), alignment: 'center', margin: [0, 20, 0, 0] } : null),
  content: content(),
});

const render = async (content: () => Content) => (await renderDocument(document(content))).pdf;

const paragraph = (n: number) => ({
  text: `Đoạn ${n}: Ban Thường vụ Tỉnh ủy đã ban hành kế hoạch, chỉ đạo tổ chức đại hội đảng bộ các cấp bảo đảm đúng nguyên tắc, tiến độ và chất lượng.`,
  alignment: 'justify' as const,
  margin: [0, 0, 0, 6] as [number, number, number, number],
});
const table = (rows: number) => ({
  table: {
    headerRows: 1,
    dontBreakRows: true,
    widths: [30, '*', 60],
    body: [
      [{ text: 'TT', bold: true }, { text: 'Đảng bộ', bold: true }, { text: 'Đại hội', bold: true }],
      ...Array.from({ length: rows }, (_, i) => [String(i + 1), `Đảng bộ xã số ${i + 1}`, i % 3 ? 'Chưa' : '12/5/2020']),
    ],
  },
  margin: [0, 6, 0, 6] as [number, number, number, number],
});
const closing = (id: string) => ({
  unbreakable: true,
  stack: [{ columns: [{ text: 'Nơi nhận:\n- Lưu VPTU.' }, { text: 'T/M BAN THƯỜNG VỤ', bold: true, alignment: 'center' as const }] }, { qr: `https://example.invalid/verify/${id}`, fit: 60 }],
});

/** The bytes of `content` with nothing kept from earlier documents. */
async function cold(content: () => Content): Promise<Buffer> {
  clearMeasuredBlocks();
  return render(content);
}

describe('laid-out blocks replayed across documents', () => {
  const variants: Record<string, () => Content> = {
    // With lines and rules pdfmake draws itself (underline, colour, dash).
    base: () => [
      paragraph(1),
      { text: [{ text: 'Nơi nhận:', decoration: 'underline' as const }, ' và ', { text: 'màu đỏ', color: '#c00000' }] },
      { canvas: [{ type: 'line' as const, x1: 0, y1: 0, x2: 200, y2: 0, dash: { length: 3 } }] },
      paragraph(2),
      table(8),
      paragraph(3),
      closing('a'),
    ],
    // The same blocks, each starting lower: none may be replayed from where it started before.
    shifted: () => [paragraph(0), paragraph(1), paragraph(2), table(8), paragraph(3), closing('b')],
    // A table over three pages, its header repeated, then blocks on the last page.
    long: () => [paragraph(1), table(70), paragraph(3), closing('c')],
    // Page breaks before and after.
    breaks: () => [paragraph(1), { ...paragraph(2), pageBreak: 'after' as const }, table(8), { ...paragraph(3), pageBreak: 'before' as const }, closing('d')],
    // Another QR at the end only.
    otherEnd: () => [paragraph(1), paragraph(2), table(8), paragraph(3), closing('e')],
  };

  it('give the same bytes in any order of documents', async () => {
    const expected = new Map<string, Buffer>();
    for (const [name, content] of Object.entries(variants)) expected.set(name, await cold(content));
    clearMeasuredBlocks();
    // A block's layout is kept the second time it is met and replayed from the third.
    for (const name of ['base', 'long', 'shifted', 'base', 'breaks', 'otherEnd', 'long', 'shifted', 'breaks', 'base', 'long', 'breaks', 'shifted', 'otherEnd']) {
      expect((await render(variants[name]!)).equals(expected.get(name)!), name).toBe(true);
    }
  });

  it('repeat the header rows and number the pages of a replayed table running over pages', async () => {
    clearMeasuredBlocks();
    for (let i = 0; i < 2; i++) await render(variants.long!);
    const pdf = await readPdf(await render(variants.long!));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pdf.pages.slice(1)) {
      expect(page.runs.some((r) => r.text.includes('Đảng bộ') && !r.text.includes('xã')), `header row on page ${page.number}`).toBe(true);
      expect(page.runs.some((r) => r.text === String(page.number)), `page number ${page.number}`).toBe(true);
    }
  });
});
