/**
 * Vietnamese typography for the printed documents. Pure functions, no locale data from the host
 * (number formats are spelled out, so a Lambda without full ICU prints the same).
 */

/** `ngày 06 tháng 6 năm 2020`: a day below 10 and the months 1 and 2 take a leading zero (FORMAT.md). */
export function vietnameseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

/** The place-and-date line of the header: `Quảng Ninh, ngày 06 tháng 6 năm 2020`. */
export function placeAndDate(place: string, isoDate: string): string {
  return `${place}, ${vietnameseDate(isoDate)}`;
}

/** `31/5/2020`, the short form used inside sentences. */
export function shortDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${day}/${month}/${year}`;
}

/** Thousands with a dot: `1.234`, `1.000.000`. */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * CONTRACT §4: a percent with a decimal comma and no trailing `,0`: `76,9%`, `100%`.
 * `null` (nothing to divide by) prints as `missing`, `-` by default.
 */
export function formatPercent(value: number | null, missing = '-'): string {
  if (value === null) return missing;
  const [whole, tenths] = value.toFixed(1).split('.') as [string, string];
  const digits = formatCount(Number(whole));
  return tenths === '0' ? `${digits}%` : `${digits},${tenths}%`;
}

/** `120/120 (100%)`: a share of a whole with its percent. */
export function formatShare(part: number, whole: number, percent: number | null): string {
  return `${formatCount(part)}/${formatCount(whole)} (${formatPercent(percent)})`;
}

/** A key that equals for the same sentence written with other case, spacing or normalisation. */
export function comparableText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim().replace(/[.;,\s]+$/u, '');
}

/** Upper case as Vietnamese writes it (`ủy` → `ỦY`), NFC. */
export function upper(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi');
}

/** First letter in upper case, the rest untouched (for a sentence built from a lower-case phrase). */
export function capitalize(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase('vi') + text.slice(head.length);
}

/** A sentence ends with one full stop (or its own `?`/`!`/`.`). */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?\u2026]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Lines of a recipients list: each starts with `- `, ends with `,`; the last ends with `.`. */
export function listLines(items: readonly string[]): string[] {
  return items.map((item, i) => {
    const bare = item.trim().replace(/[.,;]+$/u, '');
    return `- ${bare}${i === items.length - 1 ? '.' : ','}`;
  });
}
