/**
 * Keys, certificates and PDFs for the signature tests. The person's certificate is made with
 * node-forge (not the product's x509 code), the way a certificate authority's would arrive.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import PDFDocument from 'pdfkit';

export type TestSigner = { privateKey: KeyObject; certificatePem: string; certificateDer: Buffer; commonName: string };

/** A certificate valid from yesterday for a year, with no key usage extension unless `keyUsage` says. */
export function testSigner(
  commonName = 'Nguyễn Xuân Ký',
  opts: { notBefore?: Date; notAfter?: Date; keyUsage?: Partial<Record<'digitalSignature' | 'nonRepudiation' | 'keyEncipherment', boolean>> } = {},
): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '0' + forge.util.bytesToHex(forge.random.getBytesSync(12));
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  if (opts.keyUsage) cert.setExtensions([{ name: 'keyUsage', critical: true, ...opts.keyUsage }]);
  const attrs = [
    { shortName: 'C', value: 'VN' },
    { shortName: 'CN', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const certificateDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { privateKey, certificatePem, certificateDer, commonName };
}

/** A PKCS#12 file holding the signer's key and certificate, as a token export would. */
export function pkcs12Of(signer: TestSigner, password: string): Buffer {
  const key = forge.pki.privateKeyFromPem(signer.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [forge.pki.certificateFromPem(signer.certificatePem)], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** What a person's token does with what the API hands out: sign the DER of the signed attributes. */
export const signAttributes = (signer: TestSigner, signedAttributesB64: string): string =>
  sign('sha256', Buffer.from(signedAttributesB64, 'base64'), signer.privateKey).toString('base64');

/**
 * An issued file as the renderer's writer (pdfkit 0.19, classic cross-reference table, /ID)
 * writes it: two pages of Vietnamese text. Made here with pdfkit alone so the signing tests do not
 * depend on the templates; the integration tests sign documents the real pipeline rendered.
 */
export async function issuedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', pdfVersion: '1.7', info: { Title: 'CÔNG VĂN', CreationDate: new Date('2020-06-06T00:00:00+07:00') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.text('Trang 1').addPage().text('Trang 2');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
