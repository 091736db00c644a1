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

export const nameText = (max = NAME_MAX) =>
  z
    .string()
    .normalize('NFC')
    .trim()
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
        .normalize('NFC')
        .trim()
        .min(1, 'must not be empty')
        .max(FREE_TEXT_MAX, `must be at most ${FREE_TEXT_MAX} characters`)
        .refine((s) => !CONTROL_BUT_NEWLINE.test(s), 'must not contain control characters'),
    );

/** `YYYY-MM-DD` that names a real calendar day. */
export const isoDate = () =>
  z.string().refine(isRealDateString, { message: 'must be a real calendar date YYYY-MM-DD', params: { code: 'invalid_date' } });

export const isRealDateString = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s);

export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const identifier = () =>
  z.string().regex(ID_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{1,62}$ (lower-case letters, digits, hyphens)');

export const count = () =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(1_000_000, 'must be at most 1,000,000');
