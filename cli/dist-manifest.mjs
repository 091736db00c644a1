// What cli/dist holds and whether it is current: read by cli/bin.mjs on every start, by the
// snapshot itself when the shell launcher started it (cli/snapshot.ts), and written by
// cli/build.mjs. Plain JS with no import but node's: it loads in a few milliseconds.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RENDER_YOUNG_GENERATION } from '../renderer/heap-flags.mjs';

export const DIST = 'cli/dist';
export const MANIFEST_VERSION = 2;

/**
 * V8 flags the snapshot is built and started with (V8 refuses a snapshot under other flags).
 * A CLI process renders and exits: the renderer's young generation, started at 8 MB, and a first
 * old-space limit above the snapshot's heap spare it most collections (a cold render measured
 * ~25 ms faster). Without inlining, TurboFan compiles each hot function in a fraction of the
 * time: in a batch of 21 reports it spends ~0.95 s of a second core compiling, so the first
 * documents run unoptimised while they wait; measured ~7% less per document from outside
 * (15 interleaved runs); for 105 reports of different campaigns, where optimised code matters
 * most, no difference (medians 2.49 against 2.39 s, then 2.51 against 2.53 s, interleaved).
 */
export const SNAPSHOT_FLAGS = [RENDER_YOUNG_GENERATION, '--min-semi-space-size=8', '--initial-old-space-size=128', '--no-turbo-inlining'];

/**
 * The current build, or null when cli/dist is missing or stale: any watched file changed
 * (mtime or size), another Node version or other flags (a snapshot only loads in the Node and
 * under the flags that wrote it), or the checkout moved (the snapshot holds absolute paths).
 * About 80 stat calls: ~1–2 ms.
 */
export function freshBuild(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, DIST, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  if (
    manifest.version !== MANIFEST_VERSION ||
    manifest.node !== process.version ||
    manifest.arch !== process.arch ||
    manifest.root !== root ||
    manifest.flags !== SNAPSHOT_FLAGS.join(' ')
  ) {
    return null;
  }
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (stat ? stat.mtimeMs !== mtimeMs || stat.size !== size : mtimeMs !== null) return null;
  }
  return artifacts(root, manifest.snapshot);
}

export function artifacts(root, snapshot) {
  return { bundle: join(root, DIST, 'cli.cjs'), snapshot: snapshot ? join(root, DIST, 'cli.blob') : null };
}
