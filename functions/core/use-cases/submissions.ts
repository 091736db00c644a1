import { requireCampaignMember, requireOrganizationAccess, requireSecretariat } from '../authorization.ts';
import type { Deps } from '../deps.ts';
import { Forbidden, NotFound, ValidationError } from '../errors.ts';
import type { Principal, Submission } from '../model.ts';
import type { CompleteWith, Page, PageRequest } from '../ports.ts';
import { todayInVietnam } from '../dates.ts';
import { submissionSchemaFor, type SubmissionInput } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';
import { submissionsCsv } from '../csv-export.ts';
import { loadCampaign } from './campaigns.ts';

/**
 * Record a congress result. In: the body. Out: the stored version (1, 2, …; the latest counts).
 * A submitter may only submit for its own organization, which must belong to the campaign.
 */
export async function createSubmission(
  deps: Deps,
  p: Principal,
  campaignId: string,
  body: unknown,
  completeWith?: CompleteWith<Submission>,
): Promise<Submission> {
  requireCampaignMember(p, campaignId);
  const input = parseOrThrow(submissionSchemaFor(todayInVietnam(deps.clock())), body);
  requireOrganizationAccess(p, campaignId, input.organizationId);
  // Organizations live under their campaign: finding the organization proves the campaign exists.
  const known = await deps.repo.getOrganizations(campaignId, [input.organizationId]);
  if (!known.has(input.organizationId)) {
    await loadCampaign(deps, campaignId);
    throw new ValidationError([{ path: '/organizationId', code: 'unknown_organization', message: `names no organization of campaign ${campaignId}` }]);
  }
  return store(deps, p, campaignId, input, { completeWith });
}

/**
 * Stores the next version. `id` may be given (an import row retried with its Idempotency-Key
 * gets the id it had: the repository then answers the version already stored).
 */
export function store(
  deps: Deps,
  p: Principal,
  campaignId: string,
  input: SubmissionInput,
  { id = deps.newId(), completeWith }: { id?: string; completeWith?: CompleteWith<Submission> } = {},
): Promise<Submission> {
  return deps.repo.addSubmission(campaignId, input, { id, receivedAt: deps.clock().toISOString(), submittedBy: p.id }, completeWith);
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

/** Every version an organization sent, newest first: the secretariat, or that organization's submitter. */
export async function listOrganizationVersions(deps: Deps, p: Principal, campaignId: string, organizationId: string): Promise<Submission[]> {
  requireOrganizationAccess(p, campaignId, organizationId);
  const known = await deps.repo.getOrganizations(campaignId, [organizationId]);
  if (!known.has(organizationId)) throw new NotFound(`Organization ${organizationId} of campaign ${campaignId}`);
  return deps.repo.listVersions(campaignId, organizationId);
}

/** The latest submission of every organization, as CSV for a spreadsheet (the import's columns first). */
export async function exportSubmissions(deps: Deps, p: Principal, campaignId: string): Promise<string> {
  requireSecretariat(p, campaignId);
  await loadCampaign(deps, campaignId);
  const [organizations, latest] = await Promise.all([deps.repo.allOrganizations(campaignId), deps.repo.allLatest(campaignId)]);
  return submissionsCsv(organizations, latest);
}
