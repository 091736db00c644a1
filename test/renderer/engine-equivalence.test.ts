import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { describe, expect, it } from 'vitest';
import { fontPaths } from '#renderer/fonts.ts';
import { letterDocument } from '#templates/letter.ts';
import { ENGINE_FONT_FAMILY, measureText, renderDocument, type EngineDocument } from '#renderer/render-document.ts';
import { proposalDocument } from '#templates/proposal.ts';
import { documentInfo } from '#templates/render.ts';
import { reportDocument } from '#templates/report.ts';
import { readPdf, type ReadPdf } from '../support/pdf-reader.ts';
import { exampleInput } from '../templates/fixtures.ts';

/**
 * The renderer (renderer/) replaces parts of pdfmake on its hot path (shared faces, style lookups, measuring
 * words per run, writing plain lines and vectors). Each shortcut must change the speed only: the
 * same definition rendered by stock pdfmake (`createPdf`, fonts by path) must put the same text at
 * the same places, and paint the same rules and rectangles, on the same pages.
 */

async function stockPdfmake(definition: EngineDocument): Promise<Buffer> {
  const paths = fontPaths();
  pdfmake.setFonts({ [ENGINE_FONT_FAMILY]: paths });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => true);
  return pdfmake.createPdf(definition as TDocumentDefinitions).getBuffer();
}

/**
 * Every text run of every page (text, left edge, baseline, width and size, to 0.01 pt: a word
 * out of place changes its run's width) and every painted path.
 */
function layout(pdf: ReadPdf) {
  const r = (n: number) => Math.round(n * 100) / 100;
  return pdf.pages.map((page) => ({
    text: page.runs.map((run) => `${run.text} @${r(run.x)},${r(run.baseline)} w${r(run.width)} ${r(run.fontSize)}pt`),
    drawings: page.drawings,
  }));
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
    // Half-transparent text, then rules that must be opaque again.
    { text: 'Nửa trong suốt', opacity: 0.5 },
    {
      canvas: [
        { type: 'line', x1: 0, y1: 0, x2: 200, y2: 0, lineWidth: 0.5 },
        { type: 'line', x1: 0, y1: 5, x2: 200, y2: 5, lineWidth: 2, lineColor: '#c00000', lineCap: 'round' },
        { type: 'line', x1: 0, y1: 10, x2: 200, y2: 10, dash: { length: 4 } },
        { type: 'line', x1: 0, y1: 12, x2: 200, y2: 12, lineJoin: 'bevel' },
        { type: 'rect', x: 0, y: 15, w: 40, h: 10, color: '#00aa00' },
        { type: 'rect', x: 40, y: 15, w: 40, h: 10, color: '#00aa00' },
        { type: 'rect', x: 90, y: 15, w: 40, h: 10, color: '#eeeeee', lineColor: 'blue' },
        { type: 'rect', x: 140, y: 15, w: 40, h: 10, r: 3, lineColor: 'black' },
        { type: 'rect', x: 190, y: 15, w: 40, h: 10, color: 'black', fillOpacity: 0.5 },
        { type: 'rect', x: 240, y: 15, w: 40, h: 10, color: 'not a colour' },
        { type: 'ellipse', x: 300, y: 20, r1: 10, r2: 5, color: 'red' },
        { type: 'polyline', points: [{ x: 320, y: 15 }, { x: 340, y: 25 }, { x: 360, y: 15 }], lineColor: 'green' },
      ],
    },
    { qr: 'https://example.invalid/verify/0a1b2c', fit: 80 },
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

describe('the renderer: the same layout as stock pdfmake', () => {
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
