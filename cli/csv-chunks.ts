import { parse } from 'csv-parse/sync';

/**
 * Split a CSV file into request bodies under the API's body limit (256 KiB), each one starting
 * with the header row, cutting only between records (a quoted field may span lines). Records are
 * found by csv-parse with the options the server uses (BOM dropped, blank lines skipped and not
 * counted), so `firstRow` re-bases the server's row numbers onto the whole file:
 * `fileRow = firstRow - 1 + chunkRow`.
 */

export const BODY_LIMIT_BYTES = 256 * 1024;

export type CsvChunk = {
  /** The request body: the header row, then whole records, as in the file. */
  body: string;
  /** The file's row number of the chunk's first data record (1 = first after the header). */
  firstRow: number;
  /** Data records in the chunk. */
  rows: number;
};

export class CsvSplitError extends Error {
  override readonly name = 'CsvSplitError';
}

export function splitCsv(
  text: string,
  opts: { maxBytes?: number; maxRows?: number } = {},
): { chunks: CsvChunk[]; totalRows: number } {
  // Leave room under the limit for a trailing newline we may add.
  const maxBytes = opts.maxBytes ?? BODY_LIMIT_BYTES - 1024;
  const maxRows = opts.maxRows ?? 250;
  const buf = Buffer.from(text.replace(/^\ufeff/, ''), 'utf8');
  let records: Array<{ info: { bytes: number } }>;
  try {
    records = parse(buf, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (e) {
    throw new CsvSplitError(`the file is not valid CSV: ${(e as Error).message.replace(/\s+/g, ' ').trim()}`);
  }
  const [head, ...rows] = records;
  if (!head) throw new CsvSplitError('the file is empty: it needs a header row');
  const header = withNewline(buf.subarray(0, head.info.bytes).toString('utf8'));
  const headerBytes = Buffer.byteLength(header);

  const chunks: CsvChunk[] = [];
  let parts: string[] = [];
  let bytes = headerBytes;
  let firstRow = 1;
  let start = head.info.bytes;
  const flush = () => {
    if (parts.length === 0) return;
    chunks.push({ body: header + parts.join(''), firstRow, rows: parts.length });
    firstRow += parts.length;
    parts = [];
    bytes = headerBytes;
  };
  rows.forEach((r, i) => {
    const record = withNewline(buf.subarray(start, r.info.bytes).toString('utf8'));
    start = r.info.bytes;
    const size = Buffer.byteLength(record);
    if (headerBytes + size > maxBytes) {
      throw new CsvSplitError(`row ${i + 1} is too large: with the header row it is over ${maxBytes} bytes`);
    }
    if (bytes + size > maxBytes || parts.length >= maxRows) flush();
    parts.push(record);
    bytes += size;
  });
  flush();
  return { chunks, totalRows: rows.length };
}

/** A record slice includes its line break, except the file's last record may lack one. */
function withNewline(s: string): string {
  return /\r?\n$/.test(s) || /\r$/.test(s) ? s : s + '\n';
}
