/**
 * ISSUE 5.4: the authorization matrix. Every route of the route table × every kind of caller →
 * the expected status. The table is keyed by the route ids, so a new route without an
 * expectation fails here (and does not type-check).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteId } from '../../functions/http/routes.ts';
import { startTestApp } from '../support/test-app.ts';
import {
  expectProblem,
  fakeRenderer,
  issueKey,
  organizations,
  reportRequest,
  seedCampaign,
  submissionFor,
  type TestApp,
} from './support.ts';

const C = 'authz-2020';
const OTHER = 'other';
const ORG_A = 'ha-long-p-bach-dang';
const ORG_B = 'ha-long';
const OTHER_ORG = 'other-org';

const CALLERS = [
  'none',
  'unknown',
  'wrongSecret',
  'revoked',
  'submitter',
  'submitterOtherOrg',
  'submitterOtherCampaign',
  'secretariatOther',
  'secretariat',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];

/** Who gets what: one status per caller, or one status for everyone. */
type Expect = Record<Caller, number>;
const PUBLIC = (status: number): Expect => Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;
const NO_KEY = { none: 401, unknown: 401, wrongSecret: 401, revoked: 401 } as const;
const secretariatOnly = (ok: number): Expect => ({
  ...NO_KEY,
  submitter: 403,
  submitterOtherOrg: 403,
  submitterOtherCampaign: 403,
  secretariatOther: 403,
  secretariat: ok,
  admin: ok,
});

const expectations: Record<RouteId, Expect> = {
  health: PUBLIC(200),
  openapi: PUBLIC(200),
  docs: PUBLIC(200),
  docsAsset: PUBLIC(200),
  verifyDocument: PUBLIC(200),
  // any key may ask who it is
  getMe: { ...NO_KEY, ...Object.fromEntries(CALLERS.filter((c) => !(c in NO_KEY)).map((c) => [c, 200])) } as Expect,
  // a campaign secretariat sees its own campaign
  listCampaigns: { ...secretariatOnly(200), secretariatOther: 200 },
  putCampaign: secretariatOnly(200),
  getCampaign: { ...secretariatOnly(200), submitter: 200, submitterOtherOrg: 200 },
  putOrganizations: secretariatOnly(200),
  listOrganizations: secretariatOnly(200),
  // the body is for organization A: its submitter may, the submitter of B may not
  createSubmission: { ...secretariatOnly(201), submitter: 201 },
  importSubmissions: secretariatOnly(200),
  listSubmissions: { ...secretariatOnly(200), submitter: 200, submitterOtherOrg: 200 },
  // a submission of organization A
  getSubmission: { ...secretariatOnly(200), submitter: 200 },
  exportSubmissions: secretariatOnly(200),
  // organization A's versions: its submitter may, B's may not
  listOrganizationSubmissions: { ...secretariatOnly(200), submitter: 200 },
  getStats: secretariatOnly(200),
  previewDocument: secretariatOnly(200),
  createDocument: secretariatOnly(202),
  listDocuments: secretariatOnly(200),
  getDocument: secretariatOnly(200),
  getDocumentPdf: secretariatOnly(302),
  // the first allowed caller recalls it; for the next one it is no longer ready
  recallDocument: { ...secretariatOnly(200), admin: 409 },
  // bodies that cannot be right: the caller is judged first, then the body
  prepareSignature: secretariatOnly(400),
  completeSignature: secretariatOnly(400),
  // a submitter key for organization A of campaign C
  createKey: secretariatOnly(201),
  // a campaign secretariat lists the keys of its own campaign (checked below), so 200 for it too
  listKeys: { ...secretariatOnly(200), secretariatOther: 200 },
  // a key of campaign C
  revokeKey: secretariatOnly(200),
};

let t: TestApp;
const tokens = {} as Record<Caller, string | null>;
const ids = { submissionId: '', documentId: '', keyId: '', sha256: '', asset: 'swagger-ui.css', organizationId: ORG_A };

/** The request each route gets: the path from the route table, plus query and body. */
type Extra = { query?: string; body?: unknown; contentType?: string };
const extras: Record<RouteId, () => Extra> = {
  health: () => ({}),
  openapi: () => ({}),
  docs: () => ({}),
  docsAsset: () => ({}),
  verifyDocument: () => ({ query: `sha256=${ids.sha256}` }),
  getMe: () => ({}),
  listCampaigns: () => ({ query: 'limit=5' }),
  putCampaign: () => ({ body: campaignBody }),
  getCampaign: () => ({}),
  putOrganizations: () => ({ body: orgs }),
  listOrganizations: () => ({ query: 'limit=5' }),
  createSubmission: () => ({ body: submissionFor(ORG_A) }),
  importSubmissions: () => ({
    contentType: 'text/csv',
    body:
      'organizationId,heldOn,delegatesElected,delegatesAttended,secretaryName,electedDirectly,votesFor,votesValid,isLocal,concurrentRole,committeeSize,recommendation\n' +
      `${ORG_B},2020-05-01,100,90,Trần Văn Bình,true,90,90,false,,9,\n`,
  }),
  listSubmissions: () => ({ query: 'limit=5' }),
  getSubmission: () => ({}),
  exportSubmissions: () => ({}),
  listOrganizationSubmissions: () => ({}),
  getStats: () => ({ query: 'asOf=2020-05-31' }),
  previewDocument: () => ({ body: reportRequest }),
  createDocument: () => ({ body: reportRequest }),
  listDocuments: () => ({ query: 'limit=5' }),
  getDocument: () => ({}),
  getDocumentPdf: () => ({}),
  recallDocument: () => ({ body: { reason: 'Số liệu cần sửa' } }),
  prepareSignature: () => ({ body: { certificate: 'not a certificate' } }),
  completeSignature: () => ({ body: { signingId: 'x.y', signature: 'AAAA' } }),
  createKey: () => ({ body: { role: 'submitter', campaignId: C, organizationId: ORG_A, label: 'matrix' } }),
  listKeys: () => ({ query: 'limit=100' }),
  revokeKey: () => ({}),
};

const orgs = organizations.filter((o) => [ORG_A, ORG_B].includes(o.id));
let campaignBody: unknown;

beforeAll(async () => {
  t = await startTestApp({ renderer: fakeRenderer });
  await seedCampaign(t, C, { orgs });
  campaignBody = (({ createdAt: _c, updatedAt: _u, ...rest }) => rest)((await t.call('GET', `/campaigns/${C}`)).body);
  await seedCampaign(t, OTHER, { orgs: [{ id: OTHER_ORG, name: 'Đảng bộ khác', level: 'district', unit: 'district' }] });

  const admin = t.app.bootstrapKey!;
  const [id, , ...secret] = admin.split('_');
  tokens.none = null;
  tokens.unknown = `cdk_${'a'.repeat(12)}_${'B'.repeat(43)}`;
  tokens.wrongSecret = `${id}_${admin.split('_')[1]}_${secret.join('_').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`;
  tokens.admin = admin;
  tokens.secretariat = (await issueKey(t, { role: 'secretariat', campaignId: C, label: 'C office' })).key;
  tokens.secretariatOther = (await issueKey(t, { role: 'secretariat', campaignId: OTHER, label: 'other office' })).key;
  tokens.submitter = (await issueKey(t, { role: 'submitter', campaignId: C, organizationId: ORG_A })).key;
  tokens.submitterOtherOrg = (await issueKey(t, { role: 'submitter', campaignId: C, organizationId: ORG_B })).key;
  tokens.submitterOtherCampaign = (await issueKey(t, { role: 'submitter', campaignId: OTHER, organizationId: OTHER_ORG })).key;
  const revoked = await issueKey(t, { role: 'secretariat', campaignId: C, label: 'to be revoked' });
  expect((await t.call('DELETE', `/keys/${revoked.id}`)).status).toBe(200);
  tokens.revoked = revoked.key;

  ids.keyId = (await issueKey(t, { role: 'submitter', campaignId: C, organizationId: ORG_B, label: 'victim' })).id;
  const sub = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(ORG_A));
  expect(sub.status).toBe(201);
  ids.submissionId = sub.body.id;
  const doc = await t.call('POST', `/campaigns/${C}/documents`, reportRequest);
  const ready = await t.waitForDocument(doc.body.id);
  expect(ready.status).toBe('ready');
  ids.documentId = ready.id;
  ids.sha256 = ready.sha256;
});
afterAll(() => t?.app.stop());

function pathOf(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'campaignId') return C;
    const value = (ids as Record<string, string>)[name];
    if (!value) throw new Error(`no value for path parameter ${name}: add it to the matrix`);
    return value;
  });
}

describe('the authorization matrix', () => {
  it('has an expectation and a request for every route of the route table', () => {
    for (const r of routes) {
      expect(expectations, `route ${r.id} has no expectation`).toHaveProperty(r.id);
      expect(extras, `route ${r.id} has no request`).toHaveProperty(r.id);
      expect(Object.keys(expectations[r.id]).sort()).toEqual([...CALLERS].sort());
    }
    expect(Object.keys(expectations).sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it('public routes are exactly the routes everyone may call', () => {
    for (const r of routes) {
      const all = new Set(Object.values(expectations[r.id]));
      expect(r.access === 'public', r.id).toBe(all.size === 1 && !all.has(401));
    }
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
    const actual = {} as Record<Caller, number>;
    for (const caller of CALLERS) {
      const { query, body, contentType } = extras[route.id]();
      const path = pathOf(route.path) + (query ? `?${query}` : '');
      const r = await t.call(route.method, path, typeof body === 'string' || body === undefined ? body : JSON.stringify(body), {
        key: tokens[caller],
        headers: body === undefined ? {} : { 'content-type': contentType ?? 'application/json' },
      });
      actual[caller] = r.status;
      if (r.status >= 400) expectProblem(r);
      if (r.status === 401) expect(r.body.title).toBe('Unauthorized');
    }
    expect(actual).toEqual(expectations[route.id]);
  });
});

describe('what each caller sees', () => {
  it("a submitter's submission list shows only its own organization", async () => {
    await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(ORG_B));
    const all = await t.call('GET', `/campaigns/${C}/submissions?limit=100`);
    expect(new Set(all.body.items.map((s: { organizationId: string }) => s.organizationId))).toEqual(new Set([ORG_A, ORG_B]));

    const own = await t.call('GET', `/campaigns/${C}/submissions?limit=100`, undefined, { key: tokens.submitter });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    for (const s of own.body.items) expect(s.organizationId).toBe(ORG_A);
    const asked = await t.call('GET', `/campaigns/${C}/submissions?organizationId=${ORG_B}`, undefined, { key: tokens.submitter });
    expect(asked.body.items).toEqual([]);
    const other = await t.call('GET', `/campaigns/${C}/submissions?limit=100`, undefined, { key: tokens.submitterOtherOrg });
    for (const s of other.body.items) expect(s.organizationId).toBe(ORG_B);
    // and the submission of A is not readable by B's submitter by id
    expect((await t.call('GET', `/submissions/${ids.submissionId}`, undefined, { key: tokens.submitterOtherOrg })).status).toBe(403);
  });

  it('another campaign’s secretariat lists only the keys of its campaign, and never a secret', async () => {
    const r = await t.call('GET', '/keys?limit=100', undefined, { key: tokens.secretariatOther });
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const k of r.body.items) {
      expect(k.campaignId).toBe(OTHER);
      expect(k).not.toHaveProperty('secretHash');
      expect(k).not.toHaveProperty('key');
    }
    const all = await t.call('GET', '/keys?limit=100');
    expect(JSON.stringify(all.body)).not.toMatch(/secretHash|cdk_/);
  });

  it('a submitter may not issue keys, and a campaign secretariat may not issue all-campaign keys', async () => {
    const asSubmitter = await t.call('POST', '/keys', { role: 'secretariat' }, { key: tokens.submitter });
    expectProblem(asSubmitter, 403);
    const widened = await t.call('POST', '/keys', { role: 'secretariat', campaignId: OTHER }, { key: tokens.secretariat });
    expectProblem(widened, 403);
    // a campaign secretariat's key without campaignId stays bound to its campaign
    const bound = await t.call('POST', '/keys', { role: 'secretariat' }, { key: tokens.secretariat });
    expect(bound.status).toBe(201);
    expect(bound.body.campaignId).toBe(C);
    expect((await t.call('GET', `/campaigns/${OTHER}`, undefined, { key: bound.body.key })).status).toBe(403);
  });

  it('the verification of a digest tells nothing else', async () => {
    const r = await t.call('GET', `/verify/${ids.documentId}?sha256=${ids.sha256}`, undefined, { key: null });
    // the document was recalled by the matrix above: its status and when, and nothing else
    expect(Object.keys(r.body).sort()).toEqual(['issuedOn', 'issuer', 'number', 'recalledAt', 'status', 'type', 'valid']);
    expect(r.body.status).toBe('recalled');
    const unknown = await t.call('GET', `/verify/${'0'.repeat(8)}?sha256=${createHash('sha256').digest('hex')}`, undefined, { key: null });
    expectProblem(unknown, 404);
  });
});
