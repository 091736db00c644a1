/**
 * The processes a local stack started, found in /proc by the DATA_DIR they were given (in their
 * command line or environment): what the stop and crash tests expect to be gone or kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

export type LocalProcess = {
  child: ChildProcess;
  /** From the `API ready at <url>` line. */
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Spawns a local stack from the project root (e.g. `npm start`) and waits for `API ready at`. */
export async function spawnUntilReady(command: string, args: string[], env: Record<string, string>, readyMs = 90_000): Promise<LocalProcess> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${out}`)), readyMs);
    child.stdout!.on('data', () => {
      const m = /API ready at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`exited (${code ?? signal}) before ready:\n${out}`)));
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { child, url, output: () => out, exited };
}

export type ProcessInfo = { pid: number; argv: string[] };

/** Every live (not zombie) process other than this one whose command line or environment names `dataDir`. */
export function processesOf(dataDir: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (state === 'Z') continue; // a zombie holds no port and no file; its parent reaps it
      if (cmdline.includes(dataDir) || environ.includes(`DATA_DIR=${dataDir}`)) found.push({ pid, argv: cmdline.split('\0').filter(Boolean) });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Waits until no process of `dataDir` is left (or `ms` pass); returns what is left, readable. */
export async function leftBehind(dataDir: string, ms = 20_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = processesOf(dataDir);
    if (left.length === 0 || Date.now() > deadline) return left.map((p) => `${p.pid} ${p.argv.join(' ').slice(0, 160)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The java process of DynamoDB Local that keeps its files under `dataDir`. */
export function javaPidOf(dataDir: string): number {
  const java = processesOf(dataDir).find((p) => p.argv[0] === 'java' && p.argv.includes(join(dataDir, 'dynamodb')));
  if (!java) throw new Error(`no DynamoDB Local java process for ${dataDir}`);
  return java.pid;
}
