/**
 * The whole pipeline over HTTP, as a user drives it: campaign → organizations → submissions →
 * stats → the three documents → download → verify, against the local servers and the real
 * handlers, reading the PDFs' text back.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../support/pdf-reader.ts';
import { startTestApp } from '../support/test-app.ts';

const example = (file: string) => JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
const campaign = example('campaign.json');
const organizations: { id: string; level: string }[] = example('organizations.json');
const submissions: { organizationId: string; congress: { heldOn: string } }[] = example('submissions.json');

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.app.stop());

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

describe('the Quảng Ninh campaign through the API', () => {
  it('creates, then replaces, the campaign', async () => {
    const created = await t.call('PUT', '/campaigns/qn-2020', campaign);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'qn-2020', issuer: { name: 'TỈNH ỦY QUẢNG NINH', code: 'TU' } });
    const replaced = await t.call('PUT', '/campaigns/qn-2020', campaign);
    expect(replaced.status).toBe(200);
    expect((await t.call('GET', '/campaigns/qn-2020')).body.name).toBe(campaign.name);
  });

  it('upserts the organizations and pages through them', async () => {
    const put = await t.call('PUT', '/campaigns/qn-2020/organizations', organizations);
    expect(put.body).toEqual({ upserted: organizations.length });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.call('GET', `/campaigns/qn-2020/organizations?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(organizations.map((o) => o.id).sort());
  });

  it('records every submission as version 1, then a second version as 2', async () => {
    await pool(submissions, 8, async (s) => {
      const r = await t.call('POST', '/campaigns/qn-2020/submissions', s);
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ organizationId: s.organizationId, campaignId: 'qn-2020', version: 1 });
    });
    const first = submissions[0]!;
    const again = await t.call('POST', '/campaigns/qn-2020/submissions', first);
    expect(again.body.version).toBe(2);
    const one = await t.call('GET', `/submissions/${again.body.id}`);
    expect(one.body).toMatchObject({ id: again.body.id, version: 2, organizationId: first.organizationId });
  });

  it('pages the latest version of each organization exactly once', async () => {
    const seen: { organizationId: string; version: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.call('GET', `/campaigns/qn-2020/submissions?limit=37${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toHaveLength(submissions.length);
    expect(new Set(seen.map((s) => s.organizationId)).size).toBe(submissions.length);
    expect(seen.find((s) => s.organizationId === submissions[0]!.organizationId)?.version).toBe(2);
  });

  it('answers the statistics of the example as of 31 May 2020', async () => {
    const { status, body } = await t.call('GET', '/campaigns/qn-2020/stats?asOf=2020-05-31');
    expect(status).toBe(200);
    expect(body.asOf).toBe('2020-05-31');
    expect(body.levels.branch).toMatchObject({
      total: 140, held: 140, heldPercent: 100, lastHeldOn: '2020-01-18', completedOn: '2020-01-18',
      daysBeforeDeadline: 13, directElection: 140, villageHead: 140,
    });
    expect(body.levels.grassroots).toMatchObject({ total: 69, held: 69, heldPercent: 100, directElectionPercent: 100 });
    expect(body.levels.district).toMatchObject({ total: 18, held: 3, concurrentChair: 3, nonLocal: 3 });
    expect(body.levels.district.completedOn).toBeUndefined();
    const targets = Object.fromEntries(body.targets.map((x: { metric: string }) => [x.metric, x]));
    expect(targets.districtConcurrentChairCount).toMatchObject({ target: 3, actual: 3, met: true });
    expect(targets.villageBranchHeadPercent).toMatchObject({ target: 100, actual: 100, met: true });
    expect(targets.communeNonLocalPercent.actual).toBeGreaterThan(75);
  });

  const orders = [
    { type: 'report', file: 'report.json', number: '415-BC/TU', date: 'Quảng Ninh, ngày 06 tháng 6 năm 2020' },
    { type: 'proposal', file: 'proposal.json', number: '121-TTr/TU', date: 'Quảng Ninh, ngày 06 tháng 6 năm 2020' },
    { type: 'letter', file: 'letter.json', number: '2311-CV/TU', date: 'Quảng Ninh, ngày 08 tháng 6 năm 2020' },
  ];

  it.each(orders)('issues the $type as $number, downloadable and verifiable', async ({ file, number, date, type }) => {
    const request = example(`documents/${file}`);
    const ordered = await t.call('POST', '/campaigns/qn-2020/documents', request);
    expect(ordered.status).toBe(202);
    expect(ordered.headers.get('location')).toBe(`/documents/${ordered.body.id}`);
    expect(ordered.body).toMatchObject({ number, type, status: 'queued' });

    const doc = await t.waitForDocument(ordered.body.id);
    expect(doc).toMatchObject({ status: 'ready', number, issuedOn: request.issuedOn, asOf: request.asOf });

    const redirect = await t.call('GET', `/documents/${doc.id}/pdf`);
    expect(redirect.status).toBe(302);
    const url = new URL(redirect.headers.get('location')!);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    const pdf = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(pdf.byteLength).toBe(doc.bytes);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(sha256).toBe(doc.sha256);

    const valid = await t.call('GET', `/verify/${doc.id}?sha256=${sha256}`, undefined, { key: null });
    expect(valid.body).toEqual({ valid: true, number, issuer: 'TỈNH ỦY QUẢNG NINH', issuedOn: request.issuedOn, type, status: 'issued' });
    const wrong = await t.call('GET', `/verify/${doc.id}?sha256=${'0'.repeat(64)}`, undefined, { key: null });
    expect(wrong.body).toEqual({ valid: false });

    const { text } = await readPdf(pdf);
    expect(text.normalize('NFC')).toBe(text);
    for (const words of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'TỈNH ỦY QUẢNG NINH', `Số ${number}`, date, request.signer.fullName, '- Lưu VPTU.']) {
      expect(text).toContain(words);
    }
    expect(doc.pages).toBeGreaterThanOrEqual(1);
  });

  it('prints the key percentages in the report as the contract prints them', async () => {
    const docs = await t.call('GET', '/campaigns/qn-2020/documents');
    const report = docs.body.items.find((d: { type: string }) => d.type === 'report');
    const stats = (await t.call('GET', '/campaigns/qn-2020/stats?asOf=2020-05-31')).body;
    const pdf = await fetch((await t.call('GET', `/documents/${report.id}/pdf`)).headers.get('location')!);
    const text = (await readPdf(new Uint8Array(await pdf.arrayBuffer()))).text.replace(/\s+/g, ' ');
    const printed = (p: number) => `${String(p).replace('.', ',')}%`;
    const commune = stats.targets.find((x: { metric: string }) => x.metric === 'communeNonLocalPercent').actual;
    expect(text).toContain(printed(commune));
    expect(text).toContain('100%');
  });

  it('lists documents newest first', async () => {
    const { body } = await t.call('GET', '/campaigns/qn-2020/documents');
    expect(body.items.map((d: { number: string }) => d.number)).toEqual(['2311-CV/TU', '121-TTr/TU', '415-BC/TU']);
  });
});

describe('a committee with no paper series', () => {
  it('starts each series at 01', async () => {
    const { lastNumbers: _omit, id: _id, ...fresh } = campaign;
    expect((await t.call('PUT', '/campaigns/hn-2020', { ...fresh, issuer: { ...fresh.issuer, code: 'HU' } })).status).toBe(201);
    const request = example('documents/report.json');
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) numbers.push((await t.call('POST', '/campaigns/hn-2020/documents', request)).body.number);
    const letter = await t.call('POST', '/campaigns/hn-2020/documents', example('documents/letter.json'));
    expect([...numbers, letter.body.number]).toEqual(['01-BC/HU', '02-BC/HU', '01-CV/HU']);
  });
});

describe('errors a user meets', () => {
  it('names every invalid field of a submission in a problem+json 400', async () => {
    const bad = { organizationId: 'Bad Id', congress: { heldOn: '2020-02-30' }, secretary: { fullName: '', electedDirectly: true, isLocal: 'no' } };
    const r = await t.call('POST', '/campaigns/qn-2020/submissions', bad);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const paths = r.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['/congress/heldOn', '/organizationId', '/secretary/fullName', '/secretary/isLocal', '/secretary/votes'].sort());
  });

  it('answers 401 without a key, 404 for an unknown campaign, 400 for a forged cursor or a limit over 100', async () => {
    expect((await t.call('GET', '/campaigns/qn-2020', undefined, { key: null })).status).toBe(401);
    expect((await t.call('GET', '/campaigns/nowhere')).status).toBe(404);
    expect((await t.call('GET', '/campaigns/qn-2020/organizations?cursor=abc.def')).status).toBe(400);
    expect((await t.call('GET', '/campaigns/qn-2020/organizations?limit=1000')).status).toBe(400);
    expect((await t.call('GET', '/health', undefined, { key: null })).body).toEqual({ status: 'ok' });
  });
});

describe('the API description', () => {
  it('serves the OpenAPI document and a reference page whose assets come from this server', async () => {
    const spec = await t.call('GET', '/openapi.json', undefined, { key: null });
    expect(spec.body.openapi).toMatch(/^3\.1\./);
    const page = await t.call('GET', '/docs', undefined, { key: null });
    expect(page.headers.get('content-type')).toContain('text/html');
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.every((a) => a.startsWith('/docs/'))).toBe(true);
    for (const asset of assets) {
      const res = await fetch(t.app.url + asset);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await t.call('GET', '/docs/../../etc/passwd', undefined, { key: null })).status).toBe(404);
  });
});
