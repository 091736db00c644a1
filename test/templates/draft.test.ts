import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '#core/render-input.ts';
import { MARGINS, PAGE_WIDTH } from '#templates/format-profile.ts';
import { renderPdf } from '#templates/render.ts';
import { readPdf, type ReadPdf } from '../support/pdf-reader.ts';
import { exampleInput } from './fixtures.ts';

/**
 * The preview's draft (issue 11): `DỰ THẢO` on every page, the number left blank, no QR code, and
 * otherwise the text of the issued document. And a document without a verification address: no
 * QR code and no verification text. Everything is read back from the PDF.
 */

type Rendered = { bytes: Buffer; pdf: ReadPdf };

async function render(input: RenderInput): Promise<Rendered> {
  const { pdf: bytes } = await renderPdf(input);
  return { bytes, pdf: await readPdf(bytes) };
}

/**
 * The text of page 1's line that starts with `Số`, with the blank between two runs written as the
 * spaces it is wide (pdf.js gives a run of spaces as one item). Noto Serif's space: 0.26 em.
 */
async function numberLine(bytes: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const content = await (await document.getPage(1)).getTextContent();
    type Item = { str: string; width: number; transform: number[] };
    const items = content.items.filter((item): item is typeof item & Item => 'str' in item);
    const first = items.findIndex((item) => item.str === 'Số' || item.str.startsWith('Số '));
    const baseline = items[first]!.transform[5];
    let line = '';
    for (const item of items.slice(first)) {
      if (item.transform[5] !== baseline) break;
      line += item.str.trim() === '' ? ' '.repeat(Math.round(item.width / (Math.abs(item.transform[3]!) * 0.26))) : item.str;
    }
    return line;
  } finally {
    await document.destroy();
  }
}

const QR_MODULES_AT_LEAST = 100;
const fills = (page: ReadPdf['pages'][number]) => page.drawings.filter((d) => d.startsWith('fill'));

const rendered = {} as Record<'issued' | 'draft' | 'unverifiable', Rendered>;

beforeAll(async () => {
  const issued = exampleInput('report');
  rendered.issued = await render(issued);
  rendered.draft = await render({ ...issued, draft: true });
  const { verifyUrl: _none, ...unverifiable } = issued;
  rendered.unverifiable = await render(unverifiable);
});

describe('a draft (the preview)', () => {
  it('is marked DỰ THẢO on every page, in the top margin at the right edge of the text', () => {
    const { pdf } = rendered.draft;
    expect(pdf.pages.length).toBeGreaterThan(2);
    for (const page of pdf.pages) {
      const marks = page.runs.filter((run) => run.text === 'DỰ THẢO');
      expect(marks, `page ${page.number}`).toHaveLength(1);
      const [mark] = marks;
      expect(mark!.bottom, `page ${page.number}: above the text area`).toBeLessThan(MARGINS.top);
      expect(mark!.x + mark!.width).toBeLessThanOrEqual(PAGE_WIDTH - MARGINS.right);
      // Nothing else of the page reaches into the mark's band.
      for (const run of page.runs.filter((r) => r !== mark && r.x + r.width > mark!.x)) {
        expect(run.top >= mark!.bottom || run.bottom <= mark!.top, `"${run.text}" on page ${page.number}`).toBe(true);
      }
    }
  });

  it('leaves the number blank: Số      -BC/TU', async () => {
    expect(await numberLine(rendered.draft.bytes)).toBe('Số      -BC/TU');
    expect(await numberLine(rendered.issued.bytes)).toBe('Số 415-BC/TU');
    expect(rendered.draft.pdf.text).not.toContain('415');
  });

  it('has no QR code and no verification text on its last page', () => {
    const issuedLast = rendered.issued.pdf.pages.at(-1)!;
    const draftLast = rendered.draft.pdf.pages.at(-1)!;
    expect(fills(issuedLast).length).toBeGreaterThan(QR_MODULES_AT_LEAST);
    // Only the underline of `Nơi nhận:` is filled.
    expect(fills(draftLast)).toEqual(['fill #000000 85.04,283.07 151.46,283.07 151.46,283.93 85.04,283.93 z']);
    expect(draftLast.text).not.toContain('Tra cứu tính xác thực của văn bản tại:');
    expect(draftLast.text).not.toContain('/verify/');
  });

  it('has the text of the issued document otherwise, page by page', () => {
    const draftPages = rendered.draft.pdf.pages.map((page) =>
      page.text
        .split('\n')
        .filter((line) => line !== 'DỰ THẢO')
        .join('\n')
        .replace('Số\n-BC/TU', 'Số 415-BC/TU'),
    );
    const issuedPages = rendered.issued.pdf.pages.map((page) =>
      page.text.replace('\nSố 415-BC/TU\nTra cứu tính xác thực của văn bản tại:\nhttps://congress.example.vn/verify/doc-report-415', ''),
    );
    expect(draftPages).toEqual(issuedPages);
  });

  it('has Keywords without a number', () => {
    expect(rendered.draft.pdf.info.Keywords).toBe('DỰ THẢO');
    expect(rendered.issued.pdf.info.Keywords).toBe('415-BC/TU');
  });

  it('never carries a QR code, even when given a verification address', async () => {
    const letter = exampleInput('letter');
    expect(letter.verifyUrl).toBe('https://congress.example.vn/verify/doc-letter-2311');
    const { pdf, bytes } = await render({ ...letter, draft: true });
    expect(pdf.text).not.toContain('/verify/');
    expect(fills(pdf.pages.at(-1)!).length).toBeLessThan(QR_MODULES_AT_LEAST);
    expect(await numberLine(bytes)).toBe('Số      -CV/TU');
  });

  it('renders the same bytes twice', async () => {
    const again = await renderPdf({ ...exampleInput('report'), draft: true });
    expect(again.pdf.equals(rendered.draft.bytes)).toBe(true);
  });
});

describe('a document without a verification address', () => {
  it('prints its number but no QR code and no verification text', async () => {
    const { pdf, bytes } = rendered.unverifiable;
    expect(await numberLine(bytes)).toBe('Số 415-BC/TU');
    const last = pdf.pages.at(-1)!;
    expect(fills(last).length).toBeLessThan(QR_MODULES_AT_LEAST);
    expect(pdf.text).not.toContain('Tra cứu tính xác thực');
    expect(pdf.text).not.toContain('DỰ THẢO');
  });
});
