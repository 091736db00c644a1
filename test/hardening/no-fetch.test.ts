/**
 * ISSUE 5.6: documents never fetch. Text that looks like a URL, a file path, SVG or an image
 * spec is printed as text: a trap HTTP server on loopback sees no connection while the real
 * renderer writes the report, the proposal and the letter, and the PDFs carry the strings.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../support/pdf-reader.ts';
import { startTestApp } from '../support/test-app.ts';
import { campaign, letterRequest, proposalRequest, reportRequest, submissionFor, type TestApp } from './support.ts';

const C = 'no-fetch-2020';
let t: TestApp;
let trap: Server;
let connections = 0;
let hostile: string[] = [];

beforeAll(async () => {
  trap = createServer((_req, res) => res.end('trapped'));
  trap.on('connection', () => connections++);
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
  const port = (trap.address() as AddressInfo).port;
  const at = `http://127.0.0.1:${port}`;
  hostile = [
    `${at}/x`,
    'file:///etc/passwd',
    '/etc/passwd',
    `<svg onload="fetch('${at}/svg')"><image href="${at}/img"/></svg>`,
    `{"image":"${at}/img.png","width":100}`,
    `![logo](${at}/md.png)`,
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    `<img src="${at}/html.png">`,
  ];
  // the real renderer, with the verification address itself on the trap: printed, never fetched
  t = await startTestApp({ publicBaseUrl: at });

  const { id: _id, ...camp } = campaign;
  const put = await t.call('PUT', `/campaigns/${C}`, { ...camp, directive: { ...camp.directive, title: `Chỉ thị ${hostile[0]} ${hostile[3]}` } });
  expect(put.status, put.text).toBe(201);
  const orgs = [
    { id: 'district-a', name: hostile[0]!, level: 'district', unit: 'district' },
    { id: 'district-b', name: hostile[3]!, level: 'district', unit: 'district' },
    { id: 'commune-a', name: hostile[4]!, level: 'grassroots', unit: 'commune', parentId: 'district-a' },
    { id: 'commune-b', name: 'Đảng bộ xã /etc/passwd', level: 'grassroots', unit: 'commune', parentId: 'district-b' },
  ];
  expect((await t.call('PUT', `/campaigns/${C}/organizations`, orgs)).status).toBe(200);
  for (const [i, o] of orgs.entries()) {
    const body = submissionFor(o.id, {
      congress: { heldOn: '2020-05-1' + i, delegatesElected: 1000, delegatesAttended: 999 },
      recommendations: hostile.map((h) => `Đề nghị xem ${h} ngay`),
      notes: hostile.join('\n'),
    });
    const r = await t.call('POST', `/campaigns/${C}/submissions`, body);
    expect(r.status, r.text).toBe(201);
  }
});
afterAll(async () => {
  await t?.app.stop();
  await new Promise<void>((r) => trap?.close(() => r()));
});

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

describe('documents never fetch', () => {
  const orders = [
    ['report', reportRequest],
    ['proposal', proposalRequest],
    ['letter', letterRequest],
  ] as const;

  it.each(orders)('the %s prints every hostile string as text and opens no connection', async (_type, base) => {
    const request = {
      ...structuredClone(base),
      addressees: hostile.slice(0, 4),
      recipients: hostile,
      signer: { ...base.signer, fullName: 'Nguyễn /etc/passwd' },
      ...(base.type === 'proposal' ? { proposal: { subject: `về việc ${hostile[0]}`, request: hostile.join('\n') } } : {}),
    };
    const ordered = await t.call('POST', `/campaigns/${C}/documents`, request);
    expect(ordered.status, ordered.text).toBe(202);
    const doc = await t.waitForDocument(ordered.body.id, 120_000);
    expect(doc.status, JSON.stringify(doc)).toBe('ready');

    const pdf = new Uint8Array(await (await fetch((await t.call('GET', `/documents/${doc.id}/pdf`)).headers.get('location')!)).arrayBuffer());
    const { text } = await readPdf(pdf);
    for (const h of hostile) expect(squash(text), `${base.type} lacks ${h}`).toContain(squash(h));
    expect(text).not.toMatch(/root:.*:0:0:/);
    expect(text).not.toContain('trapped');
    expect(connections, 'the trap server was contacted').toBe(0);
  });

  it('the report and the letter print the organizations’ hostile names and recommendations as text', async () => {
    const docs = (await t.call('GET', `/campaigns/${C}/documents`)).body.items as { id: string; type: string }[];
    const texts: string[] = [];
    for (const d of docs.filter((x) => x.type !== 'proposal')) {
      const pdf = await fetch((await t.call('GET', `/documents/${d.id}/pdf`)).headers.get('location')!);
      texts.push((await readPdf(new Uint8Array(await pdf.arrayBuffer()))).text);
    }
    const all = squash(texts.join('\n'));
    expect(all).toContain(squash(`Đề nghị xem ${hostile[0]} ngay`));
    expect(all).toContain(squash(hostile[3]!));
    expect(connections).toBe(0);
  });

  it('(self-check) the trap does count a connection when one is made', async () => {
    const before = connections;
    const { port } = trap.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/self-check`)).text()).toBe('trapped');
    expect(connections).toBe(before + 1);
  });
});
