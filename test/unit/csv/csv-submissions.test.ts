import { submissionsCsv } from '../../../functions/core/csv-export.ts';
import { contractSubmission } from '../../support/contract-examples.ts';
import { describe, expect, it } from 'vitest';
import {
  COLUMN_POINTERS,
  CsvFileError,
  SUBMISSION_CSV_COLUMNS,
  columnForPointer,
  parseSubmissionsCsv,
} from '#core/csv-submissions.ts';

const HEADER = SUBMISSION_CSV_COLUMNS.join(',');

type Row = Partial<Record<(typeof SUBMISSION_CSV_COLUMNS)[number], string>>;

const base: Row = {
  organizationId: 'ha-long-p-bach-dang',
  heldOn: '2020-05-12',
  delegatesElected: '120',
  delegatesAttended: '118',
  secretaryName: 'Nguyễn Văn An',
  electedDirectly: 'true',
  votesFor: '118',
  votesValid: '118',
  isLocal: 'false',
  concurrentRole: 'people-committee-chair',
  committeeSize: '11',
  recommendation: '',
};

/** One CSV line from cells, quoting when needed (RFC 4180). */
function line(row: Row, eol = '\n'): string {
  return (
    SUBMISSION_CSV_COLUMNS.map((c) => {
      const v = row[c] ?? '';
      return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    }).join(',') + eol
  );
}

function csv(rows: Row[], eol = '\n'): string {
  return HEADER + eol + rows.map((r) => line(r, eol)).join('');
}

describe('parseSubmissionsCsv', () => {
  it('parses a 42-row file like the acceptance test: 41 valid rows here, one impossible date', () => {
    const rows: Row[] = [];
    for (let i = 1; i <= 40; i++) rows.push({ ...base, organizationId: `org-${String(i).padStart(2, '0')}` });
    // Unknown organization: the parser cannot know, the use case checks it later.
    rows.push({ ...base, organizationId: 'khong-ton-tai' });
    rows.push({ ...base, organizationId: 'org-41', heldOn: '2020-02-30' });
    // Quotes and commas inside a field.
    rows[4] = { ...rows[4], recommendation: 'Đề nghị "thí điểm", bầu trực tiếp, năm 2020' };
    const results = parseSubmissionsCsv(csv(rows));
    expect(results).toHaveLength(42);
    expect(results.map((r) => r.row)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(results.filter((r) => r.input)).toHaveLength(41);
    expect(results[40]!.input?.organizationId).toBe('khong-ton-tai');
    const bad = results[41]!;
    expect(bad.input).toBeUndefined();
    expect(bad.errors).toEqual([{ path: '/congress/heldOn', column: 'heldOn', code: 'invalid_date', message: 'must be a real calendar date YYYY-MM-DD' }]);
    expect(results[4]!.input?.recommendations).toEqual(['Đề nghị "thí điểm", bầu trực tiếp, năm 2020']);
  });

  it('maps a row to the JSON submission shape', () => {
    const [r] = parseSubmissionsCsv(csv([{ ...base, recommendation: 'Kiến nghị' }]));
    const { notes: _none, ...expected } = contractSubmission;
    expect(r!.input).toEqual({ ...expected, recommendations: ['Kiến nghị'] });
  });

  it('treats empty cells as absent: no votes, concurrentRole null, no recommendations', () => {
    const [r] = parseSubmissionsCsv(
      csv([
        {
          ...base,
          electedDirectly: 'false',
          votesFor: '',
          votesValid: '',
          concurrentRole: '',
          committeeSize: '',
          delegatesElected: '',
          delegatesAttended: ' ',
        },
      ]),
    );
    expect(r!.errors).toBeUndefined();
    expect(r!.input).toEqual({
      organizationId: 'ha-long-p-bach-dang',
      congress: { heldOn: '2020-05-12' },
      secretary: { fullName: 'Nguyễn Văn An', electedDirectly: false, isLocal: false, concurrentRole: null },
    });
  });

  it('drops a BOM and reads CRLF line endings', () => {
    const text = '\ufeff' + csv([base, { ...base, organizationId: 'org-b' }], '\r\n');
    const results = parseSubmissionsCsv(text);
    expect(results.map((r) => r.input?.organizationId)).toEqual(['ha-long-p-bach-dang', 'org-b']);
    expect(results[0]!.input?.secretary.fullName).toBe('Nguyễn Văn An');
  });

  it('reads a quoted field over several lines, and skips blank lines without counting them', () => {
    const text = HEADER + '\r\n' + line({ ...base, recommendation: 'Dòng một,\r\nDòng "hai"' }, '\r\n') + '\r\n' + line(base, '\r\n');
    const results = parseSubmissionsCsv(text);
    expect(results).toHaveLength(2);
    expect(results[0]!.input?.recommendations).toEqual(['Dòng một,\nDòng "hai"']);
    expect(results[1]!.row).toBe(2);
    expect(results[1]!.input).toBeDefined();
  });

  it('normalises Vietnamese text to NFC', () => {
    const nfd = 'Nguyễn Văn Ấn'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const [r] = parseSubmissionsCsv(csv([{ ...base, secretaryName: nfd, recommendation: 'Đề nghị'.normalize('NFD') }]));
    expect(r!.input?.secretary.fullName).toBe('Nguyễn Văn Ấn'.normalize('NFC'));
    expect(r!.input?.recommendations?.[0]).toBe('Đề nghị'.normalize('NFC'));
  });

  it('accepts true/false in any case (spreadsheets write TRUE) and nothing else', () => {
    const [ok] = parseSubmissionsCsv(csv([{ ...base, isLocal: 'FALSE', electedDirectly: 'True' }]));
    expect(ok!.input?.secretary).toMatchObject({ isLocal: false, electedDirectly: true });
    const [r] = parseSubmissionsCsv(csv([{ ...base, isLocal: 'yes', electedDirectly: '1' }]));
    expect(r!.input).toBeUndefined();
    expect(r!.errors).toEqual([
      { path: '/secretary/electedDirectly', column: 'electedDirectly', code: 'invalid_type', params: { expected: 'boolean' }, message: 'must be true or false' },
      { path: '/secretary/isLocal', column: 'isLocal', code: 'invalid_type', params: { expected: 'boolean' }, message: 'must be true or false' },
    ]);
  });

  it('parses numbers strictly (digits only)', () => {
    const [r] = parseSubmissionsCsv(
      csv([{ ...base, delegatesElected: '12.5', committeeSize: '-3', votesFor: '1e2', votesValid: '99999999999' }]),
    );
    expect(r!.input).toBeUndefined();
    expect(r!.errors).toEqual([
      { path: '/secretary/votes/for', column: 'votesFor', code: 'not_integer', message: 'must be a whole number (digits only)' },
      { path: '/secretary/votes/valid', column: 'votesValid', code: 'too_big', params: { maximum: 1_000_000, origin: 'number' }, message: 'must be at most 1,000,000' },
      { path: '/congress/delegatesElected', column: 'delegatesElected', code: 'not_integer', message: 'must be a whole number (digits only)' },
      { path: '/committeeSize', column: 'committeeSize', code: 'not_integer', message: 'must be a whole number (digits only)' },
    ]);
  });

  it('applies the JSON rules and names each column', () => {
    const [a, b, c, d] = parseSubmissionsCsv(
      csv([
        { ...base, votesFor: '', votesValid: '' },
        { ...base, votesFor: '120', votesValid: '118', delegatesAttended: '121' },
        { ...base, organizationId: '', secretaryName: '', concurrentRole: 'mayor' },
        { ...base, votesValid: '' },
      ]),
    );
    expect(a!.errors).toEqual([
      { path: '/secretary/votes', column: 'votesFor', code: 'required', message: 'is required when electedDirectly is true' },
    ]);
    expect(b!.errors).toEqual(
      expect.arrayContaining([
        { path: '/secretary/votes/for', column: 'votesFor', code: 'exceeds', params: { other: '/secretary/votes/valid' }, message: 'must not exceed votes.valid' },
        { path: '/congress/delegatesAttended', column: 'delegatesAttended', code: 'exceeds', params: { other: '/congress/delegatesElected' }, message: 'must not exceed delegatesElected' },
      ]),
    );
    expect(c!.errors).toEqual(
      expect.arrayContaining([
        { path: '/organizationId', column: 'organizationId', code: 'required', message: 'is required' },
        { path: '/secretary/fullName', column: 'secretaryName', code: 'required', message: 'is required' },
        expect.objectContaining({ path: '/secretary/concurrentRole', column: 'concurrentRole' }),
      ]),
    );
    expect(d!.errors).toEqual([{ path: '/secretary/votes/valid', column: 'votesValid', code: 'required', message: 'is required' }]);
  });

  it('accepts the columns in any order', () => {
    const cols = [...SUBMISSION_CSV_COLUMNS].reverse();
    const text = cols.join(',') + '\n' + cols.map((c) => base[c] ?? '').join(',') + '\n';
    const [r] = parseSubmissionsCsv(text);
    expect(r!.input?.organizationId).toBe('ha-long-p-bach-dang');
  });

  it('gives a row with the wrong number of cells an error of its own', () => {
    const text = HEADER + '\n' + line(base) + 'a,b,c\n' + line(base);
    const results = parseSubmissionsCsv(text);
    expect(results.map((r) => Boolean(r.input))).toEqual([true, false, true]);
    expect(results[1]!.errors).toEqual([{ path: '', code: 'invalid', message: 'has 3 cells, the header row has 12' }]);
  });

  it('rejects the whole file when a header column is missing or unknown', () => {
    const header = SUBMISSION_CSV_COLUMNS.filter((c) => c !== 'votesValid' && c !== 'isLocal').join(',') + ',notes';
    let error: unknown;
    try {
      parseSubmissionsCsv(header + '\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvFileError);
    const e = error as CsvFileError;
    expect(e.status).toBe(400);
    expect(e.message).toContain('missing columns: votesValid, isLocal');
    expect(e.message).toContain('unknown column: notes');
    expect(e.errors).toEqual(
      expect.arrayContaining([
        { path: '', column: 'votesValid', code: 'required', message: 'is missing from the header row' },
        { path: '', column: 'notes', code: 'unknown_field', message: 'is not a column of the submissions CSV' },
      ]),
    );
  });

  it('rejects an empty file and a file that is not CSV', () => {
    expect(() => parseSubmissionsCsv('')).toThrow(CsvFileError);
    expect(() => parseSubmissionsCsv(HEADER + '\n"unclosed,quote\n')).toThrow(/not valid CSV/);
  });

  it('answers an empty list for a header-only file', () => {
    expect(parseSubmissionsCsv(HEADER + '\r\n')).toEqual([]);
  });

  it('maps JSON pointers to columns', () => {
    for (const [column, pointer] of Object.entries(COLUMN_POINTERS)) expect(columnForPointer(pointer)).toBe(column);
    expect(columnForPointer('/secretary/votes')).toBe('votesFor');
    expect(columnForPointer('/recommendations')).toBe('recommendation');
    expect(columnForPointer('/notes')).toBeUndefined();
  });
});

describe('the export', () => {
  it('never writes a cell a spreadsheet would run as a formula, and imports back what was typed', () => {
    const organizations = [{ id: 'xa-a', name: '=HYPERLINK("http://x.example","Xã A")', level: 'grassroots', unit: 'commune', campaignId: 'c' }] as const;
    const typed = '=1+1 Nguyễn Văn A';
    const latest = [
      {
        id: 's1',
        campaignId: 'c',
        version: 1,
        receivedAt: '2020-05-13T00:00:00Z',
        organizationId: 'xa-a',
        congress: { heldOn: '2020-05-12', delegatesElected: 50, delegatesAttended: 40 },
        secretary: { fullName: typed, electedDirectly: true, votes: { for: 40, valid: 40 }, isLocal: false, concurrentRole: null },
        recommendations: ['@SUM(A1) đề nghị', '-giữ nguyên'],
      },
    ];
    const csv = submissionsCsv([...organizations], latest);
    for (const cell of ['=HYPERLINK', '=1+1', '@SUM']) expect(csv).not.toMatch(new RegExp(`(^|,|")${cell.replace(/[+(]/g, '\\$&')}`, 'm'));
    const [row] = parseSubmissionsCsv(csv.replace(/^\ufeff/, ''), '2020-06-06');
    expect(row!.input?.secretary.fullName).toBe(typed);
    expect(row!.input?.recommendations).toEqual(['@SUM(A1) đề nghị\n-giữ nguyên']);
  });
});
