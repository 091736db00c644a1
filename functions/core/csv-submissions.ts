import { parse } from 'csv-parse/sync';
import { todayInVietnam } from './dates.ts';
import type { FieldError } from './errors.ts';
import { submissionSchemaFor, type SubmissionInput } from './schemas.ts';
import { fieldErrors } from './validation.ts';

/**
 * CSV import of submissions (CONTRACT §3): one submission a row, the same rules as the JSON
 * route because every row is mapped to the JSON shape and validated with `submissionSchemaFor`
 * (the day of receipt decides the latest congress date).
 *
 * - The header row is required; columns may come in any order, but every column of
 *   `SUBMISSION_CSV_COLUMNS` must be there, once, and nothing else but the columns the export
 *   adds (`EXPORT_ONLY_COLUMNS`, ignored: an exported file imports again) (else `CsvFileError`,
 *   a 400 for the whole file, as is a file that is not CSV at all, e.g. an unclosed quote).
 * - A BOM is dropped; CRLF or LF; RFC 4180 quoting (commas, `""` and line breaks inside quotes).
 * - Blank lines are skipped and not counted; row 1 is the first data row.
 * - An empty (or all-blank) cell is absent. Booleans are `true` / `false`; counts are digits.
 * - Per-row problems never throw: the row gets `errors` (JSON pointer `path`, CSV `column`).
 *
 * Organizations are not checked here: the use case adds
 * `{ path: '/organizationId', column: 'organizationId', message }` for an unknown one.
 */

export const SUBMISSION_CSV_COLUMNS = [
  'organizationId',
  'heldOn',
  'delegatesElected',
  'delegatesAttended',
  'secretaryName',
  'electedDirectly',
  'votesFor',
  'votesValid',
  'isLocal',
  'concurrentRole',
  'committeeSize',
  'recommendation',
] as const;

export type SubmissionCsvColumn = (typeof SUBMISSION_CSV_COLUMNS)[number];

export type CsvFieldError = FieldError;

/** Columns the export writes after the import's: read by a person, ignored by the import. */
export const EXPORT_ONLY_COLUMNS = ['organizationName', 'level', 'version', 'receivedAt', 'submissionId'] as const;

export type CsvRowResult = {
  /** 1 = the first data row (the header row is row 0). */
  row: number;
  /** Present when the row is valid: what `POST …/submissions` would store. */
  input?: SubmissionInput;
  /** Present when the row is invalid: every problem found. */
  errors?: CsvFieldError[];
};

/** The file as a whole is unusable (no or bad header, not parseable as CSV): answer 400. */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';
  readonly status = 400;
  constructor(
    message: string,
    readonly errors: CsvFieldError[] = [],
  ) {
    super(message);
  }
}

/** Where each column goes in the submission JSON (as a JSON pointer). */
export const COLUMN_POINTERS: Readonly<Record<SubmissionCsvColumn, string>> = {
  organizationId: '/organizationId',
  heldOn: '/congress/heldOn',
  delegatesElected: '/congress/delegatesElected',
  delegatesAttended: '/congress/delegatesAttended',
  secretaryName: '/secretary/fullName',
  electedDirectly: '/secretary/electedDirectly',
  votesFor: '/secretary/votes/for',
  votesValid: '/secretary/votes/valid',
  isLocal: '/secretary/isLocal',
  concurrentRole: '/secretary/concurrentRole',
  committeeSize: '/committeeSize',
  recommendation: '/recommendations/0',
};

/** The CSV column for a JSON pointer of the submission shape, or undefined (e.g. `/notes`). */
export function columnForPointer(pointer: string): SubmissionCsvColumn | undefined {
  for (const [column, p] of Object.entries(COLUMN_POINTERS) as [SubmissionCsvColumn, string][]) {
    if (p === pointer) return column;
  }
  if (pointer === '/secretary/votes') return 'votesFor';
  if (pointer === '/recommendations' || pointer.startsWith('/recommendations/')) return 'recommendation';
  if (pointer === '/congress') return 'heldOn';
  if (pointer === '/secretary') return 'secretaryName';
  return undefined;
}

const BOOLEAN_COLUMNS = new Set<SubmissionCsvColumn>(['electedDirectly', 'isLocal']);
const COUNT_COLUMNS = new Set<SubmissionCsvColumn>([
  'delegatesElected',
  'delegatesAttended',
  'votesFor',
  'votesValid',
  'committeeSize',
]);
const DIGITS = /^\d{1,9}$/;

/**
 * Parse and validate a whole CSV file. Throws `CsvFileError` for a file-level problem;
 * otherwise one result per data row, in order.
 */
export function parseSubmissionsCsv(text: string, receivedOn: string = todayInVietnam()): CsvRowResult[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as string[][];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CsvFileError(`The file is not valid CSV: ${message.replace(/\s+/g, ' ').trim()}`);
  }
  const [header, ...rows] = records;
  if (!header) {
    throw new CsvFileError(`The CSV file is empty: it needs a header row (${SUBMISSION_CSV_COLUMNS.join(',')}).`);
  }
  const indexOf = readHeader(header);
  const schema = submissionSchemaFor(receivedOn);
  return rows.map((cells, i) => parseRow(i + 1, cells, header.length, indexOf, schema));
}

function readHeader(header: string[]): Map<SubmissionCsvColumn, number> {
  const names = header.map((h) => h.replace(/^\ufeff/, '').trim());
  const known = new Set<string>(SUBMISSION_CSV_COLUMNS);
  const ignored = new Set<string>(EXPORT_ONLY_COLUMNS);
  const errors: CsvFieldError[] = [];
  const indexOf = new Map<SubmissionCsvColumn, number>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  names.forEach((name, i) => {
    if (ignored.has(name)) return;
    if (!known.has(name)) {
      unknown.push(name === '' ? `(empty, position ${i + 1})` : name);
      errors.push({ path: '', column: name, code: 'unknown_field', message: 'is not a column of the submissions CSV' });
    } else if (indexOf.has(name as SubmissionCsvColumn)) {
      duplicated.push(name);
      errors.push({ path: '', column: name, code: 'duplicate', message: 'appears more than once in the header row' });
    } else {
      indexOf.set(name as SubmissionCsvColumn, i);
    }
  });
  const missing = SUBMISSION_CSV_COLUMNS.filter((c) => !indexOf.has(c));
  for (const c of missing) errors.push({ path: '', column: c, code: 'required', message: 'is missing from the header row' });
  if (errors.length > 0) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    if (unknown.length) parts.push(`unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    if (duplicated.length) parts.push(`duplicated: ${duplicated.join(', ')}`);
    throw new CsvFileError(
      `The header row must name the columns ${SUBMISSION_CSV_COLUMNS.join(',')} (${parts.join('; ')}).`,
      errors,
    );
  }
  return indexOf;
}

function parseRow(
  row: number,
  cells: string[],
  width: number,
  indexOf: Map<SubmissionCsvColumn, number>,
  schema: ReturnType<typeof submissionSchemaFor>,
): CsvRowResult {
  if (cells.length !== width) {
    return {
      row,
      errors: [{ path: '', code: 'invalid', message: `has ${cells.length} cell${cells.length === 1 ? '' : 's'}, the header row has ${width}` }],
    };
  }
  const cellErrors: CsvFieldError[] = [];
  const raw = (c: SubmissionCsvColumn): string | undefined => {
    const v = cells[indexOf.get(c)!] ?? '';
    return v.trim() === '' ? undefined : v;
  };
  // A text our own export guarded against being read as a formula comes back as typed.
  const text = (c: SubmissionCsvColumn): string | undefined => {
    const v = raw(c);
    return v === undefined ? undefined : unguardCell(v);
  };
  const bool = (c: SubmissionCsvColumn): boolean | undefined => {
    // Spreadsheets write TRUE/FALSE: the case of the word does not matter.
    const v = raw(c)?.trim().toLowerCase();
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    cellErrors.push({ path: COLUMN_POINTERS[c], column: c, code: 'invalid_type', params: { expected: 'boolean' }, message: 'must be true or false' });
    return undefined;
  };
  const num = (c: SubmissionCsvColumn): number | undefined => {
    const v = raw(c)?.trim();
    if (v === undefined) return undefined;
    if (DIGITS.test(v)) return Number(v);
    cellErrors.push(
      /^\d+$/.test(v)
        ? { path: COLUMN_POINTERS[c], column: c, code: 'too_big', params: { maximum: 1_000_000, origin: 'number' }, message: 'must be at most 1,000,000' }
        : { path: COLUMN_POINTERS[c], column: c, code: 'not_integer', message: 'must be a whole number (digits only)' },
    );
    return undefined;
  };

  const votesFor = num('votesFor');
  const votesValid = num('votesValid');
  const votesGiven = raw('votesFor') !== undefined || raw('votesValid') !== undefined;
  const recommendation = text('recommendation');
  const body = dropUndefined({
    organizationId: raw('organizationId')?.trim(),
    congress: dropUndefined({
      heldOn: raw('heldOn')?.trim(),
      delegatesElected: num('delegatesElected'),
      delegatesAttended: num('delegatesAttended'),
    }),
    secretary: dropUndefined({
      fullName: text('secretaryName'),
      electedDirectly: bool('electedDirectly'),
      // Both present or one missing: zod names the missing one (`/secretary/votes/valid`).
      votes: votesGiven ? dropUndefined({ for: votesFor, valid: votesValid }) : undefined,
      isLocal: bool('isLocal'),
      concurrentRole: raw('concurrentRole')?.trim() ?? null,
    }),
    committeeSize: num('committeeSize'),
    recommendations: recommendation === undefined ? undefined : [recommendation],
  });

  const parsed = schema.safeParse(body);
  // A cell that could not be read already has its error; zod would only add "required" for it.
  const badColumns = new Set(cellErrors.map((e) => e.column));
  const zodErrors = parsed.success
    ? []
    : fieldErrors(parsed.error, body)
        .map(withColumn)
        .filter((e) => !(e.column && badColumns.has(e.column)));
  const errors = dedupe([...cellErrors, ...zodErrors]);
  if (errors.length > 0 || !parsed.success) {
    return { row, errors: errors.length ? errors : [{ path: '', code: 'invalid', message: 'is not a valid submission' }] };
  }
  return { row, input: parsed.data };
}

function withColumn(e: FieldError): CsvFieldError {
  const column = columnForPointer(e.path);
  return column ? { ...e, column } : e;
}

function dedupe(errors: CsvFieldError[]): CsvFieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = e.path || `\u0000${e.column ?? ''}${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * A text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or CR first) is
 * written behind an apostrophe, which spreadsheets show as text; the import takes it off again
 * (`unguardCell`), so a file exported and imported back keeps the names as they were typed.
 */
export function asCell(value: unknown): unknown {
  if (value === undefined) return '';
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function unguardCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
