import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureMatchesCertificate } from '#core/signing/cms.ts';
import { beginSignature, finishSignature, signPdf, verifyLastSignature } from '#core/signing/sign-pdf.ts';
import { localSignatureKey, pkcs12SignatureKey } from '#local/local-signature-key.ts';
import type { SignatureKey } from '#core/ports.ts';
import { readSignatures } from './independent-verifier.ts';
import { issuedPdf, pkcs12Of, signAttributes, testSigner, type TestSigner } from './fixtures.ts';

let dataDir: string;
let organization: SignatureKey;
let person: TestSigner;
let issued: Buffer;
const signedAt = new Date('2020-06-06T03:04:05Z');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'signing-'));
  organization = await localSignatureKey(dataDir, {});
  person = testSigner();
  issued = await issuedPdf();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The person's step as the API does it: begin, sign the attributes elsewhere, finish. */
function personSigns(base: Uint8Array): Uint8Array {
  const chain = [person.certificateDer];
  const begun = beginSignature(base, chain, { signedAt, reason: 'Ký duyệt' });
  const signature = Buffer.from(signAttributes(person, Buffer.from(begun.signedAttrs).toString('base64')), 'base64');
  return finishSignature(begun.prepared, signature, chain);
}

describe('one signature (the organization)', () => {
  let signed: Uint8Array;
  beforeAll(async () => {
    signed = (await signPdf(issued, organization, { signedAt, reason: 'Ký số của cơ quan' })).pdf;
  });

  it('is an incremental update: the issued file is its prefix, with the same /ID', () => {
    expect(Buffer.from(signed.subarray(0, issued.length)).equals(issued)).toBe(true);
    const ids = [...Buffer.from(signed).toString('latin1').matchAll(/\/ID\s*\[\s*<([0-9a-f]+)>/gi)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(Buffer.from(signed).toString('latin1', issued.length)).toMatch(/\/Prev \d+/);
  });

  it('verifies with an independent reader: range, digest, signature, signing-certificate-v2', () => {
    const [sig] = readSignatures(signed);
    expect(sig).toMatchObject({
      coversAllButContents: true,
      coversWholeFile: true,
      subFilter: 'ETSI.CAdES.detached',
      signingTime: "D:20200606100405+07'00'",
      digestMatches: true,
      signatureValid: true,
      signingCertificateV2Matches: true,
      hasSigningTimeAttribute: false,
      signer: 'Khóa ký số của cơ quan (thử nghiệm)',
    });
    expect(sha256(sig!.revision.subarray(0, issued.length))).toBe(sha256(issued));
  });

  it('marks the form as signed and puts the field on the last page', () => {
    const update = Buffer.from(signed).toString('latin1', issued.length);
    expect(update).toMatch(/\/AcroForm <<\/Fields \[\d+ 0 R\] \/SigFlags 3>>/);
    expect(update).toMatch(/\/Type \/Annot \/Subtype \/Widget \/FT \/Sig \/T \(Signature1\)/);
    // Two pages: the widget's /P is the second kid of the page tree.
    const pageRef = /\/P (\d+ 0 R)/.exec(update)![1];
    expect(Buffer.from(issued).toString('latin1')).toMatch(new RegExp(`/Kids \\[\\d+ 0 R ${pageRef}\\]`));
  });

  it('a tampered byte makes it invalid, for our check and the independent one', () => {
    const tampered = Buffer.from(signed);
    const at = Math.floor(issued.length / 2);
    tampered.writeUInt8(tampered[at]! ^ 0x01, at);
    expect(verifyLastSignature(tampered).valid).toBe(false);
    expect(readSignatures(tampered)[0]).toMatchObject({ digestMatches: false });
    expect(verifyLastSignature(signed)).toEqual({ valid: true, signer: 'Khóa ký số của cơ quan (thử nghiệm)' });
  });
});

describe('two signatures (the person, then the organization)', () => {
  let first: Uint8Array;
  let second: Uint8Array;
  beforeAll(async () => {
    first = personSigns(issued);
    second = (await signPdf(first, organization, { signedAt, reason: 'Ký số của cơ quan' })).pdf;
  });

  it('are each an incremental update on the one before, both valid', () => {
    expect(Buffer.from(second.subarray(0, first.length)).equals(Buffer.from(first))).toBe(true);
    const [a, b] = readSignatures(second);
    expect(a).toMatchObject({ signer: 'Nguyễn Xuân Ký', coversAllButContents: true, coversWholeFile: false, digestMatches: true, signatureValid: true, signingCertificateV2Matches: true });
    expect(b).toMatchObject({ coversAllButContents: true, coversWholeFile: true, digestMatches: true, signatureValid: true, signingCertificateV2Matches: true });
    expect(Buffer.from(a!.revision).equals(Buffer.from(first))).toBe(true);
    expect(sha256(second.subarray(0, issued.length))).toBe(sha256(issued));
  });

  it('the second field joins the first in the form', () => {
    const update = Buffer.from(second).toString('latin1', first.length);
    expect(update).toMatch(/\/AcroForm <<\/Fields \[\d+ 0 R \d+ 0 R\] \/SigFlags 3>>/);
    expect(update).toMatch(/\/T \(Signature2\)/);
  });
});

describe('the person’s signature', () => {
  it('from another key than the certificate declares does not match', () => {
    const other = testSigner('Người khác');
    const begun = beginSignature(issued, [person.certificateDer], { signedAt, reason: 'Ký duyệt' });
    const forged = Buffer.from(signAttributes(other, Buffer.from(begun.signedAttrs).toString('base64')), 'base64');
    expect(signatureMatchesCertificate(begun.signedAttrs, forged, person.certificateDer)).toBe(false);
    expect(verifyLastSignature(finishSignature(begun.prepared, forged, [person.certificateDer])).valid).toBe(false);
  });

  it('what is to be signed is the SHA-256 of the signed attributes, which bind the file', () => {
    const begun = beginSignature(issued, [person.certificateDer], { signedAt, reason: 'Ký duyệt' });
    expect(Buffer.from(begun.toBeSigned).toString('hex')).toBe(sha256(begun.signedAttrs));
    const later = beginSignature(issued, [person.certificateDer], { signedAt: new Date(signedAt.getTime() + 1000), reason: 'Ký duyệt' });
    expect(Buffer.from(later.signedAttrs).equals(Buffer.from(begun.signedAttrs))).toBe(false);
  });
});

describe('the local organization key', () => {
  it('is made once under DATA_DIR, files mode 0600, and reused', async () => {
    for (const f of ['organization-key.pem', 'organization-cert.pem']) {
      expect((await stat(join(dataDir, 'signing', f))).mode & 0o777).toBe(0o600);
    }
    const again = await localSignatureKey(dataDir, {});
    const hex = async (k: SignatureKey) => (await k.certificateChain()).map((c) => Buffer.from(c).toString('hex'));
    expect(await hex(again)).toEqual(await hex(organization));
  });

  it('says which folder to delete when the stored certificate cannot be read', async () => {
    const broken = join(dataDir, 'broken');
    await localSignatureKey(broken, {});
    await writeFile(join(broken, 'signing', 'organization-cert.pem'), '-----BEGIN CERTIFICATE-----\nAgEA\n-----END CERTIFICATE-----\n');
    await expect(localSignatureKey(broken, {})).rejects.toThrow(
      `the organization's signing key in ${join(broken, 'signing')} cannot be read`,
    );
  });

  it('or comes from a PKCS#12 file named by SIGNING_P12', async () => {
    const p12Path = join(dataDir, 'office.p12');
    await writeFile(p12Path, pkcs12Of(person, 'mật khẩu'));
    const key = await localSignatureKey(dataDir, { SIGNING_P12: p12Path, SIGNING_P12_PASSWORD: 'mật khẩu' });
    expect(Buffer.from((await key.certificateChain())[0]!).equals(person.certificateDer)).toBe(true);
    const { pdf } = await signPdf(issued, key, { signedAt, reason: 'Ký số của cơ quan' });
    expect(readSignatures(pdf)[0]).toMatchObject({ signer: 'Nguyễn Xuân Ký', signatureValid: true, digestMatches: true });
    expect(() => pkcs12SignatureKey(pkcs12Of(person, 'a'), 'b')).toThrow(/wrong password/);
  });
});
