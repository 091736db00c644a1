import { z } from 'zod';

/**
 * Text rules of CONTRACT §3, in one place: NFC on the way in, trimmed, no control characters.
 * Free text may keep line breaks (an office writes paragraphs); names may not.
 */
// \p{Cs}: an unpaired surrogate is no character at all (JSON can carry one as "\ud800"); it
// cannot be stored as UTF-8 or printed, so it is refused like a control character.
const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cs}\u2028\u2029]/u;

export const NAME_MAX = 200;
export const FREE_TEXT_MAX = 2000;

/**
 * What `.normalize('NFC').trim()` does, as one zod check instead of two (a name or a paragraph
 * is parsed in every submission and organization; each check costs a dispatch).
 */
const normalizeAndTrim = (s: string) => s.normalize('NFC').trim();

export const nameText = (max = NAME_MAX) =>
  z
    .string()
    .overwrite(normalizeAndTrim)
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

export const freeText = () =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n'))
    .pipe(
      z
        .string()
        .overwrite(normalizeAndTrim)
        .min(1, 'must not be empty')
        .max(FREE_TEXT_MAX, `must be at most ${FREE_TEXT_MAX} characters`)
        .refine((s) => !CONTROL_BUT_NEWLINE.test(s), 'must not contain control characters'),
    );

/** `YYYY-MM-DD` that names a real calendar day. */
export const isoDate = () =>
  z.string().refine(isRealDateString, { message: 'must be a real calendar date YYYY-MM-DD', params: { code: 'invalid_date' } });

export const isRealDateString = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s);

/**
 * Whether `s`, of the shape `YYYY-MM-DD`, names a day of the proleptic Gregorian calendar (years
 * 0000–9999, 0000 a leap year), as `Date` would say. Computed on the characters rather than with
 * `Date`: every date of every submission is checked, and this is several times cheaper.
 */
export function isRealDate(s: string): boolean {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number written by the ASCII digits `s[from..to)`. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const identifier = () =>
  z.string().regex(ID_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{1,62}$ (lower-case letters, digits, hyphens)');

export const count = () =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(1_000_000, 'must be at most 1,000,000');
