/**
 * The signature use cases on the real adapters (DynamoDB Local, s3rver): the organization's
 * signature by the worker, the person's two-step signature, what the document records and what
 * the stored files are, read back by the tests' independent verifier.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '#adapters/dynamo/index.ts';
import { s3DocumentStorage } from '#adapters/s3-storage.ts';
import type { Deps } from '#core/deps.ts';
import { AppError } from '#core/errors.ts';
import type { DocumentRecord, Principal } from '#core/model.ts';
import type { RenderJob } from '#core/ports.ts';
import { campaignSchema, type DocumentType } from '#core/schemas.ts';
import { latestFile } from '#core/signature-steps.ts';
import { applyOrganizationSignature, completeSignature, prepareSignature } from '#core/use-cases/signatures.ts';
import { localSignatureKey } from '#local/local-signature-key.ts';
import { clients, createTestBucket, createTestTable } from '../support/local-aws.ts';
import { readSignatures } from '../unit/signing/independent-verifier.ts';
import { issuedPdf, signAttributes, testSigner, type TestSigner } from '../unit/signing/fixtures.ts';

const secretariat: Principal = { id: 'key-1', role: 'secretariat' };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let deps: Deps;
let bucketName: string;
let dataDir: string;
let jobs: RenderJob[];
let person: TestSigner;
let issued: Buffer;
let campaign: ReturnType<typeof campaignSchema.parse>;
let ids = 0;

beforeAll(async () => {
  const [table, bucket] = await Promise.all([createTestTable('signatures'), createTestBucket('signatures')]);
  bucketName = bucket;
  dataDir = await mkdtemp(join(tmpdir(), 'signatures-'));
  const repo = dynamoRepositories(clients().dynamo, table);
  jobs = [];
  deps = {
    repo,
    idempotency: repo.idempotency,
    storage: s3DocumentStorage(clients().s3, bucket),
    queue: { send: async (job) => void jobs.push(job) },
    signatureKey: await localSignatureKey(dataDir, {}),
    clock: () => new Date('2020-06-06T02:00:00Z'),
    newId: () => `doc-${++ids}`,
    settings: { publicBaseUrl: 'https://docs.example.vn', cursorSecret: 'integration-secret', presignSeconds: 300, renderAttempts: 3 },
  };
  campaign = campaignSchema.parse({
    ...JSON.parse(await readFile(new URL('../../examples/campaign.json', import.meta.url), 'utf8')),
    signatures: { report: ['person', 'organization'], proposal: ['person'] },
  });
  await repo.putCampaign({ ...campaign, id: 'qn-2020', createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z' });
  // Valid on the day the clock says (2020-06-06).
  person = testSigner('Nguyễn Xuân Ký', SIGNER_VALIDITY);
  issued = await issuedPdf();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const SIGNER_VALIDITY = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2030-01-01T00:00:00Z') };

/** A ready document with its issued file stored, as the worker leaves it after rendering. */
async function readyDocument(type: DocumentType): Promise<DocumentRecord> {
  const symbol = ({ report: 'BC', proposal: 'TTr', letter: 'CV' } as const)[type];
  const request = {
    type,
    issuedOn: '2020-06-06',
    asOf: '2020-06-06',
    subject: null,
    addressees: ['Ban Bí thư Trung ương Đảng'],
    recipients: [],
    signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Nguyễn Xuân Ký' },
    proposal: null,
  };
  const doc = await deps.repo.createNumberedDocument(
    { id: deps.newId(), campaignId: 'qn-2020', type, status: 'queued', symbol, issuedOn: '2020-06-06', asOf: '2020-06-06', issuerName: 'TỈNH ỦY QUẢNG NINH', request: request as never, createdAt: '2020-06-06T01:00:00Z' },
    { issuerCode: 'TU', firstNumber: 415 },
  );
  // Frozen when ordered, as createDocument does: the campaign's signature steps come from here.
  await deps.storage.putInputs(doc.id, Buffer.from(JSON.stringify({ campaign, organizations: [], submissions: [], request })));
  await deps.storage.putPdf(doc.id, issued, { sha256: sha256(issued), fileName: 'x.pdf' });
  await deps.repo.transitionDocument(doc.id, ['queued'], { status: 'ready', sha256: sha256(issued), bytes: issued.length, pages: 2 });
  return (await deps.repo.getDocument(doc.id))!;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

async function stored(doc: DocumentRecord): Promise<Uint8Array> {
  return deps.storage.getPdf(doc.id, latestFile(doc)!.sha256);
}

describe('the organization’s signature (default: a letter needs only it)', () => {
  it('is applied once, recorded, and stored as a new file whose prefix is the issued one', async () => {
    const doc = await readyDocument('letter');
    expect(await applyOrganizationSignature(deps, doc)).toBe('signed');
    expect(await applyOrganizationSignature(deps, doc)).toBe('skipped');

    const after = (await deps.repo.getDocument(doc.id))!;
    expect(after.signatures).toEqual([
      { step: 'organization', signer: 'Khóa ký số của cơ quan (thử nghiệm)', signedAt: '2020-06-06T02:00:00.000Z', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
    ]);
    expect(after.awaitingSignature).toBeUndefined();
    expect(after.sha256).toBe(doc.sha256);
    const pdf = await stored(after);
    expect(sha256(pdf)).toBe(after.signatures![0]!.sha256);
    expect(sha256(pdf.subarray(0, doc.bytes!))).toBe(doc.sha256);
    expect(readSignatures(pdf)).toMatchObject([{ coversWholeFile: true, coversAllButContents: true, digestMatches: true, signatureValid: true, signingCertificateV2Matches: true }]);
    // The issued file is still there under its own digest.
    expect(sha256(await deps.storage.getPdf(doc.id, doc.sha256!))).toBe(doc.sha256);
  });

  it('is not applied to a recalled document, nor without a key', async () => {
    const doc = await readyDocument('letter');
    await deps.repo.transitionDocument(doc.id, ['ready'], { status: 'recalled', recalledAt: '2020-06-07T00:00:00Z', recallReason: 'nhầm' });
    expect(await applyOrganizationSignature(deps, doc)).toBe('skipped');
    const other = await readyDocument('letter');
    expect(await applyOrganizationSignature({ ...deps, signatureKey: undefined }, other)).toBe('skipped');
    expect((await deps.repo.getDocument(other.id))!.signatures).toBeUndefined();
  });
});

describe('the person, then the organization (a report in this campaign)', () => {
  let doc: DocumentRecord;
  beforeAll(async () => {
    doc = await readyDocument('report');
  });

  it('the organization waits for the person, even once the campaign no longer asks for one', async () => {
    expect(await applyOrganizationSignature(deps, doc)).toBe('skipped');
    const live = (await deps.repo.getCampaign('qn-2020'))!;
    await deps.repo.putCampaign({ ...live, signatures: {} });
    try {
      expect(await applyOrganizationSignature(deps, doc)).toBe('skipped');
    } finally {
      await deps.repo.putCampaign(live);
    }
  });

  it('a signature from another key than the certificate declared is refused (400), and nothing is recorded', async () => {
    const prepared = await prepareSignature(deps, secretariat, doc.id, { certificate: person.certificatePem });
    const other = testSigner('Người khác', SIGNER_VALIDITY);
    const err = await failure(completeSignature(deps, secretariat, doc.id, { signingId: prepared.signingId, signature: signAttributes(other, prepared.signedAttributes) }));
    expect(err.status).toBe(400);
    expect(err.errors).toEqual([expect.objectContaining({ path: '/signature' })]);
    expect((await deps.repo.getDocument(doc.id))!.signatures).toBeUndefined();
  });

  it('both sign: each an incremental update, both valid, the last covering the whole file', async () => {
    const prepared = await prepareSignature(deps, secretariat, doc.id, { certificate: person.certificateDer.toString('base64') });
    expect(prepared).toMatchObject({
      algorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      certificate: { subject: 'Nguyễn Xuân Ký', sha256: sha256(person.certificateDer) },
      digest: sha256(Buffer.from(prepared.signedAttributes, 'base64')),
    });
    jobs.length = 0;
    const signed = await completeSignature(deps, secretariat, doc.id, { signingId: prepared.signingId, signature: signAttributes(person, prepared.signedAttributes) });
    expect(signed.signatures).toMatchObject([{ step: 'person', signer: 'Nguyễn Xuân Ký' }]);
    expect(signed.awaitingSignature).toBe('organization');
    expect(jobs).toEqual([{ documentId: doc.id }]);
    expect((await deps.repo.getDocument(doc.id))!.awaitingSignature).toBe('organization');

    // The worker's turn (the job just queued).
    expect(await applyOrganizationSignature(deps, doc)).toBe('signed');
    const after = (await deps.repo.getDocument(doc.id))!;
    expect(after.signatures!.map((s) => s.step)).toEqual(['person', 'organization']);
    expect(after.awaitingSignature).toBeUndefined();

    const pdf = await stored(after);
    const personFile = await deps.storage.getPdf(doc.id, after.signatures![0]!.sha256);
    const [a, b] = readSignatures(pdf);
    expect(a).toMatchObject({ signer: 'Nguyễn Xuân Ký', coversAllButContents: true, coversWholeFile: false, digestMatches: true, signatureValid: true, signingCertificateV2Matches: true });
    expect(b).toMatchObject({ signer: 'Khóa ký số của cơ quan (thử nghiệm)', coversWholeFile: true, digestMatches: true, signatureValid: true });
    expect(Buffer.from(a!.revision).equals(Buffer.from(personFile))).toBe(true);
    expect(sha256(pdf.subarray(0, doc.bytes!))).toBe(doc.sha256);
  });

  it('the person cannot sign twice', async () => {
    const err = await failure(prepareSignature(deps, secretariat, doc.id, { certificate: person.certificatePem }));
    expect(err.status).toBe(409);
  });
});

describe('a signature prepared and never completed', () => {
  const keys = async (prefix: string) =>
    ((await clients().s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();

  it('leaves the document and its files as they were: the prepared file is kept apart, under the prefix the bucket expires', async () => {
    const doc = await readyDocument('report');
    const before = await keys(`documents/${doc.id}/`);
    const prepared = await prepareSignature(deps, secretariat, doc.id, { certificate: person.certificatePem });
    expect(await keys(`documents/${doc.id}/`)).toEqual(before);
    expect(before).toEqual([`${doc.sha256}.pdf`, 'inputs.json'].sort());
    const apart = await keys(`prepared/${doc.id}/`);
    expect(apart).toHaveLength(1);
    expect(await deps.repo.getDocument(doc.id)).toEqual(doc);
    // …and completing it later still works from there, adding the signed file to the document's
    const signed = await completeSignature(deps, secretariat, doc.id, { signingId: prepared.signingId, signature: signAttributes(person, prepared.signedAttributes) });
    expect(await keys(`documents/${doc.id}/`)).toEqual([...before, `${latestFile(signed)!.sha256}.pdf`].sort());
  });
});

describe('what the person’s step refuses', () => {
  it('names every bad field', async () => {
    const doc = await readyDocument('report');
    const err = await failure(prepareSignature(deps, secretariat, doc.id, { certificate: 'abc', chain: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'], extra: 1 }));
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.path)).toEqual(['/extra']);
    const bad = await failure(prepareSignature(deps, secretariat, doc.id, { certificate: 'abc', chain: ['AAAA'] }));
    expect(bad.errors?.map((e) => e.path)).toEqual(['/certificate', '/chain/0']);
    const forged = await failure(completeSignature(deps, secretariat, doc.id, { signingId: 'eyJ9.abc', signature: 'AAAA' }));
    expect(forged.errors).toEqual([expect.objectContaining({ path: '/signingId' })]);
  });

  it('a signing id of another document, a document no longer ready, a type without the step, a submitter', async () => {
    const [one, two] = [await readyDocument('report'), await readyDocument('report')];
    const prepared = await prepareSignature(deps, secretariat, one.id, { certificate: person.certificatePem });
    const signature = signAttributes(person, prepared.signedAttributes);
    expect((await failure(completeSignature(deps, secretariat, two.id, { signingId: prepared.signingId, signature }))).errors).toEqual([
      expect.objectContaining({ path: '/signingId', message: 'was prepared for another document' }),
    ]);
    await deps.repo.transitionDocument(one.id, ['ready'], { status: 'recalled' });
    expect((await failure(completeSignature(deps, secretariat, one.id, { signingId: prepared.signingId, signature }))).status).toBe(409);
    const letter = await readyDocument('letter');
    expect((await failure(prepareSignature(deps, secretariat, letter.id, { certificate: person.certificatePem }))).status).toBe(409);
    const submitter: Principal = { id: 'k2', role: 'submitter', campaignId: 'qn-2020', organizationId: 'x' };
    expect((await failure(prepareSignature(deps, submitter, two.id, { certificate: person.certificatePem }))).status).toBe(403);
  });

  it('a proposal signed by the person alone needs nothing more', async () => {
    const doc = await readyDocument('proposal');
    const prepared = await prepareSignature(deps, secretariat, doc.id, { certificate: person.certificatePem });
    jobs.length = 0;
    const signed = await completeSignature(deps, secretariat, doc.id, { signingId: prepared.signingId, signature: signAttributes(person, prepared.signedAttributes) });
    expect(signed.awaitingSignature).toBeUndefined();
    expect(jobs).toEqual([]);
    expect(await applyOrganizationSignature(deps, doc)).toBe('skipped');
  });
});
