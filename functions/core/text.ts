import { z } from 'zod';

/**
 * Text rules of CONTRACT §3, in one place: NFC on the way in, trimmed, no control characters.
 * Free text may keep line breaks (an office writes paragraphs); names may not.
 */
// \p{Cs}: an unpaired surrogate is no character at all (JSON can carry one as "\ud800"); it
// cannot be stored as UTF-8 or printed, so it is refused like a control character.
export const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
export const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cs}\u2028\u2029]/u;

export const NAME_MAX = 200;
export const FREE_TEXT_MAX = 2000;

export const normalizeAndTrim = (s: string) => s.normalize('NFC').trim();

/*
 * Why the text and count rules are each ONE zod check rather than a chain (`.overwrite().min()
 * .max().refine()`, `.int().min().max()`): every name, paragraph and figure of every
 * organization and submission is parsed, and zod pays a dispatch for each check. With chains,
 * validation was ~17% of a batch of 21 reports from outside; one check each made it ~30% cheaper
 * (the batch ~5%). Each check pushes the issues the chain would (same codes, bounds and messages:
 * test/unit/core/text-rules.test.ts holds the chain as its oracle), and `.meta` states the bounds
 * in the OpenAPI document as the chain's checks did.
 */
type Payload<T> = z.core.ParsePayload<T>;

/** Strings are measured in code points, as zod's length checks measure them. */
function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** NFC, trimmed (the value is replaced), at least one and at most `max` characters, none of `forbidden`. */
function textRule(max: number, forbidden: RegExp, before?: (s: string) => string) {
  const tooLong = `must be at most ${max} characters`;
  return (payload: Payload<string>) => {
    const text = normalizeAndTrim(before ? before(payload.value) : payload.value);
    payload.value = text;
    // A code point is one or two units: only a string over the bound, or too short to be sure, is counted.
    const length = text.length > max || text.length < 2 ? codePointLength(text) : text.length;
    if (length < 1) payload.issues.push({ origin: 'string', code: 'too_small', minimum: 1, inclusive: true, input: text, continue: true, message: 'must not be empty' });
    if (length > max) payload.issues.push({ origin: 'string', code: 'too_big', maximum: max, inclusive: true, input: text, continue: true, message: tooLong });
    if (forbidden.test(text)) payload.issues.push({ code: 'custom', input: text, continue: true, message: 'must not contain control characters' });
  };
}

export const nameText = (max = NAME_MAX) => z.string().check(textRule(max, CONTROL)).meta({ minLength: 1, maxLength: max });

/** Free text keeps its line breaks, written `\n` whatever the sender's system wrote. */
const unixLineBreaks = (s: string) => s.replace(/\r\n?/g, '\n');

export const freeText = () =>
  z.string().check(textRule(FREE_TEXT_MAX, CONTROL_BUT_NEWLINE, unixLineBreaks)).meta({ minLength: 1, maxLength: FREE_TEXT_MAX });

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

const COUNT_MAX = 1_000_000;
const WHOLE = 'must be a whole number';

/** A whole number from `minimum` to 1,000,000 (figures of a congress). */
export const count = (minimum = 0) =>
  z
    .number({ error: WHOLE })
    .check((payload: Payload<number>) => {
      const n = payload.value;
      if (!Number.isInteger(n)) {
        payload.issues.push({ code: 'invalid_type', expected: 'int', format: 'safeint', input: n, continue: false, message: WHOLE });
        return;
      }
      if (n < minimum) payload.issues.push({ origin: 'number', code: 'too_small', minimum, inclusive: true, input: n, continue: true, message: `must be at least ${minimum}` });
      if (n > COUNT_MAX) payload.issues.push({ origin: 'number', code: 'too_big', maximum: COUNT_MAX, inclusive: true, input: n, continue: true, message: 'must be at most 1,000,000' });
    })
    .meta({ type: 'integer', minimum, maximum: COUNT_MAX });
