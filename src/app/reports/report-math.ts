// Rounding and means shared by every report figure (docs/reports.md: half away from zero, one decimal).
// The tenths are first read at 12 significant digits, so a tie is a tie however the float got
// there: 2.4 + 18.9 summed as minutes is 21.299999…, as seconds 1278 — both mean 10.65 → 10.7
// (the same figure PostgreSQL's numeric round gives the CSV). No figure needs more than 12 digits.
export const oneDecimal = (n: number) => Math.round(Number((n * 10).toPrecision(12))) / 10;

/** part / whole as a percent with one decimal; null for an empty whole (no 0 % for "no data"). */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : oneDecimal((100 * part) / whole);
}

/** Mean of a seconds sum over n, in minutes with one decimal; null when n is 0. */
export function meanMinutes(secondsSum: number, n: number): number | null {
  return n === 0 ? null : oneDecimal(secondsSum / n / 60);
}

/** Mean of a minutes sum over n, one decimal; null when n is 0. */
export const meanOfMinutes = (minutesSum: number, n: number): number | null =>
  n === 0 ? null : oneDecimal(minutesSum / n);
