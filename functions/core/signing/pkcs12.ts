import { createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { certificateDer } from './cms.ts';

/** PKCS#12 files, as a signer's token or a certificate authority exports them (node-forge reads them; RSA keys). */

/** The private key (PEM) and the certificate chain (DER, the key's own certificate first) of a PKCS#12 file. */
export function readPkcs12(p12: Uint8Array, password: string): { privateKeyPem: string; chain: Uint8Array[] } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(p12).toString('binary')), password);
  } catch {
    throw new Error('the PKCS#12 file could not be opened: wrong password or not a PKCS#12 file');
  }
  const keyBag =
    parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]?.[0] ??
    parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!]?.[0];
  if (!keyBag?.key) throw new Error('the PKCS#12 file holds no private key');
  const privateKeyPem = forge.pki.privateKeyToPem(keyBag.key);
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) =>
    b.cert ? [certificateDer(forge.pki.certificateToPem(b.cert))] : [],
  );
  // The signer's certificate is the one whose key is this private key; the rest is its chain.
  const publicDer = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
  const signerIndex = certs.findIndex((c) => spkiOf(c).equals(publicDer));
  if (signerIndex < 0) throw new Error('the PKCS#12 file holds no certificate for its private key');
  const chain = [certs[signerIndex]!, ...certs.filter((_, i) => i !== signerIndex)];
  return { privateKeyPem, chain };
}

const spkiOf = (certDer: Uint8Array): Buffer => new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
