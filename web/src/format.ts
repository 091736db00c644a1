/** Dates, numbers and search keys as the office reads and types them. */

/** Today's date in Vietnam (the campaign's deadlines and `asOf` are dates there). */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}

/** `2020-06-30` → `30/06/2020`. */
export function viDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** A moment (ISO timestamp) in Vietnam's time: `12/05/2020 14:03`. */
export function viDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const moment = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' }).format(moment);
  return `${viDate(todayInVietnam(moment))} ${time}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function viNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** `81.5` → `81,5%`, `100` → `100%` (as the documents print percentages). */
export function viPercent(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${viNumber(n)}%`;
}
