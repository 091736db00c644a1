/**
 * Section "render": ours against a naive pdfmake and headless Chromium, in one run. Warm: the
 * reports of 21 different campaigns (no two documents with the same data), per page. Cold: a fresh
 * process until the Quảng Ninh report's PDF is written. See bench/README.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderInputFromFile } from '../../cli/render-command.ts';
import { fontPaths } from '#renderer/fonts.ts';
import { forgetSharedWords } from '#renderer/faces.ts';
import { measureText } from '#renderer/render-document.ts';
import { renderPdf } from '#templates/render.ts';
import { exampleReportFile, REPO_ROOT, syntheticCampaign } from '../lib/fixtures.ts';
import { printReports } from '../lib/chromium-cdp.ts';
import { reportHtml } from '../lib/html.ts';
import { median, percentile, runTimed } from '../lib/measure.ts';
import { naiveBuffer, recordingMeasure, reportDefinition, saveMeasureTable, tableMeasure, type MeasureTable } from '../naive/naive.ts';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type Series = { runs: number[]; median: number; p99: number; min: number };

export function series(runs: number[]): Series {
  return { runs: runs.map((r) => Math.round(r * 100) / 100), median: median(runs), p99: percentile(runs, 99), min: Math.min(...runs) };
}

export type RenderResults = {
  /**
   * The reports of 21 different campaigns (150–410 organizations each): no two share data. These
   * are rendered from outside and by Chromium; `warmRoundsPages`: the pages of all warm rounds.
   */
  different: { documents: number; pages: number; naivePages: number; firstPages: number; warmRoundsPages: number };
  /**
   * Warm, in one process, the headline: each round renders 21 reports of campaigns not met
   * before (differentCampaigns) with ours, then the same 21 with naive pdfmake (interleaved so
   * that load on the machine hits both alike); per page, median over the rounds.
   */
  warm: {
    oursMsPerPage: Series;
    naiveMsPerPage: Series;
    /** CPU time of this process per page (user + system): less sensitive to a busy machine. */
    oursCpuMsPerPage: Series;
    naiveCpuMsPerPage: Series;
    /** Ours again on each round's reports, the shared shaped words forgotten before each document. */
    oursWordsNotSharedMsPerPage: Series;
  };
  /** A fresh process until the example report's PDF is written. `oursMs`: cli/bin.mjs as a user runs it; `viaNodeMs`: `node cli/bin.mjs`. */
  cold: { pages: number; oursMs: Series; viaNodeMs: Series; naiveMs: Series; oursCpuMs: Series; naiveCpuMs: Series };
  /** From outside: one process rendering the 21 different reports against one rendering the first: (T21 − T1) / (pages21 − pages1). */
  outside: { oursOneMs: Series; oursTwentyOneMs: Series; oursMsPerPage: number; naiveOneMs: Series; naiveTwentyOneMs: Series; naiveMsPerPage: number };
  /**
   * Every headless Chromium build present, each measured the same way: Debian's `chromium` (the
   * full browser in its headless mode, what a person installs) where installed, and the lean
   * headless shell @sparticuz/chromium ships in its npm package (always, after npm ci).
   */
  chromium: ChromiumResults[];
  /** Why a build was not measured (not installed, failed to start). */
  chromiumSkipped: string[];
  ratios: {
    /** Warm per page, 21 different reports: naive / ours, and on CPU time. */
    warmNaiveOverOurs: number;
    warmNaiveOverOursCpu: number;
    outsideNaiveOverOurs: number;
    coldNaiveOverOurs: number;
    coldNaiveOverOursCpu: number;
  };
};

export type ChromiumResults = {
  /** `debian`: /usr/bin/chromium; `headless-shell`: the binary of @sparticuz/chromium. */
  build: ChromiumBuild;
  /** One launch (CDP) printing the example report: launch + first document. */
  coldMs: Series;
  coldPages: number;
  /** One launch (CDP over a pipe) printing the first different report, and all 21 (21 PDFs). */
  first1Ms: Series;
  different21Ms: Series;
  /** Pages of the 21 reports as Chromium prints them, and of the first. */
  pages21: number;
  pages1: number;
  /** (median T 21 − median T 1) / (pages21 − pages1): Chromium's warm cost of a page of a new document. */
  warmMsPerPage: number;
  executable: string;
  version: string;
  ratios: {
    /** Chromium's warm per page / ours warm in process per page (the headline pair). */
    warmOverOurs: number;
    /** The same pair from outside: Chromium's / congress-docs render's (T21 − T1) per page. */
    outsideOverOurs: number;
    /** Chromium's launch + first document / a fresh congress-docs render of the example. */
    coldOverOurs: number;
  };
};

export type ChromiumBuild = 'debian' | 'headless-shell';

/** Pages of a PDF written by pdfkit or Skia: page objects are never compressed in either. */
export function countPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

const NODE = process.execPath;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/**
 * The 21 campaigns of round `round`: every report has its own organizations, figures, tables and
 * pages, and no campaign of one round is met again in another (sizes 150 + 13·i + 7·round, i < 21,
 * round < 13, never repeat): warm rounds measure documents the process has not rendered before.
 */
export function differentCampaigns(round: number): { size: number; id: string }[] {
  return Array.from({ length: 21 }, (_, i) => ({ size: 150 + 13 * i + 7 * round, id: `bench-different-${round}-${i}` }));
}

export async function renderSection(opts: { warmRounds: number; coldRuns: number; cliRuns: number; log: (s: string) => void }): Promise<RenderResults> {
  const { log } = opts;
  const dir = await mkdtemp(join(tmpdir(), 'congress-docs-bench-'));
  try {
    // ---- inputs --------------------------------------------------------------------------------
    const example = exampleReportFile();
    const examplePath = join(dir, 'report.json');
    await writeFile(examplePath, JSON.stringify(example));
    const files = differentCampaigns(0).map(({ size, id }) => syntheticCampaign(size, id));
    const paths: string[] = [];
    for (const [i, file] of files.entries()) {
      const path = join(dir, `different-${String(i).padStart(2, '0')}.json`);
      await writeFile(path, JSON.stringify(file));
      paths.push(path);
    }
    const inputs = files.map((file) => renderInputFromFile(file));
    // The naive side gets the few widths the templates measure from a table (see naive.ts).
    const widths: MeasureTable = {};
    const recording = recordingMeasure(measureText, widths);
    const definitions = inputs.map((input) => reportDefinition(input, recording));
    reportDefinition(renderInputFromFile(example), recording);
    const measuresPath = join(dir, 'measures.json');
    saveMeasureTable(measuresPath, widths);
    const naiveMeasure = tableMeasure(widths);

    // ---- warm: one process, 21 new different reports a round, ours and naive interleaved --------
    log(`render: warm, ${inputs.length} different reports a round, ${opts.warmRounds} rounds of new campaigns (in process)`);
    // Round 0 (the 21 reports of the runs from outside and of Chromium) warms the code and parses the faces.
    let pages = 0;
    let naivePages = 0;
    for (const input of inputs) pages += (await renderPdf(input)).pages;
    for (const input of inputs) naivePages += countPages(await naiveBuffer(input, naiveMeasure));
    const firstPages = (await renderPdf(inputs[0]!)).pages;
    const ours: number[] = [];
    const naive: number[] = [];
    const oursCpu: number[] = [];
    const naiveCpu: number[] = [];
    const wordsAlone: number[] = [];
    let warmPages = 0;
    for (let round = 1; round <= opts.warmRounds; round++) {
      const roundInputs = differentCampaigns(round).map(({ size, id }) => renderInputFromFile(syntheticCampaign(size, id)));
      let c = process.cpuUsage();
      let t = performance.now();
      let roundPages = 0;
      for (const input of roundInputs) roundPages += (await renderPdf(input)).pages;
      ours.push((performance.now() - t) / roundPages);
      oursCpu.push(cpuMs(process.cpuUsage(c)) / roundPages);
      warmPages += roundPages;
      let naiveRoundPages = 0;
      c = process.cpuUsage();
      t = performance.now();
      for (const input of roundInputs) naiveRoundPages += countPages(await naiveBuffer(input, naiveMeasure));
      naive.push((performance.now() - t) / naiveRoundPages);
      naiveCpu.push(cpuMs(process.cpuUsage(c)) / naiveRoundPages);
      // The same reports again, each shaping its own words: what sharing shaped words is worth.
      t = performance.now();
      for (const input of roundInputs) {
        forgetSharedWords();
        await renderPdf(input);
      }
      wordsAlone.push((performance.now() - t) / roundPages);
    }
    forgetSharedWords();

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
      const a = await runTimed(bin, ['render', examplePath, '-o', join(dir, `ours-${i}.pdf`)], { cwd: REPO_ROOT });
      const v = await runTimed(NODE, [bin, 'render', examplePath, '-o', join(dir, `via-node-${i}.pdf`)], { cwd: REPO_ROOT });
      const b = await runTimed(NODE, [naiveBin, measuresPath, join(dir, `naive-${i}.pdf`), examplePath], { cwd: REPO_ROOT });
      if (i === 0) continue; // the first of each fills the OS file cache and tsx's transform cache
      coldOurs.push(a.ms);
      coldViaNode.push(v.ms);
      coldNaive.push(b.ms);
      coldOursCpu.push(a.cpuMs);
      coldNaiveCpu.push(b.cpuMs);
    }
    const coldPages = countPages(await readFile(join(dir, 'ours-1.pdf')));

    // ---- from outside: one process for the 21 different reports against one for the first ------
    log('render: congress-docs render and naive pdfmake, 21 different reports vs the first, from outside');
    await mkdir(join(dir, 'ours-21'), { recursive: true });
    const oursOne: number[] = [];
    const oursTwentyOne: number[] = [];
    const naiveOne: number[] = [];
    const naiveTwentyOne: number[] = [];
    for (let i = 0; i < opts.cliRuns; i++) {
      oursOne.push((await runTimed(bin, ['render', paths[0]!, '-o', join(dir, 'ours-1st.pdf')], { cwd: REPO_ROOT })).ms);
      oursTwentyOne.push((await runTimed(bin, ['render', ...paths, '-o', join(dir, 'ours-21')], { cwd: REPO_ROOT })).ms);
      naiveOne.push((await runTimed(NODE, [naiveBin, measuresPath, join(dir, 'naive-1st.pdf'), paths[0]!], { cwd: REPO_ROOT })).ms);
      naiveTwentyOne.push((await runTimed(NODE, [naiveBin, measuresPath, join(dir, 'naive-21'), ...paths], { cwd: REPO_ROOT, timeoutMs: 300_000 })).ms);
    }
    const oursOutsidePerPage = (median(oursTwentyOne) - median(oursOne)) / (pages - firstPages);
    const naiveFirstPages = countPages(await readFile(join(dir, 'naive-1st.pdf')));
    const naiveOutsidePerPage = (median(naiveTwentyOne) - median(naiveOne)) / (naivePages - naiveFirstPages);

    // ---- Chromium: every build present -----------------------------------------------------------
    const chromium: Omit<ChromiumResults, 'ratios'>[] = [];
    const { launches, skipped: chromiumSkipped } = await chromiumLaunches();
    const exampleDefinition = reportDefinition(renderInputFromFile(example), naiveMeasure);
    for (const launch of launches) {
      log(`render: headless Chromium, ${launch.build} (${launch.executable})`);
      chromium.push(await chromiumRuns(dir, launch, exampleDefinition, definitions, opts.coldRuns, opts.cliRuns));
    }

    const warmOurs = median(ours);
    const results: RenderResults = {
      different: { documents: inputs.length, pages, naivePages, firstPages, warmRoundsPages: warmPages },
      warm: {
        oursMsPerPage: series(ours),
        naiveMsPerPage: series(naive),
        oursCpuMsPerPage: series(oursCpu),
        naiveCpuMsPerPage: series(naiveCpu),
        oursWordsNotSharedMsPerPage: series(wordsAlone),
      },
      cold: {
        pages: coldPages,
        oursMs: series(coldOurs),
        viaNodeMs: series(coldViaNode),
        naiveMs: series(coldNaive),
        oursCpuMs: series(coldOursCpu),
        naiveCpuMs: series(coldNaiveCpu),
      },
      outside: {
        oursOneMs: series(oursOne),
        oursTwentyOneMs: series(oursTwentyOne),
        oursMsPerPage: oursOutsidePerPage,
        naiveOneMs: series(naiveOne),
        naiveTwentyOneMs: series(naiveTwentyOne),
        naiveMsPerPage: naiveOutsidePerPage,
      },
      chromium: chromium.map((c) => ({
        ...c,
        ratios: {
          warmOverOurs: c.warmMsPerPage / median(ours),
          outsideOverOurs: c.warmMsPerPage / oursOutsidePerPage,
          coldOverOurs: c.coldMs.median / median(coldOurs),
        },
      })),
      chromiumSkipped,
      ratios: {
        warmNaiveOverOurs: median(naive) / warmOurs,
        warmNaiveOverOursCpu: median(naiveCpu) / median(oursCpu),
        outsideNaiveOverOurs: naiveOutsidePerPage / oursOutsidePerPage,
        coldNaiveOverOurs: median(coldNaive) / median(coldOurs),
        coldNaiveOverOursCpu: median(coldNaiveCpu) / median(coldOursCpu),
      },
    };
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type ChromiumLaunch = { build: ChromiumBuild; executable: string; args: string[] };

/**
 * Debian's chromium where installed, and the one @sparticuz/chromium ships with the flags that
 * build needs (its own `--headless` form aside: chromium-cdp.ts sets headless).
 */
async function chromiumLaunches(): Promise<{ launches: ChromiumLaunch[]; skipped: string[] }> {
  const launches: ChromiumLaunch[] = [];
  const skipped: string[] = [];
  if (existsSync(SYSTEM_CHROMIUM)) launches.push({ build: 'debian', executable: SYSTEM_CHROMIUM, args: [] });
  else skipped.push(`debian: no ${SYSTEM_CHROMIUM} (apt-get install chromium to compare with the full browser)`);
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    launches.push({ build: 'headless-shell', executable: await packaged.executablePath(), args: packaged.args.filter((a) => !a.startsWith('--headless')) });
  } catch (error) {
    skipped.push(`headless-shell: @sparticuz/chromium did not start (${(error as Error).message})`);
  }
  return { launches, skipped };
}

/**
 * Every Chromium series is one launch driven over the DevTools protocol on
 * `--remote-debugging-pipe` (bench/lib/chromium-cdp.ts), timed from spawn to the browser's exit:
 * - cold: a launch that loads and prints the example report (launch + first document);
 * - warm per page, like-for-like with ours: a launch that prints the 21 different reports (21
 *   PDFs) against one that prints the first; both include the launch, which cancels out of
 *   (T21 − T1) / (pages21 − pages1).
 * Interleaved run by run; one discarded run of each first (OS file cache).
 */
async function chromiumRuns(
  dir: string,
  launch: ChromiumLaunch,
  example: ReturnType<typeof reportDefinition>,
  definitions: ReturnType<typeof reportDefinition>[],
  coldRuns: number,
  manyRuns: number,
): Promise<Omit<ChromiumResults, 'ratios'>> {
  const fonts = fontPaths();
  const urlOf = async (name: string, definition: ReturnType<typeof reportDefinition>) => {
    const path = join(dir, `${name}.html`);
    await writeFile(path, reportHtml(definition as never, fonts, 1));
    return pathToFileURL(path).href;
  };
  const exampleUrl = await urlOf('example', example);
  const urls: string[] = [];
  for (const [i, definition] of definitions.entries()) urls.push(await urlOf(`different-${i}`, definition));
  const version = (await runTimed(launch.executable, ['--version'], { group: true, allowFailure: true, timeoutMs: 30_000 })).stdout.trim();
  let n = 0;
  const print = async (list: string[]) => {
    const out = join(dir, `chromium-cdp-${++n}`);
    await mkdir(out);
    const run = await printReports(list, list.length, out, { chromium: launch.executable, extraArgs: launch.args });
    if (run.files.length !== list.length) throw new Error(`render: Chromium printed ${run.files.length} PDFs, not ${list.length}`);
    let printed = 0;
    for (const f of run.files) printed += countPages(await readFile(f));
    await rm(out, { recursive: true, force: true });
    return { ms: run.ms, pages: printed };
  };
  const cold: number[] = [];
  const first1: number[] = [];
  const different21: number[] = [];
  let coldPages = 0;
  let pages1 = 0;
  let pages21 = 0;
  await print([exampleUrl]);
  await print(urls.slice(0, 1));
  for (let i = 0; i < Math.max(coldRuns, manyRuns); i++) {
    if (i < coldRuns) {
      const r = await print([exampleUrl]);
      cold.push(r.ms);
      coldPages = r.pages;
    }
    if (i < manyRuns) {
      const one = await print(urls.slice(0, 1));
      first1.push(one.ms);
      pages1 = one.pages;
      const all = await print(urls);
      different21.push(all.ms);
      pages21 = all.pages;
    }
  }
  return {
    build: launch.build,
    coldMs: series(cold),
    coldPages,
    first1Ms: series(first1),
    different21Ms: series(different21),
    pages21,
    pages1,
    warmMsPerPage: (median(different21) - median(first1)) / Math.max(1, pages21 - pages1),
    executable: `${launch.executable}${launch.args.length ? ` ${launch.args.join(' ')}` : ''}`,
    version,
  };
}
