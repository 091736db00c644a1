/**
 * ISSUE 5.5: hostile input over HTTP. Sizes, media types, broken and deep JSON, every schema
 * limit, control characters, NFC, prototype keys, huge numbers, forged cursors, bad limits,
 * hostile path parameters; then property-based: random mutations of a valid submission and
 * random garbage on every route never give a 5xx, and every 4xx is problem+json.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/core/limits.ts';
import { routes } from '../../functions/http/routes.ts';
import type { ApiAnswer } from '../support/test-app.ts';
import { startTestApp } from '../support/test-app.ts';
import {
  campaign,
  errorPaths,
  expectNoInternals,
  expectProblem,
  fakeRenderer,
  letterRequest,
  organizations,
  reportRequest,
  seedCampaign,
  submissionFor,
  type TestApp,
} from './support.ts';

const C = 'hostile-2020';
/** toWellFormed() without needing the ES2024 lib. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Runs of each property; HARDENING_FC_RUNS=5000 hunts longer. */
const RUNS = (n: number) => Number(process.env.HARDENING_FC_RUNS ?? n);
const ORG = 'ha-long-p-bach-dang';
const SUBMISSIONS = `/campaigns/${C}/submissions`;
let t: TestApp;
/** Every answer of this file, to check that none is a 5xx and none shows internals. */
const seen: { label: string; r: ApiAnswer }[] = [];

async function call(method: string, path: string, body?: unknown, opts?: { key?: string | null; headers?: Record<string, string> }) {
  const r = await t.call(method, path, body, opts);
  seen.push({ label: `${method} ${path.slice(0, 120)}`, r });
  return r;
}
const post = (body: unknown) => call('POST', SUBMISSIONS, body);
const raw = (method: string, path: string, body: string | Uint8Array<ArrayBuffer> | undefined, headers: Record<string, string>, key?: string | null) =>
  fetch(t.app.url + path, {
    method,
    redirect: 'manual',
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key ?? t.app.bootstrapKey}` }), ...headers },
    body,
  }).then(async (res) => {
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    const r: ApiAnswer = { status: res.status, headers: res.headers, body, text };
    seen.push({ label: `${method} ${path.slice(0, 120)}`, r });
    return r;
  });

beforeAll(async () => {
  t = await startTestApp({ renderer: fakeRenderer });
  await seedCampaign(t, C, { orgs: organizations.slice(0, 40) });
});
afterAll(async () => {
  await t?.app.stop();
});

describe('the transport', () => {
  const jsonRoutes: [string, string][] = [
    ['PUT', `/campaigns/${C}`],
    ['PUT', `/campaigns/${C}/organizations`],
    ['POST', SUBMISSIONS],
    ['POST', `/campaigns/${C}/documents`],
    ['POST', '/keys'],
  ];

  it('answers 413 to a body over 256 KiB, on every route with a body, and not to one of exactly 256 KiB', async () => {
    const over = JSON.stringify({ notes: 'x'.repeat(MAX_BODY_BYTES) });
    for (const [method, path] of [...jsonRoutes, ['POST', `${SUBMISSIONS}:import`] as [string, string]]) {
      const r = await raw(method, path, over, { 'content-type': path.endsWith(':import') ? 'text/csv' : 'application/json' });
      expectProblem(r, 413);
    }
    const exact = JSON.stringify({ notes: 'x'.repeat(MAX_BODY_BYTES - 12) });
    expect(Buffer.byteLength(exact)).toBe(MAX_BODY_BYTES);
    const r = await raw('POST', SUBMISSIONS, exact, { 'content-type': 'application/json' });
    expect(errorPaths(r)).toContain('/notes');
    // and the server still answers on a new connection
    expect((await call('GET', '/health', undefined, { key: null })).status).toBe(200);
  });

  it('answers 415 to text/plain (or no content type) on every JSON route, and to JSON on the CSV route', async () => {
    for (const [method, path] of jsonRoutes) {
      expectProblem(await raw(method, path, '{}', { 'content-type': 'text/plain' }), 415);
      expectProblem(await raw(method, path, '{}', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
      expectProblem(await raw(method, path, new TextEncoder().encode('{}'), {}), 415);
    }
    expectProblem(await raw('POST', `${SUBMISSIONS}:import`, '{}', { 'content-type': 'application/json' }), 415);
  });

  it.each([
    ['an unclosed object', '{'],
    ['a missing value', '{"organizationId":}'],
    ['a trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['an empty body', ''],
    ['NaN', '{"committeeSize":NaN}'],
    ['two documents', '{}{}'],
    ['a lone surrogate byte sequence', '\xed\xa0\x80'],
  ])('answers 400 problem+json to bad JSON: %s', async (_what, body) => {
    const r = await raw('POST', SUBMISSIONS, body, { 'content-type': 'application/json' });
    expectProblem(r, 400);
  });

  it('answers a 4xx, not a 5xx, to deeply nested JSON', async () => {
    const deepArrays = '['.repeat(100_000) + ']'.repeat(100_000);
    const deepObjects = '{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000);
    const inField = `{"organizationId":"${ORG}","notes":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    for (const body of [deepArrays, deepObjects, inField]) {
      for (const [method, path] of jsonRoutes) {
        const r = await raw(method, path, body, { 'content-type': 'application/json' });
        expect(r.status, `${method} ${path}: ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expectProblem(r);
      }
    }
  });
});

describe('every schema limit of a submission', () => {
  const ok = async (body: unknown) => {
    const r = await post(body);
    expect(r.status, r.text).toBe(201);
    return r.body;
  };
  const bad = async (body: unknown, ...paths: string[]) => {
    const r = await post(body);
    const got = errorPaths(r);
    for (const p of paths) expect(got, r.text).toContain(p);
    return r;
  };
  const s = (patch: (b: any) => void) => {
    const b: any = submissionFor(ORG);
    patch(b);
    return b;
  };

  it('names: 200 characters pass, 201 do not; empty and blank do not', async () => {
    await ok(s((b) => (b.secretary.fullName = 'Ạ'.repeat(200))));
    await bad(s((b) => (b.secretary.fullName = 'Ạ'.repeat(201))), '/secretary/fullName');
    await bad(s((b) => (b.secretary.fullName = '')), '/secretary/fullName');
    await bad(s((b) => (b.secretary.fullName = ' \u00a0 ')), '/secretary/fullName');
  });

  it('free text: 2,000 characters pass, 2,001 do not; 50 recommendations pass, 51 do not', async () => {
    await ok(s((b) => (b.notes = 'ư'.repeat(2000))));
    await bad(s((b) => (b.notes = 'ư'.repeat(2001))), '/notes');
    await ok(s((b) => (b.recommendations = Array.from({ length: 50 }, (_, i) => `Kiến nghị ${i}`))));
    await bad(s((b) => (b.recommendations = Array.from({ length: 51 }, (_, i) => `Kiến nghị ${i}`))), '/recommendations');
    await bad(s((b) => (b.recommendations = ['ok', 'ư'.repeat(2001), ''])), '/recommendations/1', '/recommendations/2');
  });

  it('counts: 0 and 1,000,000 pass; -1, 1,000,001, fractions, strings, huge numbers do not', async () => {
    await ok(s((b) => Object.assign(b.congress, { delegatesElected: 1_000_000, delegatesAttended: 1_000_000 })));
    await ok(s((b) => (b.committeeSize = 0)));
    for (const v of [-1, 1_000_001, 1.5, '5', 1e308, 2 ** 53 + 1, -1e308, true, null, [], {}]) {
      await bad(s((b) => (b.committeeSize = v)), '/committeeSize');
    }
    // numbers written out in the body, beyond what a double holds exactly or at all
    const text = JSON.stringify(submissionFor(ORG));
    for (const literal of ['1e308', '9007199254740993', '1e309', '-1e309', '123456789012345678901234567890', '1E6', '1.0000000000000001e6']) {
      const r = await raw('POST', SUBMISSIONS, text.replace('"committeeSize":40', `"committeeSize":${literal}`), {
        'content-type': 'application/json',
      });
      if (literal === '1E6') expect(r.status, r.text).toBe(201);
      else expect(errorPaths(r), literal).toContain('/committeeSize');
    }
  });

  it('cross-field rules: votes, delegates, roles, dates, identifiers', async () => {
    await bad(s((b) => (b.secretary.votes = { for: 5, valid: 4 })), '/secretary/votes/for');
    await bad(s((b) => (b.secretary.votes = { for: 0, valid: 0 })), '/secretary/votes/valid');
    await bad(s((b) => delete b.secretary.votes), '/secretary/votes');
    await ok(s((b) => Object.assign(b.secretary, { electedDirectly: false, votes: undefined })));
    await bad(s((b) => Object.assign(b.congress, { delegatesElected: 10, delegatesAttended: 11 })), '/congress/delegatesAttended');
    await bad(s((b) => (b.secretary.concurrentRole = 'president')), '/secretary/concurrentRole');
    for (const d of ['2020-02-30', '2021-02-29', '2020-2-3', '20200203', '2020-13-01', '2020-00-10', ' 2020-02-03']) {
      await bad(s((b) => (b.congress.heldOn = d)), '/congress/heldOn');
    }
    await ok(s((b) => (b.congress.heldOn = '2020-02-29')));
    for (const id of ['A', 'a', '-ab', 'ab_c', 'a'.repeat(64), 'ab c', 'ha-long\u0000']) {
      await bad(s((b) => (b.organizationId = id)), '/organizationId');
    }
    await bad(s((b) => (b.organizationId = 'no-such-organization')), '/organizationId');
    // CONTRACT §3's plausibility rules: ballots come from the delegates present; a result comes after its congress.
    await bad(s((b) => Object.assign(b.congress, { delegatesElected: 30, delegatesAttended: 20 })), '/secretary/votes/valid');
    const tomorrow = new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await bad(s((b) => (b.congress.heldOn = tomorrow)), '/congress/heldOn');
    await bad(s((b) => (b.congress.heldOn = '2035-01-01')), '/congress/heldOn');
  });

  it('every invalid field is listed at once', async () => {
    const r = await bad(
      s((b) => {
        b.organizationId = 'X';
        b.congress.heldOn = '2020-02-30';
        b.secretary.fullName = '';
        b.committeeSize = -1;
        b.notes = '';
        b.extra = 1;
      }),
      '/organizationId',
      '/congress/heldOn',
      '/secretary/fullName',
      '/committeeSize',
      '/notes',
      '/extra',
    );
    expect(r.body.errors.length).toBeGreaterThanOrEqual(6);
  });
});

describe('the limits of the other bodies', () => {
  const { id: _id, ...camp } = campaign;
  it('campaign: names, codes, term, percentages, lastNumbers', async () => {
    const put = (patch: (b: any) => void) => {
      const b: any = structuredClone(camp);
      patch(b);
      return call('PUT', '/campaigns/limits-2020', b);
    };
    expect((await put(() => undefined)).status).toBe(201);
    expect(errorPaths(await put((b) => (b.name = 'x'.repeat(201))))).toContain('/name');
    expect(errorPaths(await put((b) => (b.issuer.code = 'tu')))).toContain('/issuer/code');
    expect(errorPaths(await put((b) => (b.term = '2020-25')))).toContain('/term');
    expect(errorPaths(await put((b) => (b.targets.directElectionPercent = 100.5)))).toContain('/targets/directElectionPercent');
    expect(errorPaths(await put((b) => (b.lastNumbers.BC = 1e308)))).toContain('/lastNumbers/BC');
    expect(errorPaths(await put((b) => (b.deadlines.branch = '2020-02-31')))).toContain('/deadlines/branch');
    expect(errorPaths(await put((b) => (b.id = 'another')))).toContain('/id');
    expect((await put((b) => (b.lastNumbers.BC = 1_000_000))).status).toBe(200);
  });

  it('a campaign id in the path that breaks the identifier rule is refused', async () => {
    for (const id of ['UPPER', 'a', 'with_underscore', 'x'.repeat(64), '-lead']) {
      const r = await call('PUT', `/campaigns/${encodeURIComponent(id)}`, camp);
      expect(r.status, `${id}: ${r.text}`).toBe(400);
      expectProblem(r);
    }
  });

  it('organizations: 1,000 pass, 1,001 do not; bad parents, duplicates', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `org-${i}`, name: `Chi bộ ${i}`, level: 'branch', unit: 'village' }));
    expect(errorPaths(await call('PUT', '/campaigns/limits-2020/organizations', many(1001)))).toContain('');
    expect((await call('PUT', '/campaigns/limits-2020/organizations', many(1000))).body).toEqual({ upserted: 1000 });
    const dupes = [...many(2), { id: 'org-0', name: 'again', level: 'branch', unit: 'village' }];
    expect(errorPaths(await call('PUT', '/campaigns/limits-2020/organizations', dupes))).toContain('/2/id');
    const orphan = [{ id: 'kid', name: 'Kid', level: 'branch', unit: 'village', parentId: 'nobody' }];
    expect(errorPaths(await call('PUT', '/campaigns/limits-2020/organizations', orphan))).toContain('/0/parentId');
    expect(errorPaths(await call('PUT', '/campaigns/limits-2020/organizations', []))).toContain('');
  });

  it('documents: addressees ≤ 20, recipients ≤ 30, subject ≤ 500, asOf ≤ issuedOn, a proposal needs its proposal', async () => {
    const order = (patch: (b: any) => void, base = reportRequest) => {
      const b: any = structuredClone(base);
      patch(b);
      return call('POST', `/campaigns/${C}/documents`, b);
    };
    expect(errorPaths(await order((b) => (b.addressees = Array(21).fill('Ban A'))))).toContain('/addressees');
    expect(errorPaths(await order((b) => (b.recipients = Array(31).fill('Ban A'))))).toContain('/recipients');
    expect(errorPaths(await order((b) => (b.subject = 'x'.repeat(501))))).toContain('/subject');
    expect(errorPaths(await order((b) => (b.asOf = '2020-06-07')))).toContain('/asOf');
    expect(errorPaths(await order((b) => (b.type = 'proposal')))).toContain('/proposal');
    expect(errorPaths(await order((b) => (b.signer.fullName = 'x'.repeat(101)), letterRequest))).toContain('/signer/fullName');
  });

  it('keys: role, scope and label', async () => {
    expect(errorPaths(await call('POST', '/keys', { role: 'root' }))).toContain('/role');
    expect(errorPaths(await call('POST', '/keys', { role: 'submitter', campaignId: C }))).toContain('/organizationId');
    expect(errorPaths(await call('POST', '/keys', { role: 'secretariat', organizationId: ORG }))).toContain('/organizationId');
    expect(errorPaths(await call('POST', '/keys', { role: 'secretariat', label: 'x'.repeat(201) }))).toContain('/label');
  });
});

describe('text', () => {
  const s = (patch: (b: any) => void) => {
    const b: any = submissionFor(ORG);
    patch(b);
    return b;
  };

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f'],
    ['NEL', '\u0085'],
    ['LINE SEPARATOR', '\u2028'],
    ['a line break', '\n'],
    ['a tab', '\t'],
    ['a lone surrogate', '\ud800'],
  ])('a name with %s is refused, naming the field', async (_what, ch) => {
    expect(errorPaths(await post(s((b) => (b.secretary.fullName = `Nguyễn${ch}An`))))).toContain('/secretary/fullName');
  });

  it('free text keeps line breaks (CRLF → LF) but refuses other control characters', async () => {
    const stored = await post(s((b) => (b.notes = 'Dòng một\r\nDòng hai\rDòng ba\nDòng bốn')));
    expect(stored.status, stored.text).toBe(201);
    expect(stored.body.notes).toBe('Dòng một\nDòng hai\nDòng ba\nDòng bốn');
    for (const ch of ['\u0000', '\t', '\u001b', '\u0085', '\u2029', '\udc00']) {
      expect(errorPaths(await post(s((b) => (b.notes = `a${ch}b`))))).toContain('/notes');
      expect(errorPaths(await post(s((b) => (b.recommendations = ['ok', `a${ch}b`]))))).toContain('/recommendations/1');
    }
  });

  it('stores text NFC-normalised and trimmed, and reads it back so', async () => {
    const decomposed = ' Nguye\u0302\u0303n Va\u0306n A\u0301nh  ';
    const r = await post(s((b) => ((b.secretary.fullName = decomposed), (b.notes = '  Ghi chu\u0301 \n'))));
    expect(r.status, r.text).toBe(201);
    expect(r.body.secretary.fullName).toBe('Nguyễn Văn Ánh');
    expect(r.body.notes).toBe('Ghi chú');
    const back = await call('GET', `/submissions/${r.body.id}`);
    expect(back.body.secretary.fullName).toBe('Nguyễn Văn Ánh'.normalize('NFC'));
    // astral characters (a proper surrogate pair) are text, not garbage
    expect((await post(s((b) => (b.notes = 'Chúc mừng 🎉')))).status).toBe(201);
  });
});

describe('prototype keys', () => {
  const bodies: [string, string, string][] = [
    ['top-level __proto__', `{"__proto__":{"polluted":true},${JSON.stringify(submissionFor(ORG)).slice(1)}`, '/__proto__'],
    ['top-level constructor', `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(submissionFor(ORG)).slice(1)}`, '/constructor'],
    [
      'nested __proto__',
      JSON.stringify(submissionFor(ORG)).replace('"secretary":{', '"secretary":{"__proto__":{"isAdmin":true},'),
      '/secretary/__proto__',
    ],
    ['nested prototype', JSON.stringify(submissionFor(ORG)).replace('"congress":{', '"congress":{"prototype":{},'), '/congress/prototype'],
  ];
  it.each(bodies)('%s → 400 naming it, and nothing polluted', async (_what, body, path) => {
    const r = await raw('POST', SUBMISSIONS, body, { 'content-type': 'application/json' });
    expect(errorPaths(r)).toContain(path);
    expect(({} as any).polluted).toBeUndefined();
    expect(({} as any).isAdmin).toBeUndefined();
  });

  it('in an organization list and a campaign too', async () => {
    const orgs = `[{"__proto__":{"x":1},"id":"proto-org","name":"P","level":"branch","unit":"village"}]`;
    expect(errorPaths(await raw('PUT', `/campaigns/${C}/organizations`, orgs, { 'content-type': 'application/json' }))).toContain('/0/__proto__');
    const { id: _i, ...camp } = campaign;
    const body = JSON.stringify(camp).replace('"issuer":{', '"issuer":{"__proto__":{"code":"HACK"},');
    expect(errorPaths(await raw('PUT', `/campaigns/${C}`, body, { 'content-type': 'application/json' }))).toContain('/issuer/__proto__');
  });

  it('as a path name: an asset called __proto__ or constructor is unknown, not Object.prototype', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) expectProblem(await raw('GET', `/docs/${name}`, undefined, {}, null), 404);
  });
});

describe('cursors and limits', () => {
  let cursor: string;
  beforeAll(async () => {
    const r = await call('GET', `/campaigns/${C}/organizations?limit=3`);
    expect(r.status).toBe(200);
    cursor = r.body.cursor;
    expect(cursor).toEqual(expect.any(String));
  });

  it('follows a real cursor', async () => {
    const r = await call('GET', `/campaigns/${C}/organizations?limit=3&cursor=${encodeURIComponent(cursor)}`);
    expect(r.status).toBe(200);
  });

  it('refuses forged, altered, truncated and foreign cursors with a 400', async () => {
    const [payload, mac] = cursor.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forgedPayload = Buffer.from(JSON.stringify({ s: 'listOrganizations x', k: { pk: 'KEY#x', sk: 'KEY' } })).toString('base64url');
    const cursors = [
      'abc.def',
      'garbage',
      '',
      '...',
      `${payload}.${flip(mac, 3)}`,
      `${flip(payload, 5)}.${mac}`,
      `${forgedPayload}.${mac}`,
      `${payload}.${mac}.extra`,
      `${payload}.`,
      `.${mac}`,
      payload,
      `${payload}.${mac.slice(0, -2)}`,
      'x'.repeat(5000),
      // (the same cursor in the other base64 alphabet decodes to the same bytes: not a forgery)
    ].filter((c) => c !== '' && c !== cursor);
    for (const c of cursors) {
      const r = await call('GET', `/campaigns/${C}/organizations?limit=3&cursor=${encodeURIComponent(c)}`);
      expect(r.status, `cursor ${c.slice(0, 40)}: ${r.text}`).toBe(400);
      expectProblem(r);
    }
    // a real cursor of one listing is refused by another
    for (const path of [`/campaigns/${C}/submissions`, `/campaigns/${C}/documents`, '/keys', `/campaigns/limits-2020/organizations`]) {
      const r = await call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
      expect(r.status, `${path}: ${r.text}`).toBe(400);
    }
  });

  it.each(['0', '101', 'abc', '1000', '-1', '1.5', '', ' 5', '1e2', '0x10', '５'])('limit=%s → 400 naming /query/limit', async (limit) => {
    for (const path of [`/campaigns/${C}/organizations`, SUBMISSIONS, `/campaigns/${C}/documents`, '/keys']) {
      const r = await call('GET', `${path}?limit=${encodeURIComponent(limit)}`);
      expect(errorPaths(r), `${path} limit=${limit}`).toContain('/query/limit');
    }
  });

  it('limit=1 and limit=100 are fine', async () => {
    expect((await call('GET', `/campaigns/${C}/organizations?limit=1`)).body.items).toHaveLength(1);
    expect((await call('GET', `/campaigns/${C}/organizations?limit=100`)).status).toBe(200);
  });
});

describe('hostile path and query parameters', () => {
  const long = 'a'.repeat(3000);
  it.each([
    ['GET', `/campaigns/{long}`],
    ['GET', `/campaigns/{long}/organizations`],
    ['GET', `/campaigns/{long}/submissions`],
    ['GET', `/campaigns/{long}/documents`],
    ['GET', `/campaigns/{long}/stats`],
    ['GET', `/submissions/{long}`],
    ['GET', `/documents/{long}`],
    ['GET', `/documents/{long}/pdf`],
    ['GET', `/verify/{long}?sha256=${'0'.repeat(64)}`],
    ['DELETE', `/keys/{long}`],
    ['GET', `/campaigns/${C}/submissions?organizationId={long}`],
    ['GET', `/campaigns/%00%FF/organizations`],
    ['GET', `/campaigns/..%2F..%2Fetc/stats`],
    ['GET', `/submissions/%E0%A4%A`],
    ['GET', `/campaigns/${C}/stats?asOf=2020-02-30`],
    ['GET', `/campaigns/${C}/stats?asOf={long}`],
    ['GET', `/campaigns/${C}/submissions?organizationId=NOT%20AN%20ID`],
  ])('%s %s → 4xx problem, never 5xx', async (method, path) => {
    path = path.replace('{long}', long);
    const r = await call(method, path);
    expect(r.status, r.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
    expectProblem(r);
  });

  it.each([
    ['POST', `/campaigns/{long}/submissions`, submissionFor(ORG)],
    ['POST', `/campaigns/{long}/documents`, reportRequest],
    ['PUT', `/campaigns/{long}/organizations`, organizations.slice(0, 1)],
  ])('%s %s (a 3000-character campaign id) with an Idempotency-Key → 4xx', async (method, path, body) => {
    path = path.replace('{long}', long);
    const r = await call(method, path, body, { headers: { 'idempotency-key': 'long-path' } });
    expect(r.status, r.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expectProblem(r);
  });
});

describe('a 500 shows no internals', () => {
  it('an unexpected failure answers 500 with a request id and nothing else', async () => {
    const repo = t.app.deps.repo;
    t.app.deps.repo = {
      ...repo,
      getCampaign: async () => {
        const err = new Error(`ProvisionedThroughputExceededException: DynamoDB table ${t.tableName} at Object.send (node_modules/x.js:1:2)`);
        err.name = 'ProvisionedThroughputExceededException';
        throw err;
      },
    };
    try {
      const r = await call('GET', `/campaigns/${C}`);
      expectProblem(r, 500);
      expect(r.body.requestId).toEqual(expect.any(String));
      expect(r.body.detail).toContain(r.body.requestId);
      expectNoInternals(r.text, t.tableName);
    } finally {
      t.app.deps.repo = repo;
    }
  });
});

describe('property-based', () => {
  const valid = submissionFor(ORG);

  /** Every JSON pointer (as a key list) inside a value. */
  function pathsOf(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const here = [prefix];
    if (Array.isArray(v)) return here.concat(v.flatMap((x, i) => pathsOf(x, [...prefix, i])));
    if (v && typeof v === 'object') return here.concat(Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...prefix, k])));
    return here;
  }
  const allPaths = pathsOf(valid).filter((p) => p.length > 0);

  const nasty = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\ud800',
      'x'.repeat(2001),
      '__proto__',
      1e308,
      -1,
      2 ** 53 + 1,
      0.5,
      null,
      true,
      [],
      {},
      '2020-02-30',
      'A'.repeat(201),
      'Nguye\u0302\u0303n',
      '<script>alert(1)</script>',
      "'; DROP TABLE x; --",
      '${jndi:ldap://x}',
      'CAMPAIGN#other',
    ),
    fc.string({ unit: 'binary', maxLength: 50 }),
  );

  type Mutation =
    | { op: 'set'; path: (string | number)[]; value: unknown }
    | { op: 'delete'; path: (string | number)[] }
    | { op: 'add'; path: (string | number)[]; key: string; value: unknown };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...allPaths), value: nasty }),
    fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...allPaths) }),
    fc.record({
      op: fc.constant('add' as const),
      path: fc.constantFrom<(string | number)[][]>([], ['congress'], ['secretary'], ['secretary', 'votes']),
      key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')),
      value: nasty,
    }),
  );

  function apply(body: any, m: Mutation): any {
    const parentPath = m.op === 'add' ? m.path : m.path.slice(0, -1);
    let parent = body;
    for (const k of parentPath) {
      if (parent === null || typeof parent !== 'object') return body;
      parent = parent[k];
    }
    if (parent === null || typeof parent !== 'object') return body;
    if (m.op === 'add') Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    else if (m.op === 'delete') delete parent[m.path.at(-1)!];
    else parent[m.path.at(-1)!] = m.value;
    return body;
  }

  it('random mutations of a valid submission never give a 5xx; a 400 is problem+json with errors[].path', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const body = ms.reduce(apply, structuredClone(valid));
        const r = await post(body);
        expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
        if (r.status === 201) created++;
        else if (r.status === 400) errorPaths(r);
        else throw new Error(`unexpected ${r.status}: ${r.text.slice(0, 300)}`);
      }),
      { numRuns: RUNS(200) },
    );
    expect(created).toBeGreaterThan(0);
  });

  const segment = fc.oneof(
    fc.constantFrom(C, ORG, 'qn-2020', '00000000-0000-0000-0000-000000000000', '', '..', '%', '%00', '%ZZ', '%2F', 'a'.repeat(3000)),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'))),
  );
  const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 200 });
  const garbage = fc.record({
    route: fc.constantFrom(...routes),
    params: fc.array(segment, { minLength: 3, maxLength: 3 }),
    query: fc.oneof(
      fc.constant(''),
      fc.dictionary(fc.constantFrom('limit', 'cursor', 'organizationId', 'asOf', 'sha256', 'x'), fc.string({ maxLength: 60 }), {
        maxKeys: 4,
      }).map((q) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, v.replace(LONE_SURROGATE, '\ufffd')])).toString()),
    ),
    body: fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 300 }).map((s) => s.replace(LONE_SURROGATE, '\ufffd')),
      fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b)),
      fc.constantFrom('organizationId,heldOn\n"unclosed', 'a,b,c\n1,2,3', '\ufeff{"role":"secretariat"}', '[]', 'null', '{"__proto__":null}'),
    ),
    contentType: fc.option(
      fc.oneof(fc.constantFrom('application/json', 'text/csv', 'text/plain', 'application/problem+json', 'application/json; charset=latin1'), headerText),
      { nil: undefined },
    ),
    key: fc.oneof(fc.constant('admin'), fc.constant(null), headerText),
    idempotencyKey: fc.option(headerText, { nil: undefined }),
    extraHeader: fc.option(fc.tuple(fc.constantFrom('x-forwarded-for', 'x-amz-date', 'cookie', 'accept', 'range'), headerText), {
      nil: undefined,
    }),
  });

  it('random garbage bodies, headers, paths and queries on every route never give a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(garbage, async (g) => {
        let i = 0;
        const path = g.route.path.replace(/\{\w+\}/g, () => g.params[i++]!) + (g.query ? `?${g.query}` : '');
        const headers: Record<string, string> = {};
        if (g.contentType !== undefined) headers['content-type'] = g.contentType;
        if (g.idempotencyKey !== undefined) headers['idempotency-key'] = g.idempotencyKey;
        if (g.key !== null && g.key !== 'admin') headers.authorization = g.key;
        if (g.extraHeader) headers[g.extraHeader[0]] = g.extraHeader[1];
        const method = g.route.method;
        const body = method === 'GET' || method === 'DELETE' ? undefined : g.body;
        let r: ApiAnswer;
        try {
          r = await raw(method, path, body, headers, g.key === 'admin' ? undefined : null);
        } catch (err) {
          // fetch refuses some header values before sending; that is the client, not the server
          if (err instanceof TypeError && /header|ByteString|invalid/i.test(String(err.message) + String((err as any).cause))) return;
          throw err;
        }
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status, `${method} ${path.slice(0, 200)}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
        if (r.status >= 400) expectProblem(r);
        if (r.status === 400 && r.body.errors) errorPaths(r);
      }),
      { numRuns: RUNS(300) },
    );
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });

  it('no answer of this file was a 5xx but the one forced, and none showed internals', () => {
    const fives = seen.filter(({ r }) => r.status >= 500);
    expect(fives.map((f) => f.label)).toEqual([`GET /campaigns/${C}`]);
    for (const { r } of fives) expectNoInternals(r.text, t.tableName);
    for (const { r } of seen) {
      if (r.status >= 400) {
        expect(r.text).not.toContain(t.tableName);
        expect(r.text).not.toMatch(/node_modules|\.ts:\d+:\d+/);
      }
    }
  });
});
