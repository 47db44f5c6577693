// The report port (src/app/reports/report-port.ts) in SQL: one aggregate statement per section,
// issued together. Definitions: docs/reports.md.
import type { ReportDataQuery, ReportQueries } from '../../src/app/reports/report-port.js';
import type { Database } from '../connect.js';
import { breaches, volumes } from './breakdowns.js';
import { priorityAggregates } from './priority.js';
import { satisfaction } from './satisfaction.js';
import { secondLine } from './second-line.js';
import { backlog, escalations, knowledge, onsite } from './signals.js';

export function createReportQueries(db: Database): ReportQueries {
  return {
    async reportData({ period, filter, asOf, now, limits }: ReportDataQuery) {
      const [priorities, vol, breached, second, esc, site, open, kb, rated] = await Promise.all([
        priorityAggregates(db, period, filter, now),
        volumes(db, period, filter),
        breaches(db, period, filter),
        secondLine(db, period, filter, limits.acceptanceMinutes),
        escalations(db, period, filter),
        onsite(db, period, filter, limits.onsiteFeedbackMinutes),
        backlog(db, asOf, filter),
        knowledge(db, period, filter),
        satisfaction(db, period, filter),
      ]);
      return {
        priorities,
        volumes: vol,
        breaches: breached,
        ...second,
        escalations: esc,
        onsite: site,
        backlog: open,
        knowledge: kb,
        satisfaction: rated,
      };
    },
  };
}
