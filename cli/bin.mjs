#!/usr/bin/env node
// The congress-docs command. Kept tiny and plain JS: it only chooses how to run the program.
//
// 1. cli/dist/cli.blob (a V8 startup snapshot, see cli/build.mjs and cli/snapshot.ts): a child
//    `node --snapshot-blob` starts with the modules loaded and the fonts parsed. Costs one more
//    process start (~40 ms) and saves ~0.6 s of CPU on a cold `congress-docs render`.
// 2. cli/dist/cli.cjs (the esbuild bundle) in this process, when Node could not write a snapshot
//    or FONT_DIR names other fonts than the ones the snapshot holds.
// 3. The TypeScript sources through tsx, when esbuild is not installed, another process is
//    building cli/dist right now, or CONGRESS_DOCS_FROM_SOURCE is set.
//
// cli/dist is rebuilt here (once, ~2 s) when a source changed since it was built.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildCli, freshBuild } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

async function currentBuild() {
  if (process.env.CONGRESS_DOCS_FROM_SOURCE) return null;
  const fresh = freshBuild(root);
  if (fresh) return fresh;
  try {
    const log = process.stderr.isTTY ? (s) => process.stderr.write(`congress-docs: (first run after a change) ${s}\n`) : undefined;
    return await buildCli(root, { log });
  } catch {
    return null; // no esbuild (a production install): run from the sources
  }
}

/** Node's exit code when a startup snapshot does not fit the running V8's configuration. */
const SNAPSHOT_REFUSED = 14;

async function runBundle(bundle) {
  const { main } = createRequire(import.meta.url)(bundle);
  return main(args);
}

const build = await currentBuild();
// NODE_OPTIONS may carry V8 flags, under which Node refuses the snapshot (loudly): skip it then.
if (build?.snapshot && !process.env.FONT_DIR && !process.env.NODE_OPTIONS?.trim()) {
  // `--` ends Node's own options: the program's (`--help`, `-V`, …) reach process.argv unchanged.
  const child = spawn(process.execPath, ['--snapshot-blob', build.snapshot, '--', ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', async (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else if (code === SNAPSHOT_REFUSED) {
      // Node refuses a snapshot built under other V8 flags (e.g. from NODE_OPTIONS) before running
      // any of the program: run the bundle here instead.
      process.exitCode = await runBundle(build.bundle);
    } else process.exitCode = code ?? 1;
  });
} else if (build) {
  process.exitCode = await runBundle(build.bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  const { main } = await import('./main.ts');
  process.exitCode = await main(args);
}
