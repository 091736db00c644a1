/**
 * `isRealDate` computes on the characters; it must say what `Date` says (the implementation it
 * replaced, kept here as the oracle) for every string of the shape YYYY-MM-DD.
 */
import { describe, expect, it } from 'vitest';
import { isRealDate, isRealDateString } from '../../../functions/core/text.ts';

/** The former implementation: let `Date` roll the day over and see whether it stayed put. */
function isRealDateByDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Every month 00–13 and day 00–32 of a year, real or not, plus the extremes 99. */
function candidates(year: number): string[] {
  const out: string[] = [];
  for (const m of [...Array(14).keys(), 99]) for (const d of [...Array(33).keys(), 99]) out.push(`${pad(year, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
  return out;
}

const YEARS = [0, 1, 4, 99, 100, 400, 1582, 1900, 1970, 1999, 2000, 2019, 2020, 2024, 2100, 2400, 9996, 9999];

describe('isRealDate', () => {
  it.each(YEARS)('agrees with Date on every month and day of %i, real or not', (year) => {
    const disagree = candidates(year).filter((s) => isRealDate(s) !== isRealDateByDate(s));
    expect(disagree).toEqual([]);
  });

  it('counts 366 days in a leap year (0000, 2000, 2020) and 365 in others (1900, 2100, 9999)', () => {
    const days = (year: number) => candidates(year).filter(isRealDate).length;
    expect([0, 2000, 2020, 1900, 2100, 9999].map(days)).toEqual([366, 366, 366, 365, 365, 365]);
  });

  it('agrees with Date on a sample of every year 0000–9999', () => {
    const disagree: string[] = [];
    for (let y = 0; y <= 9999; y++) {
      for (const s of [`${pad(y, 4)}-02-28`, `${pad(y, 4)}-02-29`, `${pad(y, 4)}-02-30`, `${pad(y, 4)}-12-31`, `${pad(y, 4)}-04-31`]) {
        if (isRealDate(s) !== isRealDateByDate(s)) disagree.push(s);
      }
    }
    expect(disagree).toEqual([]);
  });
});

describe('isRealDateString', () => {
  it('accepts only the exact shape YYYY-MM-DD with ASCII digits', () => {
    for (const s of ['2020-1-01', '2020-01-1', ' 2020-01-01', '2020-01-01 ', '2020-01-01\n', '+02020-01-01', '10000-01-01', '2020/01/01', '２０２０-01-01', '2020-0a-01', '']) {
      expect(isRealDateString(s), s).toBe(false);
    }
    for (const s of [1, null, undefined, {}, new Date(0)]) expect(isRealDateString(s)).toBe(false);
    expect(isRealDateString('2020-02-29')).toBe(true);
    expect(isRealDateString('2021-02-29')).toBe(false);
  });
});
