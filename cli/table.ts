/**
 * A plain-text table for a terminal: columns padded to their widest cell, two spaces apart, the
 * header first. Vietnamese text is shown as it is in the data; its width is counted in
 * characters a terminal draws (NFC, combining marks take no column), so columns stay aligned.
 */

export type Cell = string | number | boolean | null | undefined;

/** What a missing value shows. */
export const NONE = '—';

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = [[...header], ...rows.map((row) => header.map((_, i) => cellText(row[i])))];
  const widths = header.map((_, i) => Math.max(...text.map((row) => displayWidth(row[i]!))));
  return text
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]!))).join('  ').trimEnd() + '\n')
    .join('');
}

function cellText(value: Cell): string {
  if (value === null || value === undefined || value === '') return NONE;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value).replace(/\s+/g, ' ').trim();
}

function displayWidth(s: string): number {
  return [...s.normalize('NFC').replace(/\p{M}/gu, '')].length;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(width - displayWidth(s));
}
