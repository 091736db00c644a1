import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { describe, expect, it } from 'vitest';
import { fontPaths } from '#templates/fonts.ts';
import { letterDocument } from '#templates/letter.ts';
import { ENGINE_FONT_FAMILY, measureText, renderDocument, type EngineDocument } from '#templates/pdf-engine.ts';
import { proposalDocument } from '#templates/proposal.ts';
import { documentInfo } from '#templates/render.ts';
import { reportDocument } from '#templates/report.ts';
import { readPdf, type ReadPdf } from '../support/pdf-reader.ts';
import { exampleInput } from './fixtures.ts';

/**
 * pdf-engine.ts replaces parts of pdfmake on its hot path (shared faces, style lookups, measuring
 * words per run, writing plain lines). Each shortcut must change the speed only: the same
 * definition rendered by stock pdfmake (`createPdf`, fonts by path) must put the same text at the
 * same places on the same pages.
 */

async function stockPdfmake(definition: EngineDocument): Promise<Buffer> {
  const paths = fontPaths();
  pdfmake.setFonts({ [ENGINE_FONT_FAMILY]: paths });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => true);
  return pdfmake.createPdf(definition as TDocumentDefinitions).getBuffer();
}

/** Every text run of every page: text, left edge, baseline and size, rounded to 0.01 pt. */
function layout(pdf: ReadPdf) {
  const r = (n: number) => Math.round(n * 100) / 100;
  return pdf.pages.map((page) => page.runs.map((run) => `${run.text} @${r(run.x)},${r(run.baseline)} ${r(run.fontSize)}pt`));
}

/** `define` is called once per renderer: pdfmake writes its layout state into the definition. */
async function expectSameLayout(define: () => EngineDocument): Promise<void> {
  const ours = await readPdf((await renderDocument(define())).pdf);
  const stock = await readPdf(await stockPdfmake(define()));
  expect(ours.pages.length).toBe(stock.pages.length);
  expect(layout(ours)).toEqual(layout(stock));
}

/** Inline runs with their own styles, named styles with `extends`, sizes, spacing, indents. */
const STYLE_TORTURE: EngineDocument = {
  info: { Title: 'style torture', CreationDate: new Date(0), ModDate: new Date(0) },
  pageSize: 'A4',
  pageMargins: [85, 57, 57, 57],
  defaultStyle: { font: ENGINE_FONT_FAMILY, fontSize: 13, lineHeight: 1.2 },
  styles: {
    base: { fontSize: 12, italics: true },
    heading: { extends: 'base', bold: true, alignment: 'center' },
    loose: { characterSpacing: 0.6 },
  },
  content: [
    { text: 'ĐẢNG CỘNG SẢN VIỆT NAM', style: 'heading' },
    {
      text: [
        'Căn cứ Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị, ',
        { text: 'Ban Thường vụ Tỉnh ủy', bold: true },
        ' báo cáo kết quả ',
        { text: 'đại hội chi bộ', italics: true, fontSize: 14 },
        { text: ' trực thuộc', style: 'loose' },
        ' với ',
        { text: '98,3', bold: true, italics: true },
        '% số phiếu, ',
        { text: 'x', sup: true },
        { text: '2', sub: true },
        ' và các nội dung khác của nhiệm kỳ 2020-2025.',
      ],
      alignment: 'justify',
      leadingIndent: 28,
    },
    { text: 'Một dòng màu', color: '#c00000', decoration: 'underline' },
    { text: '   khoảng trắng đầu và cuối   ', preserveLeadingSpaces: true, preserveTrailingSpaces: true },
    { text: 'Không xuống dòng: Đảng bộ huyện Vân Đồn, Cô Tô, Ba Chẽ, Bình Liêu', noWrap: true, fontSize: 11 },
    {
      table: {
        widths: ['*', 60],
        body: [
          [{ text: 'Đơn vị', bold: true }, { text: 'Tỷ lệ', bold: true, alignment: 'right' }],
          ['Đảng bộ thành phố Hạ Long', { text: '100%', alignment: 'right' }],
        ],
      },
    },
  ],
};

describe('pdf-engine: the same layout as stock pdfmake', () => {
  for (const [kind, build] of [
    ['report', reportDocument],
    ['proposal', proposalDocument],
    ['letter', letterDocument],
  ] as const) {
    it(`the ${kind}`, async () => {
      const input = exampleInput(kind);
      await expectSameLayout(() => ({ ...build(input, measureText), info: documentInfo(input) }));
    });
  }

  it('a definition that uses every style feature a run can have', async () => {
    await expectSameLayout(() => structuredClone(STYLE_TORTURE));
  });
});
