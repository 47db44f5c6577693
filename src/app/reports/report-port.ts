// The port the report use case reads through; db/reports/ implements it in SQL.
import type { ReportData, ReportFilter, ReportPeriod } from './report-model.js';

export interface ReportDataQuery {
  period: ReportPeriod;
  filter: ReportFilter;
  /** The instant the backlog is taken at. */
  asOf: Date;
  /** The instant unanswered response deadlines are judged at: passed before it means missed. */
  now: Date;
  /** From configuration: the second line's acceptance limit, the on-site feedback limit. */
  limits: { acceptanceMinutes: number; onsiteFeedbackMinutes: number };
}

export interface ReportQueries {
  reportData(query: ReportDataQuery): Promise<ReportData>;
}
