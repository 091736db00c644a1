import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * CMS SignedData for PAdES baseline B-B (ETSI EN 319 122-1): detached, SHA-256, signed
 * attributes contentType, messageDigest and ESS signing-certificate-v2 (no signing-time: PAdES
 * puts the time in the signature dictionary's /M), the certificate chain included.
 *
 * Split in two so the private key can live elsewhere (KMS, a person's token): `signedAttributes`
 * gives the DER whose SHA-256 is to be signed, `signedData` wraps the signature brought back.
 */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
} as const;

export type SignatureAlgorithm = 'RSASSA_PKCS1_V1_5_SHA_256' | 'ECDSA_SHA_256';

export class CertificateError extends Error {}

/** A certificate given as PEM or base64 DER, or DER bytes. */
export function certificateDer(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') return input;
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(input);
  const der = Buffer.from((pem ? pem[1]! : input).replace(/\s+/g, ''), 'base64');
  parseCertificate(der);
  return der;
}

/** Every certificate of a PEM bundle, in order. */
export function pemCertificates(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => certificateDer(b));
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  try {
    new X509Certificate(der);
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch {
    throw new CertificateError('is not an X.509 certificate (PEM or base64 DER)');
  }
}

/** The algorithm the certificate's key signs with (SHA-256 always). */
export function algorithmOf(certDer: Uint8Array): SignatureAlgorithm {
  const type = new X509Certificate(certDer).publicKey.asymmetricKeyType;
  if (type === 'rsa') return 'RSASSA_PKCS1_V1_5_SHA_256';
  if (type === 'ec') return 'ECDSA_SHA_256';
  throw new CertificateError(`has a ${type} key; only RSA and ECDSA keys can sign here`);
}

/**
 * Why a person's certificate cannot sign a document at `at`, or undefined: outside its validity
 * period, or a key usage that names neither digitalSignature nor nonRepudiation (a key for
 * encryption only). Whether a certificate authority the state recognises issued it is left to
 * the reader's validator (the chain is embedded for that).
 */
export function certificateUnfitAt(certDer: Uint8Array, at: Date): string | undefined {
  const cert = parseCertificate(certDer);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (at < cert.notBefore.value) return `is not valid before ${day(cert.notBefore.value)}`;
  if (at > cert.notAfter.value) return `expired on ${day(cert.notAfter.value)}`;
  const keyUsage = cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (keyUsage) {
    const bits = asn1js.fromBER(keyUsage.extnValue.valueBlock.valueHexView).result as asn1js.BitString;
    // The first byte's two top bits: digitalSignature (0), nonRepudiation / contentCommitment (1).
    if (((bits.valueBlock.valueHexView[0] ?? 0) & 0xc0) === 0) return 'is not for signing: its key usage has neither digitalSignature nor nonRepudiation';
  }
  return undefined;
}

/** The subject's common name (else the whole subject), as a PDF reader shows the signer. */
export function signerName(certDer: Uint8Array): string {
  const cert = parseCertificate(certDer);
  const cn = cert.subject.typesAndValues.find((t) => t.type === OID.commonName);
  return cn ? String(cn.value.valueBlock.value) : new X509Certificate(certDer).subject.replace(/\n/g, ', ');
}

/**
 * The DER of the signed attributes as a SET (the bytes whose SHA-256 the key signs), for the
 * SHA-256 of the covered PDF bytes and the signer's certificate. Deterministic: the same inputs
 * give the same bytes, so the attributes need not be kept between preparing and completing.
 */
export function signedAttributes(contentDigest: Uint8Array, signerCertDer: Uint8Array): Uint8Array {
  const encoded = attributeList(contentDigest, signerCertDer).map((a) => new Uint8Array(a.toSchema().toBER()));
  // DER orders a SET OF by its members' encodings.
  encoded.sort((a, b) => Buffer.compare(a, b));
  return derTlv(0x31, Buffer.concat(encoded));
}

function attributeList(contentDigest: Uint8Array, signerCertDer: Uint8Array): pkijs.Attribute[] {
  const cert = parseCertificate(signerCertDer);
  const certHash = createHash('sha256').update(signerCertDer).digest();
  // ESSCertIDv2 with hashAlgorithm left at its DEFAULT (SHA-256), and issuerSerial naming the certificate.
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
          }),
          new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
        ],
      }),
    ],
  });
  return [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) })] }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
    }),
  ];
}

/** Whether `signature` over the signed attributes verifies with the certificate's public key. */
export function signatureMatchesCertificate(signedAttrs: Uint8Array, signature: Uint8Array, certDer: Uint8Array): boolean {
  try {
    return verifySignature('sha256', signedAttrs, new X509Certificate(certDer).publicKey, signature);
  } catch {
    return false;
  }
}

/** The ContentInfo DER of a detached SignedData holding the signature and the chain (signer first). */
export function signedData(signedAttrs: Uint8Array, signature: Uint8Array, chain: readonly Uint8Array[]): Uint8Array {
  const [signerDer] = chain;
  if (!signerDer) throw new CertificateError('the certificate chain is empty');
  const signer = parseCertificate(signerDer);
  const rsa = algorithmOf(signerDer) === 'RSASSA_PKCS1_V1_5_SHA_256';
  // In the SignerInfo the same bytes are tagged [0] IMPLICIT instead of SET.
  const implicit = asn1js.fromBER(toArrayBuffer(derTlv(0xa0, tlvValue(signedAttrs)))).result;
  const attrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, schema: implicit });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: attrs,
    signatureAlgorithm: rsa
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() })
      : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  const sd = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: chain.map(parseCertificate),
    signerInfos: [signerInfo],
  });
  const content = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return new Uint8Array(content.toSchema().toBER());
}

/** What a CMS of ours says: its signed attributes' DER (as a SET), its signature and messageDigest, its certificates. */
export function readSignedData(cms: Uint8Array) {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
  if (info.contentType !== OID.signedData) throw new CertificateError('the CMS is not SignedData');
  const sd = new pkijs.SignedData({ schema: info.content });
  const si = sd.signerInfos[0];
  if (!si?.signedAttrs) throw new CertificateError('the CMS has no signed attributes');
  const digestAttr = si.signedAttrs.attributes.find((a) => a.type === OID.messageDigest);
  const certificates = (sd.certificates ?? []).map((c) => new Uint8Array((c as pkijs.Certificate).toSchema().toBER()));
  return {
    signedAttrs: new Uint8Array(si.signedAttrs.encodedValue),
    signature: si.signature.valueBlock.valueHexView.slice(),
    messageDigest: digestAttr ? (digestAttr.values[0] as asn1js.OctetString).valueBlock.valueHexView.slice() : undefined,
    certificates,
  };
}

/** A DER tag-length-value. */
export function derTlv(tag: number, value: Uint8Array): Uint8Array {
  const n = value.byteLength;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), value]);
}

function tlvValue(tlv: Uint8Array): Uint8Array {
  const first = tlv[1]!;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  return tlv.subarray(2 + lengthBytes);
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
