/**
 * Small timing helpers shared by the bench sections: medians, percentiles, child processes timed
 * from spawn to exit, and a peak-memory sampler.
 */
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** `cpuMs`: user + system CPU of the process and the children it waited for (via the shell's `times`). */
export type ChildResult = { ms: number; cpuMs: number; code: number | null; stdout: string; stderr: string };

const TIMES_LINE = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/;

/** Runs a command to its exit; `ms` is wall time from spawn to exit. Throws on a non-zero exit. */
export function runTimed(
  command: string,
  args: readonly string[],
  opts: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    allowFailure?: boolean;
    /** Start it as a process group and SIGKILL whatever of that group is left after it exits (Chromium's helpers). */
    group?: boolean;
  } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // `times` (POSIX sh builtin) prints the CPU of the shell's waited-for children on its 2nd line.
    const child = spawn('/bin/sh', ['-c', '"$0" "$@"; s=$?; times >&2; exit $s', command, ...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.group ?? false,
    });
    const killGroup = () => {
      if (!opts.group || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      killGroup();
    }, opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // Timed at 'exit' (the process itself); helpers holding the pipes are killed there too.
    let ms = Number.NaN;
    child.on('exit', () => {
      ms = performance.now() - start;
      killGroup();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (Number.isNaN(ms)) ms = performance.now() - start;
      const lines = stderr.trimEnd().split('\n');
      const m = TIMES_LINE.exec(lines.at(-1) ?? '');
      const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : Number.NaN;
      if (m) stderr = lines.slice(0, -2).join('\n');
      if (code !== 0 && !opts.allowFailure) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ ms, cpuMs, code, stdout, stderr });
    });
  });
}

/** A callable gc() even without --expose-gc (V8 flag set at run time, then a fresh context). */
export function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Samples heapUsed and rss every `everyMs` while `fn` runs (only between event-loop turns: a long
 * synchronous stretch is seen at its edges). Baselines are taken after a full GC.
 */
export async function withMemorySampling<T>(
  fn: () => Promise<T>,
  everyMs = 2,
): Promise<{ value: T; ms: number; heapBaseMb: number; heapPeakMb: number; rssBaseMb: number; rssPeakMb: number }> {
  const gc = gcFunction();
  gc();
  const base = process.memoryUsage();
  let heapPeak = base.heapUsed;
  let rssPeak = base.rss;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
    if (m.rss > rssPeak) rssPeak = m.rss;
  };
  const timer = setInterval(sample, everyMs);
  const start = performance.now();
  try {
    const value = await fn();
    sample();
    return {
      value,
      ms: performance.now() - start,
      heapBaseMb: base.heapUsed / 2 ** 20,
      heapPeakMb: heapPeak / 2 ** 20,
      rssBaseMb: base.rss / 2 ** 20,
      rssPeakMb: rssPeak / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Runs `fn` with at most `concurrency` calls in flight over `count` items. */
export async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      await fn(i);
    }
  });
  await Promise.all(workers);
}
