import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequest } from './errors.ts';
import type { PageKey } from './ports.ts';

/**
 * Opaque, tamper-evident cursors: the position (a DynamoDB key) and the listing it belongs to,
 * signed with HMAC-SHA-256. A forged, altered or foreign cursor is a 400, never a scan elsewhere.
 */
export function encodeCursor(secret: string, scope: string, key: PageKey): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function decodeCursor(secret: string, scope: string, cursor: string): PageKey {
  const [payload, mac, extra] = cursor.split('.');
  const invalid = () => new BadRequest('The cursor is not valid for this listing: use the cursor of the previous page as given.');
  if (!payload || !mac || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(secret, payload), 'base64url');
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s: string; k: PageKey };
  if (parsed.s !== scope) throw invalid();
  return parsed.k;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
