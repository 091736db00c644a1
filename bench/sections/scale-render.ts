/**
 * Section "scale (render)": one child process per size. Renders the example report once (fonts
 * parsed, code warm), then times buildRenderInput + renderPdf of a synthetic campaign of SIZE
 * organizations (the renderer keeps nothing of one document for the next but what serves any
 * document, so each run is what a worker meets with a campaign it has not rendered before).
 * Memory: the kernel's peak RSS of this process (getrusage maxRSS) above its value after the
 * warm-up, and the heap sampled around each run.
 *
 * Usage: tsx bench/sections/scale-render.ts SIZE RUNS OUT.json
 */
import { writeFileSync } from 'node:fs';
import { buildRenderInput } from '#core/render-input.ts';
import { renderPdf } from '#templates/render.ts';
import { renderInputFromFile } from '../../cli/render-command.ts';
import { exampleReportFile, syntheticCampaign } from '../lib/fixtures.ts';
import { gcFunction, median } from '../lib/measure.ts';

export type ScaleRender = {
  organizations: number;
  submissions: number;
  pages: number;
  pdfBytes: number;
  runsMs: number[];
  medianMs: number;
  maxRssBaseMb: number;
  maxRssPeakMb: number;
  maxRssPeakDeltaMb: number;
  heapAfterRunDeltaMb: number;
};

async function main(): Promise<void> {
  const [sizeArg, runsArg, outPath] = process.argv.slice(2);
  if (!sizeArg || !runsArg || !outPath) throw new Error('usage: scale-render.ts SIZE RUNS OUT.json');
  const size = Number(sizeArg);
  const gc = gcFunction();
  await renderPdf(renderInputFromFile(exampleReportFile()));
  await renderPdf(renderInputFromFile(exampleReportFile()));
  const prepared = renderInputFromFile(syntheticCampaign(size, `bench-scale-${size}`));
  const args = {
    campaign: prepared.campaign,
    organizations: prepared.organizations,
    latestSubmissions: prepared.submissions,
    document: prepared.document,
    publicBaseUrl: 'http://127.0.0.1:3000',
  };
  gc();
  const maxRssBase = process.resourceUsage().maxRSS / 1024;
  const heapBase = process.memoryUsage().heapUsed;
  let heapAfter = 0;
  const runs: number[] = [];
  let pages = 0;
  let pdfBytes = 0;
  for (let i = 0; i < Number(runsArg); i++) {
    gc();
    const start = performance.now();
    const result = await renderPdf(buildRenderInput(args));
    runs.push(performance.now() - start);
    heapAfter = Math.max(heapAfter, process.memoryUsage().heapUsed - heapBase);
    pages = result.pages;
    pdfBytes = result.pdf.length;
  }
  const out: ScaleRender = {
    organizations: prepared.organizations.length,
    submissions: prepared.submissions.length,
    pages,
    pdfBytes,
    runsMs: runs,
    medianMs: median(runs),
    maxRssBaseMb: maxRssBase,
    maxRssPeakMb: process.resourceUsage().maxRSS / 1024,
    maxRssPeakDeltaMb: process.resourceUsage().maxRSS / 1024 - maxRssBase,
    heapAfterRunDeltaMb: heapAfter / 2 ** 20,
  };
  writeFileSync(outPath, JSON.stringify(out, null, 2));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
