import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads a PDF back the way FORMAT.md's checks need it, from the file alone: page sizes, every
 * text run with its box in top-left page coordinates (points), every painted path, the Info
 * dictionary, and whether each font used is embedded. Reusable by any suite (templates, worker, e2e).
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
  /**
   * Every painted subpath (a rule, a rectangle…) in drawing order, as the page shows it:
   * `stroke w0.5 #000000 85.04,56.94 117.54,56.94` (paint, line width for strokes, colour and
   * opacity when not 1, points in top-left page coordinates to 0.01 pt). A path of several
   * subpaths painted at once counts as that many, so the same picture reads the same however
   * its operators are grouped.
   */
  drawings: string[];
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
      const operators = await page.getOperatorList();
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
      const drawings = readDrawings(operators, height);
      pages.push({ number, width, height, runs, text: runs.map((r) => r.text).join('\n'), fonts, drawings });
      page.cleanup();
    }
    const metadata = await document.getMetadata();
    const info = metadata.info as PdfInfo;
    return { pages, info, text: pages.map((p) => p.text).join('\f') };
  } finally {
    await document.destroy();
  }
}

type Matrix = [number, number, number, number, number, number];
type GraphicsState = { ctm: Matrix; lineWidth: number; stroke: string; fill: string; strokeAlpha: number; fillAlpha: number };

const PAINTS: Record<number, { name: string; stroke: boolean; fill: boolean }> = {
  [OPS.stroke]: { name: 'stroke', stroke: true, fill: false },
  [OPS.closeStroke]: { name: 'stroke', stroke: true, fill: false },
  [OPS.fill]: { name: 'fill', stroke: false, fill: true },
  [OPS.eoFill]: { name: 'eofill', stroke: false, fill: true },
  [OPS.fillStroke]: { name: 'fill+stroke', stroke: true, fill: true },
  [OPS.eoFillStroke]: { name: 'eofill+stroke', stroke: true, fill: true },
  [OPS.closeFillStroke]: { name: 'fill+stroke', stroke: true, fill: true },
  [OPS.closeEOFillStroke]: { name: 'eofill+stroke', stroke: true, fill: true },
};

/** pdf.js' path codes (DrawOPS): moveTo, lineTo, curveTo (6 numbers), quadraticCurveTo (4), closePath. */
const PATH_ARGS: Record<number, number> = { 0: 2, 1: 2, 2: 6, 3: 4, 4: 0 };

/** The painted subpaths of a page's operator list (see `PdfPage.drawings`). */
function readDrawings(operators: { fnArray: number[]; argsArray: unknown[] }, height: number): string[] {
  const r = (n: number) => Math.round(n * 100) / 100;
  let state: GraphicsState = { ctm: [1, 0, 0, 1, 0, 0], lineWidth: 1, stroke: '#000000', fill: '#000000', strokeAlpha: 1, fillAlpha: 1 };
  const saved: GraphicsState[] = [];
  const drawings: string[] = [];
  const point = (x: number, y: number) => {
    const [a, b, c, d, e, f] = state.ctm;
    return `${r(a * x + c * y + e)},${r(height - (b * x + d * y + f))}`;
  };
  for (let i = 0; i < operators.fnArray.length; i++) {
    const fn = operators.fnArray[i]!;
    const args = operators.argsArray[i] as unknown[];
    if (fn === OPS.save) saved.push({ ...state });
    else if (fn === OPS.restore) state = saved.pop() ?? state;
    else if (fn === OPS.transform) {
      const [a, b, c, d, e, f] = args as Matrix;
      const [A, B, C, D, E, F] = state.ctm;
      state.ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
    } else if (fn === OPS.setLineWidth) state.lineWidth = args[0] as number;
    else if (fn === OPS.setStrokeRGBColor) state.stroke = args[0] as string;
    else if (fn === OPS.setFillRGBColor) state.fill = args[0] as string;
    else if (fn === OPS.setGState) {
      for (const [key, value] of args[0] as [string, unknown][]) {
        if (key === 'CA') state.strokeAlpha = value as number;
        if (key === 'ca') state.fillAlpha = value as number;
      }
    } else if (fn === OPS.constructPath) {
      const paint = PAINTS[args[0] as number];
      const path = (args[1] as (ArrayLike<number> | null)[])[0];
      if (!paint || !path) continue;
      const colour = [
        paint.fill ? `${state.fill}${state.fillAlpha === 1 ? '' : `@${state.fillAlpha}`}` : '',
        paint.stroke ? `w${r(state.lineWidth)} ${state.stroke}${state.strokeAlpha === 1 ? '' : `@${state.strokeAlpha}`}` : '',
      ].filter(Boolean);
      let points: string[] = [];
      const flush = () => {
        if (points.length) drawings.push(`${paint.name} ${colour.join(' ')} ${points.join(' ')}`);
        points = [];
      };
      for (let k = 0; k < path.length; ) {
        const code = path[k++]!;
        if (code === 0) flush();
        const count = PATH_ARGS[code] ?? 0;
        for (let n = 0; n < count; n += 2) points.push(point(path[k + n]!, path[k + n + 1]!));
        if (code === 4) points.push('z');
        k += count;
      }
      flush();
    }
  }
  return drawings;
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
