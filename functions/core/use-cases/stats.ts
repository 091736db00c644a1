import { requireSecretariat } from '../authorization.ts';
import { todayInVietnam } from '../dates.ts';
import type { StatsAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import type { Principal } from '../model.ts';
import { computeStats } from '../stats.ts';
import { isoDate } from '../text.ts';
import { parseOrThrow } from '../validation.ts';
import { z } from 'zod';
import { loadCampaign } from './campaigns.ts';

const asOfQuery = z.strictObject({ asOf: isoDate().optional() });

/** The statistics of CONTRACT §4 as of a date (default: today in Vietnam). */
export async function getStats(deps: Deps, p: Principal, campaignId: string, query: Record<string, string | undefined>): Promise<StatsAnswer> {
  requireSecretariat(p, campaignId);
  const { asOf = todayInVietnam(deps.clock()) } = parseOrThrow(asOfQuery, { asOf: query.asOf });
  const campaign = await loadCampaign(deps, campaignId);
  const [organizations, latest] = await Promise.all([
    deps.repo.allOrganizations(campaignId),
    deps.repo.allLatest(campaignId),
  ]);
  return computeStats(campaign, organizations, latest, asOf);
}
