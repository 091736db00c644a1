/**
 * An independent, deliberately plain reading of CONTRACT §4, compared field by field with
 * computeStats on the bundled Quảng Ninh example and on generated campaigns.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Campaign, Organization, Submission } from '../../../functions/core/model.ts';
import { campaignSchema, organizationSchema, submissionSchema } from '../../../functions/core/schemas.ts';
import { computeStats } from '../../../functions/core/stats.ts';

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

type OLevel = 'branch' | 'grassroots' | 'district';

/** Days since 1970-01-01 of a proleptic Gregorian date, by counting (no Date object). */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map((x) => parseInt(x, 10)) as [number, number, number];
  const isLeap = (yy: number) => (yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0;
  const monthDays = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  let days = 0;
  if (y >= 1970) for (let yy = 1970; yy < y; yy++) days += isLeap(yy) ? 366 : 365;
  else for (let yy = y; yy < 1970; yy++) days -= isLeap(yy) ? 366 : 365;
  for (let mm = 1; mm < m; mm++) days += monthDays[mm - 1]!;
  return days + d - 1;
}

/** 100 × part / whole rounded half-up to one decimal, by long division on integers. */
function oraclePercent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  const scaled = BigInt(part) * 1000n;
  const w = BigInt(whole);
  let tenths = scaled / w;
  const remainder = scaled - tenths * w;
  if (remainder * 2n >= w) tenths += 1n;
  const whole10 = tenths / 10n;
  const decimal = tenths % 10n;
  return Number(decimal === 0n ? `${whole10}` : `${whole10}.${decimal}`);
}

function oracleStats(
  camp: Pick<Campaign, 'deadlines' | 'targets'>,
  organizations: readonly Organization[],
  allVersions: readonly Submission[],
  asOf: string,
) {
  // "A submission counts when it is the latest version for its organization and heldOn ≤ asOf."
  const byOrg: Record<string, Submission[]> = {};
  for (const s of allVersions) (byOrg[s.organizationId] ??= []).push(s);
  const countedOf = (o: Organization): Submission | undefined => {
    const versions = byOrg[o.id];
    if (!versions || versions.length === 0) return undefined;
    let latest = versions[0]!;
    for (const v of versions) if (v.version > latest.version) latest = v;
    return latest.congress.heldOn <= asOf ? latest : undefined;
  };
  const heldOf = (orgs: Organization[]) => orgs.map(countedOf).filter((s): s is Submission => s !== undefined);

  const levels: Record<string, unknown> = {};
  for (const level of ['branch', 'grassroots', 'district'] as OLevel[]) {
    const orgs = organizations.filter((o) => o.level === level);
    const held = heldOf(orgs);
    let lastHeldOn: string | null = null;
    for (const s of held) if (lastHeldOn === null || s.congress.heldOn > lastHeldOn) lastHeldOn = s.congress.heldOn;
    const direct = held.filter((s) => s.secretary.electedDirectly === true);
    const nonLocal = held.filter((s) => s.secretary.isLocal === false).length;
    const l: Record<string, unknown> = {
      total: orgs.length,
      held: held.length,
      heldPercent: oraclePercent(held.length, orgs.length),
      lastHeldOn,
    };
    if (held.length === orgs.length && lastHeldOn !== null) {
      l.completedOn = lastHeldOn;
      l.daysBeforeDeadline = dayNumber(camp.deadlines[level]) - dayNumber(lastHeldOn);
    }
    Object.assign(l, {
      directElection: direct.length,
      directElectionPercent: oraclePercent(direct.length, held.length),
      unanimous: direct.filter((s) => s.secretary.votes !== undefined && s.secretary.votes.for === s.secretary.votes.valid)
        .length,
      nonLocal,
      nonLocalPercent: oraclePercent(nonLocal, held.length),
      concurrentChair: held.filter((s) => s.secretary.concurrentRole === 'people-committee-chair').length,
      villageHead: held.filter((s) => s.secretary.concurrentRole === 'village-head').length,
    });
    levels[level] = l;
  }

  const communes = heldOf(organizations.filter((o) => o.level === 'grassroots' && o.unit === 'commune'));
  const districts = heldOf(organizations.filter((o) => o.level === 'district' && o.unit === 'district'));
  const villages = heldOf(organizations.filter((o) => o.level === 'branch' && o.unit === 'village'));
  const upper = heldOf(organizations.filter((o) => o.level === 'grassroots' || o.level === 'district'));
  const n = (subs: Submission[], f: (s: Submission) => boolean) => subs.filter(f).length;
  const chair = (s: Submission) => s.secretary.concurrentRole === 'people-committee-chair';
  const nonLocal = (s: Submission) => s.secretary.isLocal === false;
  // §4 in the order it names them.
  const metrics: [string, () => number | null][] = [
    ['communeNonLocalPercent', () => oraclePercent(n(communes, nonLocal), communes.length)],
    ['communeConcurrentChairPercent', () => oraclePercent(n(communes, chair), communes.length)],
    ['districtNonLocalPercent', () => oraclePercent(n(districts, nonLocal), districts.length)],
    ['districtConcurrentChairCount', () => n(districts, chair)],
    ['villageBranchHeadPercent', () => oraclePercent(n(villages, (s) => s.secretary.concurrentRole === 'village-head'), villages.length)],
    ['directElectionPercent', () => oraclePercent(n(upper, (s) => s.secretary.electedDirectly), upper.length)],
  ];
  const targets: unknown[] = [];
  const set = camp.targets as Record<string, number | undefined>;
  for (const [metric, actualOf] of metrics) {
    const target = set[metric];
    if (typeof target !== 'number') continue;
    const actual = actualOf();
    targets.push({ metric, target, actual, met: actual === null ? false : actual >= target });
  }
  return { asOf, levels, targets };
}

// ---------------------------------------------------------------------------------------------
// The Quảng Ninh example
// ---------------------------------------------------------------------------------------------

const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8'));

const exampleCampaign = campaignSchema.parse(readJson('campaign.json'));
const exampleOrgs: Organization[] = (readJson('organizations.json') as unknown[]).map((o) => ({
  ...organizationSchema.parse(o),
  campaignId: 'qn-2020',
}));
const exampleSubs: Submission[] = (readJson('submissions.json') as unknown[]).map((s, i) => ({
  ...submissionSchema.parse(s),
  id: `sub-${String(i + 1).padStart(4, '0')}`,
  campaignId: 'qn-2020',
  version: 1,
  receivedAt: '2020-06-01T00:00:00.000Z',
}));

describe('oracle self-check', () => {
  it('dayNumber and oraclePercent agree with hand values', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2020-01-31') - dayNumber('2020-01-18')).toBe(13);
    expect(dayNumber('2021-03-01') - dayNumber('2020-03-01')).toBe(365);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(oraclePercent(2, 3)).toBe(66.7);
    expect(oraclePercent(1, 16)).toBe(6.3);
    expect(oraclePercent(1, 2000)).toBe(0.1);
    expect(oraclePercent(1, 1)).toBe(100);
    expect(oraclePercent(0, 0)).toBeNull();
  });
});

describe('computeStats matches the oracle on the Quảng Ninh example', () => {
  it.each(['2020-05-31', '2020-06-06', '2020-01-17', '2020-01-18', '2020-05-30', '2020-12-31'])('asOf %s', (asOf) => {
    expect(computeStats(exampleCampaign, exampleOrgs, exampleSubs, asOf)).toStrictEqual(
      oracleStats(exampleCampaign, exampleOrgs, exampleSubs, asOf),
    );
  });

  it('with a second version for some organizations, moved after asOf', () => {
    const later = exampleSubs
      .filter((_, i) => i % 7 === 0)
      .map((s) => ({ ...s, id: `${s.id}-v2`, version: 2, congress: { ...s.congress, heldOn: '2020-06-02' } }));
    const all = [...later, ...exampleSubs];
    for (const asOf of ['2020-05-31', '2020-06-06']) {
      expect(computeStats(exampleCampaign, exampleOrgs, all, asOf)).toStrictEqual(
        oracleStats(exampleCampaign, exampleOrgs, all, asOf),
      );
    }
    expect(computeStats(exampleCampaign, exampleOrgs, all, '2020-05-31').levels.branch.held).toBeLessThan(140);
  });

  it('knows the facts of the example at asOf 2020-05-31', () => {
    const s = computeStats(exampleCampaign, exampleOrgs, exampleSubs, '2020-05-31');
    expect(s.levels.branch).toStrictEqual({
      total: 140,
      held: 140,
      heldPercent: 100,
      lastHeldOn: '2020-01-18',
      completedOn: '2020-01-18',
      daysBeforeDeadline: 13,
      directElection: 140,
      directElectionPercent: 100,
      unanimous: 85,
      nonLocal: 0,
      nonLocalPercent: 0,
      concurrentChair: 0,
      villageHead: 140,
    });
    expect(s.levels.grassroots).toMatchObject({
      total: 69,
      held: 69,
      heldPercent: 100,
      lastHeldOn: '2020-05-31', // held on asOf itself
      completedOn: '2020-05-31',
      daysBeforeDeadline: 30,
    });
    expect(s.levels.district).toMatchObject({ total: 18, held: 3, heldPercent: 16.7, lastHeldOn: '2020-05-26' });
    expect(s.levels.district).not.toHaveProperty('completedOn');
    expect(s.targets[0]).toStrictEqual({ metric: 'communeNonLocalPercent', target: 75, actual: 81.5, met: true });
    expect(s.targets.map((t) => t.metric)).toEqual([
      'communeNonLocalPercent',
      'communeConcurrentChairPercent',
      'districtNonLocalPercent',
      'districtConcurrentChairCount',
      'villageBranchHeadPercent',
      'directElectionPercent',
    ]);
  });

  it('knows that nothing is held at asOf 2020-01-17', () => {
    const s = computeStats(exampleCampaign, exampleOrgs, exampleSubs, '2020-01-17');
    for (const l of Object.values(s.levels)) {
      expect(l).toMatchObject({ held: 0, heldPercent: 0, lastHeldOn: null, directElectionPercent: null });
    }
    expect(s.targets.every((t) => t.met === (t.actual !== null && t.actual >= t.target))).toBe(true);
    expect(s.targets.find((t) => t.metric === 'communeNonLocalPercent')).toStrictEqual({
      metric: 'communeNonLocalPercent',
      target: 75,
      actual: null,
      met: false,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Generated campaigns
// ---------------------------------------------------------------------------------------------

const LEVEL_VALUES = ['branch', 'grassroots', 'district'] as const;
const UNIT_VALUES = ['village', 'commune', 'district', 'agency', 'enterprise', 'armed-forces', 'other'] as const;
const ROLE_VALUES = ['people-committee-chair', 'village-head', null] as const;

/** A date in 2019-12-25 … 2020-03-10 (a narrow window, so equal dates and asOf hits are frequent). */
const dateArb = fc.integer({ min: 0, max: 75 }).map((d) => new Date(Date.UTC(2019, 11, 25 + d)).toISOString().slice(0, 10));

const orgsArb = fc
  .uniqueArray(
    fc.record({
      n: fc.integer({ min: 0, max: 60 }),
      level: fc.constantFrom(...LEVEL_VALUES),
      unit: fc.constantFrom(...UNIT_VALUES),
    }),
    { selector: (r) => r.n, maxLength: 25 },
  )
  .map((rs) =>
    rs.map(
      (r): Organization => ({ id: `org-${r.n}`, name: `Tổ chức ${r.n}`, level: r.level, unit: r.unit, campaignId: 'c' }),
    ),
  );

const secretaryArb = fc
  .record({
    direct: fc.boolean(),
    valid: fc.integer({ min: 1, max: 5 }),
    forShare: fc.integer({ min: 0, max: 5 }),
    withVotes: fc.boolean(),
    isLocal: fc.boolean(),
    role: fc.constantFrom(...ROLE_VALUES),
  })
  .map((r): Submission['secretary'] => {
    const votes = r.direct || r.withVotes ? { for: Math.min(r.forShare, r.valid), valid: r.valid } : undefined;
    return {
      fullName: 'Nguyễn Văn An',
      electedDirectly: r.direct,
      ...(votes ? { votes } : {}),
      isLocal: r.isLocal,
      concurrentRole: r.role,
    };
  });

/** For org numbers 0..65 (some unknown to the campaign), 0–3 versions each, listed in random order. */
const subsArb = fc
  .array(
    fc.record({
      n: fc.integer({ min: 0, max: 65 }),
      versions: fc.array(fc.record({ heldOn: dateArb, secretary: secretaryArb }), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 30 },
  )
  .chain((entries) => {
    const seen = new Set<number>();
    const subs: Submission[] = [];
    for (const e of entries) {
      if (seen.has(e.n)) continue;
      seen.add(e.n);
      e.versions.forEach((v, i) =>
        subs.push({
          id: `s-${e.n}-${i + 1}`,
          campaignId: 'c',
          version: i + 1,
          receivedAt: '2020-01-01T00:00:00.000Z',
          organizationId: `org-${e.n}`,
          congress: { heldOn: v.heldOn },
          secretary: v.secretary,
        }),
      );
    }
    return fc.shuffledSubarray(subs, { minLength: subs.length, maxLength: subs.length });
  });

const targetValue = fc.oneof(fc.constantFrom(0, 50, 75, 100), fc.integer({ min: 0, max: 1000 }).map((t) => t / 10));
const targetsArb = fc.record(
  {
    directElectionPercent: targetValue,
    districtNonLocalPercent: targetValue,
    communeNonLocalPercent: targetValue,
    communeConcurrentChairPercent: targetValue,
    districtConcurrentChairCount: fc.integer({ min: 0, max: 5 }),
    villageBranchHeadPercent: targetValue,
  },
  { requiredKeys: [] },
);
const campaignArb = fc.record({
  deadlines: fc.record({ branch: dateArb, grassroots: dateArb, district: dateArb }),
  targets: targetsArb,
});

describe('computeStats matches the oracle on generated campaigns', () => {
  it('every field, every level, every target', () => {
    fc.assert(
      fc.property(campaignArb, orgsArb, subsArb, dateArb, (camp, orgs, subs, asOf) => {
        expect(computeStats(camp, orgs, subs, asOf)).toStrictEqual(oracleStats(camp, orgs, subs, asOf));
      }),
      { numRuns: 1000 },
    );
  });

  it('campaigns where every organization has held (completion fields exercised)', () => {
    fc.assert(
      fc.property(campaignArb, orgsArb, fc.array(secretaryArb, { minLength: 25, maxLength: 25 }), dateArb, dateArb, (camp, orgs, secs, from, asOf) => {
        const subs: Submission[] = orgs.map((o, i) => ({
          id: `s-${i}`,
          campaignId: 'c',
          version: 1,
          receivedAt: '2020-01-01T00:00:00.000Z',
          organizationId: o.id,
          congress: { heldOn: i % 2 ? from : asOf },
          secretary: secs[i]!,
        }));
        const got = computeStats(camp, orgs, subs, asOf);
        expect(got).toStrictEqual(oracleStats(camp, orgs, subs, asOf));
        for (const level of LEVEL_VALUES) {
          const l = got.levels[level];
          if (l.total > 0 && l.held === l.total) {
            expect(l.completedOn).toBe(l.lastHeldOn);
            expect(typeof l.daysBeforeDeadline).toBe('number');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
