/**
 * A CSV file cut into pieces under the API's body limit (256 KiB), each with the header line, so
 * that an office can import a whole province's spreadsheet at once. Records are cut only between
 * lines that are outside quotes (a quoted cell may hold a line break); the parsing itself stays
 * the server's. `firstRow` is the number, in the whole file, of a piece's first data row.
 */
export type CsvChunk = { text: string; firstRow: number };

/** Under 256 KiB with room for multi-byte characters counted as UTF-8. */
export const CHUNK_BYTES = 200 * 1024;

export function csvChunks(csv: string, maxBytes = CHUNK_BYTES): CsvChunk[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      records.push(csv.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (start < csv.length) records.push(csv.slice(start).replace(/\r$/, ''));
  const [header = '', ...rows] = records.filter((r, i) => i === 0 || r.trim() !== '');
  const encoder = new TextEncoder();
  const chunks: CsvChunk[] = [];
  let current: string[] = [];
  let size = 0;
  let firstRow = 1;
  const headerBytes = encoder.encode(header).length + 1;
  rows.forEach((row, i) => {
    const bytes = encoder.encode(row).length + 1;
    if (current.length && headerBytes + size + bytes > maxBytes) {
      chunks.push({ text: [header, ...current].join('\n'), firstRow });
      current = [];
      size = 0;
      firstRow = i + 1;
    }
    current.push(row);
    size += bytes;
  });
  if (current.length || chunks.length === 0) chunks.push({ text: [header, ...current].join('\n'), firstRow });
  return chunks;
}
