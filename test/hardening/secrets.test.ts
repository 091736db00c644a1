/**
 * ISSUE 5.7: secrets. Keys are stored as hashes and compared in constant time; no key, token or
 * presigned URL reaches the logs, even at DEBUG and across failing requests and a 500; presigned
 * URLs expire within 300 s.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../../functions/core/authentication.ts';
import { loggable, redactSecrets } from '../../functions/adapters/telemetry.ts';
import { bearerToken, hashSecret, keyFromToken, lookupId, newKey, parseToken, secretMatches } from '../../functions/core/keys.ts';
import type { ApiKey } from '../../functions/core/model.ts';
import { clients } from '../support/local-aws.ts';
import { startTestApp } from '../support/test-app.ts';
import { fakeRenderer, issueKey, reportRequest, seedCampaign, submissionFor, type TestApp } from './support.ts';

// Log everything this file provokes: a secret must not appear at any level.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

describe('core/keys.ts', () => {
  it('a generated token matches its own hash, and only its own', () => {
    const k = newKey();
    expect(parseToken(k.token)).toEqual({ id: k.id, secret: k.secret });
    expect(k.secretHash).toBe(createHash('sha256').update(k.secret).digest('hex'));
    expect(k.token).not.toContain(k.secretHash);
    expect(secretMatches(k.token, k.secretHash)).toBe(true);
    expect(lookupId(k.token)).toBe(k.id);
    // the right id with a wrong secret
    const wrong = `cdk_${k.id}_${k.secret.slice(0, -1)}${k.secret.endsWith('A') ? 'B' : 'A'}`;
    expect(lookupId(wrong)).toBe(k.id);
    expect(secretMatches(wrong, k.secretHash)).toBe(false);
    expect(secretMatches(newKey().token, k.secretHash)).toBe(false);
  });

  it('a bootstrap token of any shape matches its hash and gets a stable id', () => {
    for (const token of ['my bootstrap key', 'x', 'cdk_short', 'Ω-ünïcödé-κλειδί', 'a'.repeat(500)]) {
      const { id, secretHash } = keyFromToken(token);
      expect(keyFromToken(token).id).toBe(id);
      expect(secretHash).toBe(hashSecret(token));
      expect(secretMatches(token, secretHash)).toBe(true);
      expect(secretMatches(token + '!', secretHash)).toBe(false);
      expect(lookupId(token)).toBe(id);
    }
  });

  it('a stored hash of another length, or not hex, is a refusal, not an exception', () => {
    const k = newKey();
    expect(secretMatches(k.token, '')).toBe(false);
    expect(secretMatches(k.token, k.secretHash.slice(0, 62))).toBe(false);
    expect(secretMatches(k.token, 'zz'.repeat(32))).toBe(false);
  });

  it('compares in constant time (code review: timingSafeEqual, not ===)', () => {
    const source = readFileSync(new URL('../../functions/core/keys.ts', import.meta.url), 'utf8');
    const body = source.slice(source.indexOf('export function secretMatches'), source.indexOf('export function bearerToken'));
    expect(body).toMatch(/timingSafeEqual\(/);
    // the only === compares the lengths of the two digests, never their bytes
    expect(body.replace(/\w+\.length\s*===\s*\w+\.length/g, '')).not.toMatch(/===|!==|==|\.equals\(|localeCompare/);
  });

  it('authenticate refuses the right id with a wrong secret, a revoked key and an unknown one', async () => {
    const k = newKey();
    const record: ApiKey = { id: k.id, secretHash: k.secretHash, role: 'secretariat', createdAt: '2020-01-01T00:00:00Z' };
    const repo = { getKey: async (id: string) => (id === k.id ? record : undefined) };
    expect(await authenticate(repo, k.token)).toMatchObject({ id: k.id, role: 'secretariat' });
    expect(await authenticate(repo, `cdk_${k.id}_${'A'.repeat(43)}`)).toBeUndefined();
    expect(await authenticate(repo, newKey().token)).toBeUndefined();
    expect(await authenticate(repo, undefined)).toBeUndefined();
    const revoked = { getKey: async () => ({ ...record, revokedAt: '2020-01-02T00:00:00Z' }) };
    expect(await authenticate(revoked, k.token)).toBeUndefined();
  });

  it('scrubs tokens, bearer headers and presigned-URL signatures from what an error log carries', () => {
    const k = newKey();
    const url = 'http://127.0.0.1:9/b/k.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F2020&X-Amz-Signature=abcdef&x=1';
    const text = redactSecrets(`token ${k.token}; header Authorization: Bearer whatever; url ${url}`);
    for (const s of [k.token, k.secret, 'whatever', 'X-Amz-', 'abcdef', 'AKID']) expect(text).not.toContain(s);
    expect(text).toContain('x=1');
    const logged = JSON.stringify(loggable(new Error(`at ${url}`, { cause: new Error(k.token) })));
    expect(logged).not.toMatch(/X-Amz-|cdk_/);
    expect(logged).toContain('[redacted]');
  });

  it('reads only a well-formed bearer header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    for (const h of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', `Bearer ${'x'.repeat(513)}`]) {
      expect(bearerToken(h), String(h)).toBeUndefined();
    }
  });
});

describe('secrets over the running app', () => {
  const C = 'secrets-2020';
  let t: TestApp;
  const captured: string[] = [];
  const restore: (() => void)[] = [];

  beforeAll(async () => {
    // capture every byte written to stdout/stderr and every console call, from here on
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' '));
      });
      restore.push(() => spy.mockRestore());
    }
    t = await startTestApp({ renderer: fakeRenderer, log: (line) => captured.push(line) });
    await seedCampaign(t, C, { orgs: [{ id: 'org-a', name: 'Đảng bộ A', level: 'district', unit: 'district' }] });
  });
  afterAll(async () => {
    await t?.app.stop();
    for (const r of restore.reverse()) r();
  });

  it('stores keys as hashes: no token, no secret anywhere in the table', async () => {
    const issued = await issueKey(t, { role: 'submitter', campaignId: C, organizationId: 'org-a', label: 'stored' });
    const secret = parseToken(issued.key)!.secret;
    const item = (await clients().doc.send(new GetCommand({ TableName: t.tableName, Key: { pk: `KEY#${issued.id}`, sk: 'KEY' } }))).Item!;
    expect(item).toBeDefined();
    expect(item.data.secretHash).toBe(hashSecret(secret));
    const dumpItem = JSON.stringify(item);
    expect(dumpItem.includes(issued.key)).toBe(false);
    expect(dumpItem.includes(secret)).toBe(false);

    const all = await clients().doc.send(new ScanCommand({ TableName: t.tableName }));
    const dump = JSON.stringify(all.Items);
    for (const s of [issued.key, secret, t.app.bootstrapKey!, parseToken(t.app.bootstrapKey!)!.secret]) {
      expect(dump.includes(s), 'a secret is in the table').toBe(false);
    }
    // and the key works
    expect((await t.call('GET', `/campaigns/${C}`, undefined, { key: issued.key })).status).toBe(200);
  });

  it('keeps tokens and presigned URLs out of the logs across good, failing and 500 requests', async () => {
    const issued = await issueKey(t, { role: 'secretariat', campaignId: C, label: 'logged?' });
    const token = issued.key;
    const secret = parseToken(token)!.secret;
    const wrong = `cdk_${issued.id}_${'Z'.repeat(43)}`;

    // good requests, refused ones, an idempotent replay
    expect((await t.call('POST', `/campaigns/${C}/submissions`, submissionFor('org-a'), { key: token, headers: { 'idempotency-key': 'log-1' } })).status).toBe(201);
    expect((await t.call('POST', `/campaigns/${C}/submissions`, submissionFor('org-a'), { key: token, headers: { 'idempotency-key': 'log-1' } })).status).toBe(201);
    expect((await t.call('GET', `/campaigns/${C}`, undefined, { key: wrong })).status).toBe(401);
    expect((await t.call('POST', `/campaigns/${C}/submissions`, { bad: true }, { key: token })).status).toBe(400);
    expect((await t.call('GET', '/keys', undefined, { key: `Bearer-less ${token}` })).status).toBe(401);
    // a document, its presigned download and its verification
    const doc = await t.call('POST', `/campaigns/${C}/documents`, reportRequest, { key: token });
    const ready = await t.waitForDocument(doc.body.id);
    const redirect = await t.call('GET', `/documents/${ready.id}/pdf`, undefined, { key: token });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    const url = new URL(location);
    const signature = url.searchParams.get('X-Amz-Signature')!;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    // presigned URLs expire within 300 s
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeGreaterThan(0);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(t.app.deps.settings.presignSeconds).toBeLessThanOrEqual(300);
    expect(redirect.headers.get('cache-control')).toBe('no-store');

    // a 500 whose error carries the URL and the token, as a careless SDK message might
    const repo = t.app.deps.repo;
    t.app.deps.repo = {
      ...repo,
      getCampaign: async () => {
        throw Object.assign(new Error(`failed near ${location} for Bearer ${token}`), { name: 'InternalServerError', token });
      },
    };
    let five: Awaited<ReturnType<typeof t.call<{ requestId: string }>>>;
    try {
      five = await t.call<{ requestId: string }>('GET', `/campaigns/${C}`, undefined, { key: token });
    } finally {
      t.app.deps.repo = repo;
    }
    expect(five.status).toBe(500);
    expect(five.text.includes(token)).toBe(false);
    expect(five.text.includes(signature)).toBe(false);
    // a failing render (dead-lettered) is logged too
    const storage = t.app.deps.storage;
    t.app.deps.storage = { ...storage, putPdf: async () => Promise.reject(new Error(`cannot write; had ${location}`)) };
    try {
      const failing = await t.call('POST', `/campaigns/${C}/documents`, reportRequest, { key: token });
      expect((await t.waitForDocument(failing.body.id)).status).toBe('failed');
      await t.app.queue.idle();
    } finally {
      t.app.deps.storage = storage;
    }

    const logs = captured.join('\n');
    expect(logs.length, 'nothing was logged: the capture does not work').toBeGreaterThan(0);
    for (const [what, s] of [
      ['the token', token],
      ['the secret', secret],
      ['the bootstrap key', t.app.bootstrapKey!],
      ['a presigned URL', 'X-Amz-Signature'],
      ['the signature', signature],
      ['a presigned URL', 'X-Amz-Credential'],
    ] as const) {
      expect(logs.includes(s), `${what} is in the logs`).toBe(false);
    }
    // the 500 itself was logged, by its request id
    expect(logs).toContain(five.body.requestId);
  });
});
