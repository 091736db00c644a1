/**
 * `npm run bench` (CONTRACT §1): every benchmark of issue 6 in one run, a table on stdout and
 * every figure in bench/results.json. Goals are reported, never asserted. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, freemem, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { RENDER_YOUNG_GENERATION } from '../renderer/heap-flags.mjs';
import { exampleReportFile, REPO_ROOT } from './lib/fixtures.ts';
import { round, runTimed } from './lib/measure.ts';
import { bundleSection, workerFirstDocument, type BundleResult, type WorkerFirstDocument } from './sections/bundles.ts';
import { renderSection, type RenderResults } from './sections/render.ts';
import type { ScaleRender } from './sections/scale-render.ts';
import type { ServerResults } from './sections/server.ts';
import type { ConsoleResults } from './sections/console.ts';

const QUICK = process.argv.includes('--quick');
/** `--only render|server|scale|bundles|console`: one section, table only (bench/results.json is for whole runs). */
const ONLY = process.argv.find((a, i) => process.argv[i - 1] === '--only');
const SECTIONS = ['render', 'server', 'scale', 'bundles', 'console'];
if (ONLY !== undefined && !SECTIONS.includes(ONLY)) {
  process.stderr.write(`bench: --only takes one of ${SECTIONS.join(', ')}, not ${ONLY}\n`);
  process.exit(2);
}
const wants = (section: string) => !ONLY || ONLY === section;
const PLAN = QUICK
  ? { warmRounds: 3, coldRuns: 5, cliRuns: 3, perLevel: 300, orders: 10, sizes: [100, 1000, 10000], statsRuns: [3, 3, 3], scaleRuns: [5, 3, 3], importRuns: 5, workerRuns: 3, consoleRuns: 2, consoleOrganizations: 10_000 }
  : { warmRounds: 7, coldRuns: 7, cliRuns: 5, perLevel: 300, orders: 20, sizes: [100, 1000, 10000], statsRuns: [5, 5, 5], scaleRuns: [5, 5, 3], importRuns: 5, workerRuns: 5, consoleRuns: 3, consoleOrganizations: 10_000 };

const log = (s: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}\n`);
const t0 = performance.now();
const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const CHILD_ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' };

type Row = { section: string; case: string; median: string; p99OrRatio: string; goal: string; met: string };
const rows: Row[] = [];
const ms = (v: number) => (Number.isFinite(v) ? `${round(v, v < 10 ? 2 : 1)} ms` : 'n/a');
const times = (v: number) => (Number.isFinite(v) ? `${round(v, 2)}×` : 'n/a');
const row = (section: string, c: string, median: string, p99OrRatio = '', goal = '', met = '') =>
  rows.push({ section, case: c, median, p99OrRatio, goal, met });
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'yes' : 'NO');
/** Issue 13's goals: per page against each baseline, warm and from outside; a fresh process's first PDF. */
const PER_PAGE_GOAL = 8;
const COLD_GOAL = 3;
/** The ratio, its goal and whether it is met: the last three cells of a ratio row. */
const faster = (ratio: number, goal: number) => [times(ratio), `≥ ${goal}×`, verdict(ratio >= goal)] as const;

async function child<T>(script: string, args: string[], dir: string, name: string): Promise<T> {
  const out = join(dir, `${name}.json`);
  const r = await runTimed(process.execPath, [TSX, join(REPO_ROOT, script), ...args.map((a) => (a === '@OUT' ? out : a))], {
    cwd: REPO_ROOT,
    env: CHILD_ENV,
    timeoutMs: 600_000,
  });
  for (const line of r.stderr.split('\n')) if (line.trim()) log(`  ${line}`);
  return JSON.parse(await readFile(out, 'utf8')) as T;
}

/** Ingestion and statistics at scale, in a child process running the local app. */
async function serverSection(dir: string): Promise<ServerResults> {
  log('ingestion + scale statistics: starting the local app in a child process');
  return child<ServerResults>(
    'bench/sections/server.ts',
    ['@OUT', JSON.stringify({ perLevel: PLAN.perLevel, orders: PLAN.orders, sizes: PLAN.sizes, statsRuns: PLAN.statsRuns })],
    dir,
    'server',
  );
}

/** The render section's rows of the table. */
function renderRows(render: RenderResults): void {
  const { warm, cold, outside, ratios } = render;
  const d = render.different;
  const perPage = (s: { median: number; p99: number }) => [ms(s.median), `p99 ${ms(s.p99)}`] as const;
  const rounds = warm.oursMsPerPage.runs.length;
  row('render', `warm ours, ms/page: ${rounds} rounds of ${d.documents} reports of campaigns not met before (${d.warmRoundsPages} pages)`, ...perPage(warm.oursMsPerPage));
  row('render', 'warm naive pdfmake, ms/page, the same reports', ...perPage(warm.naiveMsPerPage));
  row('render', 'warm naive / ours, per page', '', ...faster(ratios.warmNaiveOverOurs, PER_PAGE_GOAL));
  row('render', '  same on CPU time', '', times(ratios.warmNaiveOverOursCpu));
  row('render', '  ours with no shaped word shared between documents (each shapes its own)', ...perPage(warm.oursWordsNotSharedMsPerPage));
  const builds = render.chromium;
  for (const c of builds) {
    row('render', `warm chromium ${c.build}, ms/page: one launch printing the ${d.documents} reports (${c.pages21} pages) vs the first`, ms(c.warmMsPerPage), `21: ${ms(c.different21Ms.median)}, 1: ${ms(c.first1Ms.median)}`);
    row('render', `warm chromium ${c.build} / ours, per page`, '', ...faster(c.ratios.warmOverOurs, PER_PAGE_GOAL));
  }
  for (const why of render.chromiumSkipped) row('render', 'chromium', `skipped: ${why}`);
  row('render', `from outside: congress-docs render, ${d.documents} reports vs the first, ms/page`, ms(outside.oursMsPerPage), `21: ${ms(outside.oursTwentyOneMs.median)}, 1: ${ms(outside.oursOneMs.median)}`);
  row('render', '  naive pdfmake process the same way, ms/page', ms(outside.naiveMsPerPage), `21: ${ms(outside.naiveTwentyOneMs.median)}, 1: ${ms(outside.naiveOneMs.median)}`);
  row('render', '  naive / ours from outside, per page', '', ...faster(ratios.outsideNaiveOverOurs, PER_PAGE_GOAL));
  for (const c of builds) {
    row('render', `  chromium ${c.build} / ours from outside, per page`, '', ...faster(c.ratios.outsideOverOurs, PER_PAGE_GOAL));
  }
  row('render', `cold ours: congress-docs render of the example (${cold.pages} pages; cli/bin.mjs as a command, median of ${cold.oursMs.runs.length})`, ms(cold.oursMs.median), `p99 ${ms(cold.oursMs.p99)}`);
  row('render', '  the same through node cli/bin.mjs (one more Node start)', ms(cold.viaNodeMs.median), `p99 ${ms(cold.viaNodeMs.p99)}`);
  row('render', 'cold naive: fresh node + pdfmake by path', ms(cold.naiveMs.median), `p99 ${ms(cold.naiveMs.p99)}`);
  row('render', 'cold naive / ours', '', times(ratios.coldNaiveOverOurs));
  row('render', '  same on CPU time', `${ms(cold.oursCpuMs.median)} cpu`, times(ratios.coldNaiveOverOursCpu));
  for (const c of builds) {
    row('render', `chromium ${c.build} cold: launch + print of the example (${c.coldPages} pages)`, ms(c.coldMs.median), `p99 ${ms(c.coldMs.p99)}`);
    row('render', `chromium ${c.build} cold / ours cold`, '', ...faster(c.ratios.coldOverOurs, COLD_GOAL));
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadStart = loadavg();
  const dir = await mkdtemp(join(tmpdir(), 'congress-docs-bench-run-'));
  try {
    // ---- render ----------------------------------------------------------------------------------
    const render: RenderResults | undefined = wants('render')
      ? await renderSection({ warmRounds: PLAN.warmRounds, coldRuns: PLAN.coldRuns, cliRuns: PLAN.cliRuns, log })
      : undefined;
    if (render) renderRows(render);

    // ---- ingestion + statistics at scale (child with the local app) ---------------------------------
    const server: Partial<ServerResults> = wants('server') ? await serverSection(dir) : {};
    for (const l of server.ingestion ?? []) {
      row('ingestion', `POST submissions, concurrency ${l.concurrency} (${l.requests} req${l.errors ? `, ${l.errors} errors` : ''})`, `${round(l.rps, 0)} req/s`, `p50 ${ms(l.p50Ms)} p99 ${ms(l.p99Ms)}`);
    }
    if (server.orders) {
      const o = server.orders;
      row('orders', `order → ready over HTTP, the example report (${o.pages} pages), ${o.runsMs.length} orders one after another`, `p50 ${ms(o.p50Ms)}`, `p95 ${ms(o.p95Ms)}`);
    }
    const growth = (a: number, b: number) => b / a;
    const statsGrowth: Array<{ from: number; to: number; factor: number }> = [];
    (server.stats ?? []).forEach((s, i) => {
      row(
        'scale',
        `GET /stats, ${s.organizations} orgs (median of ${s.runsMs.length})`,
        ms(s.medianMs),
        `heap +${round(s.heapPeakDeltaMb, 0)} MB; reads ${ms(s.readsMs)}, compute ${ms(s.computeMs)}`,
      );
      const prev = server.stats?.[i - 1];
      if (prev) {
        const f = growth(prev.medianMs, s.medianMs);
        statsGrowth.push({ from: prev.organizations, to: s.organizations, factor: f });
        row('scale', `  stats growth ${prev.organizations}→${s.organizations}`, '', times(f), '≤ 12×', verdict(f <= 12));
      }
    });

    // ---- render at scale (one child per size) ----------------------------------------------------------
    const scaleRender: ScaleRender[] = [];
    for (const [i, size] of (wants('scale') ? PLAN.sizes : []).entries()) {
      log(`scale: render of ${size} organizations (child process)`);
      scaleRender.push(await child<ScaleRender>('bench/sections/scale-render.ts', [String(size), String(PLAN.scaleRuns[i] ?? 3), '@OUT'], dir, `scale-${size}`));
    }
    const renderGrowth: Array<{ from: number; to: number; factor: number }> = [];
    scaleRender.forEach((s, i) => {
      row('scale', `render ${s.organizations} orgs → ${s.pages} pages (median of ${s.runsMs.length})`, ms(s.medianMs), `peak RSS ${round(s.maxRssPeakMb, 0)} MB`);
      const prev = scaleRender[i - 1];
      if (prev) {
        const f = growth(prev.medianMs, s.medianMs);
        renderGrowth.push({ from: prev.organizations, to: s.organizations, factor: f });
        row('scale', `  render growth ${prev.organizations}→${s.organizations}`, '', times(f), '≤ 12×', verdict(f <= 12));
      }
    });

    // ---- cold start: bundles -------------------------------------------------------------------------
    const bundles: BundleResult[] = wants('bundles') ? await bundleSection({ runs: PLAN.importRuns, log }) : [];
    const kb = (b: number) => `${round(b / 1024, 0)} KB`;
    for (const b of bundles) {
      row('cold start', `${b.entry.replace(/^functions\//, '')} ${kb(b.bytes)}`, ms(b.medianImportMs), b.error ? `does not import: ${b.error}` : `import(), median of ${b.importMs.length}`);
    }
    let worker: WorkerFirstDocument | undefined;
    if (wants('bundles')) {
      const input = join(dir, 'worker-input.json');
      writeFileSync(input, JSON.stringify(exampleReportFile()));
      worker = await workerFirstDocument({ runs: PLAN.workerRuns, input, log });
      row(
        'cold start',
        `worker bundle, fresh node: import + first document (${worker.pages} pages, no snapshot, median of ${worker.runs})`,
        ms(worker.medianWallMs),
        `import ${ms(worker.medianImportMs)}, document ${ms(worker.medianFirstDocumentMs)}`,
      );
    }

    // ---- the console: what a person waits for in the browser ---------------------------------------------
    const consoleFigures = wants('console')
      ? await child<ConsoleResults>('bench/sections/console.ts', ['@OUT', JSON.stringify({ runs: PLAN.consoleRuns, organizations: PLAN.consoleOrganizations })], dir, 'console')
      : undefined;
    if (consoleFigures) {
      const c = consoleFigures;
      const kbOf = (b: number) => `${round(b / 1024, 1)} KB`;
      row('console', `first load: the console's files, compressed (${c.firstLoad.requests} requests; API ${kbOf(c.firstLoad.apiBytes)})`, kbOf(c.firstLoad.consoleBytes), '', '< 150 KB', verdict(c.goals.firstLoadUnder150KB));
      row('console', `time to the dashboard, local server (median of ${c.dashboardMs.runs.length})`, ms(c.dashboardMs.median), '', '< 1 s', verdict(c.goals.dashboardUnder1s));
      row('console', `${c.organizations} organizations: first rows on screen`, ms(c.firstRowsMs.median));
      row('console', `${c.organizations} organizations: all listed and searchable`, ms(c.listAllMs.median));
      row('console', `search in the browser until redrawn (${c.searchMs.runs.length} searches)`, ms(c.searchMs.median), `p99 ${ms(c.searchMs.p99)}`, '< 100 ms', verdict(c.goals.searchUnder100ms));
      row('console', '  the same to the next frame', ms(c.searchToFrameMs.median), `p99 ${ms(c.searchToFrameMs.p99)}`);
      row('console', 'next page of results', ms(c.nextPageMs.median));
    }

    // ---- output ------------------------------------------------------------------------------------------
    const chromiumVersion = render?.chromium.map((c) => `${c.build}: ${c.version} (${c.executable})`) ?? null;
    const results = {
      machine: {
        cpuModel: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        node: process.version,
        platform: `${platform()} ${release()}`,
        totalMemMb: Math.round(totalmem() / 2 ** 20),
        freeMemMbAtStart: Math.round(freemem() / 2 ** 20),
        loadAverageAtStart: loadStart.map((v) => round(v, 2)),
        loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
        chromium: chromiumVersion,
        // Node 20 parses these certificates at every start (~75 ms for a system bundle).
        nodeExtraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS),
        /** This process's V8 flags (the in-process figures, ours and naive alike, ran under them). */
        benchHeapFlags: process.execArgv.filter((a) => /semi-space|old-space/.test(a)),
      },
      date: startedAt,
      durationS: round((performance.now() - t0) / 1000, 1),
      plan: PLAN,
      render,
      ingestion: server.ingestion,
      orders: server.orders,
      localAppStartMs: server.startMs,
      scale: { stats: server.stats, statsGrowth, render: scaleRender, renderGrowth },
      coldStart: { bundles, worker },
      console: consoleFigures,
      table: rows,
    };
    if (!ONLY) writeFileSync(join(REPO_ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    printTable(results.machine, results.date, results.durationS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function printTable(machine: { cpuModel: string; cores: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] }, date: string, durationS: number): void {
  const head: Row = { section: 'section', case: 'case', median: 'median', p99OrRatio: 'p99 / ratio', goal: 'goal', met: 'met?' };
  const keys = Object.keys(head) as (keyof Row)[];
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...[head, ...rows].map((r) => r[k].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => keys.map((k) => r[k].padEnd(width[k])).join(' │ ').trimEnd();
  const out = [
    `congress-docs bench — ${date}, ${machine.cpuModel} × ${machine.cores}, Node ${machine.node}, load ${machine.loadAverageAtStart.join('/')} → ${machine.loadAverageAtEnd.join('/')}, ${durationS} s`,
    line(head),
    keys.map((k) => '─'.repeat(width[k])).join('─┼─'),
    ...rows.map(line),
    '',
    'All figures: bench/results.json. Goals are reported, not asserted.',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

// The warm figures are ours and naive pdfmake in this process: it runs under the young generation
// the product renders with (the worker, the preview and the CLI; renderer/heap-flags.mjs).
if (!process.execArgv.includes(RENDER_YOUNG_GENERATION)) {
  const again = spawnSync(process.execPath, [...process.execArgv, RENDER_YOUNG_GENERATION, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
