/**
 * The failures a user can meet, one class each. Each carries the HTTP status it maps to (as
 * middy's createError does), so the error handler needs no table; anything else is a bare 500.
 */
export type FieldError = { path: string; message: string; column?: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }
  get type(): string {
    return `https://congress-docs.dev/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
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
  constructor(detail: string) {
    super(409, 'Conflict', detail);
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
  const n = errors.length;
  return n === 1 ? `1 field is invalid: ${errors[0]?.path}.` : `${n} fields are invalid: ${errors.map((e) => e.path).join(', ')}.`;
}
