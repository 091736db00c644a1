import { constants, createPrivateKey, generateKeyPairSync, privateEncrypt, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { algorithmOf, pemCertificates } from '#core/signing/cms.ts';
import { readPkcs12 } from '#core/signing/pkcs12.ts';
import { selfSignedCertificate, toPem, type Subject } from '#core/signing/x509.ts';
import type { SignatureKey } from '#core/ports.ts';

/**
 * The organization's key on this machine. With `SIGNING_P12` (and `SIGNING_P12_PASSWORD`) the
 * key and chain of that PKCS#12 file; otherwise an RSA-2048 key and a self-signed certificate
 * made on the first start under `<DATA_DIR>/signing/` (mode 0600) and reused after; without a
 * data folder (tests, the demo) a key for this process only.
 * A self-signed certificate makes a signature that verifies but that no reader trusts: for a
 * real office, give the PKCS#12 file its certificate authority issued.
 */
export async function localSignatureKey(
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  subject: Subject = LOCAL_SUBJECT,
): Promise<SignatureKey> {
  if (env.SIGNING_P12) return pkcs12SignatureKey(await readFile(env.SIGNING_P12), env.SIGNING_P12_PASSWORD ?? '');
  // No data folder (tests, the demo): a key for this process only.
  if (dataDir === undefined) return (await newKey(subject)).key;
  const dir = join(dataDir, 'signing');
  const keyPath = join(dir, 'organization-key.pem');
  const certPath = join(dir, 'organization-cert.pem');
  const existing = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]).catch(() => undefined);
  if (existing) return storedKey(existing[0], existing[1], dir);

  const { key, privateKey, certificate } = await newKey(subject);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [path, text] of [
    [keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string],
    [certPath, toPem('CERTIFICATE', certificate)],
  ] as const) {
    await writeFile(path, text, { mode: 0o600 });
    await chmod(path, 0o600);
  }
  return key;
}

/**
 * The stored pair, or a sentence saying what to do: a certificate made before the serial fix
 * (1 in 256) cannot be read, and such a key never signed anything, since the start failed.
 */
function storedKey(keyPem: string, certPem: string, dir: string): SignatureKey {
  try {
    return keyObjectSignatureKey(createPrivateKey(keyPem), pemCertificates(certPem));
  } catch (error) {
    throw new Error(
      `the organization's signing key in ${dir} cannot be read (${(error as Error).message}); ` +
        'delete that folder and start again to make a new one, or give a PKCS#12 file with SIGNING_P12',
    );
  }
}

async function newKey(subject: Subject): Promise<{ key: SignatureKey; privateKey: KeyObject; certificate: Uint8Array }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = await selfSignedCertificate({
    subject,
    publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
    signer: digestSigner(privateKey),
    notBefore: new Date(),
    years: 5,
  });
  return { key: keyObjectSignatureKey(privateKey, [certificate]), privateKey, certificate };
}

const LOCAL_SUBJECT: Subject = { C: 'VN', O: 'congress-docs (máy cục bộ)', CN: 'Khóa ký số của cơ quan (thử nghiệm)' };

/** The key and chain of a PKCS#12 file (the signer's certificate first). */
export function pkcs12SignatureKey(p12: Uint8Array, password: string): SignatureKey {
  const { privateKeyPem, chain } = readPkcs12(p12, password);
  return keyObjectSignatureKey(createPrivateKey(privateKeyPem), chain);
}

/**
 * A digest signer over an RSA private key held in this process: RSASSA-PKCS1-v1_5 of a SHA-256
 * digest is the private-key operation on its DigestInfo with block type 1 padding. (Node has no
 * ECDSA over a given digest, so local organization keys are RSA; KMS signs either.)
 */
export function digestSigner(privateKey: KeyObject) {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('a local organization key must be RSA');
  return {
    algorithm: 'RSASSA_PKCS1_V1_5_SHA_256' as const,
    signDigest: async (digest: Uint8Array) =>
      new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]))),
  };
}

// DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function keyObjectSignatureKey(privateKey: KeyObject, chain: Uint8Array[]): SignatureKey {
  const signer = digestSigner(privateKey);
  if (algorithmOf(chain[0]!) !== signer.algorithm) throw new Error('the certificate does not match the private key');
  return { algorithm: signer.algorithm, certificateChain: async () => chain, signDigest: signer.signDigest };
}
