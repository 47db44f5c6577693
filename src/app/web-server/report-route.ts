// GET /web/reports?period=…[&priority=…&team=…&category=…&nature=…&platform=…]: the period report for agents and managers (the router checks the
// role first; ReportService.reportFor checks it again). The period is read as in chat
// (src/app/reports/period-arg.ts); one that cannot be read is said back with the form.
import type express from 'express';
import type { Locale } from '../../core/config.js';
import { isDomainError } from '../../core/errors.js';
import { errorMessage, t } from '../../i18n/index.js';
import { filterQuery, parseFilter } from '../reports/filter-arg.js';
import { parsePeriod } from '../reports/period-arg.js';
import type { ReportFilter, ReportPeriod } from '../reports/report-model.js';
import { reportValueNames } from '../web/report-names.js';
import { filterOptions, reportPage } from '../web/report-page.js';
import { sendPage } from './respond.js';
import type { Visit, WebPagesDeps } from './web-deps.js';

export function reportRoute(deps: WebPagesDeps) {
  return async (req: express.Request, res: express.Response, visit: Visit): Promise<void> => {
    const periodText = typeof req.query.period === 'string' ? req.query.period.slice(0, 60) : 'month';
    const zone = deps.config.calendar.timeZone;
    const given = filterQuery(req.query);
    const names = reportValueNames(deps.config, visit.locale);
    const filters = { options: filterOptions(deps.config, names), given };
    const base = { frame: visit.frame, timeZone: zone, periodText, filters, names };
    let period: ReportPeriod;
    let filter: ReportFilter;
    try {
      period = parsePeriod(periodText, deps.clock.now(), zone);
      filter = parseFilter(given, deps.config);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const error = errorMessage(visit.locale, err, { timeZone: zone });
      sendPage(res, 400, reportPage({ ...base, rangeText: null, report: null, error }));
      return;
    }
    const report = await deps.reports.reportFor(visit.actor, period, filter);
    const rangeText = rangeOf(visit.locale, period, zone);
    sendPage(res, 200, reportPage({ ...base, rangeText, report, error: null }));
  };
}

/** First and last day of the period, as dates in the desk's zone. */
function rangeOf(l: Locale, p: ReportPeriod, zone: string): string {
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(ms);
  return t(l, 'web.reports.range', { from: day(p.from.getTime()), to: day(p.to.getTime() - 1), zone });
}
