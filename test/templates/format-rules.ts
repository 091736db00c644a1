import { expect } from 'vitest';
import type { RenderInput } from '#core/render-input.ts';
import { FORMAT, MARGINS, mm, TEXT_WIDTH } from '#templates/format-profile.ts';
import { placeAndDate, upper } from '#templates/vietnamese.ts';
import { TYPE_NAME } from '#templates/vocabulary.ts';
import { centreX, findRun, type PdfPage, type ReadPdf, type TextRun } from '../support/pdf-reader.ts';

/**
 * FORMAT.md's rules checked on a PDF read back from its bytes. One function per rule, and
 * `expectFormatRules` that runs them all; the stress suite runs them on unusual data.
 */

/** Text extraction rounds positions; half a point is far below anything a reader would see. */
const TOLERANCE = 0.5;
const A4 = { width: 595.28, height: 841.89 };
const LEFT_COLUMN = (TEXT_WIDTH * FORMAT.header.leftColumnPercent) / 100;
const RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN;
const TEXT_CENTRE = MARGINS.left + TEXT_WIDTH / 2;

export function expectA4(pdf: ReadPdf): void {
  for (const page of pdf.pages) {
    expect(page.width).toBeCloseTo(A4.width, 0);
    expect(page.height).toBeCloseTo(A4.height, 0);
  }
}

/** The page number run of a page (in the top margin), if any. */
export function pageNumberRun(page: PdfPage): TextRun | undefined {
  return page.runs.find((r) => r.baseline < MARGINS.top && /^\d+$/.test(r.text.trim()));
}

/** Pages 2..n carry their number centred about 10 mm from the top; page 1 none. */
export function expectPageNumbers(pdf: ReadPdf): void {
  const [first, ...rest] = pdf.pages;
  expect(first!.runs.filter((r) => r.top < MARGINS.top - TOLERANCE)).toEqual([]);
  for (const page of rest) {
    const run = pageNumberRun(page);
    expect(run, `page ${page.number} number`).toBeDefined();
    expect(run!.text.trim()).toBe(String(page.number));
    expect(centreX(run!)).toBeCloseTo(TEXT_CENTRE, 0);
    expect(run!.top).toBeGreaterThan(mm(FORMAT.pageNumber.topMm) - mm(3));
    expect(run!.top).toBeLessThan(mm(FORMAT.pageNumber.topMm) + mm(3));
  }
}

/** Every text box (but the page numbers) lies inside the margins. */
export function expectInsideMargins(pdf: ReadPdf): void {
  for (const page of pdf.pages) {
    const pageNumber = page.number > 1 ? pageNumberRun(page) : undefined;
    const outside = page.runs
      .filter((r) => r !== pageNumber)
      .filter(
        (r) =>
          r.x < MARGINS.left - TOLERANCE ||
          r.x + r.width > page.width - MARGINS.right + TOLERANCE ||
          r.top < MARGINS.top - TOLERANCE ||
          r.bottom > page.height - MARGINS.bottom + TOLERANCE,
      )
      .map((r) => `p${page.number} "${r.text}" x=${r.x.toFixed(1)}..${(r.x + r.width).toFixed(1)} y=${r.top.toFixed(1)}..${r.bottom.toFixed(1)}`);
    expect(outside).toEqual([]);
  }
}

/** The two header columns of page 1, each centred within itself. */
export function expectHeader(pdf: ReadPdf, input: RenderInput): void {
  const page = pdf.pages[0]!;
  const leftCentre = MARGINS.left + LEFT_COLUMN / 2;
  const rightCentre = MARGINS.left + LEFT_COLUMN + RIGHT_COLUMN / 2;
  const inLeft = (r: TextRun) => {
    expect(r.x).toBeGreaterThanOrEqual(MARGINS.left - TOLERANCE);
    expect(r.x + r.width).toBeLessThanOrEqual(MARGINS.left + LEFT_COLUMN + TOLERANCE);
    expect(Math.abs(centreX(r) - leftCentre)).toBeLessThan(1);
  };
  const inRight = (r: TextRun) => {
    expect(r.x).toBeGreaterThanOrEqual(MARGINS.left + LEFT_COLUMN - TOLERANCE);
    expect(Math.abs(centreX(r) - rightCentre)).toBeLessThan(1);
  };

  const party = findRun(page, FORMAT.header.partyName);
  expect(party, 'ĐẢNG CỘNG SẢN VIỆT NAM').toBeDefined();
  inRight(party!);

  const date = findRun(page, placeAndDate(input.campaign.issuer.place, input.document.issuedOn));
  expect(date, 'place and date line').toBeDefined();
  inRight(date!);
  expect(date!.baseline).toBeGreaterThan(party!.baseline);

  // The issuer's name may wrap: its first line starts the left column's block (under the superior body).
  const issuerWords = upper(input.campaign.issuer.name).split(/\s+/);
  const issuer = page.runs.find((r) => r.text.trim().startsWith(issuerWords.slice(0, 2).join(' ')));
  expect(issuer, 'issuer').toBeDefined();
  inLeft(issuer!);

  const star = findRun(page, '*');
  const number = findRun(page, `Số ${input.document.number}`);
  expect(star, '*').toBeDefined();
  expect(number, 'Số …').toBeDefined();
  inLeft(star!);
  inLeft(number!);
  expect(star!.baseline).toBeGreaterThan(issuer!.baseline);
  expect(number!.baseline).toBeGreaterThan(star!.baseline);

  if (input.campaign.issuer.parentName) {
    const parentWords = upper(input.campaign.issuer.parentName).split(/\s+/);
    const parent = page.runs.find((r) => r.text.trim().startsWith(parentWords.slice(0, 2).join(' ')));
    expect(parent, 'superior body').toBeDefined();
    inLeft(parent!);
    expect(parent!.baseline).toBeLessThan(issuer!.baseline);
  }
}

/** Reports and proposals: the type name centred below the header. */
export function expectTitle(pdf: ReadPdf, input: RenderInput): void {
  const page = pdf.pages[0]!;
  const title = findRun(page, TYPE_NAME[input.document.type]);
  expect(title, 'title').toBeDefined();
  expect(Math.abs(centreX(title!) - TEXT_CENTRE)).toBeLessThan(1);
  const number = findRun(page, `Số ${input.document.number}`)!;
  expect(title!.top).toBeGreaterThan(number.bottom);
  expect(title!.fontSize).toBeGreaterThanOrEqual(15);
  expect(title!.fontSize).toBeLessThanOrEqual(16);
}

/** Recipients (left) and signature (right) side by side on the last page, with the archive line. */
export function expectClosing(pdf: ReadPdf, input: RenderInput): void {
  const last = pdf.pages.at(-1)!;
  const label = findRun(last, FORMAT.closing.recipientsLabel);
  // The signature column is half the text area: a long name wraps, so find its first line.
  const firstLineOf = (text: string) =>
    last.runs.find((r) => r.x > TEXT_CENTRE - TOLERANCE && r.text.trim().length > 0 && text.startsWith(r.text.trim()));
  const capacity = firstLineOf(upper(input.document.signer.capacity));
  const name = firstLineOf(input.document.signer.fullName);
  expect(label, 'Nơi nhận: on the last page').toBeDefined();
  expect(capacity, 'signer capacity on the last page').toBeDefined();
  expect(name, 'signer name on the last page').toBeDefined();
  expect(label!.x + label!.width).toBeLessThan(TEXT_CENTRE);
  expect(capacity!.x).toBeGreaterThan(TEXT_CENTRE - TOLERANCE);
  expect(Math.abs(capacity!.baseline - label!.baseline)).toBeLessThan(2);
  expect(name!.baseline - capacity!.baseline).toBeGreaterThan(mm(25));
  expect(Math.abs(centreX(name!) - centreX(capacity!))).toBeLessThan(1);
  const archive = findRun(last, `- Lưu ${input.campaign.issuer.archiveCode}.`);
  expect(archive, 'archive line').toBeDefined();
  expect(archive!.x + archive!.width).toBeLessThan(TEXT_CENTRE);
  expect(last.text).toContain(`Số ${input.document.number}`);
  expect(last.text.replace(/\s+/g, '')).toContain(input.verifyUrl);
}

export function expectFontsEmbedded(pdf: ReadPdf): void {
  for (const page of pdf.pages) {
    for (const font of Object.values(page.fonts)) {
      expect(font.embedded, `${font.name} on page ${page.number}`).toBe(true);
      expect(font.name).toMatch(/^[A-Z]{6}\+NotoSerif/);
    }
  }
}

export function expectFormatRules(pdf: ReadPdf, input: RenderInput): void {
  expectA4(pdf);
  expectHeader(pdf, input);
  if (input.document.type !== 'letter') expectTitle(pdf, input);
  expectInsideMargins(pdf);
  expectPageNumbers(pdf);
  expectClosing(pdf, input);
  expectFontsEmbedded(pdf);
}

/** The text with line breaks as spaces, for phrases that may wrap. */
export function flatText(pdf: ReadPdf): string {
  return pdf.text.replace(/\s+/g, ' ');
}
