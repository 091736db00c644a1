/**
 * The failures a user can meet, one class each. Each carries the HTTP status it maps to (as
 * middy's createError does), so the error handler needs no table; anything else is a bare 500.
 */
/**
 * One invalid field: its JSON pointer, a stable `code` (with `params`) that a client can say in
 * its own language (the console says it in Vietnamese), and an English sentence.
 * Codes: required, invalid_type {expected}, not_integer, too_small {minimum, origin},
 * too_big {maximum, origin}, invalid_date, invalid_format, invalid_value {allowed},
 * unknown_field, exceeds {other}, date_in_future, after_date {other}, unknown_organization,
 * duplicate, invalid (anything else).
 */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'not_integer',
  'too_small',
  'too_big',
  'invalid_date',
  'invalid_format',
  'invalid_value',
  'unknown_field',
  'exceeds',
  'date_in_future',
  'after_date',
  'unknown_organization',
  'duplicate',
  'invalid',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export type FieldError = {
  path: string;
  code: FieldErrorCode;
  message: string;
  params?: Record<string, unknown>;
  column?: string;
};

/** The problem's `type` URI (RFC 9457), one per title, also for answers made outside a handler (413, 404 of no route). */
export const problemType = (title: string) => `https://congress-docs.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    /** Headers the answer carries (a 409's Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
  get type(): string {
    return problemType(this.title);
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail = describe(errors)) {
    super(400, 'Invalid request', detail, errors);
  }
}

export class BadRequest extends AppError {
  constructor(detail: string) {
    super(400, 'Bad request', detail);
  }
}

export class Unauthorized extends AppError {
  constructor(detail = 'A valid key is required: send Authorization: Bearer <key>.') {
    super(401, 'Unauthorized', detail);
  }
}

export class Forbidden extends AppError {
  constructor(detail = 'This key is not allowed to do this.') {
    super(403, 'Forbidden', detail);
  }
}

export class NotFound extends AppError {
  constructor(what: string) {
    super(404, 'Not found', `${what} was not found.`);
  }
}

export class Conflict extends AppError {
  constructor(detail: string, retryAfterSeconds?: number) {
    super(409, 'Conflict', detail, undefined, retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) });
  }
}

export class PayloadTooLarge extends AppError {
  constructor(limit: number) {
    super(413, 'Payload too large', `The body must be at most ${limit} bytes.`);
  }
}

export class UnsupportedMediaType extends AppError {
  constructor(expected: string) {
    super(415, 'Unsupported media type', `The body must be ${expected}.`);
  }
}

function describe(errors: FieldError[]): string {
  const whole = errors.find((e) => e.path === '');
  // The body itself is of the wrong shape: say what is wanted, not "1 field is invalid: ."
  if (whole) return `The body ${whole.message}.`;
  const n = errors.length;
  return n === 1 ? `1 field is invalid: ${errors[0]?.path}.` : `${n} fields are invalid: ${errors.map((e) => e.path).join(', ')}.`;
}
