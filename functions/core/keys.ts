import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `cdk_<id>_<secret>`. The id finds the record in one read; only the SHA-256 of the
 * secret is stored, and it is compared in constant time. The secret is shown once, at creation.
 */
const TOKEN = /^cdk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

export function newKey(): { id: string; secret: string; token: string; secretHash: string } {
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `cdk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** A key given as BOOTSTRAP_KEY may be any string; it gets a stable id derived from its hash. */
export function keyFromToken(token: string): { id: string; secretHash: string } {
  const parsed = parseToken(token);
  if (parsed) return { id: parsed.id, secretHash: hashSecret(parsed.secret) };
  const h = hashSecret(token);
  return { id: `boot${h.slice(0, 8)}`, secretHash: h };
}

/** The id under which a presented token is looked up (for both generated and bootstrap keys). */
export const lookupId = (token: string): string => keyFromToken(token).id;

export function parseToken(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(keyFromToken(token).secretHash, 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
  return m?.[1];
}
