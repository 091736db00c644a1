import { requireKeyAdmin, requireSecretariat } from '../authorization.ts';
import type { KeyAnswer, KeyCreatedAnswer, MeAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import { Forbidden, NotFound, ValidationError } from '../errors.ts';
import { newKey } from '../keys.ts';
import type { ApiKey, Principal } from '../model.ts';
import type { CompleteWith, Page, PageRequest } from '../ports.ts';
import { keyRequestSchema } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';
import { loadCampaign } from './campaigns.ts';

/** What a client sees of a key: never the secret nor its hash. */
export function keyView({ secretHash: _h, ...view }: ApiKey): KeyAnswer {
  return view;
}

export type NewKey = KeyCreatedAnswer;

/**
 * Issue a key. Out: its id and the token, shown this once; only the hash is stored (and, for an
 * idempotent request, the answer sealed with the caller's own key, in the same transaction).
 */
export async function createKey(deps: Deps, p: Principal, body: unknown, completeWith?: CompleteWith<NewKey>): Promise<NewKey> {
  const input = parseOrThrow(keyRequestSchema, body);
  requireKeyAdmin(p, input.campaignId ?? p.campaignId);
  if (input.campaignId) await loadCampaign(deps, input.campaignId);
  if (input.role === 'submitter' && input.campaignId && input.organizationId) {
    const found = await deps.repo.getOrganizations(input.campaignId, [input.organizationId]);
    if (!found.has(input.organizationId)) {
      throw new ValidationError([{ path: '/organizationId', code: 'unknown_organization', message: `names no organization of campaign ${input.campaignId}` }]);
    }
  }
  const { id, token, secretHash } = newKey();
  const key: ApiKey = { id, secretHash, createdAt: deps.clock().toISOString(), ...input, campaignId: input.campaignId ?? p.campaignId };
  const answer = (stored: ApiKey): NewKey => ({ ...keyView(stored), key: token });
  await deps.repo.putKey(key, completeWith && ((stored) => completeWith(answer(stored))));
  return answer(key);
}

/** `GET /me`: who this key is (no secret). */
export async function whoAmI(deps: Deps, p: Principal): Promise<MeAnswer> {
  const key = await deps.repo.getKey(p.id);
  return { id: p.id, role: p.role, campaignId: p.campaignId, organizationId: p.organizationId, label: key?.label };
}

export async function listKeys(deps: Deps, p: Principal, page: PageRequest): Promise<Page<KeyAnswer>> {
  requireSecretariat(p);
  const result = await deps.repo.listKeys(page);
  // A campaign secretariat sees the keys of its campaign only.
  const items = result.items.filter((k) => !p.campaignId || k.campaignId === p.campaignId).map(keyView);
  return { ...result, items };
}

export async function revokeKey(deps: Deps, p: Principal, keyId: string): Promise<KeyAnswer> {
  requireSecretariat(p);
  const key = await deps.repo.getKey(keyId);
  if (!key) throw new NotFound(`Key ${keyId}`);
  if (p.campaignId && key.campaignId !== p.campaignId) throw new Forbidden('This key belongs to another campaign.');
  if (!key.revokedAt) await deps.repo.revokeKey(keyId, deps.clock().toISOString());
  return keyView((await deps.repo.getKey(keyId)) ?? key);
}

