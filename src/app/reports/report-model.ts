// The period report's model (issue 13 item 3) and its pure arithmetic. Storage returns one
// aggregate row per priority (db/report-queries.ts); everything here is arithmetic on counts and
// sums, so it is unit-tested without a database. Definitions: docs/reports.md.
import type { Priority } from '../../core/types.js';
import {
  type BacklogCount,
  type Count,
  type DeclineReason,
  type KnowledgeAggregate,
  type OnsiteAggregate,
  type OnsiteFigures,
  onsiteFigures,
  type ReassignmentAggregate,
  type SatisfactionAggregate,
  type SatisfactionFigures,
  type SecondLineFigures,
  satisfactionFigures,
  secondLineFigures,
  type TeamAggregate,
  type Volumes,
} from './report-figures.js';
import { meanMinutes, meanOfMinutes, percent } from './report-math.js';

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
  /** The chat platform the report came in on ('slack', 'teams'). */
  platform?: string;
}

/** What storage sums per priority; seconds are elapsed (wall-clock) seconds. */
export interface PriorityAggregate {
  priority: Priority;
  reported: number;
  responded: number;
  respondedInTime: number;
  /** Not responded, and the response deadline passed before now (or before a cancellation). */
  unrespondedLate: number;
  resolved: number;
  resolvedInTime: number;
  reopened: number;
  respondSecondsSum: number;
  resolveSecondsSum: number;
  /** Service times on the priority's clock, pauses excluded (null on rows not yet measured). */
  respondClocked: number;
  respondClockMinutesSum: number;
  resolveClocked: number;
  resolveClockMinutesSum: number;
  /** Resolved without ever being assigned to the second line (IM2.8/IM2.10, no IM2.11). */
  resolvedByDesk: number;
  closed: number;
  cancelled: number;
}

export interface PriorityFigures {
  priority: Priority;
  reported: number;
  responded: number;
  /** Not responded and past the response deadline: missed, counted in the response percent. */
  unrespondedLate: number;
  resolved: number;
  /** Percent 0–100 with one decimal, null when nothing was measured. */
  responseMetPercent: number | null;
  resolutionMetPercent: number | null;
  /** Mean elapsed minutes (one decimal), null when nothing was measured. */
  mttaElapsedMinutes: number | null;
  mttrElapsedMinutes: number | null;
  /** Mean minutes on the priority's own clock (business or 24×7), pauses excluded. */
  mttaClockMinutes: number | null;
  mttrClockMinutes: number | null;
  reopenPercent: number | null;
  deskResolutionPercent: number | null;
  closed: number;
  cancelled: number;
}

/** Everything storage counts for one report (db/reports/). */
export interface ReportData {
  priorities: PriorityAggregate[];
  volumes: Volumes;
  breaches: Count[];
  teams: TeamAggregate[];
  reassignment: ReassignmentAggregate;
  declineReasons: DeclineReason[];
  escalations: Count[];
  onsite: OnsiteAggregate;
  /** Open at `asOf`: the period's end, or now for a period not over yet. */
  backlog: BacklogCount[];
  knowledge: KnowledgeAggregate;
  satisfaction: SatisfactionAggregate;
}

export interface PeriodReport {
  period: ReportPeriod;
  filter: ReportFilter;
  byPriority: PriorityFigures[];
  total: PriorityFigures | null;
  volumes: Volumes;
  breaches: Count[];
  secondLine: SecondLineFigures;
  escalations: Count[];
  onsite: OnsiteFigures;
  backlog: { asOf: Date; counts: BacklogCount[] };
  knowledge: KnowledgeAggregate;
  satisfaction: SatisfactionFigures;
}

export function priorityFigures(a: PriorityAggregate): PriorityFigures {
  return {
    priority: a.priority,
    reported: a.reported,
    responded: a.responded,
    unrespondedLate: a.unrespondedLate,
    resolved: a.resolved,
    // A deadline passed without a response is missed; one not yet due is left out (docs/reports.md).
    responseMetPercent: percent(a.respondedInTime, a.responded + a.unrespondedLate),
    resolutionMetPercent: percent(a.resolvedInTime, a.resolved),
    mttaElapsedMinutes: meanMinutes(a.respondSecondsSum, a.responded),
    mttrElapsedMinutes: meanMinutes(a.resolveSecondsSum, a.resolved),
    mttaClockMinutes: meanOfMinutes(a.respondClockMinutesSum, a.respondClocked),
    mttrClockMinutes: meanOfMinutes(a.resolveClockMinutesSum, a.resolveClocked),
    reopenPercent: percent(a.reopened, a.reported),
    deskResolutionPercent: percent(a.resolvedByDesk, a.resolved),
    closed: a.closed,
    cancelled: a.cancelled,
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
    'unrespondedLate',
    'resolved',
    'resolvedInTime',
    'reopened',
    'respondSecondsSum',
    'resolveSecondsSum',
    'respondClocked',
    'respondClockMinutesSum',
    'resolveClocked',
    'resolveClockMinutesSum',
    'resolvedByDesk',
    'closed',
    'cancelled',
  ] as const;
  const sum = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)]));
  return sum as Omit<PriorityAggregate, 'priority'>;
}

export function buildReport(
  period: ReportPeriod,
  filter: ReportFilter,
  asOf: Date,
  data: ReportData,
): PeriodReport {
  const sorted = [...data.priorities].sort((a, b) => a.priority - b.priority);
  const total = totalAggregate(sorted);
  return {
    period,
    filter,
    byPriority: sorted.map(priorityFigures),
    // priority 1 is a placeholder the total never shows: the figures are over all priorities.
    total: total ? { ...priorityFigures({ ...total, priority: 1 }) } : null,
    volumes: data.volumes,
    breaches: data.breaches,
    secondLine: secondLineFigures(data.teams, data.reassignment, data.declineReasons),
    escalations: data.escalations,
    onsite: onsiteFigures(data.onsite),
    backlog: { asOf, counts: data.backlog },
    knowledge: data.knowledge,
    satisfaction: satisfactionFigures(data.satisfaction),
  };
}
