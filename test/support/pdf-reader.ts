import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads a PDF back the way FORMAT.md's checks need it, from the file alone: page sizes, every
 * text run with its box in top-left page coordinates (points), the Info dictionary, and whether
 * each font used is embedded. Reusable by any suite (templates, worker, e2e).
 */

export type TextRun = {
  text: string;
  /** Left edge, from the page's left edge. */
  x: number;
  /** Baseline, from the page's top edge. */
  baseline: number;
  /** Top of the glyph box (baseline − ascent), from the page's top edge. */
  top: number;
  /** Bottom of the glyph box (baseline + descent), from the page's top edge. */
  bottom: number;
  width: number;
  fontSize: number;
  /** pdf.js' id of the font, e.g. `g_d0_f1`; see `PdfPage.fonts`. */
  font: string;
};

export type PdfFont = { name: string; embedded: boolean };

export type PdfPage = {
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
  /** The page's text, one line per run, as extracted. */
  text: string;
  fonts: Record<string, PdfFont>;
};

export type PdfInfo = Record<string, string | undefined>;

export type ReadPdf = {
  pages: PdfPage[];
  info: PdfInfo;
  /** All pages' text as extracted, pages separated by a form feed. */
  text: string;
};

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // pdf.js detaches the buffer it is given; keep the caller's bytes intact.
  const data = new Uint8Array(bytes);
  const document = await getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      // The operator list makes pdf.js load every font of the page into commonObjs.
      await page.getOperatorList();
      const styles = content.styles as Record<string, { ascent: number; descent: number }>;
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , , scaleY, x, y] = item.transform as [number, number, number, number, number, number];
        const style = styles[item.fontName];
        const fontSize = Math.abs(scaleY);
        const baseline = height - y;
        runs.push({
          text: item.str, // as extracted: a test that the text is NFC must see what a reader copies
          x,
          baseline,
          top: baseline - (style?.ascent ?? 0.8) * fontSize,
          bottom: baseline - (style?.descent ?? -0.2) * fontSize,
          width: item.width,
          fontSize,
          font: item.fontName,
        });
      }
      const fonts: Record<string, PdfFont> = {};
      for (const id of new Set(runs.map((r) => r.font))) {
        const font = page.commonObjs.get(id) as { name?: string; missingFile?: boolean } | undefined;
        fonts[id] = { name: font?.name ?? id, embedded: font ? font.missingFile !== true : false };
      }
      pages.push({ number, width, height, runs, text: runs.map((r) => r.text).join('\n'), fonts });
      page.cleanup();
    }
    const metadata = await document.getMetadata();
    const info = metadata.info as PdfInfo;
    return { pages, info, text: pages.map((p) => p.text).join('\f') };
  } finally {
    await document.destroy();
  }
}

/** The first run whose text equals (or, with `partial`, contains) `text`. */
export function findRun(page: PdfPage, text: string, partial = false): TextRun | undefined {
  const wanted = text.normalize('NFC');
  return page.runs.find((r) => (partial ? r.text.includes(wanted) : r.text.trim() === wanted));
}

export function centreX(run: TextRun): number {
  return run.x + run.width / 2;
}

/**
 * Font descriptors in the raw file and how many carry an embedded font program. pdfkit writes
 * dictionaries uncompressed, so a byte scan is exact (same as `pdffonts`' "emb" column).
 */
export function fontDescriptors(bytes: Uint8Array): { descriptors: number; embedded: number } {
  const raw = Buffer.from(bytes).toString('latin1');
  const dictionaries = raw.match(/<<[^>]*\/Type \/FontDescriptor[\s\S]*?>>/g) ?? [];
  return {
    descriptors: dictionaries.length,
    embedded: dictionaries.filter((d) => /\/FontFile[23]? \d+ 0 R/.test(d)).length,
  };
}

/** `D:20200605170000Z` → a Date. */
export function pdfDate(value: string | undefined): Date | undefined {
  const m = value?.match(/^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}
