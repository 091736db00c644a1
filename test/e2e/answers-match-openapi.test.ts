/**
 * Issue 13, deliverable 5: every answer a route really gives matches the schema that
 * /openapi.json documents for that route, status and content type. The local app (real handlers,
 * DynamoDB Local, s3rver) is driven through one office's day: campaign, organizations,
 * submissions and an import, statistics, a letter issued and signed by the organization's key,
 * recalled and verified, a report signed by a person (prepare, complete) then by the
 * organization, keys; each route once well and once refused. Each answer is then
 * validated with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) against the documented
 * schema. A route of the route table with no answer recorded here fails, so a route added later
 * needs its check.
 *
 * Bodies that are not JSON (the preview's PDF, the export's CSV, the verify page and the API
 * reference's HTML and assets, the download's 302) are not validated: for them the test checks
 * only that the status and the content type are documented. Their refusals are JSON problems and
 * are validated like every other answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Renderer } from '../../functions/core/use-cases/documents.ts';
import { routes, type Route } from '../../functions/http/routes.ts';
import { localSignatureKey } from '../../functions/local/local-signature-key.ts';
import { campaign, letterRequest, organizations, reportRequest, submissionFor } from '../hardening/support.ts';
import { uniqueName } from '../support/local-aws.ts';
import { startTestApp, type ApiAnswer } from '../support/test-app.ts';
import { issuedPdf, signAttributes, testSigner } from '../unit/signing/fixtures.ts';

// ajv-formats is CommonJS: imported from ESM, the plugin is its `default`.
const addFormats = addFormatsModule.default;

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }>; headers?: Record<string, unknown> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

/** One answer the app gave, with the route of the table that answered it. */
type Seen = { route: Route; status: number; contentType: string; answer: ApiAnswer; what: string };

const C = 'oa-2020';
const OTHER = 'oa-2021';
const seen: Seen[] = [];

/** The route of the table that a request goes to: its path template, parameters being one segment without a colon. */
function routeOf(method: string, path: string): Route {
  const [pathname = ''] = path.split('?');
  const found = (routes as readonly Route[]).find(
    (r) => r.method === method && new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/:]+')}$`).test(pathname),
  );
  if (!found) throw new Error(`no route of the table answers ${method} ${pathname}`);
  return found;
}

/**
 * The renderer gives a real two-page PDF (as pdfkit writes it) so that the organization's key can
 * sign it (test/hardening's fakeRenderer bytes cannot be signed); the layout is not the point
 * here. While `hold` is set it waits, so a document can be caught before it is ready.
 */
let hold: Promise<void> | undefined;
let release = () => {};
let pdf: Buffer;
const renderer: Renderer = async () => {
  await hold;
  return { pdf: new Uint8Array(pdf), pages: 2 };
};

let t: Awaited<ReturnType<typeof startTestApp>>;
let keyDir: string;
let doc: OpenApi;

/** Calls the app and records the answer for the route that gave it. */
async function hit(what: string, method: string, path: string, body?: unknown, opts?: Parameters<typeof t.call>[3]) {
  const answer = await t.call(method, path, body, opts);
  seen.push({ route: routeOf(method, path), status: answer.status, contentType: answer.headers.get('content-type') ?? '', answer, what });
  return answer;
}

function expectStatus(answer: ApiAnswer, status: number): ApiAnswer {
  expect(answer.status, answer.text.slice(0, 500)).toBe(status);
  return answer;
}

async function waitFor(id: string, done: (d: { status: string; signatures?: unknown[] }) => boolean) {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const d = await t.call('GET', `/documents/${id}`);
    if (done(d.body)) return d.body;
  }
  throw new Error(`document ${id} did not get there`);
}

beforeAll(async () => {
  pdf = await issuedPdf();
  keyDir = await mkdtemp(join(tmpdir(), 'answers-openapi-'));
  // With the organization's key, issued documents carry a signature: the Signature answers are checked too.
  t = await startTestApp({ renderer, signatureKey: await localSignatureKey(keyDir, {}), publicBaseUrl: 'https://vanban.example.vn' });
  const noKey = { key: null };

  // --- public ---
  expectStatus(await hit('up', 'GET', '/health', undefined, noKey), 200);
  doc = expectStatus(await hit('the description', 'GET', '/openapi.json', undefined, noKey), 200).body as OpenApi;
  ajv = validatorsOf(doc);
  expectStatus(await hit('reference page (HTML)', 'GET', '/docs', undefined, noKey), 200);
  expectStatus(await hit('an asset (CSS)', 'GET', '/docs/swagger-ui.css', undefined, noKey), 200);
  expectStatus(await hit('an unknown asset', 'GET', '/docs/nothing.js', undefined, noKey), 404);

  // --- campaigns ---
  const { id: _id, ...campaignBody } = campaign;
  expectStatus(await hit('no key', 'GET', '/me', undefined, noKey), 401);
  expectStatus(await hit('the bootstrap key', 'GET', '/me'), 200);
  expectStatus(await hit('created', 'PUT', `/campaigns/${C}`, { ...campaignBody, signatures: { report: ['person', 'organization'] } }), 201);
  expectStatus(await hit('replaced', 'PUT', `/campaigns/${C}`, { ...campaignBody, signatures: { report: ['person', 'organization'] } }), 200);
  expectStatus(await hit('another', 'PUT', `/campaigns/${OTHER}`, { ...campaignBody, plan: null }), 201);
  expectStatus(await hit('bad fields', 'PUT', `/campaigns/${C}`, { ...campaignBody, term: '2020', deadlines: { branch: '2020-02-30' } }), 400);
  expectStatus(await hit('first page', 'GET', '/campaigns?limit=1'), 200);
  expectStatus(await hit('limit out of range', 'GET', '/campaigns?limit=0'), 400);
  expectStatus(await hit('the campaign', 'GET', `/campaigns/${C}`), 200);
  expectStatus(await hit('unknown campaign', 'GET', '/campaigns/no-such-campaign'), 404);

  // --- organizations and submissions ---
  expectStatus(await hit('upserted', 'PUT', `/campaigns/${C}/organizations`, organizations), 200);
  expectStatus(await hit('a bad parent', 'PUT', `/campaigns/${C}/organizations`, [{ ...organizations[0], parentId: 'nobody-here' }]), 400);
  expectStatus(await hit('over 256 KiB', 'PUT', `/campaigns/${C}/organizations`, 'x'.repeat(300_000), { headers: { 'content-type': 'application/json' } }), 413);
  const first = organizations.find((o) => o.level === 'grassroots')!;
  const created = expectStatus(await hit('recorded', 'POST', `/campaigns/${C}/submissions`, submissionFor(first.id)), 201);
  expectStatus(await hit('a second version', 'POST', `/campaigns/${C}/submissions`, submissionFor(first.id, { committeeSize: 9 }), { headers: { 'idempotency-key': 'oa-1' } }), 201);
  expectStatus(
    await hit('idempotency key with another body', 'POST', `/campaigns/${C}/submissions`, submissionFor(first.id, { committeeSize: 10 }), { headers: { 'idempotency-key': 'oa-1' } }),
    409,
  );
  expectStatus(
    await hit('every field wrong', 'POST', `/campaigns/${C}/submissions`, { organizationId: 'X', congress: { heldOn: '2020-13-01' }, secretary: { electedDirectly: 'yes' } }),
    400,
  );
  expectStatus(await hit('not JSON', 'POST', `/campaigns/${C}/submissions`, 'hello', { headers: { 'content-type': 'text/plain' } }), 415);
  const header = 'organizationId,heldOn,delegatesElected,delegatesAttended,secretaryName,electedDirectly,votesFor,votesValid,isLocal,concurrentRole,committeeSize,recommendation';
  const second = organizations.filter((o) => o.level === 'grassroots')[1]!;
  expectStatus(
    await hit('a good row and a bad one', 'POST', `/campaigns/${C}/submissions:import`, `${header}\n${second.id},2020-05-02,50,50,Lê Văn Ba,true,49,50,true,,9,\nnobody,2020-02-30,,,,maybe,,,,,,\n`, {
      headers: { 'content-type': 'text/csv' },
    }),
    200,
  );
  expectStatus(await hit('a bad header', 'POST', `/campaigns/${C}/submissions:import`, 'a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } }), 400);
  expectStatus(await hit('page of latest', 'GET', `/campaigns/${C}/submissions?limit=1`), 200);
  expectStatus(await hit('a bad organizationId', 'GET', `/campaigns/${C}/submissions?organizationId=NOT_AN_ID`), 400);
  expectStatus(await hit('versions', 'GET', `/campaigns/${C}/organizations/${first.id}/submissions`), 200);
  expectStatus(await hit('versions of an unknown campaign', 'GET', `/campaigns/no-such-campaign/organizations/${first.id}/submissions`), 404);
  expectStatus(await hit('one version', 'GET', `/submissions/${created.body.id}`), 200);
  expectStatus(await hit('unknown version', 'GET', '/submissions/00000000-0000-0000-0000-000000000000'), 404);
  expectStatus(await hit('with state, a page', 'GET', `/campaigns/${C}/organizations?level=grassroots&limit=5`), 200);
  expectStatus(await hit('late ones', 'GET', `/campaigns/${C}/organizations?state=late`), 200);
  expectStatus(await hit('a bad level and state', 'GET', `/campaigns/${C}/organizations?level=province&state=done`), 400);
  expectStatus(await hit('CSV', 'GET', `/campaigns/${C}/submissions:export`), 200);
  expectStatus(await hit('export of an unknown campaign', 'GET', '/campaigns/no-such-campaign/submissions:export'), 404);
  expectStatus(await hit('statistics', 'GET', `/campaigns/${C}/stats?asOf=2020-05-31`), 200);
  expectStatus(await hit('not a date', 'GET', `/campaigns/${C}/stats?asOf=2020-02-30`), 400);

  // --- documents ---
  expectStatus(await hit('the draft (PDF)', 'POST', `/campaigns/${C}/documents:preview`, letterRequest), 200);
  expectStatus(await hit('a bad draft request', 'POST', `/campaigns/${C}/documents:preview`, { ...letterRequest, type: 'memo' }), 400);
  hold = new Promise((r) => (release = r));
  const held = expectStatus(await hit('numbered and queued', 'POST', `/campaigns/${C}/documents`, letterRequest), 202);
  expectStatus(await hit('not rendered yet', 'GET', `/documents/${held.body.id}`), 200);
  expectStatus(await hit('download before ready', 'GET', `/documents/${held.body.id}/pdf`), 409);
  expectStatus(await hit('recall before ready', 'POST', `/documents/${held.body.id}:recall`, { reason: 'Sai số liệu' }), 409);
  release();
  hold = undefined;
  expectStatus(await hit('a bad order', 'POST', `/campaigns/${C}/documents`, { ...letterRequest, signer: {} }), 400);
  const letter = await waitFor(held.body.id, (d) => d.status === 'ready' && (d.signatures?.length ?? 0) > 0);
  expectStatus(await hit('ready and signed', 'GET', `/documents/${held.body.id}`), 200);
  expectStatus(await hit('unknown document', 'GET', '/documents/00000000-0000-0000-0000-000000000000'), 404);
  expectStatus(await hit('a page of documents', 'GET', `/campaigns/${C}/documents`), 200);
  expectStatus(await hit('a forged cursor', 'GET', `/campaigns/${C}/documents?cursor=forged`), 400);
  expectStatus(await hit('download (302)', 'GET', `/documents/${held.body.id}/pdf`), 302);
  expectStatus(await hit('the download link', 'GET', `/documents/${held.body.id}/pdf?as=link`), 200);
  const sha256 = (letter as unknown as { signatures: { sha256: string }[] }).signatures[0]!.sha256;
  expectStatus(await hit('facts and status', 'GET', `/verify/${held.body.id}`, undefined, noKey), 200);
  expectStatus(await hit('the signed file', 'GET', `/verify/${held.body.id}?sha256=${sha256}`, undefined, noKey), 200);
  expectStatus(await hit('another file', 'GET', `/verify/${held.body.id}?sha256=${'0'.repeat(64)}`, undefined, noKey), 200);
  expectStatus(await hit('not a digest', 'GET', `/verify/${held.body.id}?sha256=abc`, undefined, noKey), 400);
  expectStatus(await hit('unknown id', 'GET', '/verify/00000000-0000-0000-0000-000000000000', undefined, noKey), 404);
  const browser = { key: null, headers: { accept: 'text/html' } };
  expectStatus(await hit('the page (HTML)', 'GET', `/verify/${held.body.id}`, undefined, browser), 200);
  expectStatus(await hit('the page, not a digest (HTML)', 'GET', `/verify/${held.body.id}?sha256=abc`, undefined, browser), 400);
  expectStatus(await hit('the page, unknown id (HTML)', 'GET', '/verify/00000000-0000-0000-0000-000000000000', undefined, browser), 404);
  expectStatus(await hit('a reason missing', 'POST', `/documents/${held.body.id}:recall`, {}), 400);
  expectStatus(await hit('recalled', 'POST', `/documents/${held.body.id}:recall`, { reason: 'Sai số liệu' }), 200);
  expectStatus(await hit('recalled, verified', 'GET', `/verify/${held.body.id}?sha256=${sha256}`, undefined, noKey), 200);

  // --- a report: the campaign asks the person's signature first, then the organization's ---
  const report = expectStatus(await hit('a report', 'POST', `/campaigns/${C}/documents`, reportRequest), 202);
  await waitFor(report.body.id, (d) => d.status === 'ready');
  expectStatus(await hit('awaiting the person', 'GET', `/documents/${report.body.id}`), 200);
  const person = testSigner();
  const signatures = `/documents/${report.body.id}/signatures`;
  expectStatus(await hit('not a certificate', 'POST', `${signatures}:prepare`, { certificate: 'hello' }), 400);
  const prepared = expectStatus(await hit('prepared', 'POST', `${signatures}:prepare`, { certificate: person.certificatePem }), 200);
  expectStatus(await hit('a signing id this server never gave', 'POST', signatures, { signingId: 'forged', signature: 'AAAA' }), 400);
  const signature = signAttributes(person, prepared.body.signedAttributes);
  expectStatus(await hit('signed by the person', 'POST', signatures, { signingId: prepared.body.signingId, signature }), 200);
  expectStatus(await hit('the person signed already', 'POST', `${signatures}:prepare`, { certificate: person.certificatePem }), 409);
  await waitFor(report.body.id, (d) => (d.signatures?.length ?? 0) === 2);
  expectStatus(await hit('signed by both', 'GET', `/documents/${report.body.id}`), 200);

  // --- keys ---
  const key = expectStatus(
    await hit('a submitter key', 'POST', '/keys', { role: 'submitter', campaignId: C, organizationId: first.id, label: 'Văn phòng xã' }),
    201,
  );
  expectStatus(await hit('a submitter without organization', 'POST', '/keys', { role: 'submitter', campaignId: C }), 400);
  expectStatus(await hit('a submitter', 'GET', '/me', undefined, { key: key.body.key }), 200);
  expectStatus(await hit('a submitter may not', 'GET', `/campaigns/${C}/stats`, undefined, { key: key.body.key }), 403);
  expectStatus(await hit('keys, a page', 'GET', '/keys'), 200);
  expectStatus(await hit('limit too big', 'GET', '/keys?limit=101'), 400);
  expectStatus(await hit('revoked', 'DELETE', `/keys/${key.body.id}`), 200);
  expectStatus(await hit('unknown key', 'DELETE', '/keys/no-such-key'), 404);
  // A store that does not answer: the same app on a bucket that was never made.
  const broken = await startTestApp({ bucketName: uniqueName('never-created') });
  try {
    const answer = await broken.call('GET', '/health', undefined, { key: null });
    seen.push({ route: routeOf('GET', '/health'), status: answer.status, contentType: answer.headers.get('content-type') ?? '', answer, what: 'a bucket missing' });
    expectStatus(answer, 503);
  } finally {
    await broken.app.stop();
  }
});

afterAll(async () => {
  await t?.app.stop();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

/** Answers whose body is not JSON: only their status and content type are checked against the document. */
const NOT_JSON = /^(application\/pdf|text\/csv|text\/html|text\/css|text\/javascript|image\/png)\b/;

const COMPONENTS = 'https://congress-docs.test/components/';
/** The document's `#/components/schemas/X` references, made absolute for ajv. */
const absolute = (schema: object): object => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS}`));

/** ajv (strict) with every component of the document under its name. */
function validatorsOf(openapi: OpenApi): Ajv2020 {
  const validators = addFormats(new Ajv2020({ allErrors: true, strict: true, strictTypes: false }));
  for (const [name, schema] of Object.entries(openapi.components.schemas)) validators.addSchema({ ...absolute(schema), $id: `${COMPONENTS}${name}` });
  return validators;
}
let ajv: Ajv2020;

const validatorFor = (schema: object): ValidateFunction => ajv.compile(absolute(schema));

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, and its schemas compile', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`${COMPONENTS}${name}`), name).toBeDefined();
  });
});

describe.each(routes as readonly Route[])('$method $path ($id)', (route) => {
  it('answers as documented, well and when refused', () => {
    const answers = seen.filter((s) => s.route.id === route.id);
    expect(answers.length, `no answer of ${route.id} was checked: add it to this test`).toBeGreaterThan(0);
    // Each route is checked once well and once refused, except those that have no refusal to give.
    const cannotFail = ['openapi', 'docs'];
    expect(answers.some((a) => a.status < 300 || a.status === 302), `${route.id}: no successful answer checked`).toBe(true);
    if (!cannotFail.includes(route.id)) expect(answers.some((a) => a.status >= 400), `${route.id}: no refusal checked`).toBe(true);

    const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
    expect(operation, `${route.id} is not in /openapi.json`).toBeDefined();
    for (const { status, contentType, answer, what } of answers) {
      const label = `${route.id} ${status} (${what})`;
      const documented = operation!.responses[String(status)];
      expect(documented, `${label}: status not documented`).toBeDefined();
      if (status === 302) {
        expect(documented!.headers, label).toHaveProperty('Location');
        continue;
      }
      const mediaType = contentType.split(';')[0]!.trim();
      const content = documented!.content?.[mediaType];
      expect(content, `${label}: ${mediaType} not documented (documented: ${Object.keys(documented!.content ?? {}).join(', ')})`).toBeDefined();
      if (NOT_JSON.test(mediaType)) continue;
      expect(mediaType, label).toMatch(/^application\/(problem\+)?json$/);
      const validate = validatorFor(content!.schema);
      const ok = validate(answer.body);
      expect(ok ? [] : validate.errors, `${label}: ${answer.text.slice(0, 400)}`).toEqual([]);
    }
  });
});

describe('the schemas are strict enough to catch a view that drifts', () => {
  it('refuses a document with a field the schema does not name, and a key that shows its hash', () => {
    const operation = (id: string) => {
      const r = (routes as readonly Route[]).find((x) => x.id === id)!;
      return doc.paths[r.path]![r.method.toLowerCase()]!;
    };
    const document = seen.find((s) => s.route.id === 'getDocument' && s.status === 200)!.answer.body;
    const documentSchema = validatorFor(operation('getDocument').responses['200']!.content!['application/json']!.schema);
    expect(documentSchema(document)).toBe(true);
    expect(documentSchema({ ...document, request: {} })).toBe(false);
    expect(documentSchema({ ...document, status: 'archived' })).toBe(false);
    const keys = seen.find((s) => s.route.id === 'listKeys' && s.status === 200)!.answer.body;
    const keysSchema = validatorFor(operation('listKeys').responses['200']!.content!['application/json']!.schema);
    expect(keysSchema(keys)).toBe(true);
    expect(keysSchema({ items: [{ ...keys.items[0], secretHash: 'ab' }] })).toBe(false);
  });
});
