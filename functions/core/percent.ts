/**
 * CONTRACT §4: `100 × part / whole` rounded half-up to one decimal, on the exact ratio
 * (integer arithmetic, so 2/3 → 66.7 and 1/8 → 12.5 with no floating-point drift); null when whole is 0.
 */
export function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  // tenths of a percent = round_half_up(1000 × part / whole) = floor((2000 × part + whole) / (2 × whole))
  const tenths = Math.floor((2000 * part + whole) / (2 * whole));
  return tenths / 10;
}
