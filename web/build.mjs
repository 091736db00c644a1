#!/usr/bin/env node
// Builds the web console into web/dist/ (not committed), the static files the local host serves
// at /, /index.html and /assets/* and that CloudFront serves from S3:
//
//   index.html                 the one page (hash routing: every view lives behind '#/…')
//   assets/app.js, app.css     the console, bundled and minified by esbuild (Preact, JSX)
//   assets/verify.js, .css     the verify page's script and style (web/verify/, when present)
//   assets/fonts/*.woff2       Noto Sans, latin and vietnamese subsets only (@fontsource)
//   assets/submissions.csv     the CSV template (examples/submissions.csv, when present)
//   .manifest.json             what it was built from (paths, mtimes, sizes), written last
//
// `node web/build.mjs` builds now (npm ci's prepare); `--if-stale` builds only when a source
// changed since the manifest (npm start, npm test). Plain JS so that it runs before tsx.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WEB, '..');
export const DIST = join(WEB, 'dist');
const MANIFEST = '.manifest.json';
const FONTS = join(ROOT, 'node_modules/@fontsource/noto-sans/files');
const FONT_FILES = ['latin-400', 'latin-700', 'vietnamese-400', 'vietnamese-700'].map((f) => `noto-sans-${f}-normal.woff2`);
const TEMPLATE_CSV = join(ROOT, 'examples/submissions.csv');
const VERIFY_TS = join(WEB, 'verify/verify.ts');
const SHARED_CORE = join(ROOT, 'functions/core');
const VERIFY_CSS = join(WEB, 'verify/verify.css');

/** Every file the build reads (besides node_modules), with what identifies its version. */
function sources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        // Not dist nor a build's temporary dist.<pid>… folders beside it.
        if (!path.startsWith(DIST)) walk(path);
      } else files.push(path);
    }
  };
  walk(WEB);
  // The console also bundles pure modules of the server's core (the CSV splitter and its limit).
  walk(SHARED_CORE);
  // …and the documents' way of writing a date, shown under each date picker.
  files.push(join(ROOT, 'templates/vietnamese.ts'));
  if (existsSync(TEMPLATE_CSV)) files.push(TEMPLATE_CSV);
  files.push(join(ROOT, 'package-lock.json'));
  return files
    .filter((f) => existsSync(f))
    .map((f) => {
      const s = statSync(f);
      return [relative(ROOT, f), s.mtimeMs, s.size];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export function isStale() {
  try {
    const built = readFileSync(join(DIST, MANIFEST), 'utf8');
    return built !== JSON.stringify(sources());
  } catch {
    return true;
  }
}

/**
 * Builds into a fresh folder and swaps it in, so that a server reading web/dist never sees half
 * a build. Concurrent builds (parallel test files) each write their own folder; the last swap wins
 * and every one of them is complete.
 */
export async function buildConsole({ log = () => {} } = {}) {
  const started = Date.now();
  const { build, stop } = await import('esbuild');
  const out = `${DIST}.${process.pid}.${Date.now()}`;
  const assets = join(out, 'assets');
  mkdirSync(join(assets, 'fonts'), { recursive: true });
  const manifest = JSON.stringify(sources());
  const common = {
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'none',
    logLevel: 'warning',
  };
  await build({
    ...common,
    entryPoints: { app: join(WEB, 'src/main.tsx') },
    outdir: assets,
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  await build({
    ...common,
    entryPoints: { app: join(WEB, 'styles.css') },
    outdir: assets,
    external: ['/assets/fonts/*'],
  });
  if (existsSync(VERIFY_TS)) await build({ ...common, entryPoints: { verify: VERIFY_TS }, outdir: assets });
  if (existsSync(VERIFY_CSS)) await build({ ...common, entryPoints: { verify: VERIFY_CSS }, outdir: assets });
  for (const font of FONT_FILES) copyFileSync(join(FONTS, font), join(assets, 'fonts', font));
  if (existsSync(TEMPLATE_CSV)) copyFileSync(TEMPLATE_CSV, join(assets, 'submissions.csv'));
  copyFileSync(join(WEB, 'index.html'), join(out, 'index.html'));
  writeFileSync(join(out, MANIFEST), manifest);
  const old = `${out}.old`;
  try {
    renameSync(DIST, old);
  } catch {
    // no previous build (or another build is swapping it right now)
  }
  try {
    renameSync(out, DIST);
  } catch {
    // another build swapped its folder in first: theirs is as complete as ours
    rmSync(out, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  // esbuild's service process would outlive us by a moment; `npm start` leaves nothing behind
  await stop();
  log(`web console built in ${Date.now() - started} ms → ${relative(ROOT, DIST)}`);
}

export async function buildConsoleIfStale(opts) {
  if (isStale()) await buildConsole(opts);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  const log = (line) => process.stderr.write(`${line}\n`);
  (ifStale ? buildConsoleIfStale({ log }) : buildConsole({ log })).catch((err) => {
    process.stderr.write(`web/build.mjs: ${err.message}\n`);
    process.exit(1);
  });
}
