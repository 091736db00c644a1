/** The DynamoDB adapters against DynamoDB Local: the races they exist to win. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_SECONDS, idempotencyStore } from '../../functions/adapters/dynamo/idempotency.ts';
import { dynamoRepositories } from '../../functions/adapters/dynamo/index.ts';
import { openTable, type Table } from '../../functions/adapters/dynamo/table.ts';
import type { DocumentRecord } from '../../functions/core/model.ts';
import type { SubmissionInput } from '../../functions/core/schemas.ts';
import { clients, createTestTable } from '../support/local-aws.ts';

let repo: ReturnType<typeof dynamoRepositories>;
let table: Table;
beforeAll(async () => {
  const name = await createTestTable('repo');
  repo = dynamoRepositories(clients().dynamo, name);
  table = openTable(clients().dynamo, name);
});

const input = (organizationId: string, heldOn = '2020-05-12'): SubmissionInput => ({
  organizationId,
  congress: { heldOn },
  secretary: { fullName: 'Nguyễn Văn An', electedDirectly: false, isLocal: true, concurrentRole: null },
});

const doc = (campaignId: string, symbol: DocumentRecord['symbol']): Omit<DocumentRecord, 'number' | 'sequence'> => ({
  id: randomUUID(),
  campaignId,
  type: symbol === 'BC' ? 'report' : symbol === 'TTr' ? 'proposal' : 'letter',
  status: 'queued',
  symbol,
  issuedOn: '2020-06-06',
  asOf: '2020-05-31',
  issuerName: 'TỈNH ỦY',
  request: {} as DocumentRecord['request'],
  createdAt: new Date().toISOString(),
});

describe('submissions', () => {
  it('gives concurrent submissions for one organization distinct, consecutive versions', async () => {
    const stored = await Promise.all(
      Array.from({ length: 12 }, () => repo.addSubmission('c1', input('org-a'), { id: randomUUID(), receivedAt: new Date().toISOString() })),
    );
    expect(stored.map((s) => s.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await repo.getLatest('c1', 'org-a'))?.version).toBe(12);
    for (const s of stored) expect((await repo.getSubmission(s.id))?.version).toBe(s.version);
  });

  it('lists the latest of each organization, page by page, each once', async () => {
    for (let i = 0; i < 7; i++) {
      await repo.addSubmission('c2', input(`org-${i}`), { id: randomUUID(), receivedAt: '2020-01-01T00:00:00Z' });
    }
    await repo.addSubmission('c2', input('org-3', '2020-06-01'), { id: randomUUID(), receivedAt: '2020-01-02T00:00:00Z' });
    const seen = [];
    let after;
    do {
      const page = await repo.listLatest('c2', { limit: 3, after });
      seen.push(...page.items);
      after = page.next;
    } while (after);
    expect(seen.map((s) => s.organizationId).sort()).toEqual(['org-0', 'org-1', 'org-2', 'org-3', 'org-4', 'org-5', 'org-6']);
    expect(seen.find((s) => s.organizationId === 'org-3')).toMatchObject({ version: 2, congress: { heldOn: '2020-06-01' } });
    expect(await repo.allLatest('c2')).toHaveLength(7);
  });
});

describe('number series', () => {
  it('numbers 25 simultaneous documents 415..439, each once, continuing the paper series', async () => {
    const docs = await Promise.all(
      Array.from({ length: 25 }, () => repo.createNumberedDocument(doc('c3', 'BC'), { issuerCode: 'TU', firstNumber: 415 })),
    );
    expect(docs.map((d) => d.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => 415 + i));
    expect(new Set(docs.map((d) => d.number)).size).toBe(25);
    expect(docs.find((d) => d.sequence === 415)?.number).toBe('415-BC/TU');
  });

  it('keeps each symbol in its own series and pads numbers below 10', async () => {
    const a = await repo.createNumberedDocument(doc('c4', 'CV'), { issuerCode: 'HU', firstNumber: 1 });
    const b = await repo.createNumberedDocument(doc('c4', 'TTr'), { issuerCode: 'HU', firstNumber: 1 });
    const c = await repo.createNumberedDocument(doc('c4', 'CV'), { issuerCode: 'HU', firstNumber: 1 });
    expect([a.number, b.number, c.number]).toEqual(['01-CV/HU', '01-TTr/HU', '02-CV/HU']);
  });
});

describe('document status transitions', () => {
  it('applies a change only from the allowed statuses', async () => {
    const d = await repo.createNumberedDocument(doc('c5', 'BC'), { issuerCode: 'TU', firstNumber: 1 });
    expect(await repo.transitionDocument(d.id, ['ready'], { status: 'failed' })).toBe(false);
    expect(await repo.transitionDocument(d.id, ['queued'], { status: 'ready', sha256: 'ab', bytes: 3 })).toBe(true);
    expect(await repo.getDocument(d.id)).toMatchObject({ status: 'ready', sha256: 'ab', bytes: 3, number: '01-BC/TU' });
    expect(await repo.transitionDocument('missing', ['queued'], { status: 'ready' })).toBe(false);
  });
});

describe('idempotency records', () => {
  const answer = (id: string) => ({ status: 201, headers: {}, body: `{"id":"${id}"}` });
  const claimed = async (key: string, store = repo.idempotency) => {
    const c = await store.claim(key, 'fp', 3600);
    if (c.state !== 'claimed') throw new Error(`not claimed: ${c.state}`);
    return c.token;
  };

  it('lets exactly one of many simultaneous claims run, then replays its answer', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => repo.idempotency.claim('k1', 'fp', 3600)));
    const winners = claims.filter((c) => c.state === 'claimed');
    expect(winners).toHaveLength(1);
    expect(claims.filter((c) => c.state === 'in-progress')).toHaveLength(9);
    await repo.idempotency.complete('k1', (winners[0] as { token: string }).token, answer('x'));
    expect(await repo.idempotency.claim('k1', 'fp', 3600)).toEqual({ state: 'done', response: answer('x') });
    expect(await repo.idempotency.claim('k1', 'other', 3600)).toEqual({ state: 'conflict' });
  });

  it('frees a released key for the next request, but a stale holder cannot free it', async () => {
    const token = await claimed('k2');
    await repo.idempotency.release('k2', 'someone-else');
    expect((await repo.idempotency.claim('k2', 'fp', 3600)).state).toBe('in-progress');
    await repo.idempotency.release('k2', token);
    expect((await repo.idempotency.claim('k2', 'fp', 3600)).state).toBe('claimed');
  });

  it('says how long to wait while a claim is held, and lets another request take it over after the lease', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = idempotencyStore(table, () => now);
    const first = await claimed('k3', store);
    const waiting = await store.claim('k3', 'fp', 3600);
    expect(waiting).toEqual({ state: 'in-progress', retryAfterSeconds: CLAIM_LEASE_SECONDS + 1 });
    now += (CLAIM_LEASE_SECONDS + 1) * 1000; // the first request died
    const second = await claimed('k3', store);
    expect(second).not.toBe(first);
    // The dead request cannot complete (or free) what is no longer its claim.
    await store.complete('k3', first, answer('late'));
    await store.release('k3', first);
    await store.complete('k3', second, answer('second'));
    expect(await store.claim('k3', 'fp', 3600)).toEqual({ state: 'done', response: answer('second') });
  });

  it('treats a record past its TTL as absent (DynamoDB Local never deletes it)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = idempotencyStore(table, () => now);
    await store.complete('k4', await claimed('k4', store), answer('old'));
    expect((await store.claim('k4', 'other-body', 3600)).state).toBe('conflict');
    now += 3601 * 1000;
    expect((await store.claim('k4', 'other-body', 3600)).state).toBe('claimed');
  });

  it('stores a submission and its answer in one transaction, and never for a claim it no longer holds', async () => {
    const token = await claimed('k5');
    const done = await repo.addSubmission('c-once', input('org-once'), { id: randomUUID(), receivedAt: new Date().toISOString() }, (s) => ({
      key: 'k5',
      token,
      response: answer(s.id),
    }));
    expect(await repo.idempotency.claim('k5', 'fp', 3600)).toEqual({ state: 'done', response: answer(done.id) });
    // A request whose claim was taken over writes nothing at all.
    const stale = repo.addSubmission('c-once', input('org-once'), { id: randomUUID(), receivedAt: new Date().toISOString() }, () => ({
      key: 'k5',
      token: 'taken-over',
      response: answer('never'),
    }));
    await expect(stale).rejects.toMatchObject({ status: 409, headers: { 'retry-after': '1' } });
    expect((await repo.listVersions('c-once', 'org-once')).map((s) => s.version)).toEqual([1]);
  });

  it('answers the stored submission when the same id is written again (an import row retried)', async () => {
    const id = randomUUID();
    const facts = { id, receivedAt: new Date().toISOString() };
    const first = await repo.addSubmission('c-row', input('org-row'), facts);
    expect(await repo.addSubmission('c-row', input('org-row'), facts)).toEqual(first);
    expect(await repo.listVersions('c-row', 'org-row')).toEqual([first]);
  });
});

describe('keys', () => {
  it('stores, lists and revokes once', async () => {
    await repo.putKey({ id: 'abc123def456', role: 'secretariat', secretHash: 'f'.repeat(64), createdAt: '2020-01-01T00:00:00Z' });
    expect((await repo.listKeys({ limit: 10 })).items.map((k) => k.id)).toContain('abc123def456');
    expect(await repo.revokeKey('abc123def456', '2020-02-02T00:00:00Z')).toBe(true);
    expect(await repo.revokeKey('abc123def456', '2020-03-03T00:00:00Z')).toBe(false);
    expect((await repo.getKey('abc123def456'))?.revokedAt).toBe('2020-02-02T00:00:00Z');
  });
});
