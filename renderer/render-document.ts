import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { SHARED_FACES } from './faces.ts';
import { fontPaths } from './fonts.ts';
import { xmpPacket, type PdfInfo } from './pdf-a.ts';
import { drawPages, ENGINE_FONT_FAMILY, layOut, normalizePageSize, WarmDocument } from './pdf-internals.ts';
import { PageWriter } from './page-writer.ts';
import { SRGB_ICC_PROFILE } from './srgb-profile.ts';

export { measureText, prepareFaces } from './faces.ts';
export type { PdfInfo } from './pdf-a.ts';
export { ENGINE_FONT_FAMILY } from './pdf-internals.ts';

/**
 * The renderer's public face: a pdfmake definition → PDF/A-2b bytes, with pdfmake's own layout
 * and drawing code, faster for every document (see renderer/README.md):
 *
 * - the faces are parsed once per process and their shaped words shared (faces.ts), where
 *   `pdfmake.createPdf` builds a pdfkit document that parses every face and shapes every word
 *   again;
 * - words are shaped without fontkit's OpenType engine when they need none of it (simple-shaper.ts);
 * - subsets are written from glyph records (font-subsets.ts);
 * - style lookups and word measuring allocate less (style-lookups.ts, inline-measure.ts);
 * - pages are written by a leaner writer (page-writer.ts, line-writer.ts) and the file gathered
 *   synchronously, streams deflated fast (pdf-output.ts).
 *
 * Nothing is kept from one document for the next but what serves any document (no cache of
 * blocks, layouts or subsets that only a repeat of the same data would hit). Same definition,
 * same bytes: the dates come from the Info, pdfkit derives the file /ID from it, and font ids
 * follow the order of first use.
 *
 * Access policy: the engine reads no file and fetches no URL. Fonts come as bytes; any local path
 * a definition might name (an image) is refused unless it is one of the bundled font files.
 */

export type EngineDocument = Partial<
  Pick<TDocumentDefinitions, 'pageSize' | 'pageMargins' | 'header' | 'footer' | 'defaultStyle' | 'styles' | 'language'>
> &
  Pick<TDocumentDefinitions, 'content'> & { info: PdfInfo };

let bundledFontPaths: ReadonlySet<string> | undefined;

/** Only the bundled font files may be read by path (in practice none is: fonts come as bytes). */
function localAccessPolicy(path: string): boolean {
  bundledFontPaths ??= new Set(Object.values(fontPaths()));
  return bundledFontPaths.has(path);
}

/** Lays out and writes one document; resolves with the PDF bytes and its page count. */
export async function renderDocument(definition: EngineDocument): Promise<{ pdf: Buffer; pages: number }> {
  const pageSize = normalizePageSize(definition.pageSize ?? 'A4', 'portrait');
  const document = new WarmDocument({
    size: [pageSize.width, pageSize.height],
    info: definition.info,
    language: definition.language,
    faces: SHARED_FACES,
    localAccessPolicy,
    pdfA: { xmp: xmpPacket(definition.info), iccProfile: SRGB_ICC_PROFILE },
  });
  const pages = layOut(document, {
    pageSize,
    pageMargins: definition.pageMargins,
    content: definition.content,
    styles: definition.styles ?? {},
    defaultStyle: definition.defaultStyle ?? { font: ENGINE_FONT_FAMILY },
    header: definition.header,
    footer: definition.footer,
  });
  const writer = new PageWriter(document);
  try {
    drawPages(document, pages, writer);
  } finally {
    writer.finish();
  }
  return { pdf: document.finish(), pages: pages.length };
}
