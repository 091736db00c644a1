import type { Organization, Submission } from '#core/model.ts';
import type { RenderInput } from '#core/render-input.ts';
import { sortVietnamese } from './vietnamese-collation.ts';
import { capitalize, comparableText } from './vietnamese.ts';
import { ABBREVIATIONS } from './vocabulary.ts';

/** Facts the templates derive from a RenderInput beyond the statistics. Pure. */

/**
 * The issuer's name as prose writes it: `TỈNH ỦY QUẢNG NINH` → `Tỉnh ủy Quảng Ninh`. Upper case
 * loses the capitals of proper names, so the place (`issuer.place`, written properly) is restored,
 * and abbreviations stay as they are (`ĐẢNG ỦY KHỐI CÁC CƠ QUAN UBND` → `Đảng ủy khối các cơ quan UBND`).
 */
export function issuerInProse(issuer: RenderInput['campaign']['issuer']): string {
  // Abbreviations (UBND, HĐND…) keep their case: only the words around them are lowered.
  const lower = issuer.name
    .normalize('NFC')
    .split(/(\s+)/u)
    .map((word) => (ABBREVIATIONS.has(word) ? word : word.toLocaleLowerCase('vi')))
    .join('');
  const place = issuer.place.normalize('NFC');
  const at = lower.lastIndexOf(place.toLocaleLowerCase('vi'));
  const restored = at < 0 ? lower : lower.slice(0, at) + place + lower.slice(at + place.length);
  return capitalize(restored);
}

/** `Ban Thường vụ Tỉnh ủy Quảng Ninh`, the body that speaks in the documents. */
export function standingCommittee(issuer: RenderInput['campaign']['issuer']): string {
  return `Ban Thường vụ ${issuerInProse(issuer)}`;
}

/** The subject line of a report when the request gives none. */
export function defaultReportSubject(campaign: RenderInput['campaign']): string {
  return `tình hình thực hiện ${campaign.directive.title}`;
}

export type Recommendation = {
  /** The text as first written (NFC, trimmed). */
  text: string;
  /** Names of the organizations that made it, Vietnamese order. */
  organizations: string[];
};

/**
 * Every distinct recommendation of the counted submissions, with who made it. Two texts are the
 * same when they differ only in case, spacing, Unicode normalisation or a final full stop.
 * Ordered by how many organizations made it, then alphabetically: deterministic for one input.
 */
export function gatheredRecommendations(input: Pick<RenderInput, 'organizations' | 'submissions'>): Recommendation[] {
  const nameOf = organizationNames(input.organizations);
  const byKey = new Map<string, { text: string; organizations: Set<string> }>();
  for (const submission of sortedSubmissions(input.submissions)) {
    for (const raw of submission.recommendations ?? []) {
      const text = raw.normalize('NFC').trim();
      if (!text) continue;
      const key = comparableText(text);
      const entry = byKey.get(key) ?? { text, organizations: new Set<string>() };
      entry.organizations.add(nameOf(submission.organizationId));
      byKey.set(key, entry);
    }
  }
  const gathered = [...byKey.values()].map((e) => ({
    text: e.text,
    organizations: sortVietnamese([...e.organizations], (n) => n),
  }));
  return sortVietnamese(gathered, (r) => r.text).sort((a, b) => b.organizations.length - a.organizations.length);
}

export type OrganizationRecommendations = { organization: string; recommendations: string[] };

/** Each organization's own recommendations (duplicates within one organization removed), by name. */
export function recommendationsByOrganization(input: Pick<RenderInput, 'organizations' | 'submissions'>): OrganizationRecommendations[] {
  const nameOf = organizationNames(input.organizations);
  const groups: OrganizationRecommendations[] = [];
  for (const submission of sortedSubmissions(input.submissions)) {
    const seen = new Set<string>();
    const recommendations: string[] = [];
    for (const raw of submission.recommendations ?? []) {
      const text = raw.normalize('NFC').trim();
      const key = comparableText(text);
      if (!text || seen.has(key)) continue;
      seen.add(key);
      recommendations.push(text);
    }
    if (recommendations.length) groups.push({ organization: nameOf(submission.organizationId), recommendations });
  }
  return sortVietnamese(groups, (g) => g.organization);
}

/** Submissions in organization-id order, so that "first written" does not depend on storage order. */
function sortedSubmissions(submissions: readonly Submission[]): Submission[] {
  return [...submissions].sort((a, b) => (a.organizationId < b.organizationId ? -1 : a.organizationId > b.organizationId ? 1 : 0));
}

function organizationNames(organizations: readonly Organization[]): (id: string) => string {
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  return (id) => names.get(id) ?? id;
}

export type DistrictRow = {
  organization: Organization;
  /** Its own congress, if counted. */
  submission: Submission | undefined;
  grassroots: { total: number; held: number; directElection: number };
  branches: { total: number; held: number };
};

/**
 * One row per district-level organization (Vietnamese order) with the grassroots organizations
 * and branches below it, found through `parentId` at any depth.
 */
export function districtRows(input: Pick<RenderInput, 'organizations' | 'submissions'>): DistrictRow[] {
  const byId = new Map(input.organizations.map((o) => [o.id, o]));
  const counted = new Map(input.submissions.map((s) => [s.organizationId, s]));
  const districtOf = (org: Organization): string | undefined => {
    const seen = new Set<string>();
    let current: Organization | undefined = org.parentId ? byId.get(org.parentId) : undefined;
    while (current && !seen.has(current.id)) {
      if (current.level === 'district') return current.id;
      seen.add(current.id);
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
    return undefined;
  };
  const rows = new Map<string, DistrictRow>();
  for (const org of input.organizations) {
    if (org.level !== 'district') continue;
    rows.set(org.id, {
      organization: org,
      submission: counted.get(org.id),
      grassroots: { total: 0, held: 0, directElection: 0 },
      branches: { total: 0, held: 0 },
    });
  }
  for (const org of input.organizations) {
    if (org.level === 'district') continue;
    const districtId = districtOf(org);
    const row = districtId ? rows.get(districtId) : undefined;
    if (!row) continue;
    const submission = counted.get(org.id);
    if (org.level === 'grassroots') {
      row.grassroots.total++;
      if (submission) {
        row.grassroots.held++;
        if (submission.secretary.electedDirectly) row.grassroots.directElection++;
      }
    } else {
      row.branches.total++;
      if (submission) row.branches.held++;
    }
  }
  return sortVietnamese([...rows.values()], (r) => r.organization.name);
}
