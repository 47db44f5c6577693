// Use case: the report for a period (issue 13 item 3). Aggregation happens in SQL behind the
// port; this validates the period, checks who asks, and does the arithmetic.
import type { Limits } from '../../core/config.js';
import { DomainError } from '../../core/errors.js';
import { isDeskStaff } from '../../core/read-access.js';
import type { Actor } from '../../core/types.js';
import { buildReport, type PeriodReport, type ReportFilter, type ReportPeriod } from './report-model.js';
import type { ReportQueries } from './report-port.js';

/** Reports show every incident's figures: for the desk's agents and the incident managers. */
export const mayReadReports = (actor: Actor): boolean => isDeskStaff(actor);

/** Refuses anyone but agents and incident managers, in the words every refusal uses. */
export function assertMayReadReports(actor: Actor): void {
  if (!mayReadReports(actor))
    throw new DomainError('forbidden', { action: 'read_reports', role: 'agent|manager' });
}

type ReportLimits = Pick<Limits, 'acceptanceMinutes' | 'onsiteFeedbackMinutes'>;

export class ReportService {
  /** `limits` as a function: read once per report, so a reloaded configuration applies to the next. */
  constructor(
    private readonly queries: ReportQueries,
    private readonly limits: ReportLimits | (() => ReportLimits),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The report for a person: refused unless they are a desk agent or an incident manager. */
  async reportFor(actor: Actor, period: ReportPeriod, filter: ReportFilter = {}): Promise<PeriodReport> {
    assertMayReadReports(actor);
    return this.periodReport(period, filter);
  }

  /** The report itself, for callers that authorised already (the operator's command line). */
  async periodReport(period: ReportPeriod, filter: ReportFilter = {}): Promise<PeriodReport> {
    if (!(period.from.getTime() < period.to.getTime())) {
      throw new DomainError('invalid_input', {
        field: 'period',
        value: `${period.from.toISOString()}..${period.to.toISOString()}`,
      });
    }
    const now = this.now();
    // A period not over yet leaves behind what is open now, not what will be open at its end.
    const asOf = period.to.getTime() < now.getTime() ? period.to : now;
    const limits = typeof this.limits === 'function' ? this.limits() : this.limits;
    const data = await this.queries.reportData({ period, filter, asOf, now, limits });
    return buildReport(period, filter, asOf, data);
  }
}
