/** Calendar-date helpers. Dates are `YYYY-MM-DD` strings throughout; they compare as strings. */

const DAY_MS = 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Today in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving), the contract's default `asOf`. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
