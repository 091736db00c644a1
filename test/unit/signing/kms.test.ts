/** The KMS signing key and the CSR command with mocked clients: what they send, and that what comes back verifies. */
import 'aws-sdk-client-mock-vitest/extend';
import { constants, createHash, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import forge from 'node-forge';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kmsSignatureKey } from '#adapters/kms-signature-key.ts';
import { signPdf } from '#core/signing/sign-pdf.ts';
import { createCsr } from '../../../infra/create-csr.ts';
import { readSignatures, withoutPadding } from './independent-verifier.ts';
import { issuedPdf, testSigner, type TestSigner } from './fixtures.ts';

const kms = mockClient(KMSClient);
const secrets = mockClient(SecretsManagerClient);
beforeEach(() => {
  kms.reset();
  secrets.reset();
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const clients = () => [new KMSClient({ region: 'ap-southeast-1', credentials }), new SecretsManagerClient({ region: 'ap-southeast-1', credentials })] as const;
const DIGEST_INFO_SHA256 = Buffer.from('3031300d060960864801650304020105000420', 'hex');

let office: TestSigner;
beforeAll(() => {
  office = testSigner('Văn phòng Tỉnh ủy Quảng Ninh');
});

/** KMS as it answers: RSASSA-PKCS1-v1_5 of the digest it is given, with the key it holds. */
function kmsSignsWith(privateKey: TestSigner['privateKey']) {
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
    Signature: privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO_SHA256, input.Message])),
  }));
}

describe('kmsSignatureKey', () => {
  it('signs the digest of the signed attributes with MessageType DIGEST; the PDF verifies', async () => {
    kmsSignsWith(office.privateKey);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: office.certificatePem });
    const [k, s] = clients();
    const key = kmsSignatureKey(k, s, { keyId: 'alias/congress-docs-signing', certificateSecret: 'congress-docs/signing-certificate' });
    const { pdf, signer } = await signPdf(await issuedPdf(), key, { signedAt: new Date(), reason: 'Ký số của cơ quan' });

    expect(signer).toBe('Văn phòng Tỉnh ủy Quảng Ninh');
    const [sig] = readSignatures(pdf);
    expect(sig).toMatchObject({ signatureValid: true, digestMatches: true, signingCertificateV2Matches: true, coversWholeFile: true });
    expect(kms).toHaveReceivedCommandTimes(SignCommand, 1);
    expect(kms).toHaveReceivedCommandWith(SignCommand, {
      KeyId: 'alias/congress-docs-signing',
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
    // The digest sent is the SHA-256 of the signed attributes that ended up in the file.
    const sent = kms.commandCalls(SignCommand)[0]!.args[0].input.Message!;
    expect(sent).toHaveLength(32);
    expect(Buffer.from(sent).toString('hex')).toBe(signedAttributesDigest(pdf));
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: 'congress-docs/signing-certificate' });
  });

  it('reads the certificate once per process, and again after a failed read', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: office.certificatePem });
    const [k, s] = clients();
    const key = kmsSignatureKey(k, s, { keyId: 'k', certificateSecret: 'c', algorithm: 'ECDSA_SHA_256' });
    await expect(key.certificateChain()).rejects.toThrow('throttled');
    await key.certificateChain();
    await key.certificateChain();
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
    expect(key.algorithm).toBe('ECDSA_SHA_256');
  });

  it('says plainly when the secret holds no certificate', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'not a certificate' });
    const [k, s] = clients();
    await expect(kmsSignatureKey(k, s, { keyId: 'k', certificateSecret: 'c' }).certificateChain()).rejects.toThrow(/holds no PEM certificate/);
  });
});

describe('infra/create-csr.ts', () => {
  it('makes a PKCS#10 request for the KMS public key, signed through KMS, that verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ type: 'spki', format: 'der' }), KeySpec: 'RSA_2048' });
    kmsSignsWith(privateKey);
    const pem = await createCsr(clients()[0], 'key-1', { C: 'VN', O: 'Tỉnh ủy Quảng Ninh', CN: 'Văn phòng Tỉnh ủy' });

    const csr = forge.pki.certificationRequestFromPem(pem);
    expect(csr.verify()).toBe(true);
    expect(forge.pki.publicKeyToPem(csr.publicKey!).replace(/\r/g, '')).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
    expect(forge.util.decodeUtf8(csr.subject.getField('CN').value)).toBe('Văn phòng Tỉnh ủy');
    expect(kms).toHaveReceivedCommandWith(SignCommand, { KeyId: 'key-1', MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
  });

  it('refuses a key that cannot sign with SHA-256', async () => {
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: new Uint8Array([1]), KeySpec: 'ECC_SECG_P256K1' });
    await expect(createCsr(clients()[0], 'k', { CN: 'x' })).rejects.toThrow(/cannot sign with SHA-256/);
  });
});

/** SHA-256 of the DER (as a SET) of the newest signature's signed attributes, read with node-forge. */
function signedAttributesDigest(pdf: Uint8Array): string {
  const text = Buffer.from(pdf).toString('latin1');
  const [, a, b] = /\/ByteRange \[0 (\d+) (\d+)/.exec(text.slice(text.lastIndexOf('/ByteRange')))!;
  const der = Buffer.from(text.slice(Number(a) + 1, Number(b) - 1), 'hex');
  const { asn1 } = forge;
  const ci = asn1.fromDer(forge.util.createBuffer(withoutPadding(der).toString('binary')));
  const sd = ((ci.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
  const signerInfo = ((sd.value as forge.asn1.Asn1[]).at(-1)!.value as forge.asn1.Asn1[])[0]!;
  const attrs = (signerInfo.value as forge.asn1.Asn1[])[3]!;
  const set = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, attrs.value as forge.asn1.Asn1[]);
  return createHash('sha256').update(Buffer.from(asn1.toDer(set).getBytes(), 'binary')).digest('hex');
}
