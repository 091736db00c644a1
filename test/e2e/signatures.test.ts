/**
 * Signed documents over HTTP, as an office gets them: a letter signed by the organization as
 * soon as it is rendered; a report signed first by the person with authority (`congress-docs
 * sign --p12`), then by the organization. The downloaded files are read back by the tests'
 * independent verifier; /verify accepts the issued file and each signed one.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSignatureKey } from '#local/local-signature-key.ts';
import { startTestApp } from '../support/test-app.ts';
import { readSignatures } from '../unit/signing/independent-verifier.ts';
import { pkcs12Of, signAttributes, testSigner } from '../unit/signing/fixtures.ts';

const root = new URL('../..', import.meta.url).pathname;
const example = (file: string) => JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tmp = mkdtempSync(join(tmpdir(), 'congress-docs-sign-'));

let t: Awaited<ReturnType<typeof startTestApp>>;
const person = testSigner('Nguyễn Xuân Ký');

beforeAll(async () => {
  t = await startTestApp({ signatureKey: await localSignatureKey(undefined, {}) });
  const campaign = { ...example('campaign.json'), signatures: { report: ['person', 'organization'] } };
  expect((await t.call('PUT', '/campaigns/qn-2020', campaign)).status).toBe(201);
  await t.call('PUT', '/campaigns/qn-2020/organizations', example('organizations.json'));
});
afterAll(async () => {
  await t?.app.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function order(file: string): Promise<string> {
  const r = await t.call('POST', '/campaigns/qn-2020/documents', example(`documents/${file}`));
  expect(r.status, r.text).toBe(202);
  return r.body.id;
}

/** Polls the document until `done` holds of it. */
async function until(id: string, done: (doc: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = (await t.call('GET', `/documents/${id}`)).body;
    if (done(doc)) return doc;
    if (doc.status === 'failed' || Date.now() > deadline) throw new Error(`document ${id}: ${JSON.stringify(doc)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(id: string): Promise<Buffer> {
  const r = await t.call('GET', `/documents/${id}/pdf`);
  expect(r.status).toBe(302);
  return Buffer.from(await (await fetch(r.headers.get('location')!)).arrayBuffer());
}

const verify = async (id: string, digest: string) => (await t.call('GET', `/verify/${id}?sha256=${digest}`, undefined, { key: null })).body;

describe('a letter: the organization signs it when it is rendered', () => {
  it('downloads signed, the issued PDF its prefix, and /verify accepts both files', async () => {
    const id = await order('letter.json');
    const doc = await until(id, (d) => d.status === 'ready' && d.signatures?.length === 1);
    expect(doc.awaitingSignature).toBeUndefined();
    expect(doc.signatures[0]).toMatchObject({ step: 'organization', signer: 'Khóa ký số của cơ quan (thử nghiệm)' });

    const pdf = await download(id);
    expect(sha256(pdf)).toBe(doc.signatures[0].sha256);
    expect(sha256(pdf.subarray(0, doc.bytes))).toBe(doc.sha256);
    expect(readSignatures(pdf)).toMatchObject([
      { subFilter: 'ETSI.CAdES.detached', coversAllButContents: true, coversWholeFile: true, digestMatches: true, signatureValid: true, signingCertificateV2Matches: true },
    ]);
    for (const digest of [doc.sha256, doc.signatures[0].sha256]) {
      expect(await verify(id, digest)).toMatchObject({ valid: true, number: doc.number, signatures: [{ step: 'organization', valid: true }] });
    }
  });
});

describe('a report: the person, then the organization', () => {
  let id: string;
  beforeAll(async () => {
    id = await order('report.json');
  });

  it('waits for the person once rendered', async () => {
    const doc = await until(id, (d) => d.status === 'ready');
    expect(doc.awaitingSignature).toBe('person');
    expect(doc.signatures ?? []).toEqual([]);
  });

  it('refuses a signature from another key than the certificate declared: 400 naming /signature', async () => {
    const prepared = await t.call('POST', `/documents/${id}/signatures:prepare`, { certificate: person.certificatePem });
    expect(prepared.status, prepared.text).toBe(200);
    expect(prepared.body).toMatchObject({ algorithm: 'RSASSA_PKCS1_V1_5_SHA_256', certificate: { subject: 'Nguyễn Xuân Ký' } });
    const other = testSigner('Người khác');
    const r = await t.call('POST', `/documents/${id}/signatures`, {
      signingId: prepared.body.signingId,
      signature: signAttributes(other, prepared.body.signedAttributes),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors).toEqual([expect.objectContaining({ path: '/signature' })]);
    expect((await t.call('POST', `/documents/${id}/signatures:prepare`, { certificate: 'x', chain: [1] })).body.errors.map((e: any) => e.path)).toEqual([
      '/chain/0',
    ]);
  });

  it('refuses a certificate that is expired, not yet valid, or not for signing, naming /certificate', async () => {
    const day = 86_400_000;
    for (const [why, signer, message] of [
      ['expired', testSigner('Hết Hạn', { notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - 30 * day) }), /^expired on \d{4}-\d{2}-\d{2}$/],
      ['not yet valid', testSigner('Chưa Tới', { notBefore: new Date(Date.now() + 30 * day) }), /^is not valid before /],
      ['for encryption only', testSigner('Mã Hóa', { keyUsage: { keyEncipherment: true } }), /^is not for signing/],
    ] as const) {
      const r = await t.call('POST', `/documents/${id}/signatures:prepare`, { certificate: signer.certificatePem });
      expect(r.status, why).toBe(400);
      expect(r.body.errors, why).toEqual([expect.objectContaining({ path: '/certificate', code: 'invalid', message: expect.stringMatching(message) })]);
    }
    const signing = testSigner('Ký Số', { keyUsage: { digitalSignature: true, nonRepudiation: true } });
    expect((await t.call('POST', `/documents/${id}/signatures:prepare`, { certificate: signing.certificatePem })).status).toBe(200);
  });

  it('congress-docs sign --p12 signs it; the organization follows; both signatures valid', async () => {
    const p12 = join(tmp, 'nguyen-xuan-ky.p12');
    writeFileSync(p12, pkcs12Of(person, 'mật khẩu'));
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'cli/bin.mjs'), 'sign', id, '--p12', p12], {
      cwd: root,
      env: { ...process.env, CONGRESS_DOCS_URL: t.app.url, CONGRESS_DOCS_KEY: t.app.bootstrapKey!, SIGNING_P12_PASSWORD: 'mật khẩu' },
    });
    expect(stdout).toMatch(/signed by Nguyễn Xuân Ký; the organization's signature follows/);

    const doc = await until(id, (d) => d.signatures?.length === 2);
    expect(doc.signatures.map((s: any) => s.step)).toEqual(['person', 'organization']);
    expect(doc.awaitingSignature).toBeUndefined();
    const pdf = await download(id);
    const [first, second] = readSignatures(pdf);
    expect(first).toMatchObject({ signer: 'Nguyễn Xuân Ký', coversAllButContents: true, coversWholeFile: false, digestMatches: true, signatureValid: true, signingCertificateV2Matches: true });
    expect(second).toMatchObject({ signer: 'Khóa ký số của cơ quan (thử nghiệm)', coversAllButContents: true, coversWholeFile: true, digestMatches: true, signatureValid: true });
    expect(sha256(first!.revision)).toBe(doc.signatures[0].sha256);
    expect(sha256(pdf.subarray(0, doc.bytes))).toBe(doc.sha256);
    expect(await verify(id, doc.signatures[0].sha256)).toMatchObject({ valid: true });
    writeFileSync(join(tmp, 'report.pdf'), pdf);
  });
});
