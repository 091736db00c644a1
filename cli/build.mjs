#!/usr/bin/env node
// Builds what cli/bin.mjs runs, into cli/dist/ (not committed; rebuilt when a source changes):
//
//   cli.cjs        cli/snapshot.ts and everything it imports, bundled by esbuild (no TypeScript
//                  transform at start, one file to parse instead of hundreds of modules);
//   cli.blob       a V8 startup snapshot of cli.cjs after a warm-up render (see cli/snapshot.ts):
//                  a fresh process starts with the modules loaded and the fonts parsed;
//   launch         the Node version and V8 flags the snapshot needs, on one line: what the shell
//                  part of cli/bin.mjs reads to start the snapshot directly;
//   manifest.json  what they were built from (sources' mtimes and sizes, Node version, flags,
//                  folder), written last: cli/dist is trusted only when the manifest matches
//                  (cli/dist-manifest.mjs).
//
// `node cli/build.mjs` builds now (CI, after `npm ci`); bin.mjs calls buildCli() itself when the
// manifest is missing or stale. Plain JS; esbuild is imported only when a build runs.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { artifacts, DIST, MANIFEST_VERSION, SNAPSHOT_FLAGS } from './dist-manifest.mjs';

/**
 * Files whose change must rebuild, besides the bundle's own sources (listed by esbuild) and the
 * package.json of every package bundled (see bundledPackages). Not node_modules/.package-lock.json:
 * `npm ci` writes it after the prepare script built cli/dist, so the first command after a fresh
 * install rebuilt for nothing.
 */
const ALWAYS_WATCHED = [
  'package.json',
  'package-lock.json',
  'cli/build.mjs',
  // The faces are read from this package (renderer/fonts.ts), not bundled: the snapshot holds them.
  'node_modules/@expo-google-fonts/noto-serif/package.json',
];

/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 120_000;

/**
 * Bundles and snapshots; resolves with the artifacts, or null when another process is building
 * right now (the caller then runs from the sources). Throws when esbuild is not installed.
 * The snapshot is optional: when Node cannot write it, the bundle alone is used.
 */
export async function buildCli(root, { log = () => {}, snapshot = true } = {}) {
  const { build } = await import('esbuild');
  const dist = join(root, DIST);
  mkdirSync(dist, { recursive: true });
  const lock = join(dist, '.build.lock');
  if (!takeLock(lock)) return null;
  try {
    // Readers must not trust half-replaced files: no manifest until everything is in place.
    rmSync(join(dist, 'manifest.json'), { force: true });
    rmSync(join(dist, 'launch'), { force: true });
    const started = performance.now();
    const result = await build({
      absWorkingDir: root,
      entryPoints: [join(root, 'cli/snapshot.ts')],
      outfile: join(dist, `cli.${process.pid}.cjs`),
      bundle: true,
      platform: 'node',
      // CommonJS: `node --build-snapshot` runs one classic script; the lazy `import()`s of the
      // commands become lazy requires inside the bundle, so a command still loads only its code.
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'silent',
      banner: { js: SOURCE_URL_HELPER },
      // The bundle's text is kept in the snapshot (and parsed by a process without one): no
      // whitespace or comments, ASCII only (one non-ASCII character makes V8 hold all of it as
      // two-byte text), and nothing the CLI never runs (see leanDependencies).
      minifyWhitespace: true,
      minifySyntax: true,
      charset: 'ascii',
      legalComments: 'none',
      plugins: [sourceUrls(root), leanDependencies(root)],
    });
    renameSync(join(dist, `cli.${process.pid}.cjs`), join(dist, 'cli.cjs'));
    log(`bundled in ${Math.round(performance.now() - started)} ms`);

    const made = snapshot && writeSnapshot(root, dist, log);

    const inputs = {};
    const bundled = Object.keys(result.metafile.inputs);
    const sources = bundled.filter((f) => !f.split(/[\\/]/).includes('node_modules'));
    for (const file of [...sources, ...bundledPackages(bundled), ...ALWAYS_WATCHED]) {
      const stat = statSync(join(root, file), { throwIfNoEntry: false });
      inputs[file.split(sep).join('/')] = stat ? [stat.mtimeMs, stat.size] : [null, null];
    }
    if (made) writeFileSync(join(dist, 'launch'), `${process.version} ${SNAPSHOT_FLAGS.join(' ')}\n`);
    const manifest = {
      version: MANIFEST_VERSION,
      node: process.version,
      arch: process.arch,
      flags: SNAPSHOT_FLAGS.join(' '),
      root,
      snapshot: made,
      inputs,
    };
    writeFileSync(join(dist, `manifest.${process.pid}.json`), JSON.stringify(manifest, null, 1));
    renameSync(join(dist, `manifest.${process.pid}.json`), join(dist, 'manifest.json'));
    return artifacts(root, made);
  } finally {
    rmSync(lock, { force: true });
  }
}

/** `node --build-snapshot` on the bundle (it warms up, see cli/snapshot.ts); false if it fails. */
function writeSnapshot(root, dist, log) {
  const started = performance.now();
  const temporary = join(dist, `cli.${process.pid}.blob`);
  const env = { ...process.env };
  delete env.FONT_DIR; // the snapshot embeds the fonts of the npm package; bin.mjs skips it under FONT_DIR
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, [...SNAPSHOT_FLAGS, '--snapshot-blob', temporary, '--build-snapshot', join(dist, 'cli.cjs')], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0 || !existsSync(temporary)) {
    rmSync(temporary, { force: true });
    log(`no snapshot (node --build-snapshot exited ${run.status ?? run.signal}): ${(run.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
    return false;
  }
  renameSync(temporary, join(dist, 'cli.blob'));
  log(`snapshot in ${Math.round(performance.now() - started)} ms`);
  return true;
}

/**
 * The package.json of each package a bundled file belongs to (the innermost node_modules/<name>
 * or node_modules/@scope/<name> of its path): an installed package that changes version
 * changes its package.json.
 */
function bundledPackages(files) {
  const packages = new Set();
  for (const file of files) {
    const parts = file.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const length = parts[at + 1]?.startsWith('@') ? 3 : 2;
    packages.add([...parts.slice(0, at + length), 'package.json'].join('/'));
  }
  return [...packages];
}

function takeLock(lock) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < STALE_LOCK_MS) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

/**
 * `import.meta.url` of a bundled module must still name its source file (main.ts reads
 * ../package.json, renderer/fonts.ts resolves the font package from its own folder): each use becomes the
 * source's URL, computed from where the bundle is at run time, so the checkout can be anywhere.
 */
const SOURCE_URL_HELPER =
  // `node --build-snapshot` runs the script with require, __filename and __dirname only.
  "var module = typeof module === 'undefined' ? { exports: {} } : module;\n" +
  "var __cdSourceRoot = require('node:url').pathToFileURL(require('node:path').join(__dirname, '../../')).href;\n" +
  'var __cdSourceUrl = (path) => new URL(path, __cdSourceRoot).href;';

function sourceUrls(root) {
  return {
    name: 'source-urls',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
        if (args.path.split(/[\\/]/).includes('node_modules')) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta')) return undefined;
        const path = relative(root, args.path).split(sep).join('/');
        const contents = text
          .replaceAll('import.meta.url', `__cdSourceUrl(${JSON.stringify(path)})`)
          .replaceAll('import.meta.dirname', `require('node:path').dirname(require('node:url').fileURLToPath(__cdSourceUrl(${JSON.stringify(path)})))`);
        return { contents, loader: args.path.endsWith('ts') ? 'ts' : 'js' };
      });
    },
  };
}

/**
 * Parts of dependencies that the CLI never runs, replaced when bundling:
 * - fontkit's WOFF2 decoder (`brotli`, 1.4 MB of code and a dictionary decoded at load): the
 *   fonts are TrueType files;
 * - zod's messages in 40 other languages: the CLI speaks English (zod loads `en` by itself).
 */
function leanDependencies(root) {
  return {
    name: 'lean-dependencies',
    setup(build) {
      build.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, () => ({ path: 'brotli-decompress', namespace: 'lean' }));
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        args.importer.includes(`${sep}zod${sep}`) ? { path: 'zod-locales', namespace: 'lean' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'lean' }, (args) =>
        args.path === 'brotli-decompress'
          ? { contents: "module.exports = () => { throw new Error('congress-docs: WOFF2 fonts are not supported'); };", loader: 'js' }
          : { contents: "export { default as en } from 'zod/v4/locales/en.js';", loader: 'js', resolveDir: root },
      );
    },
  };
}

// `node cli/build.mjs`: build now, say what was made.
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const made = await buildCli(root, { log: (s) => console.error(`cli/build: ${s}`) });
  if (!made) console.error('cli/build: another build is running');
  else console.error(`cli/build: ${relative(root, made.bundle)}${made.snapshot ? ` + ${relative(root, made.snapshot)}` : ' (no snapshot)'}`);
}
