import { requireSecretariat } from '../authorization.ts';
import type { Deps } from '../deps.ts';
import { ValidationError, type FieldError } from '../errors.ts';
import type { Organization, Principal } from '../model.ts';
import type { Page, PageRequest } from '../ports.ts';
import { organizationsBodySchema } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';
import { loadCampaign } from './campaigns.ts';

/**
 * Upsert organizations. In: up to 1,000. Out: how many were written.
 * Every parentId must name an organization of this campaign, in the batch or already stored;
 * nothing is written unless all are valid.
 */
export async function upsertOrganizations(deps: Deps, p: Principal, campaignId: string, body: unknown) {
  requireSecretariat(p, campaignId);
  await loadCampaign(deps, campaignId);
  const inputs = parseOrThrow(organizationsBodySchema, body);

  const errors: FieldError[] = [];
  const firstIndex = new Map<string, number>();
  inputs.forEach((o, i) => {
    if (firstIndex.has(o.id)) errors.push({ path: `/${i}/id`, code: 'duplicate', message: `repeats the id of item ${firstIndex.get(o.id)}` });
    else firstIndex.set(o.id, i);
    if (o.parentId === o.id) errors.push({ path: `/${i}/parentId`, code: 'invalid', message: 'must not name the organization itself' });
  });
  const outside = inputs.flatMap((o) => (o.parentId && !firstIndex.has(o.parentId) ? [o.parentId] : []));
  const stored = outside.length ? await deps.repo.getOrganizations(campaignId, outside) : new Map();
  inputs.forEach((o, i) => {
    if (o.parentId && !firstIndex.has(o.parentId) && !stored.has(o.parentId)) {
      errors.push({ path: `/${i}/parentId`, code: 'unknown_organization', message: `names no organization of campaign ${campaignId}` });
    }
  });
  if (errors.length) throw new ValidationError(errors);

  const organizations: Organization[] = inputs.map((o) => ({ ...o, campaignId }));
  await deps.repo.upsertOrganizations(campaignId, organizations);
  return { upserted: organizations.length };
}

export async function listOrganizations(deps: Deps, p: Principal, campaignId: string, page: PageRequest): Promise<Page<Organization>> {
  requireSecretariat(p, campaignId);
  await loadCampaign(deps, campaignId);
  return deps.repo.listOrganizations(campaignId, page);
}
