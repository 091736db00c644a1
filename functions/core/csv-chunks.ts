import { MAX_BODY_BYTES } from './limits.ts';

/**
 * A CSV file cut into request bodies for `POST …/submissions:import`, so that a whole
 * province's spreadsheet goes in at once from the CLI or the console (one splitter for both: it
 * runs in Node and in a browser). Each body starts with the header row and holds whole records
 * under the API's body limit and at most `maxRows` rows (an import request stores its rows
 * within one function call). Records are found as the server's csv-parse finds them: a BOM
 * dropped, quoted fields may hold separators, quotes ("") and line breaks, records end with
 * \n, \r\n or \r, empty lines are skipped and not counted. So `firstRow` re-bases the server's
 * row numbers onto the whole file: `fileRow = firstRow - 1 + chunkRow`.
 */
export type CsvChunk = {
  /** The request body: the header row, then whole records, as in the file. */
  body: string;
  /** The file's row number of the chunk's first data record (1 = first after the header). */
  firstRow: number;
  /** Data records in the chunk. */
  rows: number;
};

export type CsvSplitProblem =
  | { code: 'empty' }
  /** `row` 0: the header row. */
  | { code: 'unclosed_quote'; row: number }
  | { code: 'row_too_large'; row: number; maxBytes: number };

/** Why a file cannot be cut; `problem` lets each caller say it in its own language. */
export class CsvSplitError extends Error {
  override readonly name = 'CsvSplitError';
  constructor(readonly problem: CsvSplitProblem) {
    super(
      problem.code === 'empty'
        ? 'the file is empty: it needs a header row'
        : problem.code === 'unclosed_quote'
          ? `${problem.row === 0 ? 'the header row' : `row ${problem.row}`} is not valid CSV: a quoted field is not closed`
          : `row ${problem.row} is too large: with the header row it is over ${problem.maxBytes} bytes`,
    );
  }
}

/** Rows in one import request (the server stores them within one call). */
export const ROWS_PER_REQUEST = 250;

export function splitCsv(text: string, opts: { maxBytes?: number; maxRows?: number } = {}): { chunks: CsvChunk[]; totalRows: number } {
  // Room under the limit for the newline added after a last record that lacks one.
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES - 1024;
  const maxRows = opts.maxRows ?? ROWS_PER_REQUEST;
  const [header, ...rows] = records(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (header === undefined) throw new CsvSplitError({ code: 'empty' });
  const size = (s: string) => utf8.encode(s).length;
  const headerBytes = size(header);

  const chunks: CsvChunk[] = [];
  let parts: string[] = [];
  let bytes = headerBytes;
  let firstRow = 1;
  const flush = () => {
    if (parts.length === 0) return;
    chunks.push({ body: header + parts.join(''), firstRow, rows: parts.length });
    firstRow += parts.length;
    parts = [];
    bytes = headerBytes;
  };
  rows.forEach((record, i) => {
    const recordBytes = size(record);
    if (headerBytes + recordBytes > maxBytes) throw new CsvSplitError({ code: 'row_too_large', row: i + 1, maxBytes });
    if (bytes + recordBytes > maxBytes || parts.length >= maxRows) flush();
    parts.push(record);
    bytes += recordBytes;
  });
  flush();
  return { chunks, totalRows: rows.length };
}

const utf8 = new TextEncoder();

/** The file's non-empty records, each with its line break (one added to a last record without). */
function records(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  let quoted = false;
  const end = (to: number) => {
    // An empty line is skipped (csv-parse's skip_empty_lines), not counted as a row.
    if (!/^(\r\n|\r|\n)?$/.test(text.slice(start, to))) found.push(withNewline(text.slice(start, to)));
    start = to;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    // A doubled quote inside quotes toggles twice: quoted again, as it should be.
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') end(i + 1);
    else if (!quoted && ch === '\r' && text[i + 1] !== '\n') end(i + 1);
  }
  if (quoted) throw new CsvSplitError({ code: 'unclosed_quote', row: found.length });
  if (start < text.length) end(text.length);
  return found;
}

function withNewline(s: string): string {
  return /[\r\n]$/.test(s) ? s : `${s}\n`;
}
