/**
 * CONTRACT §4, rule by rule, on small hand-built campaigns whose expectations are computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { computeStats, countedSubmissions } from '../../../functions/core/stats.ts';
import { percent } from '../../../functions/core/percent.ts';
import { daysBetween, todayInVietnam } from '../../../functions/core/dates.ts';
import type { Organization, Submission } from '../../../functions/core/model.ts';
import { campaign, org, sub } from './helpers.ts';

const AS_OF = '2020-12-31';

describe('percent (CONTRACT §4: 100 × part / whole, half-up to one decimal, null when whole is 0)', () => {
  it.each([
    [0, 1, 0],
    [1, 1, 100],
    [1, 2, 50],
    [2, 3, 66.7],
    [1, 3, 33.3],
    [1, 8, 12.5],
    [1, 16, 6.3], // 6.25 → 6.3 (half-up)
    [3, 16, 18.8], // 18.75 → 18.8
    [5, 6, 83.3],
    [1, 6, 16.7],
    [1, 7, 14.3],
    [1, 200, 0.5],
    [1, 2000, 0.1], // 0.05 → 0.1
    [1, 2001, 0], // 0.04997… → 0
    [1999, 2000, 100], // 99.95 → 100
    [1999, 2001, 99.9], // 99.9000… → 99.9
    [44, 54, 81.5], // the contract's example
    [10, 13, 76.9], // the contract's `76,9%`
    // Exactly x.x5 where floating point rounds the wrong way:
    [3, 2000, 0.2], // 0.15: Number((100*3/2000).toFixed(1)) gives 0.1
    [1001, 2000, 50.1], // 50.05: Math.round(1001/2000*1000)/10 gives 50
    [1023, 2000, 51.2], // 51.15
    [2002, 4000, 50.1],
    [123_457, 1_000_000, 12.3], // 12.3457 → 12.3
    [123_450, 1_000_000, 12.3], // 12.345 → 12.3 (rounds at the first decimal, not twice)
    [123_500, 1_000_000, 12.4], // 12.35 → 12.4
    [123_499, 1_000_000, 12.3], // 12.3499 → 12.3
    [999_999, 1_000_000, 100], // 99.9999 → 100
  ])('percent(%i, %i) = %d', (part, whole, expected) => {
    expect(percent(part, whole)).toBe(expected);
  });

  it('is null when whole is 0', () => {
    expect(percent(0, 0)).toBeNull();
  });

  it('gives numbers with at most one decimal that print as such', () => {
    const wrong: string[] = [];
    for (let whole = 1; whole <= 400; whole++) {
      for (let part = 0; part <= whole; part++) {
        const p = percent(part, whole);
        // the exact half-up rounding computed with integers, printed as a decimal
        const n = 1000n * BigInt(part);
        const d = BigInt(whole);
        const tenths = n / d + (2n * (n % d) >= d ? 1n : 0n);
        const expected = `${tenths / 10n}${tenths % 10n === 0n ? '' : `.${tenths % 10n}`}`;
        if (String(p) !== expected) wrong.push(`${part}/${whole}: ${p} ≠ ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('dates', () => {
  it('daysBetween counts calendar days, negative when reversed', () => {
    expect(daysBetween('2020-01-18', '2020-01-31')).toBe(13);
    expect(daysBetween('2020-01-31', '2020-01-18')).toBe(-13);
    expect(daysBetween('2020-01-31', '2020-01-31')).toBe(0);
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2); // leap year
    expect(daysBetween('2021-02-28', '2021-03-01')).toBe(1);
    expect(daysBetween('2019-12-31', '2020-01-01')).toBe(1);
    expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366);
  });

  it('todayInVietnam is the calendar day at UTC+7', () => {
    expect(todayInVietnam(new Date('2020-05-31T16:59:59.999Z'))).toBe('2020-05-31');
    expect(todayInVietnam(new Date('2020-05-31T17:00:00.000Z'))).toBe('2020-06-01');
    expect(todayInVietnam(new Date('2020-12-31T23:00:00.000Z'))).toBe('2021-01-01');
  });
});

describe('computeStats: per level', () => {
  it('counts total, held and heldPercent per level', () => {
    const orgs = [
      org('b-1', 'branch', 'village'),
      org('b-2', 'branch', 'village'),
      org('b-3', 'branch', 'agency'),
      org('g-1', 'grassroots', 'commune'),
      org('g-2', 'grassroots', 'agency'),
      org('d-1', 'district', 'district'),
    ];
    const subs = [sub('b-1', '2020-01-10'), sub('b-3', '2020-01-12'), sub('g-2', '2020-03-01')];
    const { levels } = computeStats(campaign(), orgs, subs, AS_OF);
    expect(levels.branch).toMatchObject({ total: 3, held: 2, heldPercent: 66.7 });
    expect(levels.grassroots).toMatchObject({ total: 2, held: 1, heldPercent: 50 });
    expect(levels.district).toMatchObject({ total: 1, held: 0, heldPercent: 0 });
  });

  it('reports an empty level with null percents and no completion', () => {
    const { levels } = computeStats(campaign(), [org('b-1', 'branch', 'village')], [], AS_OF);
    expect(levels.district).toStrictEqual({
      total: 0,
      held: 0,
      heldPercent: null,
      lastHeldOn: null,
      directElection: 0,
      directElectionPercent: null,
      unanimous: 0,
      nonLocal: 0,
      nonLocalPercent: null,
      concurrentChair: 0,
      villageHead: 0,
    });
    expect(levels.branch).toStrictEqual({
      total: 1,
      held: 0,
      heldPercent: 0,
      lastHeldOn: null,
      directElection: 0,
      directElectionPercent: null,
      unanimous: 0,
      nonLocal: 0,
      nonLocalPercent: null,
      concurrentChair: 0,
      villageHead: 0,
    });
  });

  it('lastHeldOn is the latest heldOn among the held; null while none is held', () => {
    const orgs = [org('b-1', 'branch', 'village'), org('b-2', 'branch', 'village'), org('b-3', 'branch', 'village')];
    const subs = [sub('b-1', '2020-01-20'), sub('b-2', '2020-01-05')];
    const s = computeStats(campaign(), orgs, subs, AS_OF);
    expect(s.levels.branch.lastHeldOn).toBe('2020-01-20');
    expect(s.levels.grassroots.lastHeldOn).toBeNull();
    // not complete: no completedOn, no daysBeforeDeadline
    expect(s.levels.branch).not.toHaveProperty('completedOn');
    expect(s.levels.branch).not.toHaveProperty('daysBeforeDeadline');
    // across a year boundary, the latest date, not the largest day of month
    const t = computeStats(campaign(), orgs, [sub('b-1', '2019-12-31'), sub('b-2', '2020-01-01')], AS_OF);
    expect(t.levels.branch.lastHeldOn).toBe('2020-01-01');
  });

  it('completedOn and daysBeforeDeadline when every organization held: early is positive', () => {
    const orgs = [org('b-1', 'branch', 'village'), org('b-2', 'branch', 'village')];
    const subs = [sub('b-1', '2020-01-18'), sub('b-2', '2020-01-02')];
    const { branch } = computeStats(campaign(), orgs, subs, AS_OF).levels;
    expect(branch.completedOn).toBe('2020-01-18');
    expect(branch.lastHeldOn).toBe('2020-01-18');
    expect(branch.daysBeforeDeadline).toBe(13); // 2020-01-31 − 2020-01-18
  });

  it('daysBeforeDeadline is negative when late and 0 on the day', () => {
    const orgs = [org('g-1', 'grassroots', 'commune'), org('d-1', 'district', 'district')];
    const late = computeStats(campaign(), orgs, [sub('g-1', '2020-07-02'), sub('d-1', '2020-08-31')], AS_OF).levels;
    expect(late.grassroots.completedOn).toBe('2020-07-02');
    expect(late.grassroots.daysBeforeDeadline).toBe(-2);
    expect(late.district.completedOn).toBe('2020-08-31');
    expect(late.district.daysBeforeDeadline).toBe(0);
    // across months and a leap day: 2020-06-30 − 2020-02-28 = 1 + 31 + 30 + 31 + 30 + 1 = 123 days
    const early = computeStats(campaign(), orgs, [sub('g-1', '2020-02-28')], AS_OF).levels;
    expect(early.grassroots.daysBeforeDeadline).toBe(123);
    expect(early.district).not.toHaveProperty('completedOn');
  });

  it('uses each level its own deadline', () => {
    const orgs = [org('b-1', 'branch', 'village'), org('g-1', 'grassroots', 'commune'), org('d-1', 'district', 'district')];
    const subs = [sub('b-1', '2020-01-30'), sub('g-1', '2020-01-30'), sub('d-1', '2020-01-30')];
    const { levels } = computeStats(campaign({}, { branch: '2020-01-31', grassroots: '2020-02-01', district: '2020-02-29' }), orgs, subs, AS_OF);
    expect(levels.branch.daysBeforeDeadline).toBe(1);
    expect(levels.grassroots.daysBeforeDeadline).toBe(2);
    expect(levels.district.daysBeforeDeadline).toBe(30);
  });

  it('directElection and its percent of held', () => {
    const orgs = ['1', '2', '3', '4'].map((n) => org(`g-${n}`, 'grassroots', 'commune'));
    orgs.push(org('g-5', 'grassroots', 'commune')); // not held
    const subs = [
      sub('g-1', '2020-03-01', { direct: true }),
      sub('g-2', '2020-03-01', { direct: true }),
      sub('g-3', '2020-03-01', { direct: false }),
      sub('g-4', '2020-03-01', { direct: true }),
    ];
    const { grassroots } = computeStats(campaign(), orgs, subs, AS_OF).levels;
    expect(grassroots.held).toBe(4);
    expect(grassroots.directElection).toBe(3);
    expect(grassroots.directElectionPercent).toBe(75); // of held (4), not of total (5)
  });

  it('unanimous: directly elected with for = valid; votes of an indirect election do not count', () => {
    const orgs = ['1', '2', '3', '4', '5'].map((n) => org(`b-${n}`, 'branch', 'village'));
    const subs = [
      sub('b-1', '2020-01-10', { direct: true, votes: [12, 12] }),
      sub('b-2', '2020-01-10', { direct: true, votes: [11, 12] }),
      sub('b-3', '2020-01-10', { direct: false, votes: [9, 9] }), // unanimous votes, but not direct
      sub('b-4', '2020-01-10', { direct: false, votes: null }),
      sub('b-5', '2020-01-10', { direct: true, votes: [0, 1] }),
    ];
    const { branch } = computeStats(campaign(), orgs, subs, AS_OF).levels;
    expect(branch.directElection).toBe(3);
    expect(branch.unanimous).toBe(1);
  });

  it('nonLocal and its percent of held', () => {
    const orgs = ['1', '2', '3', '4', '5', '6', '7'].map((n) => org(`d-${n}`, 'district', 'district'));
    const subs = [
      sub('d-1', '2020-05-01', { isLocal: false }),
      sub('d-2', '2020-05-01', { isLocal: false }),
      sub('d-3', '2020-05-01', { isLocal: true }),
      sub('d-4', '2020-05-01', { isLocal: false }),
      sub('d-5', '2020-05-01', { isLocal: true }),
      sub('d-6', '2020-05-01', { isLocal: true }),
    ];
    const { district } = computeStats(campaign(), orgs, subs, AS_OF).levels;
    expect(district.held).toBe(6);
    expect(district.nonLocal).toBe(3);
    expect(district.nonLocalPercent).toBe(50);
  });

  it('concurrentChair and villageHead count the concurrent roles of the held', () => {
    const orgs = ['1', '2', '3', '4', '5'].map((n) => org(`g-${n}`, 'grassroots', 'commune'));
    const subs = [
      sub('g-1', '2020-03-01', { role: 'people-committee-chair' }),
      sub('g-2', '2020-03-01', { role: 'people-committee-chair' }),
      sub('g-3', '2020-03-01', { role: 'village-head' }),
      sub('g-4', '2020-03-01', { role: null }),
      sub('g-5', '2020-07-01', { role: 'people-committee-chair' }), // after asOf
    ];
    const { grassroots } = computeStats(campaign(), orgs, subs, '2020-06-30').levels;
    expect(grassroots.concurrentChair).toBe(2);
    expect(grassroots.villageHead).toBe(1);
  });
});

describe('computeStats: which submission counts', () => {
  const orgs = [org('b-1', 'branch', 'village'), org('b-2', 'branch', 'village')];

  it('counts a congress held on asOf, not one held the day after', () => {
    const subs = [sub('b-1', '2020-01-15'), sub('b-2', '2020-01-16')];
    expect(computeStats(campaign(), orgs, subs, '2020-01-15').levels.branch).toMatchObject({
      held: 1,
      lastHeldOn: '2020-01-15',
    });
    expect(computeStats(campaign(), orgs, subs, '2020-01-14').levels.branch).toMatchObject({ held: 0, lastHeldOn: null });
    expect(computeStats(campaign(), orgs, subs, '2020-01-16').levels.branch).toMatchObject({
      held: 2,
      completedOn: '2020-01-16',
      daysBeforeDeadline: 15,
    });
  });

  it('the latest version counts: an older version held before asOf does not when the newer is after asOf', () => {
    const subs = [
      sub('b-1', '2020-01-10', { version: 1 }),
      sub('b-1', '2020-01-20', { version: 2 }), // corrected date, after asOf
      sub('b-2', '2020-01-10', { version: 1 }),
    ];
    const s = computeStats(campaign(), orgs, subs, '2020-01-15');
    expect(s.levels.branch.held).toBe(1);
    expect(s.levels.branch.lastHeldOn).toBe('2020-01-10');
    expect(countedSubmissions(orgs, subs, '2020-01-15').has('b-1')).toBe(false);
  });

  it('the latest version counts whatever the order of the list, and only its answers', () => {
    const v1 = sub('b-1', '2020-01-10', { version: 1, isLocal: true, direct: false });
    const v3 = sub('b-1', '2020-01-12', { version: 3, isLocal: false, direct: true, votes: [5, 5] });
    const v2 = sub('b-1', '2020-01-11', { version: 2, isLocal: true, direct: true, votes: [4, 5] });
    for (const list of [
      [v1, v2, v3],
      [v3, v2, v1],
      [v2, v3, v1],
    ]) {
      const { branch } = computeStats(campaign(), orgs, list, AS_OF).levels;
      expect(branch).toMatchObject({ held: 1, lastHeldOn: '2020-01-12', nonLocal: 1, directElection: 1, unanimous: 1 });
      expect(countedSubmissions(orgs, list, AS_OF).get('b-1')?.version).toBe(3);
    }
  });

  it('an older version held after asOf and a newer one held before: the newer counts', () => {
    const subs = [sub('b-1', '2020-02-10', { version: 1 }), sub('b-1', '2020-01-10', { version: 2 })];
    expect(computeStats(campaign(), orgs, subs, '2020-01-15').levels.branch).toMatchObject({
      held: 1,
      lastHeldOn: '2020-01-10',
    });
  });

  it('ignores submissions of organizations that are not in the campaign', () => {
    const subs = [sub('b-1', '2020-01-10'), sub('ghost', '2020-01-10'), sub('ghost-2', '2020-01-11', { isLocal: false })];
    const s = computeStats(campaign({ villageBranchHeadPercent: 0 }), orgs, subs, AS_OF);
    expect(s.levels.branch).toMatchObject({ total: 2, held: 1, heldPercent: 50, nonLocal: 0, lastHeldOn: '2020-01-10' });
    expect(s.levels.grassroots.held).toBe(0);
    expect(s.levels.district.held).toBe(0);
    expect(countedSubmissions(orgs, subs, AS_OF).size).toBe(1);
  });

  it('echoes asOf', () => {
    expect(computeStats(campaign(), orgs, [], '2020-05-31').asOf).toBe('2020-05-31');
  });
});

describe('computeStats: targets', () => {
  /** 4 held commune grassroots + extras of other units and levels that must not count. */
  function world(): { orgs: Organization[]; subs: Submission[] } {
    const orgs = [
      org('c-1', 'grassroots', 'commune'),
      org('c-2', 'grassroots', 'commune'),
      org('c-3', 'grassroots', 'commune'),
      org('c-4', 'grassroots', 'commune'),
      org('c-5', 'grassroots', 'commune'), // held after asOf
      org('c-6', 'grassroots', 'commune'), // never held
      org('a-1', 'grassroots', 'agency'), // non-local chair, must not count for commune targets
      org('e-1', 'grassroots', 'enterprise'),
      org('dc-1', 'district', 'commune'), // district level of unit commune: not a commune grassroots
      org('d-1', 'district', 'district'),
      org('d-2', 'district', 'district'),
      org('d-3', 'district', 'district'),
      org('d-o', 'district', 'other'), // must not count for district targets
      org('v-1', 'branch', 'village'),
      org('v-2', 'branch', 'village'),
      org('v-3', 'branch', 'village'),
      org('ba-1', 'branch', 'agency'), // must not count for the village target
      org('gv-1', 'grassroots', 'village'), // grassroots of unit village: not a branch
    ];
    const subs = [
      sub('c-1', '2020-04-01', { isLocal: false, role: 'people-committee-chair', direct: true }),
      sub('c-2', '2020-04-01', { isLocal: false, role: null, direct: true }),
      sub('c-3', '2020-04-01', { isLocal: true, role: 'people-committee-chair', direct: false }),
      sub('c-4', '2020-04-01', { isLocal: false, role: 'people-committee-chair', direct: true }),
      sub('c-5', '2020-06-20', { isLocal: false, role: 'people-committee-chair', direct: true }),
      sub('a-1', '2020-04-01', { isLocal: false, role: 'people-committee-chair', direct: false }),
      sub('e-1', '2020-04-01', { isLocal: true, role: null, direct: true }),
      sub('dc-1', '2020-04-01', { isLocal: false, role: 'people-committee-chair', direct: false }),
      sub('d-1', '2020-05-01', { isLocal: false, role: 'people-committee-chair', direct: true }),
      sub('d-2', '2020-05-01', { isLocal: true, role: 'people-committee-chair', direct: true }),
      sub('d-o', '2020-05-01', { isLocal: false, role: 'people-committee-chair', direct: false }),
      sub('v-1', '2020-01-10', { role: 'village-head', direct: false }),
      sub('v-2', '2020-01-10', { role: null }),
      sub('ba-1', '2020-01-10', { role: 'village-head' }),
      sub('gv-1', '2020-04-01', { role: 'village-head', direct: true }),
    ];
    return { orgs, subs };
  }
  const ALL = {
    directElectionPercent: 100,
    districtNonLocalPercent: 100,
    communeNonLocalPercent: 75,
    communeConcurrentChairPercent: 75,
    districtConcurrentChairCount: 3,
    villageBranchHeadPercent: 100,
  };
  const asOf = '2020-05-31';

  it('computes each target over its own units, in the order of CONTRACT §4', () => {
    const { orgs, subs } = world();
    const { targets } = computeStats(campaign(ALL), orgs, subs, asOf);
    expect(targets).toStrictEqual([
      // held communes c-1..c-4: non-local c-1, c-2, c-4 → 3/4
      { metric: 'communeNonLocalPercent', target: 75, actual: 75, met: true },
      // chairs c-1, c-3, c-4 → 3/4 (a-1 is an agency, c-5 after asOf)
      { metric: 'communeConcurrentChairPercent', target: 75, actual: 75, met: true },
      // held district of unit district: d-1, d-2; non-local d-1 → 1/2 (d-o and dc-1 excluded)
      { metric: 'districtNonLocalPercent', target: 100, actual: 50, met: false },
      // chairs d-1, d-2 → 2
      { metric: 'districtConcurrentChairCount', target: 3, actual: 2, met: false },
      // held village branches v-1, v-2; head v-1 → 1/2 (ba-1, gv-1 excluded)
      { metric: 'villageBranchHeadPercent', target: 100, actual: 50, met: false },
      // held grassroots (c-1..c-4, a-1, e-1, gv-1) + district (dc-1, d-1, d-2, d-o) = 11;
      // direct: c-1, c-2, c-4, e-1, gv-1, d-1, d-2 = 7 → 63.6 (branches excluded)
      { metric: 'directElectionPercent', target: 100, actual: 63.6, met: false },
    ]);
  });

  it('reports only the targets that the campaign sets, keeping the order', () => {
    const { orgs, subs } = world();
    const t = computeStats(
      campaign({ villageBranchHeadPercent: 50, communeNonLocalPercent: 80, directElectionPercent: 60 }),
      orgs,
      subs,
      asOf,
    ).targets;
    expect(t.map((x) => x.metric)).toEqual(['communeNonLocalPercent', 'villageBranchHeadPercent', 'directElectionPercent']);
    expect(t.map((x) => x.met)).toEqual([false, true, true]); // 75 < 80; 50 ≥ 50; 63.6 ≥ 60
    expect(computeStats(campaign({}), orgs, subs, asOf).targets).toEqual([]);
  });

  it('met is actual ≥ target, true on equality, false when actual is null', () => {
    const orgs = [org('c-1', 'grassroots', 'commune'), org('d-1', 'district', 'district')];
    const t = computeStats(
      campaign({ communeNonLocalPercent: 0, districtNonLocalPercent: 0, districtConcurrentChairCount: 0 }),
      orgs,
      [],
      asOf,
    ).targets;
    expect(t).toStrictEqual([
      { metric: 'communeNonLocalPercent', target: 0, actual: null, met: false },
      { metric: 'districtNonLocalPercent', target: 0, actual: null, met: false },
      // a count over no organization is 0, not null
      { metric: 'districtConcurrentChairCount', target: 0, actual: 0, met: true },
    ]);
    const subs = [sub('c-1', '2020-04-01', { isLocal: false }), sub('d-1', '2020-04-01', { isLocal: true })];
    const u = computeStats(campaign({ communeNonLocalPercent: 100, districtNonLocalPercent: 0.1 }), orgs, subs, asOf);
    expect(u.targets).toStrictEqual([
      { metric: 'communeNonLocalPercent', target: 100, actual: 100, met: true },
      { metric: 'districtNonLocalPercent', target: 0.1, actual: 0, met: false },
    ]);
  });

  it('directElectionPercent is null when no grassroots or district-level organization has held (branches do not count)', () => {
    const orgs = [org('v-1', 'branch', 'village'), org('c-1', 'grassroots', 'commune')];
    const t = computeStats(campaign({ directElectionPercent: 50 }), orgs, [sub('v-1', '2020-01-10')], asOf).targets;
    expect(t).toStrictEqual([{ metric: 'directElectionPercent', target: 50, actual: null, met: false }]);
  });

  it('targets honour asOf and the latest version', () => {
    const orgs = [org('c-1', 'grassroots', 'commune'), org('c-2', 'grassroots', 'commune')];
    const subs = [
      sub('c-1', '2020-04-01', { version: 1, isLocal: false }),
      sub('c-1', '2020-04-02', { version: 2, isLocal: true }),
      sub('c-2', '2020-04-01', { version: 1, isLocal: true }),
      sub('c-2', '2020-07-01', { version: 2, isLocal: false }),
    ];
    const t = computeStats(campaign({ communeNonLocalPercent: 1 }), orgs, subs, asOf).targets;
    expect(t).toStrictEqual([{ metric: 'communeNonLocalPercent', target: 1, actual: 0, met: false }]);
  });
});
