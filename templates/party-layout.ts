import type { Column, Content, ContentText, CustomTableLayout, DynamicContent, TableCell } from 'pdfmake/interfaces.js';
import { SYMBOL_OF } from '#core/numbering.ts';
import type { RenderInput } from '#core/render-input.ts';
import { FORMAT, lineHeightFactor, MARGINS, mm, NATURAL_LINE_HEIGHT, PAGE_WIDTH, TEXT_WIDTH } from './format-profile.ts';
import { listLines, placeAndDate, upper } from './vietnamese.ts';

/**
 * The layout every Party document shares (FORMAT.md): page, header, title, addressees, body
 * blocks, recipients and signature, page numbers, the verification mark and a draft's mark.
 * Templates describe what a document says; this module decides how it sits on the page. Every
 * figure comes from format-profile.ts.
 */

/** Width in points of a text as the renderer will set it (injected: the templates stay pure). */
export type MeasureText = (text: string, style: { fontSize: number; bold?: boolean; italics?: boolean }) => number;

/** A pdfmake definition without the PDF Info (render.ts adds it). */
export type PageDefinition = {
  pageSize: typeof FORMAT.page.size;
  pageMargins: [number, number, number, number];
  defaultStyle: { font: string; fontSize: number; lineHeight: number };
  header: DynamicContent;
  content: Content[];
  language: string;
};

export type PartyDocument = {
  input: RenderInput;
  measure: MeasureText;
  /** Omitted for letters, which have none. */
  title?: { typeName: string; subject: string };
  /** Letters: the `V/v …` line under the number (without the prefix). */
  letterSubject?: string;
  /** Proposals and letters: the `Kính gửi:` block. */
  addressees?: readonly string[];
  body: Content[];
  /** Recipients before the archive line, which is added here. */
  recipients: readonly string[];
};

/**
 * pdfmake sets a line's glyphs from the top of its box, so a body line (1.2 em) ends 0.16 em
 * above the face's descent. Reserving that much more at the bottom keeps every glyph box of the
 * page's last line inside FORMAT's bottom margin.
 */
const BODY_DESCENDER_SPILL = FORMAT.body.fontSize * (FORMAT.font.naturalLineHeightEm - FORMAT.body.lineHeightEm);

export function partyDocument(doc: PartyDocument): PageDefinition {
  const { input } = doc;
  const content: Content[] = [firstPageHeader(doc)];
  if (doc.title) content.push(title(doc.title.typeName, doc.title.subject));
  else content.push({ text: '', margin: [0, FORMAT.title.spaceBefore / 2, 0, 0] });
  if (doc.addressees?.length) content.push(addresseesBlock(doc.addressees));
  content.push(...doc.body);
  content.push(closingBlock(input, doc.recipients));
  return {
    pageSize: FORMAT.page.size,
    pageMargins: [MARGINS.left, MARGINS.top, MARGINS.right, MARGINS.bottom + BODY_DESCENDER_SPILL],
    defaultStyle: {
      font: FORMAT.font.family,
      fontSize: FORMAT.body.fontSize,
      lineHeight: lineHeightFactor(FORMAT.body.lineHeightEm),
    },
    header: input.draft ? draftPageHeader(doc.measure) : pageNumber,
    content,
    language: 'vi-VN',
  };
}

// ---- header (page 1) ------------------------------------------------------------------------

function firstPageHeader(doc: PartyDocument): Content {
  const { campaign, document } = doc.input;
  const h = FORMAT.header;
  const lineHeight = NATURAL_LINE_HEIGHT;
  const left: Content[] = [];
  if (campaign.issuer.parentName) {
    left.push({ text: columnText(upper(campaign.issuer.parentName)), fontSize: h.superiorBodySize });
  }
  left.push({ text: columnText(upper(campaign.issuer.name)), fontSize: h.issuerSize, bold: true });
  left.push({ text: '*', fontSize: h.issuerSize });
  left.push({ text: `Số ${printedNumber(doc.input)}`, fontSize: h.numberSize });
  if (doc.letterSubject) {
    left.push({ text: columnText(`V/v ${doc.letterSubject}`), fontSize: h.letterSubjectSize, italics: true, margin: [0, 2, 0, 0] });
  }

  const partyNameWidth = doc.measure(h.partyName, { fontSize: h.partyNameSize, bold: true });
  const right: Content[] = [
    { text: h.partyName, fontSize: h.partyNameSize, bold: true },
    {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: partyNameWidth, y2: 0, lineWidth: h.ruleWidth }],
      alignment: 'center',
      margin: [0, h.ruleGap, 0, 0],
    },
    {
      text: placeAndDate(campaign.issuer.place, document.issuedOn),
      fontSize: h.dateSize,
      italics: true,
      margin: [0, h.dateSpaceBefore, 0, 0],
    },
  ];
  const leftWidth = (TEXT_WIDTH * h.leftColumnPercent) / 100;
  return {
    columns: [
      { width: leftWidth, stack: left, alignment: 'center', lineHeight },
      { width: '*', stack: right, alignment: 'center', lineHeight },
    ],
    columnGap: 0,
  };
}

// ---- title, addressees --------------------------------------------------------------------

function title(typeName: string, subject: string): Content {
  const t = FORMAT.title;
  return {
    stack: [
      { text: typeName, fontSize: t.typeNameSize, bold: true },
      { text: subject, fontSize: t.subjectSize, bold: true },
      {
        canvas: [{ type: 'line', x1: 0, y1: 0, x2: mm(t.ruleLengthMm), y2: 0, lineWidth: t.ruleWidth }],
        alignment: 'center',
        margin: [0, t.ruleSpaceBefore, 0, 0],
      },
    ],
    alignment: 'center',
    lineHeight: NATURAL_LINE_HEIGHT,
    margin: [0, t.spaceBefore, 0, t.spaceAfter],
  };
}

/**
 * `Kính gửi: X` centred when there is one addressee; with several, the label and a column of
 * `- X;` lines (the last with `.`) form one block centred on the page.
 */
function addresseesBlock(addressees: readonly string[]): Content {
  const a = FORMAT.addressees;
  const margin: [number, number, number, number] = [0, a.spaceBefore, 0, a.spaceAfter];
  if (addressees.length === 1) {
    return { text: columnText(`${a.label} ${addressees[0]}`), alignment: 'center', fontSize: a.fontSize, margin };
  }
  const lines = addressees.map((item, i) => {
    const bare = item.trim().replace(/[.,;]+$/u, '');
    return { text: columnText(`- ${bare}${i === addressees.length - 1 ? '.' : ';'}`) };
  });
  return {
    columns: [
      { width: '*', text: '' },
      { width: 'auto', text: a.label },
      { width: 'auto', stack: lines, margin: [4, 0, 0, 0] },
      { width: '*', text: '' },
    ],
    columnGap: 0,
    fontSize: a.fontSize,
    margin,
  };
}

// ---- body blocks ----------------------------------------------------------------------------

type Inline = string | ContentText;

/** A body paragraph: justified, first-line indent, spacing after. */
export function paragraph(text: Inline | Inline[]): Content {
  return {
    text: breakable(text, { keepCompounds: true, longestWord: LONGEST_WORD_IN_BODY }),
    alignment: 'justify',
    leadingIndent: mm(FORMAT.body.firstLineIndentMm),
    margin: [0, 0, 0, FORMAT.body.paragraphSpacing],
  };
}

/** Compounds up to this length stay on one line (`308-KH/TU`, `2020-2025`, `35-CT/TW`). */
const MAX_UNBROKEN_COMPOUND = 32;
const COMPOUND = /\S[-/\u2010\u2013]\S/u;
/**
 * Words longer than these may break between any two letters, so that no data (a 200-character
 * name without a space, a long URL) can push text out of its column or the page.
 * Vietnamese words are short; the limits only ever catch such data.
 */
const LONGEST_WORD_IN_BODY = 32;
const LONGEST_WORD_IN_COLUMN = 16;

/**
 * Text as pdfmake inlines that wrap well:
 * - pdfmake may break a line after `-` or `/` and, when justifying, spreads the extra space over
 *   every break point, so `308-KH/TU` would print as `308- KH/ TU`; with `keepCompounds` such
 *   terms are set as one unbreakable inline (`noWrap`);
 * - a word longer than `longestWord` gets `wordBreak: 'break-all'`.
 */
function breakable(text: Inline | Inline[], options: { keepCompounds?: boolean; longestWord: number }): Inline[] {
  const inlines = Array.isArray(text) ? text : [text];
  return inlines.flatMap((inline) => {
    const style = typeof inline === 'string' ? {} : { ...inline };
    const value = typeof inline === 'string' ? inline : inline.text;
    if (typeof value !== 'string') return [inline];
    const out: Inline[] = [];
    let plain = '';
    const flush = () => {
      if (plain) out.push(typeof inline === 'string' ? plain : { ...style, text: plain });
      plain = '';
    };
    for (const part of value.split(/(\s+)/u)) {
      if (part.length > options.longestWord) {
        flush();
        out.push({ ...style, text: part, wordBreak: 'break-all' } as ContentText);
      } else if (options.keepCompounds && part.length <= MAX_UNBROKEN_COMPOUND && COMPOUND.test(part)) {
        flush();
        out.push({ ...style, text: part, noWrap: true });
      } else {
        plain += part;
      }
    }
    flush();
    return out;
  });
}

/** Text for a column narrower than the page (header, table cell, closing): long words may break. */
function columnText(text: string): ContentText['text'] {
  return breakable(text, { longestWord: LONGEST_WORD_IN_COLUMN }) as ContentText['text'];
}

/** `I. TÌNH HÌNH …`: numbered with a Roman numeral, upper case, bold. */
export function sectionHeading(index: number, text: string): Content {
  return {
    text: columnText(`${roman(index)}. ${upper(text)}`),
    bold: true,
    leadingIndent: mm(FORMAT.body.firstLineIndentMm),
    margin: [0, FORMAT.headings.spaceBefore, 0, FORMAT.body.paragraphSpacing],
    headlineLevel: 1,
  };
}

/** `1. Đại hội …`: bold. */
export function subHeading(index: number, text: string): Content {
  return {
    text: columnText(`${index}. ${text}`),
    bold: true,
    leadingIndent: mm(FORMAT.body.firstLineIndentMm),
    margin: [0, FORMAT.headings.spaceBefore / 2, 0, FORMAT.body.paragraphSpacing],
    headlineLevel: 2,
  };
}

/** A `- …` line of a list inside the body. */
export function dashItem(text: Inline | Inline[]): Content {
  const parts = Array.isArray(text) ? text : [text];
  return paragraph(['- ', ...parts]);
}

export type TableColumn = {
  header: string;
  /** A width in points, or `*` for the column that takes the rest (a name). */
  width: number | '*' | 'auto';
  /** Numbers are right-aligned (FORMAT.md). */
  align?: 'left' | 'center' | 'right';
};

export type TableRow = { cells: string[]; bold?: boolean };

/**
 * A ruled table, 12 pt, header row repeated on every page it runs over, rows never split,
 * never wider than the text area (widths are fixed or `*`).
 */
export function dataTable(columns: readonly TableColumn[], rows: readonly TableRow[]): Content {
  const t = FORMAT.table;
  const header: TableCell[] = columns.map((c) => ({ text: c.header, bold: true, alignment: 'center' }));
  const body: TableCell[][] = [
    header,
    ...rows.map((row) =>
      row.cells.map((cell, i) => ({ text: columnText(cell), alignment: columns[i]?.align ?? 'left', bold: row.bold ?? false })),
    ),
  ];
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: columns.map((c) => c.width), body },
    layout: TABLE_LAYOUT,
    fontSize: t.fontSize,
    lineHeight: NATURAL_LINE_HEIGHT,
    margin: [0, t.spaceBefore, 0, t.spaceAfter],
  };
}

/** One layout for every table (frozen: pdfmake only reads it). */
const TABLE_LAYOUT: CustomTableLayout = Object.freeze({
  hLineWidth: () => FORMAT.table.ruleWidth,
  vLineWidth: () => FORMAT.table.ruleWidth,
  paddingLeft: () => FORMAT.table.cellPadding,
  paddingRight: () => FORMAT.table.cellPadding,
  paddingTop: () => FORMAT.table.cellPadding / 2,
  paddingBottom: () => FORMAT.table.cellPadding / 2,
});

// ---- recipients, signature, verification (last page) ---------------------------------------

/** Recipients and signature side by side, the verification mark under them: one unbreakable block. */
function closingBlock(input: RenderInput, recipients: readonly string[]): Content {
  const c = FORMAT.closing;
  const { signer } = input.document;
  const recipientLines = listLines([...recipients, `Lưu ${input.campaign.issuer.archiveCode}`]);
  const recipientsColumn: Column = {
    width: '*',
    stack: [
      { text: c.recipientsLabel, fontSize: c.recipientsLabelSize, decoration: 'underline' },
      ...recipientLines.map((line) => ({ text: columnText(line), fontSize: c.recipientSize })),
    ],
  };
  const signatureColumn: Column = {
    width: '*',
    alignment: 'center',
    fontSize: c.signatureSize,
    stack: [
      { text: columnText(upper(signer.capacity)), bold: true },
      { text: columnText(upper(signer.title)), bold: true },
      { text: columnText(signer.fullName), bold: true, margin: [0, mm(c.signatureSpaceMm), 0, 0] },
    ],
  };
  return {
    unbreakable: true,
    lineHeight: NATURAL_LINE_HEIGHT,
    margin: [0, c.spaceBefore, 0, 0],
    stack: [
      { columns: [recipientsColumn, signatureColumn], columnGap: mm(4) },
      // No address to verify at (a draft, or no public base URL): no QR code and no verification text.
      ...(input.verifyUrl && !input.draft ? [verificationMark(input.verifyUrl, input)] : []),
    ],
  };
}

/** QR byte capacity per version at error correction L (ISO/IEC 18004, octet mode), versions 1–10. */
const QR_OCTET_CAPACITY_L = [17, 32, 53, 78, 106, 134, 154, 192, 230, 271];

/**
 * A QR of about FORMAT's size carrying the verification URL, and the number and URL beside it.
 * pdfmake draws modules a whole number of points wide, so the version is fixed here and the module
 * size chosen to come nearest the profile's size.
 */
function verificationMark(url: string, input: RenderInput): Content {
  const v = FORMAT.verification;
  const bytes = Buffer.byteLength(url, 'utf8');
  const versionIndex = QR_OCTET_CAPACITY_L.findIndex((capacity) => bytes <= capacity);
  const version = versionIndex < 0 ? undefined : versionIndex + 1;
  const modules = version ? 17 + 4 * version : undefined;
  const moduleSize = modules ? Math.max(1, Math.round(mm(v.qrSizeMm) / modules)) : undefined;
  const qr: Content = {
    qr: url,
    eccLevel: v.qrErrorCorrection,
    mode: 'octet',
    ...(version && modules && moduleSize ? { version, fit: moduleSize * modules } : { fit: mm(v.qrSizeMm) }),
  };
  return {
    margin: [0, v.spaceBefore, 0, 0],
    columns: [
      { width: 'auto', stack: [qr] },
      {
        width: '*',
        fontSize: v.textSize,
        lineHeight: 1,
        stack: [{ text: `Số ${printedNumber(input)}`, bold: true }, { text: v.label }, { text: columnText(url) }],
      },
    ],
    columnGap: mm(v.gapMm),
  };
}

// ---- number, page numbers, draft mark ------------------------------------------------------

/** The number as printed: `415-BC/TU`; a draft's is left blank for the office (`     -BC/TU`). */
export function printedNumber(input: RenderInput): string {
  if (!input.draft) return input.document.number;
  return `${FORMAT.draft.blankNumber}-${SYMBOL_OF[input.document.type]}/${input.campaign.issuer.code}`;
}

/** From page 2 on, centred in the top margin about 10 mm from the edge; none on page 1. */
const pageNumber: DynamicContent = (currentPage: number) =>
  currentPage > 1
    ? {
        text: String(currentPage),
        alignment: 'center',
        fontSize: FORMAT.pageNumber.fontSize,
        margin: [MARGINS.left, mm(FORMAT.pageNumber.topMm), MARGINS.right, 0],
      }
    : null;

/**
 * A draft's pages: the page number as on any document, and the `DỰ THẢO` box on every page, in
 * the top margin at the right edge of the text area (extractable text, never over the body).
 */
function draftPageHeader(measure: MeasureText): DynamicContent {
  const d = FORMAT.draft;
  const width = measure(d.label, { fontSize: d.fontSize, bold: true }) + 2 * d.paddingX + 2 * d.ruleWidth;
  const mark: Content = {
    table: { body: [[{ text: d.label, bold: true, fontSize: d.fontSize, lineHeight: NATURAL_LINE_HEIGHT }]] },
    layout: DRAFT_BOX,
    absolutePosition: { x: PAGE_WIDTH - MARGINS.right - width, y: mm(d.topMm) },
  };
  return (currentPage, pageCount, pageSize) => {
    const number = pageNumber(currentPage, pageCount, pageSize);
    return number ? [number, mark] : [mark];
  };
}

const DRAFT_BOX: CustomTableLayout = Object.freeze({
  hLineWidth: () => FORMAT.draft.ruleWidth,
  vLineWidth: () => FORMAT.draft.ruleWidth,
  paddingLeft: () => FORMAT.draft.paddingX,
  paddingRight: () => FORMAT.draft.paddingX,
  paddingTop: () => FORMAT.draft.paddingY,
  paddingBottom: () => FORMAT.draft.paddingY,
});

function roman(n: number): string {
  const numerals: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [value, symbol] of numerals) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}
