import { describe, expect, it } from 'vitest';
import { clearMeasuredBlocks, ENGINE_FONT_FAMILY, keptBlocks, renderDocument, type EngineDocument } from '#templates/pdf-engine.ts';
import { renderPdf } from '#templates/render.ts';
import { readPdf } from '../support/pdf-reader.ts';
import { exampleFile, toInput, type DocumentKind } from './fixtures.ts';

/**
 * The renderer keeps the measured form of each top-level block across documents
 * (templates/measure-cache.ts). A document must come out byte for byte the same whether its
 * blocks were measured for it or copied from earlier documents, in any order and mix.
 */

/** The bytes of `render()` with nothing kept from earlier documents. */
async function cold(render: () => Promise<Buffer>): Promise<Buffer> {
  clearMeasuredBlocks();
  return render();
}

const pdfOf = (kind: DocumentKind, change: (file: ReturnType<typeof exampleFile>) => void = () => {}) => {
  const file = exampleFile(kind);
  change(file);
  const input = toInput(file);
  return async () => (await renderPdf(input)).pdf;
};

describe('measured blocks kept across documents', () => {
  it('are kept once a second document has them, and not for a document rendered last', async () => {
    const input = toInput(exampleFile('report'));
    clearMeasuredBlocks();
    await renderPdf(input, { keepMeasuredBlocks: false });
    await renderPdf(input, { keepMeasuredBlocks: false });
    expect(keptBlocks()).toEqual({ measured: 0, laidOut: 0 });
    await renderPdf(input);
    // Met once so far: a block only one document has (its QR code) is not worth a copy.
    expect(keptBlocks()).toEqual({ measured: 0, laidOut: 0 });
    await renderPdf(input);
    const kept = keptBlocks();
    expect(kept.measured).toBeGreaterThan(10);
    expect(kept.laidOut).toBeGreaterThan(10);
    await renderPdf(input);
    expect(keptBlocks()).toEqual(kept);
  });

  it('give the same bytes for documents met again, partly or wholly', async () => {
    const documents = {
      report: pdfOf('report'),
      proposal: pdfOf('proposal'),
      letter: pdfOf('letter'),
      // Another number and date: the header block differs, the body is the report's.
      report416: pdfOf('report', (f) => Object.assign(f.document, { number: 416, issuedOn: '2020-06-10', id: 'doc-report-416' })),
      // Another cut-off: other statistics, some paragraphs the same.
      reportEarlier: pdfOf('report', (f) => Object.assign(f.document, { asOf: '2020-04-30', id: 'doc-report-early' })),
    };
    const expected = new Map<string, Buffer>();
    for (const [name, render] of Object.entries(documents)) expected.set(name, await cold(render));

    clearMeasuredBlocks();
    for (const name of ['report', 'letter', 'report416', 'proposal', 'reportEarlier', 'report416', 'report', 'letter']) {
      const again = await documents[name as keyof typeof documents]();
      expect(again.equals(expected.get(name)!), name).toBe(true);
    }
  });

  it('keep the fonts in the order the document first uses them', async () => {
    const definition = (content: EngineDocument['content']): EngineDocument => ({
      info: { Title: 'fonts', CreationDate: new Date(0), ModDate: new Date(0) },
      defaultStyle: { font: ENGINE_FONT_FAMILY, fontSize: 12 },
      content,
    });
    const bold = () => ({ text: 'Đậm', bold: true });
    const italics = () => ({ text: 'Nghiêng', italics: true });
    // pdfmake measures a table column by column: regular, italics, then bold (pdfkit's F1, F2,
    // F3), while the cells sit row by row (regular, bold, italics).
    const table = () => ({ table: { body: [['Thường', bold()], [italics(), 'x']] } });
    const render = (blocks: () => EngineDocument['content']) => async () => (await renderDocument(definition(blocks()))).pdf;
    for (const blocks of [() => [table()], () => [bold(), italics(), table()], () => [italics(), table(), bold()]]) {
      const expected = await cold(render(blocks));
      await render(() => [bold(), table(), italics()])();
      expect((await render(blocks)()).equals(expected), JSON.stringify(blocks())).toBe(true);
    }
  });

  it('reuse the children of a stack or columns met with other siblings, in their parent\'s context', async () => {
    const definition = (own: string, lineHeight: number): EngineDocument => ({
      info: { Title: 'children', CreationDate: new Date(0), ModDate: new Date(0) },
      defaultStyle: { font: ENGINE_FONT_FAMILY, fontSize: 12 },
      content: [
        {
          lineHeight,
          columns: [
            { stack: [{ text: own, italics: true }] },
            { stack: [{ text: 'Nơi nhận: Ban Thường vụ', bold: true }, { text: 'Lưu VPTU.' }] },
          ],
        },
        { stack: [{ text: 'Trên đây là báo cáo', bold: true }, { qr: `https://example.invalid/verify/${own}`, fit: 60 }] },
      ],
    });
    const render = (own: string, lineHeight = 1) => async () => (await renderDocument(definition(own, lineHeight))).pdf;
    for (const [own, lineHeight] of [['b', 1], ['c', 1], ['d', 1.5]] as const) {
      const expected = await cold(render(own, lineHeight));
      clearMeasuredBlocks();
      for (const earlier of ['a', 'a2', 'a3']) await render(earlier)();
      expect((await render(own, lineHeight)()).equals(expected), `${own} ${lineHeight}`).toBe(true);
    }
  });

  it('measure in place blocks that share a node (pdfmake writes into the nodes it measures)', async () => {
    const definition = (): EngineDocument => {
      const shared = { text: 'Dùng chung', bold: true };
      return {
        info: { Title: 'shared', CreationDate: new Date(0), ModDate: new Date(0) },
        defaultStyle: { font: ENGINE_FONT_FAMILY, fontSize: 12 },
        content: [shared, { table: { body: [['Thường', shared]] } }, { text: 'Riêng' }],
      };
    };
    const expected = await cold(async () => (await renderDocument(definition())).pdf);
    expect((await renderDocument(definition())).pdf.equals(expected)).toBe(true);
  });

  it('measure again what reaches beyond its block: node ids and page references', async () => {
    const definition = (): EngineDocument => ({
      info: { Title: 'references', CreationDate: new Date(0), ModDate: new Date(0) },
      defaultStyle: { font: ENGINE_FONT_FAMILY, fontSize: 12 },
      content: [
        { text: 'Mục lục: trang ', fontSize: 14 },
        { text: [{ text: 'xem trang ' }, { pageReference: 'end' }] },
        { text: 'Trang sau', pageBreak: 'before' },
        { text: 'Hết', id: 'end' },
        { qr: 'https://example.invalid/verify/1', fit: 60 },
        { table: { widths: ['*', 40], body: [['Đảng bộ', '1'], ['Chi bộ', '2']] } },
      ],
    });
    const expected = await cold(() => renderDocument(definition()).then((r) => r.pdf));
    for (let i = 0; i < 2; i++) {
      const again = (await renderDocument(definition())).pdf;
      expect(again.equals(expected)).toBe(true);
    }
    expect((await readPdf(expected)).pages[0]!.text).toContain('xem trang 2');
  });
});
