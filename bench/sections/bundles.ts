/**
 * Section "cold start": each Lambda entry bundled as the stack bundles it (esbuild, ESM, minified,
 * AWS SDK inside, the createRequire banner), its size, and the time a fresh `node` takes to
 * import() it (module init included; no handler call, no network).
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { RENDERER_FILES } from '../../infra/constructs/renderer-files.ts';
import { ESM_BANNER, ESM_DEFINE } from '../../infra/constructs/service-function.ts';
import { fontPaths } from '#renderer/fonts.ts';
import { REPO_ROOT } from '../lib/fixtures.ts';
import { median, runTimed } from '../lib/measure.ts';

/** `error`: the bundle did not import (e.g. a handler whose route is not declared yet): its line of stderr. */
export type BundleResult = { entry: string; bytes: number; importMs: number[]; medianImportMs: number; error?: string };

/** The worker's bundle in a fresh process: wall time until its first PDF, and inside it the import and the document. */
export type WorkerFirstDocument = { runs: number; wallMs: number[]; medianWallMs: number; medianImportMs: number; medianFirstDocumentMs: number; pages: number };

/** Dummy settings: enough for module init; nothing is called. */
const LAMBDA_ENV = {
  TABLE_NAME: 'bench-table',
  BUCKET_NAME: 'bench-bucket',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench',
  PUBLIC_BASE_URL: 'https://example.invalid',
  CURSOR_SECRET: 'bench-secret',
  FONT_DIR: '/nonexistent-fonts',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'congress-docs-bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const PROBE = `const t0 = performance.now();
await import(new URL('file://' + process.argv[2]).href);
process.stdout.write(JSON.stringify({ importMs: performance.now() - t0 }));
`;

export async function entries(): Promise<string[]> {
  const handlers = (await readdir(join(REPO_ROOT, 'functions/http/handlers'))).filter((f) => f.endsWith('.ts')).sort();
  return [...handlers.map((f) => `functions/http/handlers/${f}`), 'functions/http/authorizer.ts', 'functions/worker/handler.ts'];
}

export async function bundleSection(opts: { runs: number; log: (s: string) => void }): Promise<BundleResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'congress-docs-bundles-'));
  try {
    const probe = join(dir, 'probe.mjs');
    await writeFile(probe, PROBE);
    const list = await entries();
    opts.log(`cold start: bundling ${list.length} entries`);
    // One esbuild call, one self-contained bundle per entry (no code splitting, as in the stack).
    const names = list.map((entry) => entry.replace(/^functions\//, '').replace(/\.ts$/, '').replace(/\//g, '-'));
    const buildStart = performance.now();
    await bundle(Object.fromEntries(names.map((name, i) => [`${name}/index`, join(REPO_ROOT, list[i]!)])), dir);
    opts.log(`cold start: bundled in ${Math.round(performance.now() - buildStart)} ms`);
    const outfiles = names.map((name) => join(dir, name, 'index.mjs'));
    opts.log(`cold start: import() each bundle in a fresh node, ${opts.runs} times`);
    const env = { ...process.env, ...LAMBDA_ENV };
    const results: BundleResult[] = list.map((entry) => ({ entry, bytes: 0, importMs: [], medianImportMs: 0 }));
    for (const [i, outfile] of outfiles.entries()) results[i]!.bytes = (await stat(outfile)).size;
    // Round-robin over the entries, one warm-up round first (OS file cache).
    for (let round = 0; round <= opts.runs; round++) {
      for (const [i, outfile] of outfiles.entries()) {
        if (results[i]!.error) continue;
        const r = await runTimed(process.execPath, [probe, outfile], { env, cwd: dir, allowFailure: true });
        // A bundle that cannot even load is reported as such; the other entries are still measured.
        if (r.code !== 0) results[i]!.error = r.stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? `exit ${r.code}`;
        else if (round > 0) results[i]!.importMs.push((JSON.parse(r.stdout) as { importMs: number }).importMs);
      }
    }
    for (const r of results) r.medianImportMs = r.importMs.length ? median(r.importMs) : Number.NaN;
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


/** One self-contained bundle per entry, as the stack bundles a function (no code splitting). */
async function bundle(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  await build({
    entryPoints,
    outExtension: { '.js': '.mjs' },
    outdir,
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    // The stack's own banner and defines, so the figures are those of the deployed bundles.
    banner: { js: ESM_BANNER },
    define: ESM_DEFINE,
    logLevel: 'error',
  });
}

/**
 * The worker as a cold Lambda meets it: its bundle (the stack's esbuild settings, the fonts copied
 * beside it and FONT_DIR pointing at them, as infra/constructs/document-worker.ts does) imported in
 * a fresh `node`, then the first document (`input`, a render input file). No snapshot.
 */
export async function workerFirstDocument(opts: { runs: number; input: string; log: (s: string) => void }): Promise<WorkerFirstDocument> {
  const dir = await mkdtemp(join(tmpdir(), 'congress-docs-worker-'));
  try {
    await bundle({ 'worker/index': join(REPO_ROOT, 'bench/lib/worker-first-document.ts') }, dir);
    const fonts = join(dir, 'worker/fonts');
    await mkdir(fonts, { recursive: true });
    for (const path of Object.values(fontPaths())) await copyFile(path, join(fonts, basename(path)));
    opts.log(`cold start: the worker's bundle, import + first document in a fresh node, ${opts.runs} times`);
    // NODE_OPTIONS as the worker's function has them (RENDERER_FILES: the renderer's young generation).
    const env = { ...process.env, ...LAMBDA_ENV, FONT_DIR: fonts, NODE_OPTIONS: RENDERER_FILES.nodeOptions.join(' ') };
    const wall: number[] = [];
    const inside: { importMs: number; firstDocumentMs: number; pages: number }[] = [];
    for (let i = 0; i <= opts.runs; i++) {
      const r = await runTimed(process.execPath, [join(dir, 'worker/index.mjs'), opts.input], { env, cwd: dir });
      if (i === 0) continue; // fills the OS file cache
      wall.push(r.ms);
      inside.push(JSON.parse(r.stdout) as (typeof inside)[number]);
    }
    return {
      runs: opts.runs,
      wallMs: wall,
      medianWallMs: median(wall),
      medianImportMs: median(inside.map((x) => x.importMs)),
      medianFirstDocumentMs: median(inside.map((x) => x.firstDocumentMs)),
      pages: inside[0]?.pages ?? 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
