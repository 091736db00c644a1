/**
 * The processes a local stack started, found in /proc by the DATA_DIR they were given (in their
 * command line or environment): what the stop and crash tests expect to be gone or kill.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
