#!/bin/sh
":" //; self=$0
":" //; while [ -L "$self" ]; do link=$(readlink "$self"); case $link in /*) self=$link ;; *) self=${self%/*}/$link ;; esac; done
":" //; case $self in */*) dist=${self%/*}/dist ;; *) dist=./dist ;; esac
":" //; if [ -z "$NODE_OPTIONS$FONT_DIR$CONGRESS_DOCS_FROM_SOURCE" ] && [ -f "$dist/cli.blob" ] && [ -f "$dist/launch" ] && read -r built flags < "$dist/launch" && [ "$built" = "$(node --version)" ]; then
":" //;   if [ "$1" = render ]; then unset NODE_EXTRA_CA_CERTS; fi
":" //;   export CONGRESS_DOCS_BIN="$self"
":" //;   exec node $flags --snapshot-blob "$dist/cli.blob" -- "$@"
":" //; fi
":" //; exec node "$self" "$@"

// The congress-docs command. This file is two programs in one.
//
// Run as a command (its first line: /bin/sh), the lines above start the startup snapshot
// (cli/dist/cli.blob, see cli/build.mjs and cli/snapshot.ts) as the one process: the snapshot
// checks that it is current and hands over to the JavaScript below when it is not. Otherwise
// they run this file with node. (In JavaScript each of those lines is a string and a comment.)
//
// Run with node (`node cli/bin.mjs …`, Windows, or when the snapshot cannot be used), it
// chooses how to run the program:
// 1. cli/dist/cli.blob: a child `node --snapshot-blob` starts with the modules loaded and the
//    fonts parsed. Costs one more process start and saves ~0.5 s of CPU on a cold render.
// 2. cli/dist/cli.cjs (the esbuild bundle) in this process, when Node could not write a snapshot
//    or FONT_DIR names other fonts than the ones the snapshot holds.
// 3. The TypeScript sources through tsx, when esbuild is not installed, another process is
//    building cli/dist right now, or CONGRESS_DOCS_FROM_SOURCE is set.
//
// cli/dist is rebuilt here (once, ~3 s) when a source changed since it was built.
//
// `render` reads and writes files only: its process starts without NODE_EXTRA_CA_CERTS, which
// Node 20 parses at every start (~75 ms for a system bundle) for connections it never makes.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freshBuild, SNAPSHOT_FLAGS } from './dist-manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

async function currentBuild() {
  if (process.env.CONGRESS_DOCS_FROM_SOURCE) return null;
  const fresh = freshBuild(root);
  if (fresh) return fresh;
  try {
    const { buildCli } = await import('./build.mjs');
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
  const env = { ...process.env };
  delete env.CONGRESS_DOCS_BIN;
  if (args[0] === 'render') delete env.NODE_EXTRA_CA_CERTS;
  // `--` ends Node's own options: the program's (`--help`, `-V`, …) reach process.argv unchanged.
  const child = spawn(process.execPath, [...SNAPSHOT_FLAGS, '--snapshot-blob', build.snapshot, '--', ...args], { stdio: 'inherit', env });
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
