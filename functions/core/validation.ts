import type { z } from 'zod';
import { ValidationError, type FieldError, type FieldErrorCode } from './errors.ts';

/** JSON pointer (RFC 6901) of a zod issue path: `['secretary','votes','for']` → `/secretary/votes/for`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** What a rule of ours says beside its message (`params` of a zod refinement). */
export type RuleParams = { code: FieldErrorCode } & Record<string, unknown>;

/**
 * Zod's issues as the API's field errors: one per field (the first rule it breaks), each with a
 * stable code. `input` is the value that was parsed, to tell a missing field from a wrong one.
 */
export function fieldErrors(error: z.ZodError, input: unknown, prefix = ''): FieldError[] {
  const errors = error.issues.flatMap((issue): FieldError[] => {
    // An unknown key is reported at the key itself, so the user sees which field to remove.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: prefix + toPointer([...issue.path, k]), code: 'unknown_field', message: 'is not a known field' }));
    }
    const path = prefix + toPointer(issue.path);
    if (valueAt(input, issue.path) === undefined && issue.path.length > 0 && issue.code !== 'custom') {
      return [{ path, code: 'required', message: 'is required' }];
    }
    return [{ path, ...describeIssue(issue) }];
  });
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.path) && (seen.add(e.path), true));
}

function describeIssue(issue: z.core.$ZodIssue): Omit<FieldError, 'path'> {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { code: 'not_integer', message: 'must be a whole number' };
      return issue.path.length === 0
        ? { code: 'invalid_type', params: { expected: issue.expected }, message: `must be a JSON ${issue.expected}` }
        : { code: 'invalid_type', params: { expected: issue.expected }, message: `must be ${article(issue.expected)}` };
    case 'invalid_value': {
      const allowed = issue.values.map((v) => (v === null ? 'null' : String(v)));
      return { code: 'invalid_value', params: { allowed }, message: `must be one of ${listInWords(allowed)}` };
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? { minimum: Number(issue.minimum) } : { maximum: Number(issue.maximum) };
      return { code: issue.code, params: { ...bound, origin: issue.origin }, message: issue.message };
    }
    case 'invalid_format':
      return { code: 'invalid_format', message: issue.message };
    case 'custom': {
      const params = issue.params as RuleParams | undefined;
      if (params?.code) {
        const { code, ...rest } = params;
        return { code, message: issue.message, ...(Object.keys(rest).length ? { params: rest } : {}) };
      }
      return { code: 'invalid', message: issue.message };
    }
    default:
      return { code: 'invalid', message: issue.message };
  }
}

const article = (t: string) => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : `a ${t}`);

/** `a, b or c`, quoted: the allowed values of an enum in a sentence. */
export function listInWords(values: readonly string[]): string {
  const q = values.map((v) => `"${v}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q.at(-1)}`;
}

/** The value at a path of a parsed body, or undefined where the path leads nowhere. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Parses with the schema or throws a 400 naming every invalid field (`prefix`: e.g. `/query`). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldErrors(result.error, value, prefix));
  return result.data;
}
