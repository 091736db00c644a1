/**
 * Makes a PKCS#10 certificate signing request for the organization's KMS signing key, to send to
 * the committee's certificate authority. The public key comes from KMS (GetPublicKey) and the
 * request is signed by KMS (Sign on its digest): the private key never leaves KMS.
 *
 *   npx tsx infra/create-csr.ts --key <SigningKeyId output> --cn "Văn phòng Tỉnh ủy Quảng Ninh" \
 *     [--o "Tỉnh ủy Quảng Ninh"] [--ou …] [--l "Hạ Long"] [--st "Quảng Ninh"] [--c VN] [--region …] > organization.csr
 *
 * Then store the certificate the authority issues (PEM, with its chain after it) in the secret
 * named by the stack's SIGNING_CERTIFICATE_SECRET.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { kmsDigestSigner } from '../functions/adapters/kms-signature-key.ts';
import { certificationRequest, toPem, type Subject } from '../functions/core/signing/x509.ts';

const USAGE =
  'usage: npx tsx infra/create-csr.ts --key <KMS key id or ARN> --cn <common name> [--o <organization>] [--ou <unit>] [--l <locality>] [--st <province>] [--c VN] [--region <region>]';

/** The CSR (PEM) for the KMS key, with the algorithm its key spec signs with. */
export async function createCsr(kms: KMSClient, keyId: string, subject: Subject): Promise<string> {
  const { PublicKey, KeySpec } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
  const algorithm = KeySpec?.startsWith('ECC_') ? 'ECDSA_SHA_256' : 'RSASSA_PKCS1_V1_5_SHA_256';
  if (KeySpec && KeySpec !== 'ECC_NIST_P256' && !KeySpec.startsWith('RSA_')) {
    throw new Error(`the key spec ${KeySpec} cannot sign with SHA-256 here; use RSA_2048 (or larger) or ECC_NIST_P256`);
  }
  const signer = kmsDigestSigner(kms, keyId, algorithm);
  return toPem('CERTIFICATE REQUEST', await certificationRequest({ subject, publicKeySpki: PublicKey, signer }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      key: { type: 'string' },
      cn: { type: 'string' },
      o: { type: 'string' },
      ou: { type: 'string' },
      l: { type: 'string' },
      st: { type: 'string' },
      c: { type: 'string', default: 'VN' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (!values.key || !values.cn) throw new Error(`--key and --cn are required\n${USAGE}`);
  if (!/^[A-Z]{2}$/.test(values.c)) throw new Error(`--c must be a two-letter country code, got "${values.c}"`);
  const subject: Subject = { C: values.c, ST: values.st, L: values.l, O: values.o, OU: values.ou, CN: values.cn.normalize('NFC') };
  for (const k of Object.keys(subject) as Array<keyof Subject>) if (subject[k] === undefined) delete subject[k];
  process.stdout.write(await createCsr(new KMSClient(values.region ? { region: values.region } : {}), values.key, subject));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
