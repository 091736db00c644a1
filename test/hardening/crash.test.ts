/**
 * The crash test (issue 15 item 5): the local stack in a child process on a DATA_DIR, a burst of
 * submissions and document orders, each with its own Idempotency-Key, and in the middle
 *   1. DynamoDB Local killed (SIGKILL): the app must exit 1 by itself (a supervisor restarts it);
 *   2. separately, the whole app process killed while its worker is inside a render.
 * Then the app is started again on the same data and every request is retried with its key, as
 * the contract tells a client to. What must hold: every acknowledged answer comes back the same;
 * no organization has more versions than were sent for it; the document numbers run from the
 * campaign's next number without a gap, once each; every document settles.
 *
 * The data is another province's (Bắc Giang), not the bundled Quảng Ninh example.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { javaPidOf, leftBehind, spawnUntilReady, type LocalProcess } from '../support/processes.ts';
import { pool } from './support.ts';

const KEY = 'crash-test-bootstrap-key-0123456789';
const C = 'bg-2020';
const FIRST_REPORT = 91; // lastNumbers.BC + 1

const campaign = {
  name: 'Đại hội đảng bộ các cấp nhiệm kỳ 2020-2025',
  issuer: { name: 'TỈNH ỦY BẮC GIANG', code: 'TU', parentName: null, place: 'Bắc Giang', archiveCode: 'VPTU' },
  term: '2020-2025',
  directive: {
    number: '35-CT/TW',
    title: 'Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng',
  },
  plan: { number: '112-KH/TU' },
  deadlines: { branch: '2020-01-31', grassroots: '2020-06-30', district: '2020-08-31' },
  targets: {
    directElectionPercent: 100,
    districtNonLocalPercent: 100,
    communeNonLocalPercent: 75,
    communeConcurrentChairPercent: 75,
    districtConcurrentChairCount: 2,
    villageBranchHeadPercent: 100,
  },
  lastNumbers: { BC: FIRST_REPORT - 1, TTr: 40, CV: 700 },
};

type Org = { id: string; name: string; level: string; unit: string; parentId?: string };
const organizations: Org[] = [];
for (const [district, districtName] of [['lang-giang', 'huyện Lạng Giang'], ['yen-the', 'huyện Yên Thế']] as const) {
  organizations.push({ id: district, name: `Đảng bộ ${districtName}`, level: 'district', unit: 'district' });
  for (const [commune, communeName] of [['tan-dinh', 'Tân Dĩnh'], ['xuong-lam', 'Xương Lâm'], ['dong-son', 'Đồng Sơn'], ['bo-ha', 'Bố Hạ']]) {
    const id = `${district}-x-${commune}`;
    organizations.push({ id, name: `Đảng bộ xã ${communeName}`, level: 'grassroots', unit: 'commune', parentId: district });
    for (const n of [1, 2]) organizations.push({ id: `${id}-thon-${n}`, name: `Chi bộ thôn ${n}`, level: 'branch', unit: 'village', parentId: id });
  }
}

const submissionFor = (org: Org, version: number) => {
  const attended = org.level === 'district' ? 180 : org.level === 'grassroots' ? 95 : 21;
  return {
    organizationId: org.id,
    congress: { heldOn: org.level === 'branch' ? '2020-01-15' : '2020-05-20', delegatesElected: attended + 2, delegatesAttended: attended },
    secretary: {
      fullName: org.level === 'branch' ? 'Giáp Văn Thành' : 'Ngô Thị Hương',
      electedDirectly: true,
      votes: { for: attended - version, valid: attended },
      isLocal: org.level === 'branch',
      concurrentRole: org.unit === 'village' ? 'village-head' : org.unit === 'commune' ? 'people-committee-chair' : null,
    },
    committeeSize: org.level === 'district' ? 35 : 7,
  };
};

const reportOrder = (n: number) => ({
  type: 'report',
  issuedOn: '2020-06-08',
  asOf: '2020-05-31',
  subject: null,
  addressees: ['Ban Bí thư Trung ương Đảng'],
  recipients: ['Ban Bí thư Trung ương Đảng', 'Ban Tổ chức Trung ương', `Lưu Văn phòng Tỉnh ủy (${n})`],
  signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Dương Văn Thái' },
  proposal: null,
});

type Request = { key: string; path: string; body: unknown; organizationId?: string };
type Answer = { status: number; body: any; retryAfter?: string | null };

// ---------------------------------------------------------------------------------------------

const dataDirs: string[] = [];
const running: LocalProcess[] = [];
afterAll(() => {
  for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm start`'s program (functions/local/main.ts), or the slow-render app, as a child process. */
async function startApp(dataDir: string, entry = 'functions/local/main.ts', env: Record<string, string> = {}): Promise<LocalProcess> {
  const app = await spawnUntilReady(process.execPath, ['--import', 'tsx', entry], { PORT: '0', DATA_DIR: dataDir, BOOTSTRAP_KEY: KEY, ...env });
  running.push(app);
  return app;
}

async function call(url: string, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, retryAfter: res.headers.get('retry-after') };
}

/** A client that does what the contract says: on a 409 "still in progress", wait Retry-After and ask again. */
async function retry(url: string, r: Request, deadline: number): Promise<Answer> {
  for (;;) {
    const answer = await call(url, 'POST', r.path, r.body, r.key);
    if (answer.status !== 409 || !answer.retryAfter || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number(answer.retryAfter) || 1, 5) * 1000));
  }
}

async function seed(url: string): Promise<void> {
  expect((await call(url, 'PUT', `/campaigns/${C}`, campaign)).status).toBe(201);
  const put = await call(url, 'PUT', `/campaigns/${C}/organizations`, organizations);
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

async function waitUntilSettled(url: string, ids: string[], ms = 30_000): Promise<Record<string, any>> {
  const deadline = Date.now() + ms;
  const settled: Record<string, any> = {};
  for (const id of ids) {
    for (;;) {
      const doc = (await call(url, 'GET', `/documents/${id}`)).body;
      if (doc.status === 'ready' || doc.status === 'failed') {
        settled[id] = doc;
        break;
      }
      if (Date.now() > deadline) throw new Error(`document ${id} still ${doc.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return settled;
}

/** The campaign's documents: exactly `count` of them, numbered FIRST_REPORT… once each, without a gap. */
async function expectNumbersWithoutGap(url: string, count: number): Promise<string[]> {
  const listed = (await call(url, 'GET', `/campaigns/${C}/documents?limit=100`)).body.items as { id: string; number: string }[];
  const numbers = listed.map((d) => Number(d.number.split('-')[0])).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: count }, (_, i) => FIRST_REPORT + i));
  return listed.map((d) => d.id);
}

// ---------------------------------------------------------------------------------------------

describe('a crash in the middle of a burst', () => {
  it('DynamoDB Local killed: the app exits 1; after a restart every retry answers as first acknowledged, nothing twice, numbers without gap', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'congress-docs-crash-db-'));
    dataDirs.push(dataDir);
    const first = await startApp(dataDir);
    await seed(first.url);

    // 26 first results, 8 corrections, 4 report orders, interleaved.
    const requests: Request[] = organizations.map((org, i) => ({ key: `bg-sub-${i}-v1`, path: `/campaigns/${C}/submissions`, body: submissionFor(org, 1), organizationId: org.id }));
    organizations.slice(0, 8).forEach((org, i) => requests.splice(6 + i * 4, 0, { key: `bg-sub-${i}-v2`, path: `/campaigns/${C}/submissions`, body: submissionFor(org, 2), organizationId: org.id }));
    for (const n of [1, 2, 3, 4]) requests.splice(n * 8, 0, { key: `bg-report-${n}`, path: `/campaigns/${C}/documents`, body: reportOrder(n) });

    const acknowledged = new Map<string, Answer>();
    let killed = false;
    await pool(requests, 4, async (r) => {
      const answer = await call(first.url, 'POST', r.path, r.body, r.key).catch(() => undefined); // refused once it has exited
      if (answer && answer.status >= 200 && answer.status < 300) acknowledged.set(r.key, answer);
      if (!killed && acknowledged.size >= 12) {
        killed = true;
        process.kill(javaPidOf(dataDir), 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    const { code } = await first.exited;
    expect(code).toBe(1);
    expect(first.output()).toMatch(/congress-docs: DynamoDB Local \(pid \d+\) stopped by itself \(killed by SIGKILL\)/);
    expect(await leftBehind(dataDir)).toEqual([]);
    expect(acknowledged.size).toBeLessThan(requests.length); // the kill did land in the middle

    const second = await startApp(dataDir);
    const deadline = Date.now() + 40_000;
    const retried = new Map<string, Answer>();
    await pool(requests, 4, async (r) => void retried.set(r.key, await retry(second.url, r, deadline)));

    for (const r of requests) {
      const answer = retried.get(r.key)!;
      expect([201, 202], `${r.key}: ${answer.status} ${JSON.stringify(answer.body)}`).toContain(answer.status);
      const firstAnswer = acknowledged.get(r.key);
      if (firstAnswer) expect(answer, r.key).toMatchObject({ status: firstAnswer.status, body: firstAnswer.body });
    }
    const sent = new Map<string, number>();
    for (const r of requests) if (r.organizationId) sent.set(r.organizationId, (sent.get(r.organizationId) ?? 0) + 1);
    for (const [organizationId, count] of sent) {
      const latest = (await call(second.url, 'GET', `/campaigns/${C}/submissions?organizationId=${organizationId}`)).body.items;
      expect(latest.map((s: { version: number }) => s.version), organizationId).toEqual([count]);
    }
    const ids = await expectNumbersWithoutGap(second.url, 4);
    const settled = await waitUntilSettled(second.url, ids);
    for (const doc of Object.values(settled)) if (doc.status === 'failed') expect(doc.error).toMatch(/\.$/);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(await leftBehind(dataDir)).toEqual([]);
  }, 180_000);

  it('the app killed while its worker renders: after a restart the document is rendered again and ready, its number kept, none given twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'congress-docs-crash-worker-'));
    dataDirs.push(dataDir);
    const first = await startApp(dataDir, 'test/hardening/crash-app.ts', { RENDER_MS: '60000' });
    await seed(first.url);
    const orders: Request[] = [1, 2, 3].map((n) => ({ key: `bg-worker-report-${n}`, path: `/campaigns/${C}/documents`, body: reportOrder(n) }));
    const acknowledged = new Map<string, Answer>();
    for (const r of orders) acknowledged.set(r.key, await call(first.url, 'POST', r.path, r.body, r.key));
    for (const answer of acknowledged.values()) expect(answer.status).toBe(202);
    const inRender = acknowledged.get('bg-worker-report-1')!.body.id as string;
    for (let i = 0; i < 200 && !first.output().includes(`rendering ${inRender}`); i++) await new Promise((r) => setTimeout(r, 50));
    expect(first.output()).toContain(`rendering ${inRender}`);
    expect((await call(first.url, 'GET', `/documents/${inRender}`)).body.status).toBe('rendering');

    first.child.kill('SIGKILL'); // the whole app, the worker inside a render; the watchdog takes java with it
    await first.exited;
    expect(await leftBehind(dataDir)).toEqual([]);

    const second = await startApp(dataDir);
    for (const r of orders) {
      const answer = await retry(second.url, r, Date.now() + 30_000);
      expect(answer, r.key).toMatchObject({ status: 202, body: acknowledged.get(r.key)!.body });
    }
    const ids = await expectNumbersWithoutGap(second.url, 3);
    const settled = await waitUntilSettled(second.url, ids);
    expect(settled[inRender]).toMatchObject({ status: 'ready', number: `${FIRST_REPORT}-BC/TU` });
    for (const doc of Object.values(settled)) expect(doc.status).toBe('ready');

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(await leftBehind(dataDir)).toEqual([]);
  }, 180_000);
});
