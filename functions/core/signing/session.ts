import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The person's signing session, kept by the client rather than the server: what `prepare` made
 * (the file with the placeholder, stored under its digest) and for which certificate, sealed
 * with HMAC-SHA-256. Nothing to store or clean up, and a crash between the two calls loses
 * nothing; the signed attributes are recomputed from the prepared file and the certificate.
 */
export type SigningSession = {
  documentId: string;
  /** The file the signature is added to (the document's latest). */
  baseSha256: string;
  /** The prepared file, with the placeholder. */
  preparedSha256: string;
  /** DER certificates, base64, the signer's first. */
  chain: string[];
  /** The signing time written in the prepared file's /M. */
  signedAt: string;
  expiresAt: string;
};

export class InvalidSession extends Error {}

export function sealSession(secret: string, s: SigningSession): string {
  const payload = Buffer.from(JSON.stringify(s), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function openSession(secret: string, token: string, now: Date): SigningSession {
  const [payload, given, extra] = token.split('.');
  if (!payload || !given || extra !== undefined) throw new InvalidSession('is not a signing id this server gave');
  const expected = Buffer.from(mac(secret, payload), 'base64url');
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidSession('is not a signing id this server gave');
  const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SigningSession;
  if (Date.parse(session.expiresAt) <= now.getTime()) throw new InvalidSession('has expired: prepare the signature again');
  return session;
}

// A key of its own, derived from the server's secret, so a cursor can never pass for a session.
// Without a secret anyone could seal one: that is a deployment mistake, not a request to serve.
function mac(secret: string, payload: string): string {
  if (!secret) throw new Error('no server secret to seal signing sessions with (the route needs the cursor secret)');
  return createHmac('sha256', createHmac('sha256', secret).update('congress-docs signing session').digest()).update(payload).digest('base64url');
}
