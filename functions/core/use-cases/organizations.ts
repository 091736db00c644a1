import { requireSecretariat } from '../authorization.ts';
import type { OrganizationAnswer, UpsertedAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import { ValidationError, type FieldError } from '../errors.ts';
import { todayInVietnam } from '../dates.ts';
import type { Organization, Principal, Submission } from '../model.ts';
import type { Page, PageRequest } from '../ports.ts';
import { REPORT_STATES, organizationsBodySchema, type Level } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';
import { loadCampaign } from './campaigns.ts';

/**
 * Upsert organizations. In: up to 1,000. Out: how many were written.
 * Every parentId must name an organization of this campaign, in the batch or already stored;
 * nothing is written unless all are valid.
 */
export async function upsertOrganizations(deps: Deps, p: Principal, campaignId: string, body: unknown): Promise<UpsertedAnswer> {
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

/** Where an organization stands: reported, not yet, or late (nothing reported and its level's deadline past). */
export type ReportState = (typeof REPORT_STATES)[number];

export type OrganizationWithState = Organization & {
  state: ReportState;
  latestSubmission?: Pick<Submission, 'id' | 'version' | 'receivedAt'> & { heldOn: string };
};

/**
 * A page of organizations with their state (CONTRACT §6: reported, not yet, late), filtered by
 * level and state. A state filter applies to the page read, as DynamoDB's filters do: a page may
 * hold fewer items than the limit, and the cursor goes on.
 */
export async function listOrganizations(
  deps: Deps,
  p: Principal,
  campaignId: string,
  page: PageRequest,
  filter: { level?: Level; state?: ReportState } = {},
): Promise<Page<OrganizationAnswer & { campaignId: string }>> {
  requireSecretariat(p, campaignId);
  const campaign = await loadCampaign(deps, campaignId);
  const orgs = await deps.repo.listOrganizations(campaignId, page, { level: filter.level });
  const latest = await deps.repo.latestFor(campaignId, orgs.items.map((o) => o.id));
  const today = todayInVietnam(deps.clock());
  const items = orgs.items
    .map((o): OrganizationWithState => {
      const s = latest.get(o.id);
      if (s) return { ...o, state: 'reported', latestSubmission: { id: s.id, version: s.version, heldOn: s.congress.heldOn, receivedAt: s.receivedAt } };
      return { ...o, state: campaign.deadlines[o.level] < today ? 'late' : 'pending' };
    })
    .filter((o) => !filter.state || o.state === filter.state);
  return { ...orgs, items };
}
