/**
 * Issue 11 over HTTP, with another province's data than the example (Hà Giang): an office can
 * trust what it issues. A preview takes no number; an ordered document is made from the data as
 * it stood when ordered; a recalled one keeps its number and says so; the organizations list
 * tells who reported; the export opens in a spreadsheet and imports again.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Renderer } from '../../functions/core/use-cases/documents.ts';
import { renderPdf } from '../../templates/render.ts';
import { readPdf } from '../support/pdf-reader.ts';
import { startTestApp } from '../support/test-app.ts';

const C = 'hg-2020';
const campaign = {
  name: 'Đại hội đảng bộ các cấp nhiệm kỳ 2020-2025',
  issuer: { name: 'TỈNH ỦY HÀ GIANG', code: 'TU', parentName: null, place: 'Hà Giang', archiveCode: 'VPTU' },
  term: '2020-2025',
  directive: { number: '35-CT/TW', title: 'Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp' },
  plan: { number: '201-KH/TU' },
  // The branch deadline is past on any day these tests run; the others are far ahead.
  deadlines: { branch: '2020-01-31', grassroots: '2099-06-30', district: '2099-08-31' },
  targets: { directElectionPercent: 100, communeNonLocalPercent: 75 },
  lastNumbers: { BC: 40 },
};
const organizations = [
  { id: 'meo-vac', name: 'Đảng bộ huyện Mèo Vạc', level: 'district', unit: 'district' },
  { id: 'meo-vac-tt', name: 'Đảng bộ thị trấn Mèo Vạc', level: 'grassroots', unit: 'commune', parentId: 'meo-vac' },
  { id: 'meo-vac-xa-pai-lung', name: 'Đảng bộ xã Pải Lủng', level: 'grassroots', unit: 'commune', parentId: 'meo-vac' },
  { id: 'pai-lung-thon-1', name: 'Chi bộ thôn Pải Lủng', level: 'branch', unit: 'village', parentId: 'meo-vac-xa-pai-lung' },
];
const result = (organizationId: string, heldOn: string, isLocal = false) => ({
  organizationId,
  congress: { heldOn, delegatesElected: 60, delegatesAttended: 58 },
  secretary: { fullName: 'Vàng Mí Chá', electedDirectly: true, votes: { for: 55, valid: 58 }, isLocal, concurrentRole: 'people-committee-chair' },
});
const report = {
  type: 'report',
  issuedOn: '2020-06-20',
  asOf: '2020-06-15',
  addressees: ['Ban Bí thư Trung ương Đảng'],
  recipients: ['Ban Tổ chức Trung ương'],
  signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Đặng Quốc Khánh' },
};

/** The real renderer behind a gate: what the worker renders waits until the test opens it. */
let gate: Promise<void> = Promise.resolve();
let openGate = () => {};
const gatedRenderer: Renderer = async (input) => {
  await gate;
  return renderPdf(input);
};

let t: Awaited<ReturnType<typeof startTestApp>>;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const download = async (id: string) => {
  const r = await t.call('GET', `/documents/${id}/pdf`);
  expect(r.status).toBe(302);
  return new Uint8Array(await (await fetch(r.headers.get('location')!)).arrayBuffer());
};
const textOf = async (pdf: Uint8Array) => (await readPdf(pdf)).pages.map((p) => p.text).join('\n');

beforeAll(async () => {
  t = await startTestApp({ renderer: gatedRenderer, publicBaseUrl: 'https://vanban.hagiang.example' });
  expect((await t.call('PUT', `/campaigns/${C}`, campaign)).status).toBe(201);
  expect((await t.call('PUT', `/campaigns/${C}/organizations`, organizations)).status).toBe(200);
  for (const id of ['meo-vac-tt', 'meo-vac-xa-pai-lung']) {
    expect((await t.call('POST', `/campaigns/${C}/submissions`, result(id, '2020-05-10'))).status).toBe(201);
  }
});
afterAll(() => t?.app.stop());

describe('preview and order', () => {
  let previewText = '';

  it('previews a draft marked DỰ THẢO on every page, with no number and no QR code, and takes no number', async () => {
    const r = await fetch(`${t.app.url}/campaigns/${C}/documents:preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.app.bootstrapKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(new Uint8Array(await r.arrayBuffer()));
    for (const page of pdf.pages) expect(page.text).toContain('DỰ THẢO');
    previewText = pdf.pages.map((p) => p.text).join('\n');
    expect(previewText).toMatch(/Số\s+-BC\/TU/);
    expect(previewText).not.toContain('41-BC/TU');
    expect(previewText).not.toContain('vanban.hagiang.example');
    expect((await t.call('GET', `/campaigns/${C}/documents`)).body.items).toEqual([]);
  });

  it('takes no Idempotency-Key on a preview: there is nothing to do twice, and no answer is kept', async () => {
    const headers = { 'idempotency-key': 'preview-1' };
    const first = await t.call('POST', `/campaigns/${C}/documents:preview`, report, { headers });
    const other = await t.call('POST', `/campaigns/${C}/documents:preview`, { ...report, issuedOn: '2020-06-21' }, { headers });
    expect([first.status, other.status]).toEqual([200, 200]);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a bad preview request with the fields named, like an order', async () => {
    const r = await t.call('POST', `/campaigns/${C}/documents:preview`, { ...report, type: 'memo', issuedOn: '2020-02-30' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/issuedOn', '/type']);
  });

  it('numbers the next order after the last ordered one, and renders the data as it stood when ordered', async () => {
    gate = new Promise((r) => (openGate = r));
    const ordered = await t.call('POST', `/campaigns/${C}/documents`, report);
    expect(ordered.status).toBe(202);
    expect(ordered.body.number).toBe('41-BC/TU');
    // While the document waits in the queue, the district reports: this must not change it.
    expect((await t.call('POST', `/campaigns/${C}/submissions`, result('meo-vac', '2020-05-20'))).status).toBe(201);
    openGate();
    const doc = await t.waitForDocument(ordered.body.id);
    expect(doc.status).toBe('ready');
    const issued = await textOf(await download(doc.id));
    // What was previewed is what is issued: only the number, the mark and the QR code differ.
    const strip = (s: string) => s.replace(/DỰ THẢO\s*/g, '').replace(/Số\s+(41)?-BC\/TU/g, 'Số -BC/TU').replace(/\s+/g, ' ');
    const issuedBody = strip(issued).replace(/https:\/\/vanban\.hagiang\.example\S*|41-BC\/TU/g, '').trim();
    expect(issuedBody.startsWith(strip(previewText).trim().slice(0, 400))).toBe(true);
    expect(issued).toContain('41-BC/TU');

    const next = await t.call('POST', `/campaigns/${C}/documents`, report);
    expect(next.body.number).toBe('42-BC/TU');
    const second = await textOf(await download((await t.waitForDocument(next.body.id)).id));
    // Ordered before the district reported (held 20/5, before the cut-off of 15/6): not counted.
    const district = (text: string) => /Tổng số 1 đảng bộ cấp trên cơ sở; đã tổ chức đại hội (\d\/1 \(\d+%\))/.exec(strip(text))?.[1];
    expect(district(issued)).toBe('0/1 (0%)');
    expect(district(second)).toBe('1/1 (100%)');
  });
});

describe('recall', () => {
  it('recalls a ready document with its reason; its number is never given again; its PDF stays; /verify says recalled', async () => {
    const ordered = await t.call('POST', `/campaigns/${C}/documents`, report);
    const doc = await t.waitForDocument(ordered.body.id);
    const pdf = await download(doc.id);

    const recalled = await t.call('POST', `/documents/${doc.id}:recall`, { reason: 'Số liệu của xã Pải Lủng chưa đúng' });
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'recalled', recallReason: 'Số liệu của xã Pải Lủng chưa đúng', number: doc.number });
    expect(Date.parse(recalled.body.recalledAt)).toBeGreaterThan(Date.parse(doc.readyAt));
    expect((await t.call('GET', `/documents/${doc.id}`)).body.status).toBe('recalled');

    expect(sha256(await download(doc.id))).toBe(sha256(pdf));
    const verify = await t.call('GET', `/verify/${doc.id}?sha256=${sha256(pdf)}`, undefined, { key: null });
    expect(verify.body).toMatchObject({ valid: true, status: 'recalled', recalledAt: recalled.body.recalledAt, number: doc.number });

    const again = await t.call('POST', `/documents/${doc.id}:recall`, { reason: 'lần nữa' });
    expect(again.status).toBe(409);
    const next = await t.call('POST', `/campaigns/${C}/documents`, report);
    expect(next.body.sequence ?? Number(next.body.number.split('-')[0])).toBe(Number(doc.number.split('-')[0]) + 1);
  });

  it('refuses a recall without a reason, or of a document that is not ready', async () => {
    const ordered = await t.call('POST', `/campaigns/${C}/documents`, report);
    const noReason = await t.call('POST', `/documents/${ordered.body.id}:recall`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ path: '/reason', code: 'required', message: 'is required' }]);
    gate = new Promise((r) => (openGate = r));
    const waiting = await t.call('POST', `/campaigns/${C}/documents`, report);
    const early = await t.call('POST', `/documents/${waiting.body.id}:recall`, { reason: 'chưa phát hành' });
    expect(early.status).toBe(409);
    openGate();
    await t.waitForDocument(waiting.body.id);
  });
});

describe('what the console reads', () => {
  it('GET /me says who the key is, and GET /campaigns lists the campaigns', async () => {
    const me = await t.call('GET', '/me');
    expect(me.body).toMatchObject({ role: 'secretariat' });
    expect(me.body).not.toHaveProperty('secretHash');
    const list = await t.call('GET', '/campaigns');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(C);
    expect(list.body.items.find((c: { id: string }) => c.id === C).issuer.name).toBe('TỈNH ỦY HÀ GIANG');
  });

  it('lists organizations with their state, filtered by level and state', async () => {
    const all = await t.call('GET', `/campaigns/${C}/organizations?limit=100`);
    const state = Object.fromEntries(all.body.items.map((o: { id: string; state: string }) => [o.id, o.state]));
    expect(state).toEqual({ 'meo-vac': 'reported', 'meo-vac-tt': 'reported', 'meo-vac-xa-pai-lung': 'reported', 'pai-lung-thon-1': 'late' });
    const tt = all.body.items.find((o: { id: string }) => o.id === 'meo-vac-tt');
    expect(tt.latestSubmission).toMatchObject({ version: 1, heldOn: '2020-05-10' });
    const late = await t.call('GET', `/campaigns/${C}/organizations?state=late`);
    expect(late.body.items.map((o: { id: string }) => o.id)).toEqual(['pai-lung-thon-1']);
    const grassroots = await t.call('GET', `/campaigns/${C}/organizations?level=grassroots`);
    expect(grassroots.body.items.map((o: { id: string }) => o.id).sort()).toEqual(['meo-vac-tt', 'meo-vac-xa-pai-lung']);
    const bad = await t.call('GET', `/campaigns/${C}/organizations?state=done&level=city`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/query/level', '/query/state']);
  });

  it("lists an organization's versions, newest first, to its own submitter only", async () => {
    await t.call('POST', `/campaigns/${C}/submissions`, result('meo-vac-tt', '2020-05-11', true));
    const key = (await t.call('POST', '/keys', { role: 'submitter', campaignId: C, organizationId: 'meo-vac-tt' })).body.key;
    const own = await t.call('GET', `/campaigns/${C}/organizations/meo-vac-tt/submissions`, undefined, { key });
    expect(own.status).toBe(200);
    expect(own.body.items.map((s: { version: number; congress: { heldOn: string } }) => [s.version, s.congress.heldOn])).toEqual([
      [2, '2020-05-11'],
      [1, '2020-05-10'],
    ]);
    expect((await t.call('GET', `/campaigns/${C}/organizations/meo-vac/submissions`, undefined, { key })).status).toBe(403);
    expect((await t.call('GET', `/campaigns/${C}/organizations/nowhere/submissions`)).status).toBe(404);
  });

  it('exports the latest submissions as CSV a spreadsheet opens (BOM, Vietnamese), which imports again', async () => {
    const r = await fetch(`${t.app.url}/campaigns/${C}/submissions:export`, { headers: { authorization: `Bearer ${t.app.bootstrapKey}` } });
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header!.split(',').slice(0, 3)).toEqual(['organizationId', 'heldOn', 'delegatesElected']);
    expect(header).toContain('organizationName');
    expect(rows).toHaveLength(organizations.length);
    expect(rows.find((l) => l.startsWith('meo-vac-tt,'))).toContain('Vàng Mí Chá');
    expect(rows.find((l) => l.startsWith('pai-lung-thon-1,'))).toContain('Chi bộ thôn Pải Lủng');

    // The reported rows import again as they are (the unreported one lacks its fields: refused by row).
    const imported = await t.call('POST', `/campaigns/${C}/submissions:import`, text, { headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(200);
    const ok = imported.body.results.filter((x: { id?: string }) => x.id);
    expect(ok).toHaveLength(3);
    expect(imported.body.results.find((x: { errors?: unknown[] }) => x.errors).errors[0]).toMatchObject({ column: 'heldOn', code: 'required' });
  });
});

describe('plausible data', () => {
  it('refuses more valid ballots than delegates present, and a congress after today, naming the field', async () => {
    const tooMany = result('meo-vac-tt', '2020-05-10');
    tooMany.secretary.votes = { for: 59, valid: 59 };
    const r1 = await t.call('POST', `/campaigns/${C}/submissions`, tooMany);
    expect(r1.status).toBe(400);
    expect(r1.body.errors.map((e: { path: string }) => e.path)).toEqual(['/secretary/votes/valid']);
    const r2 = await t.call('POST', `/campaigns/${C}/submissions`, result('meo-vac-tt', '2099-01-01'));
    expect(r2.status).toBe(400);
    expect(r2.body.errors).toEqual([expect.objectContaining({ path: '/congress/heldOn', code: 'date_in_future' })]);
  });
});
