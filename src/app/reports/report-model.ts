// The period report's model (issue 13 item 3) and its pure arithmetic. Storage returns one
// aggregate row per priority (db/report-queries.ts); everything here is arithmetic on counts and
// sums, so it is unit-tested without a database. Definitions: docs/reports.md.
import type { Priority } from '../../core/types.js';

/** Half-open period [from, to): an incident belongs to it when reported_at falls inside. */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

export interface ReportFilter {
  priority?: Priority;
  team?: string;
  category?: string;
  nature?: string;
}

/** What storage sums per priority; seconds are elapsed (wall-clock) seconds. */
export interface PriorityAggregate {
  priority: Priority;
  reported: number;
  responded: number;
  respondedInTime: number;
  resolved: number;
  resolvedInTime: number;
  reopened: number;
  respondSecondsSum: number;
  resolveSecondsSum: number;
}

export interface PriorityFigures {
  priority: Priority;
  reported: number;
  responded: number;
  resolved: number;
  /** Percent 0–100 with one decimal, null when nothing was measured. */
  responseMetPercent: number | null;
  resolutionMetPercent: number | null;
  /** Mean elapsed minutes (one decimal), null when nothing was measured. */
  mttaElapsedMinutes: number | null;
  mttrElapsedMinutes: number | null;
  reopenPercent: number | null;
}

export interface PeriodReport {
  period: ReportPeriod;
  filter: ReportFilter;
  byPriority: PriorityFigures[];
  total: PriorityFigures | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** part / whole as a percent with one decimal; null for an empty whole (no 0 % for "no data"). */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : oneDecimal((100 * part) / whole);
}

/** Mean of a seconds sum over n, in minutes with one decimal; null when n is 0. */
export function meanMinutes(secondsSum: number, n: number): number | null {
  return n === 0 ? null : oneDecimal(secondsSum / n / 60);
}

export function priorityFigures(a: PriorityAggregate): PriorityFigures {
  return {
    priority: a.priority,
    reported: a.reported,
    responded: a.responded,
    resolved: a.resolved,
    responseMetPercent: percent(a.respondedInTime, a.responded),
    resolutionMetPercent: percent(a.resolvedInTime, a.resolved),
    mttaElapsedMinutes: meanMinutes(a.respondSecondsSum, a.responded),
    mttrElapsedMinutes: meanMinutes(a.resolveSecondsSum, a.resolved),
    reopenPercent: percent(a.reopened, a.reported),
  };
}

/** The sum over priorities; per-priority counts are summed first, then divided (not a mean of %). */
export function totalAggregate(
  rows: readonly PriorityAggregate[],
): Omit<PriorityAggregate, 'priority'> | null {
  if (rows.length === 0) return null;
  const keys = [
    'reported',
    'responded',
    'respondedInTime',
    'resolved',
    'resolvedInTime',
    'reopened',
    'respondSecondsSum',
    'resolveSecondsSum',
  ] as const;
  const sum = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)]));
  return sum as Omit<PriorityAggregate, 'priority'>;
}

export function buildReport(
  period: ReportPeriod,
  filter: ReportFilter,
  rows: readonly PriorityAggregate[],
): PeriodReport {
  const sorted = [...rows].sort((a, b) => a.priority - b.priority);
  const total = totalAggregate(sorted);
  return {
    period,
    filter,
    byPriority: sorted.map(priorityFigures),
    // priority 1 is a placeholder the total never shows: the figures are over all priorities.
    total: total ? { ...priorityFigures({ ...total, priority: 1 }) } : null,
  };
}
