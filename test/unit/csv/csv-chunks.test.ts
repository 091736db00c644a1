import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvSplitError, splitCsv } from '#core/csv-chunks.ts';

/** Records as the server reads an import body (csv-parse with parseSubmissionsCsv's options). */
const serverRecords = (text: string) => parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];

/** What the CLI and the console send: every chunk's records, each with its row number in the whole file. */
function rowsAsSent(text: string, opts: { maxBytes?: number; maxRows?: number }) {
  const { chunks, totalRows } = splitCsv(text, opts);
  const header = serverRecords(text)[0];
  const rows = chunks.flatMap((chunk) => {
    const [chunkHeader, ...records] = serverRecords(chunk.body);
    expect(chunkHeader).toEqual(header);
    expect(records).toHaveLength(chunk.rows);
    return records.map((cells, i) => ({ fileRow: chunk.firstRow + i, cells }));
  });
  return { chunks, totalRows, rows };
}

describe('a CSV file cut into import requests (CLI and console)', () => {
  const header = 'organizationId,heldOn,recommendation';
  const rows = Array.from({ length: 300 }, (_, i) => `org-${i},2020-05-12,"Đề nghị, dòng một\r\nvà dòng hai ""trích"" ${i}"`);

  it('gives the server the same records with the same row numbers as the whole file, whatever the line ends', () => {
    for (const [name, text] of [
      ['CRLF, BOM, blank lines', `\ufeff${header}\r\n${rows.slice(0, 40).join('\r\n\r\n')}\r\n`],
      ['LF, no newline at the end', `${header}\n${rows.slice(0, 40).join('\n')}`],
      ['CR only', `${header}\r${rows.slice(0, 40).join('\r')}\r`],
    ] as const) {
      const whole = serverRecords(text).slice(1);
      const { rows: sent, totalRows, chunks } = rowsAsSent(text, { maxBytes: 1024 });
      expect(chunks.length, name).toBeGreaterThan(3);
      expect(totalRows, name).toBe(whole.length);
      expect(sent.map((r) => r.cells), name).toEqual(whole);
      expect(sent.map((r) => r.fileRow), name).toEqual(whole.map((_, i) => i + 1));
    }
  });

  it('keeps every request under the byte limit (UTF-8) and the row limit', () => {
    const text = `${header}\r\n${rows.join('\r\n')}\r\n`;
    const bySize = splitCsv(text, { maxBytes: 4096 });
    for (const c of bySize.chunks) expect(new TextEncoder().encode(c.body).length).toBeLessThanOrEqual(4096);
    expect(bySize.totalRows).toBe(300);
    const byRows = splitCsv(text);
    expect(byRows.chunks.map((c) => c.rows)).toEqual([250, 50]);
    expect(byRows.chunks.map((c) => c.firstRow)).toEqual([1, 251]);
    expect(splitCsv(`${header}\n${rows[0]}`).chunks).toEqual([{ body: `${header}\n${rows[0]}\n`, firstRow: 1, rows: 1 }]);
  });

  it('says why a file cannot be sent: empty, a quote never closed, a row too large', () => {
    const problem = (text: string, maxBytes?: number) => {
      try {
        splitCsv(text, { maxBytes });
      } catch (e) {
        expect(e).toBeInstanceOf(CsvSplitError);
        return { ...(e as CsvSplitError).problem, message: (e as Error).message };
      }
      throw new Error('no problem found');
    };
    expect(problem('')).toMatchObject({ code: 'empty', message: 'the file is empty: it needs a header row' });
    expect(problem('\ufeff\r\n\r\n')).toMatchObject({ code: 'empty' });
    expect(problem(`${header}\norg-1,2020-05-12,ok\norg-2,2020-05-12,"never closed\n`)).toMatchObject({ code: 'unclosed_quote', row: 2 });
    expect(problem(`${header}\norg-1,2020-05-12,${'x'.repeat(100)}\n`, 64)).toMatchObject({
      code: 'row_too_large',
      row: 1,
      message: 'row 1 is too large: with the header row it is over 64 bytes',
    });
  });
});
