import { createHash } from 'node:crypto';
import type { SignatureKey } from '../ports.ts';
import { readSignedData, signatureMatchesCertificate, signedAttributes, signedData, signerName } from './cms.ts';
import { contentsCapacity, coveredDigest, embedCms, lastByteRange, lastSignatureCms, prepareSignedPdf } from './pades.ts';

/**
 * Signing a PDF in the two halves a remote key needs: `beginSignature` appends the signature
 * field with its placeholder and says what is to be signed; `finishSignature` embeds the CMS
 * around the signature brought back. `signPdf` does both with a key at hand.
 */

export type BegunSignature = {
  /** The file with the placeholder; kept until the signature comes back. */
  prepared: Uint8Array;
  /** DER of the CMS signed attributes: the bytes the key signs (SHA-256 with RSA or ECDSA). */
  signedAttrs: Uint8Array;
  /** SHA-256 of `signedAttrs`: what a key that signs digests (KMS, a token) is given. */
  toBeSigned: Uint8Array;
  signer: string;
};

export function beginSignature(
  base: Uint8Array,
  chain: readonly Uint8Array[],
  facts: { signedAt: Date; reason: string },
): BegunSignature {
  const signer = signerName(chain[0]!);
  const prepared = prepareSignedPdf(base, { ...facts, signerName: signer, contentsBytes: contentsCapacity(chain) });
  const signedAttrs = signedAttributes(prepared.digest, chain[0]!);
  return { prepared: prepared.pdf, signedAttrs, toBeSigned: sha256(signedAttrs), signer };
}

/** The signed attributes of a prepared file (recomputed: they depend only on its bytes and the certificate). */
export function signedAttributesOf(prepared: Uint8Array, signerCert: Uint8Array): Uint8Array {
  return signedAttributes(coveredDigest(prepared, lastByteRange(prepared)), signerCert);
}

export function finishSignature(prepared: Uint8Array, signature: Uint8Array, chain: readonly Uint8Array[]): Uint8Array {
  const signedAttrs = signedAttributesOf(prepared, chain[0]!);
  return embedCms(prepared, signedData(signedAttrs, signature, chain));
}

export async function signPdf(
  base: Uint8Array,
  key: SignatureKey,
  facts: { signedAt: Date; reason: string },
): Promise<{ pdf: Uint8Array; signer: string }> {
  const chain = await key.certificateChain();
  const begun = beginSignature(base, chain, facts);
  const signature = await key.signDigest(begun.toBeSigned);
  return { pdf: finishSignature(begun.prepared, signature, chain), signer: begun.signer };
}

/**
 * Checks the newest signature of a file: its ByteRange covers everything but its /Contents, the
 * CMS messageDigest is the digest of those bytes, and the signature verifies with the signer's
 * certificate. Used after signing, before a file is stored as the document's.
 */
export function verifyLastSignature(pdf: Uint8Array): { valid: boolean; signer?: string } {
  try {
    const range = lastByteRange(pdf);
    const cms = readSignedData(lastSignatureCms(pdf));
    const cert = cms.certificates[0];
    const digestOk = cms.messageDigest !== undefined && Buffer.from(cms.messageDigest).equals(coveredDigest(pdf, range));
    const valid = digestOk && cert !== undefined && signatureMatchesCertificate(cms.signedAttrs, cms.signature, cert);
    return valid ? { valid, signer: signerName(cert) } : { valid: false };
  } catch {
    return { valid: false };
  }
}

export const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
