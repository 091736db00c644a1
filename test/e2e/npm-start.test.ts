/**
 * `npm start` as a user runs it: `npm start` itself (npm → sh → tsx → node → the DynamoDB Local
 * watchdog → java), a temp DATA_DIR and PORT=0. It prints `API ready at <url>`, answers /health,
 * keeps data across restarts, makes the bootstrap key file (0600) on the first start only; when
 * the npm process is sent SIGTERM or SIGINT, or is killed outright, the port closes and no
 * process of it is left; when DynamoDB Local dies under it, it exits 1 with one line saying why.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { javaPidOf, leftBehind, processesOf, spawnUntilReady, type LocalProcess } from '../support/processes.ts';

const root = new URL('../..', import.meta.url).pathname;
const dataDirs: string[] = [];
const started: LocalProcess[] = [];
afterAll(() => {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'congress-docs-start-'));
  dataDirs.push(dir);
  return dir;
};

async function npmStart(dataDir: string, env: Record<string, string> = {}): Promise<LocalProcess> {
  const app = await spawnUntilReady('npm', ['start'], { PORT: '0', DATA_DIR: dataDir, ...env });
  started.push(app);
  return app;
}

/** After `signal` to the npm process: it exits, no process of this DATA_DIR is left, the port is closed. */
async function expectStoppedBy(signal: NodeJS.Signals, app: LocalProcess, dataDir: string): Promise<void> {
  app.child.kill(signal);
  await app.exited;
  expect(await leftBehind(dataDir)).toEqual([]);
  expect(await portClosed(app.url)).toBe(true);
}

async function portClosed(url: string): Promise<boolean> {
  return fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
    () => false,
    () => true,
  );
}

describe('npm start', () => {
  it('serves, keeps its data across a restart, and stops on SIGTERM to the npm process, leaving nothing', async () => {
    const dataDir = newDataDir();
    const first = await npmStart(dataDir);
    const keyFile = join(dataDir, 'bootstrap.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(first.output()).toContain(key);
    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ status: 'ok' });
    // The console is where it says, in Vietnamese; the organization's key was made, readable by its owner only.
    const consoleUrl = /Console \(open it in a browser, sign in with the key\): (\S+)/.exec(first.output())?.[1];
    expect(consoleUrl).toBe(`${first.url}/`);
    expect(await (await fetch(consoleUrl!)).text()).toContain('lang="vi"');
    expect(statSync(join(dataDir, 'signing', 'organization-key.pem')).mode & 0o777).toBe(0o600);
    expect(processesOf(dataDir).some((p) => p.argv[0] === 'java')).toBe(true); // what must go away

    const campaign = JSON.parse(readFileSync(join(root, 'examples/campaign.json'), 'utf8'));
    const put = await fetch(`${first.url}/campaigns/qn-2020`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(campaign),
    });
    expect(put.status).toBe(201);
    await expectStoppedBy('SIGTERM', first, dataDir);

    const second = await npmStart(dataDir, { BOOTSTRAP_KEY: 'a-key-chosen-by-the-office-0123456789' });
    expect(second.output()).not.toContain(key); // the generated key is printed on the first start only
    const got = await fetch(`${second.url}/campaigns/qn-2020`, { headers: { authorization: `Bearer ${key}` } });
    expect(got.status).toBe(200);
    const withBootstrap = await fetch(`${second.url}/campaigns/qn-2020`, {
      headers: { authorization: 'Bearer a-key-chosen-by-the-office-0123456789' },
    });
    expect(withBootstrap.status).toBe(200);
    await expectStoppedBy('SIGTERM', second, dataDir);
  }, 240_000);

  it('stops on SIGINT to the npm process, leaving nothing', async () => {
    const dataDir = newDataDir();
    await expectStoppedBy('SIGINT', await npmStart(dataDir), dataDir);
  }, 120_000);

  it('stops when the npm process is killed outright (SIGKILL), leaving nothing', async () => {
    const dataDir = newDataDir();
    await expectStoppedBy('SIGKILL', await npmStart(dataDir), dataDir);
  }, 120_000);

  it('exits 1 with one line saying why when DynamoDB Local dies under it', async () => {
    const dataDir = newDataDir();
    const app = await npmStart(dataDir);
    const before = app.output();
    process.kill(javaPidOf(dataDir), 'SIGKILL');
    const { code } = await app.exited;
    expect(code).toBe(1);
    const said = app.output().slice(before.length).split('\n').filter((l) => l.startsWith('congress-docs:'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^congress-docs: DynamoDB Local \(pid \d+\) stopped by itself \(killed by SIGKILL\); exiting with code 1/);
    expect(await leftBehind(dataDir)).toEqual([]);
    expect(await portClosed(app.url)).toBe(true);
  }, 120_000);
});
