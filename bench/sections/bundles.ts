/**
 * Section "cold start": each Lambda entry bundled as the stack bundles it (esbuild, ESM, minified,
 * AWS SDK inside, the createRequire banner), its size, and the time a fresh `node` takes to
 * import() it (module init included; no handler call, no network).
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { ESM_BANNER, ESM_DEFINE } from '../../infra/constructs/service-function.ts';
import { REPO_ROOT } from '../lib/fixtures.ts';
import { median, runTimed } from '../lib/measure.ts';

export type BundleResult = { entry: string; bytes: number; importMs: number[]; medianImportMs: number };

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
    await build({
      entryPoints: Object.fromEntries(names.map((name, i) => [`${name}/index`, join(REPO_ROOT, list[i]!)])),
      outExtension: { '.js': '.mjs' },
      outdir: dir,
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
    opts.log(`cold start: bundled in ${Math.round(performance.now() - buildStart)} ms`);
    const outfiles = names.map((name) => join(dir, name, 'index.mjs'));
    opts.log(`cold start: import() each bundle in a fresh node, ${opts.runs} times`);
    const env = { ...process.env, ...LAMBDA_ENV };
    const results: BundleResult[] = list.map((entry) => ({ entry, bytes: 0, importMs: [], medianImportMs: 0 }));
    for (const [i, outfile] of outfiles.entries()) results[i]!.bytes = (await stat(outfile)).size;
    // Round-robin over the entries, one warm-up round first (OS file cache).
    for (let round = 0; round <= opts.runs; round++) {
      for (const [i, outfile] of outfiles.entries()) {
        const r = await runTimed(process.execPath, [probe, outfile], { env, cwd: dir });
        if (round > 0) results[i]!.importMs.push((JSON.parse(r.stdout) as { importMs: number }).importMs);
      }
    }
    for (const r of results) r.medianImportMs = median(r.importMs);
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const bundleName = (entry: string) => basename(entry, '.ts');
