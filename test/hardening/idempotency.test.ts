/**
 * ISSUE 5.1: Idempotency-Key (CONTRACT §2 "Idempotency"), over HTTP against the real local app.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_SECONDS, idempotencyStore } from '../../functions/adapters/dynamo/idempotency.ts';
import { openTable } from '../../functions/adapters/dynamo/table.ts';
import { clients } from '../support/local-aws.ts';
import { startTestApp } from '../support/test-app.ts';
import { expectProblem, fakeRenderer, issueKey, reportRequest, seedCampaign, submissionFor, type TestApp } from './support.ts';

const C = 'idem-2020';
let t: TestApp;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  t = await startTestApp({ renderer: fakeRenderer });
  await seedCampaign(t, C);
  orgA = 'ha-long-p-bach-dang';
  orgB = 'ha-long';
});
afterAll(() => t?.app.stop());

/** The versions stored for one organization: the latest version through the API is their count. */
async function latestVersion(organizationId: string): Promise<number> {
  const r = await t.call('GET', `/campaigns/${C}/submissions?organizationId=${organizationId}`);
  expect(r.status, r.text).toBe(200);
  return r.body.items[0]?.version ?? 0;
}

describe('the same Idempotency-Key with the same body', () => {
  it('answers the first answer again (status, body, location) and creates nothing new', async () => {
    const body = submissionFor(orgA);
    const headers = { 'idempotency-key': 'same-body-1' };
    const before = await latestVersion(orgA);
    const first = await t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
    expect(first.status, first.text).toBe(201);
    const second = await t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await latestVersion(orgA)).toBe(before + 1);
  });

  it('replays a document order too: one document, one number', async () => {
    const headers = { 'idempotency-key': 'doc-order-1' };
    const list = async () => (await t.call('GET', `/campaigns/${C}/documents?limit=100`)).body.items.length as number;
    const n0 = await list();
    const a = await t.call('POST', `/campaigns/${C}/documents`, reportRequest, { headers });
    const b = await t.call('POST', `/campaigns/${C}/documents`, reportRequest, { headers });
    expect(a.status, a.text).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(await list()).toBe(n0 + 1);
  });

  it('makes exactly one submission of 20 simultaneous duplicates', async () => {
    const body = submissionFor(orgB);
    const headers = { 'idempotency-key': `burst-${Date.now()}` };
    expect(await latestVersion(orgB)).toBe(0);
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.call('POST', `/campaigns/${C}/submissions`, body, { headers })));
    for (const a of answers) {
      expect(a.status, a.text).toBe(201);
      expect(a.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body.version).toBe(1);
    expect(await latestVersion(orgB)).toBe(1);
    const listed = await t.call('GET', `/campaigns/${C}/submissions?limit=100`);
    expect(listed.body.items.filter((s: { organizationId: string }) => s.organizationId === orgB)).toHaveLength(1);
  });

  it('does not remember a refused request: after a 400, the same key runs again', async () => {
    const headers = { 'idempotency-key': 'refused-then-fixed' };
    const bad = await t.call('POST', `/campaigns/${C}/submissions`, { organizationId: orgA }, { headers });
    expectProblem(bad, 400);
    const again = await t.call('POST', `/campaigns/${C}/submissions`, { organizationId: orgA }, { headers });
    expectProblem(again, 400);
  });
});

describe('the same Idempotency-Key with another body', () => {
  it('is a 409 problem and stores nothing', async () => {
    const headers = { 'idempotency-key': 'other-body-1' };
    const first = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(orgA), { headers });
    expect(first.status).toBe(201);
    const before = await latestVersion(orgA);
    const other = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(orgA, { committeeSize: 7 }), { headers });
    expectProblem(other, 409);
    expect(await latestVersion(orgA)).toBe(before);
  });
});

describe('a malformed Idempotency-Key', () => {
  const bad: [string, string][] = [
    ['200 characters', 'k'.repeat(200)],
    ['129 characters', 'k'.repeat(129)],
    ['a space inside', 'two words'],
    ['non-ASCII (Latin-1 é)', 'cl\u00e9'],
    ['a tab inside', 'a\tb'],
  ];
  it.each(bad)('%s → 400 problem, nothing stored', async (_what, key) => {
    const before = await latestVersion(orgA);
    const r = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(orgA), { headers: { 'idempotency-key': key } });
    expectProblem(r, 400);
    expect(r.body.detail).toMatch(/Idempotency-Key/);
    expect(await latestVersion(orgA)).toBe(before);
  });

  it('accepts 1 and 128 visible ASCII characters', async () => {
    for (const key of ['x', '~'.repeat(128), '!#$%&\'*+-.^_`|~']) {
      const r = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(orgA), { headers: { 'idempotency-key': key } });
      expect(r.status, `${key}: ${r.text}`).toBe(201);
    }
  });
});

describe('keys are scoped per caller', () => {
  it('two callers using the same Idempotency-Key never see each other’s answers', async () => {
    const one = await issueKey(t, { role: 'secretariat', campaignId: C, label: 'one' });
    const two = await issueKey(t, { role: 'secretariat', campaignId: C, label: 'two' });
    const headers = { 'idempotency-key': 'shared-by-two-callers' };
    const body = submissionFor(orgA);
    const a = await t.call('POST', `/campaigns/${C}/submissions`, body, { key: one.key, headers });
    const b = await t.call('POST', `/campaigns/${C}/submissions`, body, { key: two.key, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.version).toBe(a.body.version + 1);
    // and another body under the same key from the other caller is no conflict for the first
    const c = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(orgB), { key: two.key, headers: { 'idempotency-key': 'only-one' } });
    const d = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(orgA), { key: one.key, headers: { 'idempotency-key': 'only-one' } });
    expect(c.status).toBe(201);
    expect(d.status).toBe(201);
  });

  it('a replayed POST /keys gives the same key again, yet the token is nowhere in the table', async () => {
    const headers = { 'idempotency-key': 'issue-key-once' };
    const body = { role: 'submitter', campaignId: C, organizationId: orgA, label: 'replayed' };
    const first = await t.call('POST', '/keys', body, { headers });
    const second = await t.call('POST', '/keys', body, { headers });
    expect(first.status, first.text).toBe(201);
    expect(second.body).toEqual(first.body);
    const token: string = first.body.key;
    const secret = token.split('_').slice(2).join('_');
    const items = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await clients().doc.send(new ScanCommand({ TableName: t.tableName, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const dump = JSON.stringify(items);
    expect(items.length).toBeGreaterThan(0);
    expect(dump.includes(token), 'the issued token is in the table').toBe(false);
    expect(dump.includes(secret), 'the secret part is in the table').toBe(false);
    expect(dump.includes(t.app.bootstrapKey!), 'the bootstrap key is in the table').toBe(false);
  });
});

describe('exactly once through crashes', () => {
  it('a write whose answer could not be stored afterwards is answered on retry, not written twice', async () => {
    const deps = t.app.deps;
    const real = deps.idempotency.complete;
    // The process "dies" right after the write: the separate completion never happens.
    deps.idempotency.complete = async () => {
      throw new Error('crashed after the write');
    };
    const body = submissionFor(orgA, { notes: 'sau sự cố' });
    const headers = { 'idempotency-key': `crash-${Date.now()}` };
    const before = await latestVersion(orgA);
    let first;
    try {
      first = await t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
    } finally {
      deps.idempotency.complete = real;
    }
    expect(first.status).toBe(500);
    const retry = await t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.version).toBe(before + 1);
    expect(await latestVersion(orgA)).toBe(before + 1);
  });

  it('a claim left by a request that died is taken over after its lease; the dead request then writes nothing', async () => {
    const deps = t.app.deps;
    const realAdd = deps.repo.addSubmission;
    const realStore = deps.idempotency;
    let now = Date.now();
    deps.idempotency = idempotencyStore(openTable(clients().dynamo, t.tableName), () => now);
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let calls = 0;
    deps.repo.addSubmission = async (...args) => {
      if (calls++ === 0) await stuck; // the first request hangs inside its write
      return realAdd(...args);
    };
    try {
      const body = submissionFor(orgB, { notes: 'lần gửi lại' });
      const headers = { 'idempotency-key': `takeover-${Date.now()}` };
      const before = await latestVersion(orgB);
      const dead = t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
      await new Promise((r) => setTimeout(r, 300));
      now += (CLAIM_LEASE_SECONDS + 1) * 1000; // its lease runs out
      const retry = await t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
      expect(retry.status, retry.text).toBe(201);
      release();
      const late = await dead;
      expect(late.status).toBe(409);
      expect(late.headers.get('retry-after')).toBe('1');
      expect(await latestVersion(orgB)).toBe(before + 1);
      const again = await t.call('POST', `/campaigns/${C}/submissions`, body, { headers });
      expect(again.body).toEqual(retry.body);
    } finally {
      deps.repo.addSubmission = realAdd;
      deps.idempotency = realStore;
    }
  });

  it('an import retried after a crash stores no row twice', async () => {
    const csv =
      'organizationId,heldOn,delegatesElected,delegatesAttended,secretaryName,electedDirectly,votesFor,votesValid,isLocal,concurrentRole,committeeSize,recommendation\n' +
      `${orgA},2020-05-01,100,90,Trần Văn Bình,true,90,90,false,,9,\n${orgB},2020-05-02,100,90,Lê Thị Hoa,true,80,90,true,,9,\n`;
    const headers = { 'idempotency-key': `import-crash-${Date.now()}`, 'content-type': 'text/csv' };
    const [a0, b0] = [await latestVersion(orgA), await latestVersion(orgB)];
    const deps = t.app.deps;
    const realAdd = deps.repo.addSubmission;
    let calls = 0;
    deps.repo.addSubmission = async (...args) => {
      if (++calls === 2) throw new Error('crashed after the first row');
      return realAdd(...args);
    };
    try {
      expect((await t.call('POST', `/campaigns/${C}/submissions:import`, csv, { headers })).status).toBe(500);
    } finally {
      deps.repo.addSubmission = realAdd;
    }
    const retry = await t.call('POST', `/campaigns/${C}/submissions:import`, csv, { headers });
    expect(retry.body.results.map((r: { version: number }) => r.version)).toEqual([a0 + 1, b0 + 1]);
    expect([await latestVersion(orgA), await latestVersion(orgB)]).toEqual([a0 + 1, b0 + 1]);
  });
});
