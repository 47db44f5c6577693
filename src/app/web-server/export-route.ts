// GET /web/export/incidents.csv?period=…[&team=…] and /web/export/audit.csv?period=…: the CSV export
// (src/app/reports/export.ts) for agents and incident managers, streamed page by page so a long
// period never sits in memory; UTF-8 with a BOM, so Excel opens Chinese correctly.
import type express from 'express';
import { isDomainError } from '../../core/errors.js';
import { errorMessage } from '../../i18n/index.js';
import { EXPORT_KINDS, type ExportKind, exportCsv } from '../reports/export.js';
import { filterQuery, parseFilter } from '../reports/filter-arg.js';
import { parsePeriod } from '../reports/period-arg.js';
import type { ReportFilter } from '../reports/report-model.js';
import { mayReadReports } from '../reports/report-service.js';
import type { Visit, WebPagesDeps } from './web-deps.js';

export function exportRoute(deps: WebPagesDeps) {
  return async (req: express.Request, res: express.Response, visit: Visit): Promise<void> => {
    const kind = String(req.params.file ?? '').replace(/\.csv$/, '') as ExportKind;
    const periodText = typeof req.query.period === 'string' ? req.query.period.slice(0, 60) : 'month';
    const zone = deps.config.calendar.timeZone;
    if (!EXPORT_KINDS.includes(kind) || !mayReadReports(visit.actor)) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    let period: ReturnType<typeof parsePeriod>;
    let filter: ReportFilter;
    try {
      period = parsePeriod(periodText, deps.clock.now(), zone);
      filter = parseFilter(filterQuery(req.query), deps.config);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send(errorMessage(visit.locale, err, { timeZone: zone }));
      return;
    }
    const name = `${kind}-${periodText.replace(/[^0-9A-Za-z.-]/g, '_')}.csv`;
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.setHeader('cache-control', 'no-store');
    for await (const chunk of exportCsv(deps.exports, kind, period, filter, undefined, visit.locale)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  };
}
