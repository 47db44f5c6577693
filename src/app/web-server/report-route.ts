// GET /web/reports?period=…: the period report for agents and managers (the role is checked by
// the router). A period that cannot be read is said back with the form, never a crash.
import type express from 'express';
import { parsePeriod, periodDays } from '../../core/report-period.js';
import { t } from '../../i18n/index.js';
import { reportPage } from '../web/report-page.js';
import { sendPage } from './respond.js';
import type { Visit, WebPagesDeps } from './web-deps.js';

export function reportRoute(deps: WebPagesDeps) {
  return async (req: express.Request, res: express.Response, visit: Visit): Promise<void> => {
    const l = visit.locale;
    const periodText = typeof req.query.period === 'string' ? req.query.period.slice(0, 60) : 'month';
    const zone = deps.config.calendar.timeZone;
    const period = parsePeriod(periodText, deps.clock.now(), zone);
    if (!period) {
      const error = t(l, 'web.reports.bad_period', { value: periodText });
      sendPage(
        res,
        400,
        reportPage({ frame: visit.frame, periodText, rangeText: null, report: null, error }),
      );
      return;
    }
    const report = await deps.reports.periodReport(period);
    const days = periodDays(period, zone);
    const rangeText = t(l, 'web.reports.range', { from: days.first, to: days.last, zone });
    sendPage(res, 200, reportPage({ frame: visit.frame, periodText, rangeText, report, error: null }));
  };
}
