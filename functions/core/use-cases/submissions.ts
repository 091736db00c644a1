import { requireCampaignMember, requireOrganizationAccess } from '../authorization.ts';
import type { Deps } from '../deps.ts';
import { Forbidden, NotFound, ValidationError } from '../errors.ts';
import type { Principal, Submission } from '../model.ts';
import type { Page, PageRequest } from '../ports.ts';
import { todayInVietnam } from '../dates.ts';
import { submissionSchemaFor, type SubmissionInput } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';
import { loadCampaign } from './campaigns.ts';

/**
 * Record a congress result. In: the body. Out: the stored version (1, 2, …; the latest counts).
 * A submitter may only submit for its own organization, which must belong to the campaign.
 */
export async function createSubmission(deps: Deps, p: Principal, campaignId: string, body: unknown): Promise<Submission> {
  requireCampaignMember(p, campaignId);
  const input = parseOrThrow(submissionSchemaFor(todayInVietnam(deps.clock())), body);
  requireOrganizationAccess(p, campaignId, input.organizationId);
  // Organizations live under their campaign: finding the organization proves the campaign exists.
  const known = await deps.repo.getOrganizations(campaignId, [input.organizationId]);
  if (!known.has(input.organizationId)) {
    await loadCampaign(deps, campaignId);
    throw new ValidationError([{ path: '/organizationId', code: 'unknown_organization', message: `names no organization of campaign ${campaignId}` }]);
  }
  return store(deps, p, campaignId, input);
}

export function store(deps: Deps, p: Principal, campaignId: string, input: SubmissionInput): Promise<Submission> {
  return deps.repo.addSubmission(campaignId, input, {
    id: deps.newId(),
    receivedAt: deps.clock().toISOString(),
    submittedBy: p.id,
  });
}

/** The latest version of each organization, a page; a submitter sees only its own. */
export async function listSubmissions(
  deps: Deps,
  p: Principal,
  campaignId: string,
  page: PageRequest,
  organizationId?: string,
): Promise<Page<Submission>> {
  requireCampaignMember(p, campaignId);
  await loadCampaign(deps, campaignId);
  const only = p.role === 'submitter' ? p.organizationId : organizationId;
  if (p.role === 'submitter' && organizationId && organizationId !== p.organizationId) return { items: [] };
  if (only) {
    const latest = await deps.repo.getLatest(campaignId, only);
    return { items: latest ? [latest] : [] };
  }
  return deps.repo.listLatest(campaignId, page);
}

export async function getSubmission(deps: Deps, p: Principal, id: string): Promise<Submission> {
  const submission = await deps.repo.getSubmission(id);
  if (!submission) throw new NotFound(`Submission ${id}`);
  if (!maySee(p, submission)) throw new Forbidden('This key may not read this submission.');
  return submission;
}

function maySee(p: Principal, s: Submission): boolean {
  if (p.campaignId && p.campaignId !== s.campaignId) return false;
  return p.role === 'secretariat' || p.organizationId === s.organizationId;
}
