/**
 * Section "render": the Quảng Ninh report, ours against a naive pdfmake and headless Chromium,
 * warm (in this process) and cold (a fresh process until the PDF is written), in one run.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderInputFromFile } from '../../cli/render-command.ts';
import { fontPaths } from '#renderer/fonts.ts';
import { measureText } from '#renderer/render-document.ts';
import { renderPdf } from '#templates/render.ts';
import { exampleReportFile, REPO_ROOT, syntheticCampaign } from '../lib/fixtures.ts';
import { printReports } from '../lib/chromium-cdp.ts';
import { reportHtml } from '../lib/html.ts';
import { median, percentile, runTimed } from '../lib/measure.ts';
import { naiveBuffer, recordingMeasure, reportDefinition, saveMeasureTable, tableMeasure, type MeasureTable } from '../naive/naive.ts';

export const CHROMIUM = '/usr/bin/chromium';

export type Series = { runs: number[]; median: number; p99: number; min: number };

export function series(runs: number[]): Series {
  return { runs: runs.map((r) => Math.round(r * 100) / 100), median: median(runs), p99: percentile(runs, 99), min: Math.min(...runs) };
}

export type RenderResults = {
  pages: number;
  pdfBytes: number;
  naivePages: number;
  warm: {
    oursMsPerDoc: Series;
    naiveMsPerDoc: Series;
    oursMsPerPage: number;
    naiveMsPerPage: number;
    /** CPU time of this process per document (user + system): less sensitive to a busy machine. */
    oursCpuMsPerDoc: Series;
    naiveCpuMsPerDoc: Series;
  };
  /** `oursMs`: the command as a user runs it (cli/bin.mjs, its shell launcher); `viaNodeMs`: `node cli/bin.mjs`. */
  cold: { oursMs: Series; viaNodeMs: Series; naiveMs: Series; oursCpuMs: Series; naiveCpuMs: Series };
  cli: { oneMs: Series; twentyOneMs: Series; msPerPage: number };
  /** The naive process the same way: 21 inputs in one process against 1. */
  naiveOutside: { oneMs: Series; twentyOneMs: Series; msPerPage: number };
  /**
   * Ours, 21 reports of 21 different campaigns (different organizations, figures and tables)
   * against the first alone: what is left when documents share nothing but the templates.
   */
  different: { oneMs: Series; twentyOneMs: Series; pages: number; msPerPage: number };
  chromium:
    | { skipped: string }
    | {
        coldMs: Series;
        /** CPU of the launcher and the helpers it waited for; helpers killed at the end are not counted. */
        coldCpuMs: Series;
        pages1: number;
        /** One long document: the page holding 21 copies of the report, one `--print-to-pdf` launch. */
        pages21: number;
        copies21Ms: Series;
        /** Chromium's best case: (T 21 copies in one document − T 1 copy) / (pages21 − pages1). */
        warmMsPerPageOneDocument: number;
        /** Like-for-like with `cli`: one launch (CDP over a pipe) printing the report once vs 21 times as 21 PDFs. */
        reports1Ms: Series;
        reports21Ms: Series;
        /** Pages of one report printed over CDP (every PDF of every run is checked to have this many). */
        reportPages: number;
        /** (median T 21 reports − median T 1 report) / (20 × reportPages). */
        warmMsPerPageReports: number;
        version: string;
      };
  ratios: {
    warmNaiveOverOurs: number;
    coldNaiveOverOurs: number;
    chromiumColdOverOursCold?: number;
    /** Chromium one long document per page / ours warm in process per page. */
    chromiumWarmOverOursWarm?: number;
    /** Chromium 21 reports vs 1 per page / ours 21 inputs vs 1 per page (`cli.msPerPage`): the like-for-like pair. */
    chromiumReportsWarmOverCliWarm?: number;
    /** Chromium one long document per page / `cli.msPerPage`. */
    chromiumDocumentWarmOverCliWarm?: number;
    /** The same ratios on CPU time instead of wall time. */
    warmNaiveOverOursCpu: number;
    coldNaiveOverOursCpu: number;
    /** Naive 21 inputs vs 1 per page / ours 21 inputs vs 1 per page, both from outside. */
    naiveOutsideOverCliWarm: number;
  };
};

/** Pages of a PDF written by pdfkit or Skia: page objects are never compressed in either. */
export function countPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

const NODE = process.execPath;

export async function renderSection(opts: { warmRuns: number; coldRuns: number; cliRuns: number; log: (s: string) => void }): Promise<RenderResults> {
  const { log } = opts;
  const dir = await mkdtemp(join(tmpdir(), 'congress-docs-bench-'));
  try {
    // ---- inputs --------------------------------------------------------------------------------
    const file = exampleReportFile();
    const inPath = join(dir, 'report.json');
    await writeFile(inPath, JSON.stringify(file));
    const input = renderInputFromFile(file);
    const widths: MeasureTable = {};
    const definition = reportDefinition(input, recordingMeasure(measureText, widths));
    const measuresPath = join(dir, 'measures.json');
    saveMeasureTable(measuresPath, widths);
    const naiveMeasure = tableMeasure(widths);

    // ---- warm: one process, interleaved so that load on the machine hits both alike -----------
    log('render: warm (in process)');
    const first = await renderPdf(input);
    const pages = first.pages;
    const naiveFirst = await naiveBuffer(input, naiveMeasure);
    const naivePages = countPages(naiveFirst);
    for (let i = 0; i < 3; i++) {
      await renderPdf(input);
      await naiveBuffer(input, naiveMeasure);
    }
    const ours: number[] = [];
    const naive: number[] = [];
    const oursCpu: number[] = [];
    const naiveCpu: number[] = [];
    const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    for (let i = 0; i < opts.warmRuns; i++) {
      let c = process.cpuUsage();
      let t = performance.now();
      await renderPdf(input);
      ours.push(performance.now() - t);
      oursCpu.push(cpuMs(process.cpuUsage(c)));
      c = process.cpuUsage();
      t = performance.now();
      await naiveBuffer(input, naiveMeasure);
      naive.push(performance.now() - t);
      naiveCpu.push(cpuMs(process.cpuUsage(c)));
    }

    // ---- cold: a fresh process until the PDF is written --------------------------------------
    // `congress-docs` as a user runs it: the bin file itself (cli/bin.mjs starts the snapshot from
    // its shell part); `node cli/bin.mjs` (one more Node start) is measured beside it.
    log('render: cold (fresh processes)');
    const bin = join(REPO_ROOT, 'cli/bin.mjs');
    const naiveBin = join(REPO_ROOT, 'bench/naive/cold.mjs');
    const coldOurs: number[] = [];
    const coldViaNode: number[] = [];
    const coldNaive: number[] = [];
    const coldOursCpu: number[] = [];
    const coldNaiveCpu: number[] = [];
    for (let i = 0; i <= opts.coldRuns; i++) {
      const a = await runTimed(bin, ['render', inPath, '-o', join(dir, `ours-${i}.pdf`)], { cwd: REPO_ROOT });
      const v = await runTimed(NODE, [bin, 'render', inPath, '-o', join(dir, `via-node-${i}.pdf`)], { cwd: REPO_ROOT });
      const b = await runTimed(NODE, [naiveBin, measuresPath, join(dir, `naive-${i}.pdf`), inPath], { cwd: REPO_ROOT });
      if (i === 0) continue; // the first of each fills the OS file cache and tsx's transform cache
      coldOurs.push(a.ms);
      coldViaNode.push(v.ms);
      coldNaive.push(b.ms);
      coldOursCpu.push(a.cpuMs);
      coldNaiveCpu.push(b.cpuMs);
    }
    const coldPdf = await readFile(join(dir, 'ours-1.pdf'));
    if (countPages(coldPdf) !== pages) throw new Error('render: the CLI wrote a different page count');

    // ---- congress-docs render: 21 inputs in one process vs 1 (the acceptance test's method) -----
    log('render: congress-docs render, 1 vs 21 inputs');
    const many: string[] = [];
    for (let i = 1; i <= 21; i++) {
      const p = join(dir, `report-${String(i).padStart(2, '0')}.json`);
      await writeFile(p, JSON.stringify({ ...file, document: { ...file.document, id: `bench-report-${i}` } }));
      many.push(p);
    }
    await mkdir(join(dir, 'many'), { recursive: true });
    const one: number[] = [];
    const twentyOne: number[] = [];
    const naiveOne: number[] = [];
    const naiveTwentyOne: number[] = [];
    for (let i = 0; i < opts.cliRuns; i++) {
      one.push((await runTimed(bin, ['render', inPath, '-o', join(dir, 'one.pdf')], { cwd: REPO_ROOT })).ms);
      twentyOne.push((await runTimed(bin, ['render', ...many, '-o', join(dir, 'many')], { cwd: REPO_ROOT })).ms);
      naiveOne.push((await runTimed(NODE, [naiveBin, measuresPath, join(dir, 'naive-one.pdf'), inPath], { cwd: REPO_ROOT })).ms);
      naiveTwentyOne.push((await runTimed(NODE, [naiveBin, measuresPath, join(dir, 'naive-many'), ...many], { cwd: REPO_ROOT, timeoutMs: 300_000 })).ms);
    }
    const cliPerPage = (median(twentyOne) - median(one)) / (20 * pages);
    const naiveOutsidePerPage = (median(naiveTwentyOne) - median(naiveOne)) / (20 * naivePages);

    // ---- 21 different reports: nothing shared but the templates ----------------------------------
    log('render: congress-docs render, 21 different reports vs 1');
    const different: string[] = [];
    for (let i = 0; i < 21; i++) {
      const p = join(dir, `different-${String(i).padStart(2, '0')}.json`);
      await writeFile(p, JSON.stringify(syntheticCampaign(150 + 13 * i, `bench-different-${i}`)));
      different.push(p);
    }
    await mkdir(join(dir, 'different'), { recursive: true });
    const differentOne: number[] = [];
    const differentTwentyOne: number[] = [];
    for (let i = 0; i < opts.cliRuns; i++) {
      differentOne.push((await runTimed(bin, ['render', different[0]!, '-o', join(dir, 'different-one.pdf')], { cwd: REPO_ROOT })).ms);
      differentTwentyOne.push((await runTimed(bin, ['render', ...different, '-o', join(dir, 'different')], { cwd: REPO_ROOT })).ms);
    }
    let differentPages = 0;
    for (const p of different) differentPages += countPages(await readFile(join(dir, 'different', `${p.slice(p.lastIndexOf('/') + 1, -5)}.pdf`)));
    const firstPages = countPages(await readFile(join(dir, 'different-one.pdf')));
    const differentPerPage = (median(differentTwentyOne) - median(differentOne)) / (differentPages - firstPages);

    // ---- Chromium -------------------------------------------------------------------------------
    let chromium: RenderResults['chromium'] = { skipped: 'no chromium' };
    if (existsSync(CHROMIUM)) {
      log('render: headless Chromium');
      chromium = await chromiumRuns(dir, definition, opts.coldRuns, opts.cliRuns);
    }

    const warmOursPerPage = median(ours) / pages;
    const warmNaivePerPage = median(naive) / naivePages;
    const results: RenderResults = {
      pages,
      pdfBytes: first.pdf.length,
      naivePages,
      warm: {
        oursMsPerDoc: series(ours),
        naiveMsPerDoc: series(naive),
        oursMsPerPage: warmOursPerPage,
        naiveMsPerPage: warmNaivePerPage,
        oursCpuMsPerDoc: series(oursCpu),
        naiveCpuMsPerDoc: series(naiveCpu),
      },
      cold: {
        oursMs: series(coldOurs),
        viaNodeMs: series(coldViaNode),
        naiveMs: series(coldNaive),
        oursCpuMs: series(coldOursCpu),
        naiveCpuMs: series(coldNaiveCpu),
      },
      cli: { oneMs: series(one), twentyOneMs: series(twentyOne), msPerPage: cliPerPage },
      naiveOutside: { oneMs: series(naiveOne), twentyOneMs: series(naiveTwentyOne), msPerPage: naiveOutsidePerPage },
      different: { oneMs: series(differentOne), twentyOneMs: series(differentTwentyOne), pages: differentPages, msPerPage: differentPerPage },
      chromium,
      ratios: {
        warmNaiveOverOurs: warmNaivePerPage / warmOursPerPage,
        coldNaiveOverOurs: median(coldNaive) / median(coldOurs),
        warmNaiveOverOursCpu: median(naiveCpu) / naivePages / (median(oursCpu) / pages),
        coldNaiveOverOursCpu: median(coldNaiveCpu) / median(coldOursCpu),
        naiveOutsideOverCliWarm: naiveOutsidePerPage / cliPerPage,
      },
    };
    if ('coldMs' in chromium) {
      results.ratios.chromiumColdOverOursCold = chromium.coldMs.median / median(coldOurs);
      results.ratios.chromiumWarmOverOursWarm = chromium.warmMsPerPageOneDocument / warmOursPerPage;
      results.ratios.chromiumReportsWarmOverCliWarm = chromium.warmMsPerPageReports / cliPerPage;
      results.ratios.chromiumDocumentWarmOverCliWarm = chromium.warmMsPerPageOneDocument / cliPerPage;
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Cold: one launch printing the one-copy page (launch + load + layout + PDF).
 *
 * Warm per page, two ways, interleaved run by run with the cold series:
 * - one long document (Chromium's best case): a page holding 21 copies of the report against the
 *   one-copy page, each its own `--print-to-pdf` launch; the difference divided by the difference
 *   in pages is Chromium's cost of one more page of the same document once it runs.
 * - 21 reports (like-for-like with `congress-docs render` 21 inputs vs 1): one launch driven over
 *   the DevTools pipe that loads and prints the one-copy page 21 times, 21 PDFs, against one that
 *   does it once; both include the launch, which cancels out of (T21 − T1) / (20 × pages).
 */
async function chromiumRuns(
  dir: string,
  definition: ReturnType<typeof reportDefinition>,
  coldRuns: number,
  manyRuns: number,
): Promise<RenderResults['chromium']> {
  const html1 = join(dir, 'report-1.html');
  const html21 = join(dir, 'report-21.html');
  const fonts = fontPaths();
  await writeFile(html1, reportHtml(definition as never, fonts, 1));
  await writeFile(html21, reportHtml(definition as never, fonts, 21));
  const version = (await runTimed(CHROMIUM, ['--version'], { group: true, allowFailure: true })).stdout.trim();
  let n = 0;
  const print = async (html: string) => {
    const out = join(dir, `chromium-${++n}.pdf`);
    const profile = join(dir, `chromium-profile-${n}`);
    const run = await runTimed(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-pdf-header-footer',
        `--user-data-dir=${profile}`,
        `--print-to-pdf=${out}`,
        pathToFileURL(html).href,
      ],
      { group: true, timeoutMs: 90_000 },
    );
    const pdf = await readFile(out);
    await rm(profile, { recursive: true, force: true });
    return { ms: run.ms, cpuMs: run.cpuMs, pages: countPages(pdf) };
  };
  const html1Url = pathToFileURL(html1).href;
  let reportPages = 0;
  const printMany = async (count: number) => {
    const out = join(dir, `chromium-cdp-${++n}`);
    await mkdir(out);
    const run = await printReports(html1Url, count, out, { chromium: CHROMIUM });
    if (run.files.length !== count) throw new Error(`render: Chromium printed ${run.files.length} PDFs, not ${count}`);
    for (const f of run.files) {
      const p = countPages(await readFile(f));
      if (reportPages === 0) reportPages = p;
      if (p !== reportPages || p === 0) throw new Error(`render: Chromium (CDP) printed ${f} on ${p} pages, another on ${reportPages}`);
    }
    await rm(out, { recursive: true, force: true });
    return run.ms;
  };
  const cold: number[] = [];
  const coldCpu: number[] = [];
  const copies21: number[] = [];
  const reports1: number[] = [];
  const reports21: number[] = [];
  let pages1 = 0;
  let pages21 = 0;
  await print(html1); // warms the OS file cache, like the other cold series
  await printMany(1);
  for (let i = 0; i < Math.max(coldRuns, manyRuns); i++) {
    if (i < coldRuns) {
      const r = await print(html1);
      cold.push(r.ms);
      coldCpu.push(r.cpuMs);
      pages1 = r.pages;
    }
    if (i < manyRuns) {
      const r = await print(html21);
      copies21.push(r.ms);
      pages21 = r.pages;
      reports1.push(await printMany(1));
      reports21.push(await printMany(21));
    }
  }
  const warmMsPerPageOneDocument = (median(copies21) - median(cold)) / Math.max(1, pages21 - pages1);
  const warmMsPerPageReports = (median(reports21) - median(reports1)) / (20 * reportPages);
  return {
    coldMs: series(cold),
    coldCpuMs: series(coldCpu),
    pages1,
    pages21,
    copies21Ms: series(copies21),
    warmMsPerPageOneDocument,
    reports1Ms: series(reports1),
    reports21Ms: series(reports21),
    reportPages,
    warmMsPerPageReports,
    version,
  };
}
