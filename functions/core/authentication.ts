import { lookupId, secretMatches } from './keys.ts';
import type { Principal } from './model.ts';
import type { KeyRepository } from './ports.ts';

/** The principal a presented token stands for: a known, unrevoked key whose secret matches. */
export async function authenticate(keys: Pick<KeyRepository, 'getKey'>, token: string | undefined): Promise<Principal | undefined> {
  if (!token) return undefined;
  const key = await keys.getKey(lookupId(token));
  if (!key || key.revokedAt || !secretMatches(token, key.secretHash)) return undefined;
  return { id: key.id, role: key.role, campaignId: key.campaignId, organizationId: key.organizationId };
}
