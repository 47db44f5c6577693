// SQL behind the report port (src/app/reports/report-port.ts): one aggregate scan of the
// incidents reported in the period, grouped by priority. The stored deadlines already sit on the
// priority's own clock with pauses excluded (src/core/sla.ts), so "met" is a comparison of
// timestamps here. Definitions: docs/reports.md.
import { type SQL, sql } from 'drizzle-orm';
import type { PriorityAggregate, ReportFilter, ReportPeriod } from '../src/app/reports/report-model.js';
import type { ReportQueries } from '../src/app/reports/report-port.js';
import type { Priority } from '../src/core/types.js';
import type { Database } from './connect.js';
import { queryRows } from './sql-rows.js';

interface Row {
  priority: number;
  reported: string | number;
  responded: string | number;
  responded_in_time: string | number;
  resolved: string | number;
  resolved_in_time: string | number;
  reopened: string | number;
  respond_seconds: string | number | null;
  resolve_seconds: string | number | null;
}

function filterSql(f: ReportFilter): SQL {
  const parts: SQL[] = [];
  if (f.priority !== undefined) parts.push(sql` AND priority = ${f.priority}`);
  if (f.team !== undefined) parts.push(sql` AND assigned_team = ${f.team}`);
  if (f.category !== undefined) parts.push(sql` AND category = ${f.category}`);
  if (f.nature !== undefined) parts.push(sql` AND nature = ${f.nature}`);
  return sql.join(parts, sql``);
}

const n = (v: string | number | null) => (v === null ? 0 : Number(v));

export function createReportQueries(db: Database): ReportQueries {
  return {
    async priorityAggregates(period: ReportPeriod, filter: ReportFilter): Promise<PriorityAggregate[]> {
      const rows = await queryRows<Row>(
        db.orm,
        sql`WITH r AS (
              SELECT priority, reported_at, responded_at, respond_by, resolve_by, reopen_count,
                     (resolution->>'at')::timestamptz AS resolved_at
              FROM incidents
              WHERE reported_at >= ${period.from.toISOString()}::timestamptz
                AND reported_at < ${period.to.toISOString()}::timestamptz${filterSql(filter)})
            SELECT priority,
                   count(*) AS reported,
                   count(responded_at) AS responded,
                   count(*) FILTER (WHERE responded_at <= respond_by) AS responded_in_time,
                   count(resolved_at) AS resolved,
                   count(*) FILTER (WHERE resolved_at <= resolve_by) AS resolved_in_time,
                   count(*) FILTER (WHERE reopen_count > 0) AS reopened,
                   sum(extract(epoch FROM responded_at - reported_at)) AS respond_seconds,
                   sum(extract(epoch FROM resolved_at - reported_at)) AS resolve_seconds
            FROM r GROUP BY priority ORDER BY priority`,
      );
      return rows.map((r) => ({
        priority: Number(r.priority) as Priority,
        reported: n(r.reported),
        responded: n(r.responded),
        respondedInTime: n(r.responded_in_time),
        resolved: n(r.resolved),
        resolvedInTime: n(r.resolved_in_time),
        reopened: n(r.reopened),
        respondSecondsSum: n(r.respond_seconds),
        resolveSecondsSum: n(r.resolve_seconds),
      }));
    },
  };
}
