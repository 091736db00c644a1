import { daysBetween } from './dates.ts';
import type { Campaign, LevelStats, Organization, Stats, Submission, TargetMetric, TargetResult } from './model.ts';
import { percent } from './percent.ts';
import { LEVELS, type Level } from './schemas.ts';

/**
 * The statistics of CONTRACT §4.
 * Input: the campaign, all its organizations, the latest submission version of each organization.
 * Output: per level counts and percents, and each target the campaign names with met / not met.
 * A submission counts when it is the latest of its organization and was held on or before asOf.
 */
export function computeStats(
  campaign: Pick<Campaign, 'deadlines' | 'targets'>,
  organizations: readonly Organization[],
  latestSubmissions: readonly Submission[],
  asOf: string,
): Stats {
  const counted = countedSubmissions(organizations, latestSubmissions, asOf);
  const levels = Object.fromEntries(
    LEVELS.map((level) => [level, levelStats(level, organizations, counted, campaign.deadlines[level])]),
  ) as Record<Level, LevelStats>;
  return { asOf, levels, targets: targetResults(campaign.targets, organizations, counted) };
}

/** The counted submission per organization id (latest version, held on or before asOf). */
export function countedSubmissions(
  organizations: readonly Organization[],
  latestSubmissions: readonly Submission[],
  asOf: string,
): Map<string, Submission> {
  const known = new Set(organizations.map((o) => o.id));
  const latest = new Map<string, Submission>();
  for (const s of latestSubmissions) {
    const prev = latest.get(s.organizationId);
    if (!prev || s.version > prev.version) latest.set(s.organizationId, s);
  }
  for (const [orgId, s] of latest) {
    if (!known.has(orgId) || s.congress.heldOn > asOf) latest.delete(orgId);
  }
  return latest;
}

function levelStats(
  level: Level,
  organizations: readonly Organization[],
  counted: Map<string, Submission>,
  deadline: string,
): LevelStats {
  const orgs = organizations.filter((o) => o.level === level);
  const held = heldSubmissions(orgs, counted);
  const direct = held.filter((s) => s.secretary.electedDirectly);
  const nonLocal = held.filter((s) => !s.secretary.isLocal).length;
  const lastHeldOn = held.reduce<string | null>((max, s) => (max && max > s.congress.heldOn ? max : s.congress.heldOn), null);
  const stats: LevelStats = {
    total: orgs.length,
    held: held.length,
    heldPercent: percent(held.length, orgs.length),
    lastHeldOn,
    directElection: direct.length,
    directElectionPercent: percent(direct.length, held.length),
    unanimous: direct.filter((s) => s.secretary.votes && s.secretary.votes.for === s.secretary.votes.valid).length,
    nonLocal,
    nonLocalPercent: percent(nonLocal, held.length),
    concurrentChair: held.filter((s) => s.secretary.concurrentRole === 'people-committee-chair').length,
    villageHead: held.filter((s) => s.secretary.concurrentRole === 'village-head').length,
  };
  if (lastHeldOn && held.length === orgs.length) {
    stats.completedOn = lastHeldOn;
    stats.daysBeforeDeadline = daysBetween(lastHeldOn, deadline);
  }
  return stats;
}

function heldSubmissions(orgs: readonly Organization[], counted: Map<string, Submission>): Submission[] {
  return orgs.flatMap((o) => {
    const s = counted.get(o.id);
    return s ? [s] : [];
  });
}

/**
 * Targets in the order CONTRACT §4 defines them (its example answer, for a campaign that sets all
 * six, starts with `communeNonLocalPercent`); only those the campaign sets.
 */
export const TARGET_ORDER: readonly TargetMetric[] = [
  'communeNonLocalPercent',
  'communeConcurrentChairPercent',
  'districtNonLocalPercent',
  'districtConcurrentChairCount',
  'villageBranchHeadPercent',
  'directElectionPercent',
];

function targetResults(
  targets: Campaign['targets'],
  organizations: readonly Organization[],
  counted: Map<string, Submission>,
): TargetResult[] {
  const heldOf = (pred: (o: Organization) => boolean) => heldSubmissions(organizations.filter(pred), counted);
  const communes = () => heldOf((o) => o.level === 'grassroots' && o.unit === 'commune');
  const districts = () => heldOf((o) => o.level === 'district' && o.unit === 'district');
  const share = (subs: Submission[], pred: (s: Submission) => boolean) => percent(subs.filter(pred).length, subs.length);
  const isChair = (s: Submission) => s.secretary.concurrentRole === 'people-committee-chair';
  const isNonLocal = (s: Submission) => !s.secretary.isLocal;

  const actual: Record<TargetMetric, () => number | null> = {
    directElectionPercent: () =>
      share(heldOf((o) => o.level === 'grassroots' || o.level === 'district'), (s) => s.secretary.electedDirectly),
    districtNonLocalPercent: () => share(districts(), isNonLocal),
    communeNonLocalPercent: () => share(communes(), isNonLocal),
    communeConcurrentChairPercent: () => share(communes(), isChair),
    districtConcurrentChairCount: () => districts().filter(isChair).length,
    villageBranchHeadPercent: () =>
      share(heldOf((o) => o.level === 'branch' && o.unit === 'village'), (s) => s.secretary.concurrentRole === 'village-head'),
  };

  return TARGET_ORDER.flatMap((metric) => {
    const target = targets[metric];
    if (target === undefined) return [];
    const value = actual[metric]();
    return [{ metric, target, actual: value, met: value !== null && value >= target }];
  });
}
