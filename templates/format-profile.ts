/**
 * Every figure of FORMAT.md in one place, so that a committee can adjust its layout here and
 * nowhere else. Templates and the layout read these values; none repeats a number of its own.
 *
 * Lengths are in millimetres (as FORMAT.md states them) and converted with `mm()`; font sizes and
 * spacing are in points. Where FORMAT.md gives a range, the comment says why this value.
 */

/** PDF user space is 1/72 inch. */
const POINTS_PER_MM = 72 / 25.4;

export function mm(millimetres: number): number {
  return millimetres * POINTS_PER_MM;
}

export const FORMAT = {
  page: {
    size: 'A4' as const,
    widthMm: 210,
    heightMm: 297,
    /**
     * Ranges 20–25 / 20–25 / 30–35 / 15–20: the lower ends give the widest text area, which the
     * appendix tables need; 30 mm on the left still leaves the binding margin the rule asks for.
     */
    marginsMm: { top: 20, bottom: 20, left: 30, right: 15 },
  },

  font: {
    /** A Times-like serif with full Vietnamese coverage, shipped from npm (see fonts.ts). */
    family: 'NotoSerif',
    /**
     * Noto Serif's own line height, (hhea ascent − descent) / unitsPerEm = (1069 + 293) / 1000.
     * pdfmake's `lineHeight` multiplies this, so the profile's em line heights are divided by it.
     * A test checks the figure against the font file.
     */
    naturalLineHeightEm: 1.362,
  },

  body: {
    /** Range 14–15: 14 keeps long reports shorter and matches the header sizes. */
    fontSize: 14,
    /**
     * Range 1.15–1.3 (baseline to baseline, in em): 1.2 reads well with a face as tall as Noto Serif.
     * Only body paragraphs are set this tight: pdfmake takes the difference from below the
     * baseline, so the last line's descenders reach into the paragraph spacing, which absorbs them.
     * Everything followed by a rule (header, title, tables, closing) keeps the face's natural
     * height (see `NATURAL_LINE_HEIGHT`) so no descender touches a line.
     */
    lineHeightEm: 1.2,
    /** "At least 6 pt" between paragraphs. */
    paragraphSpacing: 6,
    /** "About 10 mm" first-line indent. */
    firstLineIndentMm: 10,
  },

  headings: {
    /** `I. …` and `1. …` headings: body size, bold; extra space above sets a section apart. */
    spaceBefore: 6,
  },

  header: {
    /**
     * "≈ 45%" for the left column. 42% because Noto Serif is wider than Times: the place-and-date
     * line `Quảng Ninh, ngày 06 tháng 6 năm 2020` needs 91 mm at 14 pt italic, which must fit the
     * right column (58% of 165 mm = 96 mm) on one line.
     */
    leftColumnPercent: 42,
    superiorBodySize: 14,
    issuerSize: 14,
    numberSize: 14,
    letterSubjectSize: 12,
    partyNameSize: 15,
    partyName: 'ĐẢNG CỘNG SẢN VIỆT NAM',
    dateSize: 14,
    /** Gap between the rule and the words it underlines. */
    ruleGap: 2,
    ruleWidth: 0.75,
    /** The date stands a little apart from the rule under the Party's name. */
    dateSpaceBefore: 8,
  },

  title: {
    /** "After a blank line" below the header: one body line. */
    spaceBefore: 20,
    /** Range 15–16: 16 sets the type name apart from the 14–15 pt subject. */
    typeNameSize: 16,
    /** Range 14–15: 14, the body size, keeps a long subject to two or three lines. */
    subjectSize: 14,
    /** The short centred rule under the subject. */
    ruleLengthMm: 30,
    ruleWidth: 0.75,
    ruleSpaceBefore: 6,
    spaceAfter: 12,
  },

  addressees: {
    fontSize: 14,
    spaceBefore: 6,
    spaceAfter: 12,
    label: 'Kính gửi:',
  },

  table: {
    /** Range 12–13: 12 lets the appendix fit five numeric columns beside a 200-character name. */
    fontSize: 12,
    cellPadding: 3,
    ruleWidth: 0.5,
    spaceBefore: 4,
    spaceAfter: 8,
  },

  closing: {
    /** The recipients and the signature sit side by side, each half of the text area. */
    spaceBefore: 18,
    recipientsLabel: 'Nơi nhận:',
    recipientsLabelSize: 14,
    recipientSize: 12,
    signatureSize: 14,
    /** Range 25–30 mm for the signature and seal: 28 leaves room for a large seal. */
    signatureSpaceMm: 28,
  },

  pageNumber: {
    /** "About 10 mm from the top edge", centred, from page 2 on. */
    topMm: 10,
    fontSize: 13,
  },

  verification: {
    /**
     * "About 20 mm". pdfmake draws QR modules a whole number of points wide, so the renderer picks
     * the module size whose total comes nearest to this.
     */
    qrSizeMm: 20,
    /** Low error correction keeps a verification URL at version 3–5, i.e. large modules. */
    qrErrorCorrection: 'L' as const,
    /** Range 8–9: 8 keeps a long URL on one or two lines beside the code. */
    textSize: 8,
    spaceBefore: 14,
    gapMm: 4,
    label: 'Tra cứu tính xác thực của văn bản tại:',
  },

  draft: {
    /** The mark of a preview, on every page: a bordered box in the top margin, right-aligned with the text. */
    label: 'DỰ THẢO',
    fontSize: 13,
    /** From the top edge: the box ends ~13 mm down, inside the 20 mm top margin, never over the text. */
    topMm: 5,
    ruleWidth: 0.75,
    paddingX: 5,
    paddingY: 2,
    /** The number is left for the office to write in: `Số      -BC/TU` (these spaces and the one after `Số`). */
    blankNumber: '     ',
  },
} as const;

/** pdfmake's `lineHeight` factor for the face's own line height (1.362 em). */
export const NATURAL_LINE_HEIGHT = 1;

/** pdfmake's `lineHeight` factor that gives `em` times the font size from baseline to baseline. */
export function lineHeightFactor(em: number): number {
  return em / FORMAT.font.naturalLineHeightEm;
}

export const PAGE_WIDTH = mm(FORMAT.page.widthMm);
export const PAGE_HEIGHT = mm(FORMAT.page.heightMm);
export const MARGINS = {
  top: mm(FORMAT.page.marginsMm.top),
  bottom: mm(FORMAT.page.marginsMm.bottom),
  left: mm(FORMAT.page.marginsMm.left),
  right: mm(FORMAT.page.marginsMm.right),
} as const;
/** The width every block, table and column must stay within. */
export const TEXT_WIDTH = PAGE_WIDTH - MARGINS.left - MARGINS.right;
