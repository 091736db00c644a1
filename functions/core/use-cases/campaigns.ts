import { requireCampaignMember, requireSecretariat } from '../authorization.ts';
import type { CampaignAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import { NotFound, ValidationError } from '../errors.ts';
import type { Campaign, Principal } from '../model.ts';
import type { Page, PageRequest } from '../ports.ts';
import { campaignSchema } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';

/** PUT a campaign. In: its id and body. Out: the stored campaign and whether it is new. */
export async function putCampaign(deps: Deps, p: Principal, id: string, body: unknown): Promise<{ campaign: CampaignAnswer; created: boolean }> {
  requireSecretariat(p, id);
  const input = parseOrThrow(campaignSchema, body);
  if (input.id !== undefined && input.id !== id) {
    throw new ValidationError([{ path: '/id', code: 'invalid', message: `must equal the campaign id in the path (${id})` }]);
  }
  const now = deps.clock().toISOString();
  const existing = await deps.repo.getCampaign(id);
  const campaign: Campaign = { ...input, id, createdAt: existing?.createdAt ?? now, updatedAt: now };
  const created = await deps.repo.putCampaign(campaign);
  return { campaign, created };
}

export async function getCampaign(deps: Deps, p: Principal, id: string): Promise<CampaignAnswer> {
  requireCampaignMember(p, id);
  return loadCampaign(deps, id);
}

export async function loadCampaign(deps: Deps, id: string): Promise<Campaign> {
  const campaign = await deps.repo.getCampaign(id);
  if (!campaign) throw new NotFound(`Campaign ${id}`);
  return campaign;
}

/** The campaigns this key may see, a page: one for a campaign-bound key, all for the others. */
export async function listCampaigns(deps: Deps, p: Principal, page: PageRequest): Promise<Page<CampaignAnswer>> {
  requireSecretariat(p);
  if (p.campaignId) {
    const own = await deps.repo.getCampaign(p.campaignId);
    return { items: own ? [own] : [] };
  }
  return deps.repo.listCampaigns(page);
}
