// The report sections beyond the per-priority figures (issue 13 item 3): what storage counts for
// each, and the figures derived from those counts. Definitions: docs/reports.md.
import type { Priority } from '../../core/types.js';
import { meanMinutes, percent } from './report-math.js';

/** One key and how many: a category, a closure code, an escalation level, a bucket… */
export interface Count {
  /** null: none (no team yet, not closed yet, platform unknown). */
  key: string | null;
  count: number;
}

export type VolumeDimension = 'category' | 'nature' | 'team' | 'platform' | 'closure';
export type Volumes = Record<VolumeDimension, Count[]>;

/** Per second-line team, over the assignments of the period's incidents. */
export interface TeamAggregate {
  team: string;
  assigned: number;
  /** Taken up (IM2.12), declines from the assignment card included: the timing's base. */
  accepted: number;
  acceptedInTime: number;
  acceptSecondsSum: number;
  /** Taken up and not then declined by the same team (IM2.13 yes): what IM2.11's rate counts. */
  kept: number;
  declined: number;
}

export interface TeamFigures extends TeamAggregate {
  acceptedInTimePercent: number | null;
  meanAcceptanceMinutes: number | null;
  /** IM2.11's acceptance rate (提高接受率): kept / assigned. */
  acceptancePercent: number | null;
}

export interface ReassignmentAggregate {
  /** Incidents assigned to the second line at least once. */
  incidents: number;
  /** Assignments after the first, summed over those incidents. */
  reassignments: number;
  declines: number;
}

export interface DeclineReason {
  team: string;
  reason: string;
  count: number;
}

export interface OnsiteAggregate {
  dispatched: number;
  acknowledged: number;
  acknowledgedInTime: number;
  feedback: number;
  feedbackInTime: number;
}

export const BACKLOG_BUCKETS = ['lt_1d', 'd1_3', 'd3_7', 'd7_30', 'ge_30d'] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number];

export interface BacklogCount {
  priority: Priority;
  bucket: BacklogBucket;
  count: number;
}

export interface KnowledgeEntryUse {
  ref: string;
  title: string;
  applied: number;
  notHelped: number;
}

export interface KnowledgeAggregate {
  /** Incidents resolved with a knowledge entry or earlier incident applied (resolution.matchRef). */
  resolvedWithMatch: number;
  applied: number;
  notHelped: number;
  top: KnowledgeEntryUse[];
}

/** IM5.1 ratings of the period's incidents. */
export interface SatisfactionAggregate {
  /** Incidents whose reporter was asked: confirmed, or closed without them. */
  asked: number;
  rated: number;
  scoreSum: number;
  /** Rated incidents per score 1..5. */
  distribution: [number, number, number, number, number];
  confirmed: { rated: number; scoreSum: number };
  closedWithoutReporter: { rated: number; scoreSum: number };
  commented: number;
}

export interface SatisfactionFigures extends SatisfactionAggregate {
  responsePercent: number | null;
  /** Mean score, two decimals; null when nobody rated. */
  average: number | null;
  confirmedAverage: number | null;
  closedWithoutReporterAverage: number | null;
}

export interface SecondLineFigures {
  teams: TeamFigures[];
  /** Means over incidents that reached the second line; null when none did. */
  reassignmentsPerIncident: number | null;
  declinesPerIncident: number | null;
  reassignment: ReassignmentAggregate;
  declineReasons: DeclineReason[];
}

export interface OnsiteFigures extends OnsiteAggregate {
  acknowledgedInTimePercent: number | null;
  feedbackInTimePercent: number | null;
}

/** As oneDecimal (report-math.ts): a tie is read at 12 significant digits before it is rounded. */
const twoDecimals = (n: number) => Math.round(Number((n * 100).toPrecision(12))) / 100;

export function teamFigures(a: TeamAggregate): TeamFigures {
  return {
    ...a,
    acceptedInTimePercent: percent(a.acceptedInTime, a.accepted),
    meanAcceptanceMinutes: meanMinutes(a.acceptSecondsSum, a.accepted),
    acceptancePercent: percent(a.kept, a.assigned),
  };
}

export function secondLineFigures(
  teams: readonly TeamAggregate[],
  reassignment: ReassignmentAggregate,
  declineReasons: DeclineReason[],
): SecondLineFigures {
  const per = (n: number) => (reassignment.incidents === 0 ? null : twoDecimals(n / reassignment.incidents));
  return {
    teams: [...teams].sort((a, b) => a.team.localeCompare(b.team)).map(teamFigures),
    reassignmentsPerIncident: per(reassignment.reassignments),
    declinesPerIncident: per(reassignment.declines),
    reassignment,
    declineReasons,
  };
}

const meanScore = (sum: number, n: number) => (n === 0 ? null : twoDecimals(sum / n));

export function satisfactionFigures(a: SatisfactionAggregate): SatisfactionFigures {
  return {
    ...a,
    responsePercent: percent(a.rated, a.asked),
    average: meanScore(a.scoreSum, a.rated),
    confirmedAverage: meanScore(a.confirmed.scoreSum, a.confirmed.rated),
    closedWithoutReporterAverage: meanScore(a.closedWithoutReporter.scoreSum, a.closedWithoutReporter.rated),
  };
}

export function onsiteFigures(a: OnsiteAggregate): OnsiteFigures {
  return {
    ...a,
    acknowledgedInTimePercent: percent(a.acknowledgedInTime, a.dispatched),
    feedbackInTimePercent: percent(a.feedbackInTime, a.dispatched),
  };
}
