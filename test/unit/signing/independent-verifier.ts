/**
 * A PAdES verifier for the tests, written apart from the signing code on purpose: it finds the
 * signatures by their /ByteRange in the raw bytes, parses the CMS with node-forge's ASN.1 reader
 * (the product builds it with pkijs/asn1js) and checks it with node:crypto.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export type SignatureReport = {
  byteRange: [number, number, number, number];
  /** The bytes of the file this signature covers, up to the end of its revision. */
  revision: Buffer;
  /** The range starts at 0, skips exactly the hex /Contents and ends where its revision does. */
  coversAllButContents: boolean;
  /** Whether the last range reaches the end of the whole file (the file's newest signature). */
  coversWholeFile: boolean;
  subFilter: string | undefined;
  signingTime: string | undefined;
  digestMatches: boolean;
  signatureValid: boolean;
  signingCertificateV2Matches: boolean;
  hasSigningTimeAttribute: boolean;
  signer: string;
  certificates: X509Certificate[];
};

const OIDS = {
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

export function readSignatures(pdf: Uint8Array): SignatureReport[] {
  const buf = Buffer.from(pdf);
  const text = buf.toString('latin1');
  const reports: SignatureReport[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const range = m.slice(1, 5).map(Number) as [number, number, number, number];
    const [start, gapStart, gapEnd, tailLength] = range;
    const end = gapEnd + tailLength;
    const hex = text.slice(gapStart + 1, gapEnd - 1);
    const dict = text.slice(text.lastIndexOf('obj', m.index), text.indexOf('endobj', m.index));
    const revisionEnds = /startxref\s+\d+\s+%%EOF\s*$/.test(text.slice(0, end));
    const covered = Buffer.concat([buf.subarray(start, gapStart), buf.subarray(gapEnd, end)]);
    reports.push({
      byteRange: range,
      revision: buf.subarray(0, end),
      coversAllButContents:
        start === 0 && text[gapStart] === '<' && text[gapEnd - 1] === '>' && /^[0-9a-fA-F]*$/.test(hex) && revisionEnds,
      coversWholeFile: end === buf.length,
      subFilter: /\/SubFilter\s*\/([^\s/<>[\]]+)/.exec(dict)?.[1],
      signingTime: /\/M\s*\((D:[^)]*)\)/.exec(dict)?.[1],
      ...checkCms(Buffer.from(hex, 'hex'), createHash('sha256').update(covered).digest()),
    });
  }
  return reports;
}

function checkCms(der: Buffer, coveredDigest: Buffer) {
  const { asn1 } = forge;
  const contentInfo = asn1.fromDer(forge.util.createBuffer(withoutPadding(der).toString('binary')));
  const signedData = children(children(contentInfo)[1]!)[0]!;
  const parts = children(signedData);
  const certSet = parts.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const certificates = (certSet ? children(certSet) : []).map(
    (c) => new X509Certificate(Buffer.from(asn1.toDer(c).getBytes(), 'binary')),
  );
  const signerInfo = children(parts.at(-1)!)[0]!;
  const [, sid, , signedAttrs, , signatureValue] = children(signerInfo);
  const serial = Buffer.from(children(sid!)[1]!.value as string, 'binary').toString('hex').replace(/^0+/, '').toUpperCase();
  const signerCert = certificates.find((c) => c.serialNumber.replace(/^0+/, '').toUpperCase() === serial);
  // What was signed is the attributes' encoding with the SET tag, not the [0] of the SignerInfo.
  const asSet = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(signedAttrs!));
  const signedBytes = Buffer.from(asn1.toDer(asSet).getBytes(), 'binary');
  const attribute = (oid: string) =>
    children(signedAttrs!).find((a) => asn1.derToOid(forge.util.createBuffer(children(a)[0]!.value as string)) === oid);
  const digest = attribute(OIDS.messageDigest);
  const certV2 = attribute(OIDS.signingCertificateV2);
  const certHash = certV2 && firstOctetString(certV2);
  return {
    digestMatches: digest !== undefined && Buffer.from(children(children(digest)[1]!)[0]!.value as string, 'binary').equals(coveredDigest),
    signatureValid:
      signerCert !== undefined &&
      verify('sha256', signedBytes, signerCert.publicKey, Buffer.from(signatureValue!.value as string, 'binary')),
    signingCertificateV2Matches:
      signerCert !== undefined && certHash !== undefined && createHash('sha256').update(signerCert.raw).digest().equals(certHash),
    hasSigningTimeAttribute: attribute(OIDS.signingTime) !== undefined,
    signer: /CN=([^\n]*)/.exec(signerCert?.subject ?? '')?.[1] ?? '',
    certificates,
  };
}

/** The DER value alone, without the zeros that fill the rest of /Contents. */
export function withoutPadding(der: Buffer): Buffer {
  const first = der[1]!;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  const length = lengthBytes === 0 ? first : der.readUIntBE(2, lengthBytes);
  return der.subarray(0, 2 + lengthBytes + length);
}

function children(node: forge.asn1.Asn1): forge.asn1.Asn1[] {
  if (!Array.isArray(node.value)) throw new Error('expected a constructed ASN.1 value');
  return node.value;
}

function firstOctetString(node: forge.asn1.Asn1): Buffer | undefined {
  if (node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === forge.asn1.Type.OCTETSTRING && typeof node.value === 'string') {
    return Buffer.from(node.value, 'binary');
  }
  if (!Array.isArray(node.value)) return undefined;
  for (const child of node.value) {
    const found = firstOctetString(child);
    if (found) return found;
  }
  return undefined;
}
