/**
 * CPU profile of the renderer: `npx tsx bench/profile.ts [warm|first] [RUNS]`.
 *
 * - warm (default): renders 2 rounds of the reports of 21 different campaigns (the bench's
 *   headline workload: no two documents share data), then profiles RUNS rounds more (default 3),
 *   each of campaigns not met before.
 * - first: profiles the very first renderPdf of the process (fonts parsed, code not yet optimised):
 *   the cost a cold `congress-docs render` or a cold worker pays.
 *
 * Uses V8's sampling profiler through node:inspector (the same profiler and file format as
 * `node --cpu-prof`, limited to the window that matters). Writes bench/profile/<mode>.cpuprofile
 * (open it in Chrome DevTools or speedscope) and prints the top self-time functions and packages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { renderPdf } from '#templates/render.ts';
import { renderInputFromFile } from '../cli/render-command.ts';
import { exampleReportFile, REPO_ROOT, syntheticCampaign } from './lib/fixtures.ts';
import { differentCampaigns } from './sections/render.ts';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] };

const mode = process.argv[2] === 'first' ? 'first' : 'warm';
const runs = Number(process.argv[3] ?? 3);

function where(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith(REPO_ROOT)) return path.slice(REPO_ROOT.length).split('/').slice(0, 1).join('/') || '(repo)';
  if (path.startsWith('node:') || !path) return path ? 'node' : '(native/gc)';
  return path;
}

function summarize(profile: Profile, top = 25): string {
  // Self time per node from the samples and their time deltas (µs).
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    const f = node.callFrame;
    const file = f.url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}`, '').replace(/^.*node_modules\//, '');
    const key = `${f.functionName || '(anonymous)'}  ${file ? `${file}:${f.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
    const pkg = f.url ? where(f.url) : f.functionName.startsWith('(') ? f.functionName : '(native)';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms`;
  const lines = [`total sampled: ${(total / 1000).toFixed(0)} ms`, '', 'top self time by function:'];
  for (const [k, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${k}`);
  lines.push('', 'self time by package / folder:');
  for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(t)}  ${k}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  let label: string;
  if (mode === 'first') {
    await session.post('Profiler.start');
    const input = renderInputFromFile(exampleReportFile());
    const t = performance.now();
    await renderPdf(input);
    label = `first render of the process: ${(performance.now() - t).toFixed(0)} ms`;
  } else {
    const round = (r: number) => differentCampaigns(r).map(({ size, id }) => renderInputFromFile(syntheticCampaign(size, id)));
    const renderRound = async (inputs: ReturnType<typeof round>) => {
      let pages = 0;
      for (const input of inputs) pages += (await renderPdf(input)).pages;
      return pages;
    };
    for (let r = 0; r < 2; r++) await renderRound(round(r));
    const rounds = Array.from({ length: runs }, (_, r) => round(2 + r));
    await session.post('Profiler.start');
    const t = performance.now();
    let pages = 0;
    for (const inputs of rounds) pages += await renderRound(inputs);
    label = `${runs} rounds of 21 different reports: ${((performance.now() - t) / pages).toFixed(2)} ms a page (${pages} pages)`;
  }
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  const dir = join(REPO_ROOT, 'bench/profile');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${mode}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`${label}\nprofile: ${file}\n${summarize(profile)}\n`);
}

await main();
