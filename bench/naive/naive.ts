/**
 * The NAIVE baseline: pdfmake used as its README shows for Node — fonts named by file path,
 * `setFonts` and a fresh `createPdf` per document, no cache of any kind. The document
 * definition is the very one our renderer lays out (the report template, plus the PDF Info).
 *
 * The template measures one string (the party name's width, for the header rule). A naive
 * program would not own a measuring engine, so it gets those widths from a table recorded while
 * rendering the same input with our engine: the naive side pays nothing for measuring.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { RenderInput } from '#core/render-input.ts';
import { fontPaths } from '#renderer/fonts.ts';
import type { MeasureText } from '#templates/party-layout.ts';
import { documentInfo } from '#templates/render.ts';
import { reportDocument } from '#templates/report.ts';

export type MeasureTable = Record<string, number>;

const measureKey = (text: string, style: { fontSize: number; bold?: boolean; italics?: boolean }) =>
  JSON.stringify([text, style.fontSize, !!style.bold, !!style.italics]);

/** Wraps a measure so that every width it gives is also written into `table`. */
export function recordingMeasure(measure: MeasureText, table: MeasureTable): MeasureText {
  return (text, style) => {
    const width = measure(text, style);
    table[measureKey(text, style)] = width;
    return width;
  };
}

export function tableMeasure(table: MeasureTable): MeasureText {
  return (text, style) => {
    const width = table[measureKey(text, style)];
    if (width === undefined) throw new Error(`naive bench: no recorded width for ${JSON.stringify(text)}`);
    return width;
  };
}

export function saveMeasureTable(path: string, table: MeasureTable): void {
  writeFileSync(path, JSON.stringify(table));
}

export function loadMeasureTable(path: string): MeasureTable {
  return JSON.parse(readFileSync(path, 'utf8')) as MeasureTable;
}

/** The same pdfmake definition renderPdf lays out for a report. */
export function reportDefinition(input: RenderInput, measure: MeasureText): TDocumentDefinitions {
  const page = reportDocument(input, measure);
  return { ...page, info: documentInfo(input) } as TDocumentDefinitions;
}

/** One naive document: fonts by path, setFonts + createPdf, as pdfmake's README does. */
export function naivePdf(definition: TDocumentDefinitions): ReturnType<typeof pdfmake.createPdf> {
  const paths = fontPaths();
  pdfmake.setFonts({ NotoSerif: { normal: paths.normal, bold: paths.bold, italics: paths.italics, bolditalics: paths.bolditalics } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => true);
  return pdfmake.createPdf(definition);
}

export function naiveBuffer(input: RenderInput, measure: MeasureText): Promise<Buffer> {
  return naivePdf(reportDefinition(input, measure)).getBuffer();
}
