/**
 * The cold NAIVE process: read the CLI render input, build the same definition, let pdfmake
 * (fonts by path) write the PDF. Arguments: IN.json OUT.pdf MEASURES.json.
 */
import { writeFile } from 'node:fs/promises';
import { loadRenderInput } from '../../cli/render-command.ts';
import { loadMeasureTable, naivePdf, reportDefinition, tableMeasure } from './naive.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const [inPath, outPath, measuresPath] = argv;
  if (!inPath || !outPath || !measuresPath) throw new Error('usage: cold.mjs IN.json OUT.pdf MEASURES.json');
  const input = await loadRenderInput(inPath);
  const pdf = await naivePdf(reportDefinition(input, tableMeasure(loadMeasureTable(measuresPath)))).getBuffer();
  await writeFile(outPath, pdf);
  return 0;
}
