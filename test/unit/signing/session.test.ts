/** The person's sealed signing session: what it keeps, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '#core/cursor.ts';
import { openSession, sealSession, type SigningSession } from '#core/signing/session.ts';

const session: SigningSession = {
  documentId: 'doc-1',
  baseSha256: 'a'.repeat(64),
  preparedSha256: 'b'.repeat(64),
  chain: ['MIIB'],
  signedAt: '2020-06-06T02:00:00.000Z',
  expiresAt: '2020-06-06T02:30:00.000Z',
};
const now = new Date('2020-06-06T02:10:00Z');

describe('signing sessions', () => {
  it('open to what was sealed', () => {
    expect(openSession('secret', sealSession('secret', session), now)).toEqual(session);
  });

  it('refuse another secret, a changed payload, a cursor, and an expired session', () => {
    const token = sealSession('secret', session);
    expect(() => openSession('other', token, now)).toThrow(/not a signing id/);
    const [payload, mac] = token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...session, preparedSha256: 'c'.repeat(64) })).toString('base64url');
    expect(payload).not.toBe(changed);
    expect(() => openSession('secret', `${changed}.${mac}`, now)).toThrow(/not a signing id/);
    expect(() => openSession('secret', encodeCursor('secret', 'docs', { pk: 'x' }), now)).toThrow(/not a signing id/);
    expect(() => openSession('secret', token, new Date('2020-06-06T02:30:00Z'))).toThrow(/expired/);
  });

  it('are never sealed without a server secret', () => {
    expect(() => sealSession('', session)).toThrow(/no server secret/);
  });
});
