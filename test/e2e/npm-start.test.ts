/**
 * `npm start` as a user runs it: a process that prints `API ready at <url>`, answers /health,
 * keeps data under DATA_DIR across restarts, makes the bootstrap key file (0600) on the first
 * start only, and on SIGTERM stops cleanly with no process left behind.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'congress-docs-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Started = { child: ChildProcess; url: string; output: () => string };

async function start(env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${out}`)), 90_000);
    child.stdout!.on('data', () => {
      const m = /API ready at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready:\n${out}`)));
  });
  return { child, url, output: () => out };
}

function descendants(pid: number): number[] {
  try {
    const kids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
    return kids.flatMap((k) => [k, ...descendants(k)]);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stop({ child }: Started): Promise<number | null> {
  const kids = descendants(child.pid!);
  expect(kids.length).toBeGreaterThan(0); // DynamoDB Local runs as a child
  const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  child.kill('SIGTERM');
  const exit = await code;
  for (let i = 0; i < 50 && kids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  expect(kids.filter(alive)).toEqual([]);
  return exit;
}

describe('npm start', () => {
  it('serves, keeps its data across a restart, and stops cleanly on SIGTERM', async () => {
    const first = await start();
    const keyFile = join(dataDir, 'bootstrap.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(first.output()).toContain(key);
    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ status: 'ok' });

    const campaign = JSON.parse(readFileSync(join(root, 'examples/campaign.json'), 'utf8'));
    const put = await fetch(`${first.url}/campaigns/qn-2020`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(campaign),
    });
    expect(put.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await start({ BOOTSTRAP_KEY: 'a-key-chosen-by-the-office-0123456789' });
    expect(second.output()).not.toContain(key); // the generated key is printed on the first start only
    const got = await fetch(`${second.url}/campaigns/qn-2020`, { headers: { authorization: `Bearer ${key}` } });
    expect(got.status).toBe(200);
    const withBootstrap = await fetch(`${second.url}/campaigns/qn-2020`, {
      headers: { authorization: 'Bearer a-key-chosen-by-the-office-0123456789' },
    });
    expect(withBootstrap.status).toBe(200);
    expect(await stop(second)).toBe(0);
  }, 240_000);
});
