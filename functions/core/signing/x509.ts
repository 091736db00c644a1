import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, toArrayBuffer, type SignatureAlgorithm } from './cms.ts';

/**
 * The two X.509 structures this product makes, each signed through a digest signer so the key
 * may stay in KMS: a self-signed certificate (the local organization key) and a PKCS#10
 * certificate signing request (for the committee's certificate authority).
 */

export type DigestSigner = {
  algorithm: SignatureAlgorithm;
  /** Signs a SHA-256 digest (ECDSA: DER-encoded signature). */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
};

/** Subject attributes in the order given, e.g. `{ C: 'VN', O: 'Tỉnh ủy Quảng Ninh', CN: 'Văn phòng Tỉnh ủy' }`. */
export type Subject = Partial<Record<'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN', string>>;

const NAME_OIDS = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: OID.commonName } as const;

function distinguishedName(subject: Subject): pkijs.RelativeDistinguishedNames {
  // One attribute per RDN (pkijs would put them all in one multi-valued RDN).
  const rdns = Object.entries(subject).map(
    ([k, v]) =>
      new asn1js.Set({
        value: [
          new pkijs.AttributeTypeAndValue({
            type: NAME_OIDS[k as keyof Subject],
            // Country is a PrintableString by definition; the rest UTF-8, for Vietnamese names.
            value: k === 'C' ? new asn1js.PrintableString({ value: v }) : new asn1js.Utf8String({ value: v }),
          }).toSchema(),
        ],
      }),
  );
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER());
}

function signatureAlgorithm(a: SignatureAlgorithm): pkijs.AlgorithmIdentifier {
  return a === 'RSASSA_PKCS1_V1_5_SHA_256'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
}

async function signTbs(tbs: ArrayBuffer, signer: DigestSigner): Promise<asn1js.BitString> {
  const signature = await signer.signDigest(createHash('sha256').update(new Uint8Array(tbs)).digest());
  return new asn1js.BitString({ valueHex: toArrayBuffer(signature) });
}

/**
 * A certificate serial from random bytes, as the content of a DER INTEGER: positive (top bit
 * clear) and minimal (first byte never 0x00, which DER forbids before a byte under 0x80; OpenSSL
 * and Node then refuse the whole certificate: 1 self-signed key in 256 was unusable).
 */
export function serialNumber(random: Uint8Array): Uint8Array {
  const serial = Uint8Array.from(random);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

/** A self-signed certificate for the key (SPKI DER), valid from `notBefore` for `years`. */
export async function selfSignedCertificate(opts: {
  subject: Subject;
  publicKeySpki: Uint8Array;
  signer: DigestSigner;
  notBefore: Date;
  years: number;
}): Promise<Uint8Array> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serialNumber(randomBytes(16))) });
  cert.issuer = distinguishedName(opts.subject);
  cert.subject = distinguishedName(opts.subject);
  cert.notBefore.value = opts.notBefore;
  const notAfter = new Date(opts.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + opts.years);
  cert.notAfter.value = notAfter;
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(opts.publicKeySpki));
  // digitalSignature + nonRepudiation (contentCommitment): what a document-signing key does.
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 });
  cert.extensions = [
    new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: keyUsage.toBER() }),
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER() }),
  ];
  cert.signature = signatureAlgorithm(opts.signer.algorithm);
  cert.signatureAlgorithm = signatureAlgorithm(opts.signer.algorithm);
  cert.signatureValue = await signTbs(cert.encodeTBS().toBER(), opts.signer);
  return new Uint8Array(cert.toSchema(true).toBER());
}

/** A PKCS#10 certificate signing request for the key (SPKI DER), signed by it. */
export async function certificationRequest(opts: { subject: Subject; publicKeySpki: Uint8Array; signer: DigestSigner }): Promise<Uint8Array> {
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject = distinguishedName(opts.subject);
  csr.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(opts.publicKeySpki));
  csr.attributes = [];
  csr.signatureAlgorithm = signatureAlgorithm(opts.signer.algorithm);
  // pkijs keeps encodeTBS() protected here: the request's first element is the same encoding.
  csr.signatureValue = new asn1js.BitString();
  const tbs = (csr.toSchema(true).valueBlock.value[0] as asn1js.Sequence).toBER();
  csr.signatureValue = await signTbs(tbs, opts.signer);
  return new Uint8Array(csr.toSchema(true).toBER());
}

export function toPem(label: 'CERTIFICATE' | 'CERTIFICATE REQUEST', der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
