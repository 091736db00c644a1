/**
 * The text and count rules are each one zod check (functions/core/text.ts, for speed). Their
 * oracle is the chain of zod's own checks they replace, built from the same patterns and bounds:
 * for every value of the right type they must give the same value and the same issues (code,
 * bound, origin, message), and the OpenAPI document must still state the bounds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTROL, CONTROL_BUT_NEWLINE, count, FREE_TEXT_MAX, freeText, nameText, normalizeAndTrim } from '../../../functions/core/text.ts';


const chainName = (max: number) =>
  z
    .string()
    .overwrite(normalizeAndTrim)
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

const chainFree = () =>
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

const chainCount = (minimum: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(minimum, `must be at least ${minimum}`)
    .max(1_000_000, 'must be at most 1,000,000');

/** What a person (through the field errors) or a caller can see of a result. */
function seen(result: { success: boolean; data?: unknown; error?: z.ZodError }) {
  if (result.success) return { value: result.data };
  return {
    issues: result.error!.issues.map((i) => {
      const bounds = i as { minimum?: unknown; maximum?: unknown; origin?: unknown; expected?: unknown };
      return { code: i.code, message: i.message, minimum: bounds.minimum, maximum: bounds.maximum, origin: bounds.origin, expected: bounds.expected };
    }),
  };
}

// Letters, combining marks, an astral character, spaces, line breaks, control characters and lone surrogates.
const piece = fc.constantFrom('a', 'ệ', 'e\u0302\u0301', '𝐀', ' ', '\t', '\n', '\r\n', '\r', '\u0001', '\u0085', '\u2028', '\ud800', '\udc00', 'Đ');
const text = (maxPieces: number) => fc.array(piece, { maxLength: maxPieces }).map((parts) => parts.join(''));

describe('text and count rules: one check each, the issues of the chain they replace', () => {
  it('nameText: same value and issues as overwrite → min → max → refine, for any string', () => {
    for (const max of [1, 5, 12]) {
      const fused = nameText(max);
      const chain = chainName(max);
      fc.assert(fc.property(text(16), (s) => {
        expect(seen(fused.safeParse(s))).toEqual(seen(chain.safeParse(s)));
      }), { numRuns: 400 });
    }
  });

  it('freeText: same value and issues as the line-break transform piped into the chain', () => {
    const fused = freeText();
    const chain = chainFree();
    fc.assert(fc.property(text(24), (s) => {
        expect(seen(fused.safeParse(s))).toEqual(seen(chain.safeParse(s)));
      }), { numRuns: 400 });
    const long = 'ệ'.repeat(FREE_TEXT_MAX + 1);
    expect(seen(fused.safeParse(long))).toEqual(seen(chain.safeParse(long)));
    expect(seen(fused.safeParse(`  Dòng một\r\nDòng hai\r  `))).toEqual({ value: 'Dòng một\nDòng hai' });
  });

  it('count: same issues as int → min → max for any finite number in the safe range, and for NaN and Infinity', () => {
    for (const minimum of [0, 1]) {
      const fused = count(minimum);
      const chain = chainCount(minimum);
      const values = fc.oneof(
        fc.integer({ min: -10, max: 1_000_010 }),
        fc.double({ min: -2e6, max: 2e6 }),
        fc.constantFrom(0, 1, -0, 0.5, 1_000_000, 1_000_001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      );
      fc.assert(fc.property(values, (n) => {
        expect(seen(fused.safeParse(n))).toEqual(seen(chain.safeParse(n)));
      }), { numRuns: 400 });
    }
  });

  it('a value of the wrong type gets one issue, its type (the chain added a length issue for an array)', () => {
    expect(seen(nameText().safeParse(['a']))).toEqual({
      issues: [{ code: 'invalid_type', message: 'Invalid input: expected string, received array', expected: 'string', minimum: undefined, maximum: undefined, origin: undefined }],
    });
    expect(seen(count().safeParse('3')).issues).toHaveLength(1);
    // An integer past the safe range is out of range once (the chain also called it "not whole").
    expect(seen(count().safeParse(1e300)).issues).toEqual([expect.objectContaining({ code: 'too_big', maximum: 1_000_000, message: 'must be at most 1,000,000' })]);
  });

  it('the OpenAPI document states the bounds, as it did with the chain', () => {
    expect(z.toJSONSchema(nameText(40))).toMatchObject({ type: 'string', minLength: 1, maxLength: 40 });
    expect(z.toJSONSchema(freeText())).toMatchObject({ type: 'string', minLength: 1, maxLength: FREE_TEXT_MAX });
    expect(z.toJSONSchema(count(1))).toMatchObject({ type: 'integer', minimum: 1, maximum: 1_000_000 });
    expect(z.toJSONSchema(count())).toEqual(z.toJSONSchema(chainCount(0)));
    expect(z.toJSONSchema(nameText(40))).toEqual(z.toJSONSchema(chainName(40)));
  });
});
