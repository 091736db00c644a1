import type { z } from 'zod';
import { ValidationError, type FieldError } from './errors.ts';

/** JSON pointer (RFC 6901) of a zod issue path: `['secretary','votes','for']` → `/secretary/votes/for`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    // An unknown key is reported at the key itself, so the user sees which field to remove.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: prefix + toPointer([...issue.path, k]), message: 'is not a known field' }));
    }
    return [{ path: prefix + toPointer(issue.path), message: issue.message }];
  });
}

/** Parses with the schema or throws a 400 naming every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}
