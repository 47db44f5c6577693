// Percentiles and a plain-text table for benchmark output.

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentile (p in 0..100) of values already sorted ascending. Nearest-rank always
 * returns a value that was observed, so "p99 = 12 ms" means some sample really took 12 ms.
 */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function percentile(values: readonly number[], p: number): number {
  return percentileSorted(sortAscending(values), p);
}

/** Count, min, mean, p50/p95/p99 and max; NaN everywhere but count for no samples. */
export function summarize(values: readonly number[]): Summary {
  const sorted = sortAscending(values);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export type Cell = string | number | boolean | null | undefined;

/** Numbers right-aligned with `digits` decimals (integers stay whole); other cells left-aligned. */
export function formatTable(rows: readonly Record<string, Cell>[], digits = 2): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const text = rows.map((row) => columns.map((c) => formatCell(row[c], digits)));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((cells) => (cells[i] ?? '').length)));
  const numeric = columns.map((c) => rows.every((row) => row[c] == null || typeof row[c] === 'number'));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns), rule, ...text.map(line)].join('\n');
}

export function printTable(rows: readonly Record<string, Cell>[], digits = 2): void {
  process.stdout.write(`${formatTable(rows, digits)}\n`);
}

function formatCell(value: Cell, digits: number): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return String(value);
}

function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
