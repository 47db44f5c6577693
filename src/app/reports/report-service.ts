// Use case: the report for a period (issue 13 item 3). Aggregation happens in SQL behind the
// port; this only validates the period and does the arithmetic.
import { DomainError } from '../../core/errors.js';
import { buildReport, type PeriodReport, type ReportFilter, type ReportPeriod } from './report-model.js';
import type { ReportQueries } from './report-port.js';

export class ReportService {
  constructor(private readonly queries: ReportQueries) {}

  async periodReport(period: ReportPeriod, filter: ReportFilter = {}): Promise<PeriodReport> {
    if (!(period.from.getTime() < period.to.getTime())) {
      throw new DomainError('invalid_input', {
        field: 'period',
        value: `${period.from.toISOString()}..${period.to.toISOString()}`,
      });
    }
    const rows = await this.queries.priorityAggregates(period, filter);
    return buildReport(period, filter, rows);
  }
}
