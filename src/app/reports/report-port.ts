// The port the report use case reads through; db/report-queries.ts implements it in SQL.
import type { PriorityAggregate, ReportFilter, ReportPeriod } from './report-model.js';

export interface ReportQueries {
  /** One row per priority that has incidents reported in the period and matching the filter. */
  priorityAggregates(period: ReportPeriod, filter: ReportFilter): Promise<PriorityAggregate[]>;
}
