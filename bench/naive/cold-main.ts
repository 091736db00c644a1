/**
 * The cold NAIVE process: read CLI render inputs, build the same definitions, let pdfmake (fonts
 * by path, a fresh createPdf per document) write the PDFs. Arguments: MEASURES.json OUT IN.json…
 * (OUT a file for one input, a folder for several, as `congress-docs render`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { loadRenderInput } from '../../cli/render-command.ts';
import { loadMeasureTable, naivePdf, reportDefinition, tableMeasure } from './naive.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const [measuresPath, out, ...inputs] = argv;
  if (!measuresPath || !out || inputs.length === 0) throw new Error('usage: cold.mjs MEASURES.json OUT IN.json…');
  const measure = tableMeasure(loadMeasureTable(measuresPath));
  if (inputs.length > 1) await mkdir(out, { recursive: true });
  for (const inPath of inputs) {
    const input = await loadRenderInput(inPath);
    const pdf = await naivePdf(reportDefinition(input, measure)).getBuffer();
    await writeFile(inputs.length > 1 ? join(out, `${basename(inPath, '.json')}.pdf`) : out, pdf);
  }
  return 0;
}
