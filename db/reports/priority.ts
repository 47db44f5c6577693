// Per-priority counts for the period: SLA met, elapsed and clock service times, desk resolution,
// reopen and closure. The stored deadlines already sit on the priority's own clock with pauses
// excluded (src/core/sla.ts), so "met" is a comparison of timestamps. Definitions: docs/reports.md.
import { sql } from 'drizzle-orm';
import type { PriorityAggregate, ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';
import type { Priority } from '../../src/core/types.js';
import type { Database } from '../connect.js';
import { queryRows } from '../sql-rows.js';
import { num, periodWhere } from './period.js';

type N = string | number | null;
interface Row {
  priority: number;
  reported: N;
  responded: N;
  responded_in_time: N;
  unresponded_late: N;
  resolved: N;
  resolved_in_time: N;
  reopened: N;
  respond_seconds: N;
  resolve_seconds: N;
  respond_clocked: N;
  respond_clock_sum: N;
  resolve_clocked: N;
  resolve_clock_sum: N;
  resolved_by_desk: N;
  closed: N;
  cancelled: N;
}

export async function priorityAggregates(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
  now: Date,
): Promise<PriorityAggregate[]> {
  const rows = await queryRows<Row>(
    db.orm,
    sql`WITH r AS (
          SELECT priority, reported_at, responded_at, respond_by, resolve_by, reopen_count, status, closed_at,
                 respond_clock_minutes, resolve_clock_minutes,
                 (resolution->>'at')::timestamptz AS resolved_at,
                 first_assigned_at IS NOT NULL AS reached_second_line
          FROM incidents i
          WHERE ${periodWhere(period, filter)})
        SELECT priority,
               count(*) AS reported,
               count(responded_at) AS responded,
               count(*) FILTER (WHERE responded_at <= respond_by) AS responded_in_time,
               count(*) FILTER (WHERE responded_at IS NULL
                 AND respond_by < coalesce(closed_at, ${now.toISOString()}::timestamptz)) AS unresponded_late,
               count(resolved_at) AS resolved,
               count(*) FILTER (WHERE resolved_at <= resolve_by) AS resolved_in_time,
               count(*) FILTER (WHERE reopen_count > 0) AS reopened,
               sum(extract(epoch FROM responded_at - reported_at)) AS respond_seconds,
               sum(extract(epoch FROM resolved_at - reported_at)) AS resolve_seconds,
               count(respond_clock_minutes) FILTER (WHERE responded_at IS NOT NULL) AS respond_clocked,
               sum(respond_clock_minutes) FILTER (WHERE responded_at IS NOT NULL) AS respond_clock_sum,
               count(resolve_clock_minutes) FILTER (WHERE resolved_at IS NOT NULL) AS resolve_clocked,
               sum(resolve_clock_minutes) FILTER (WHERE resolved_at IS NOT NULL) AS resolve_clock_sum,
               count(*) FILTER (WHERE resolved_at IS NOT NULL AND NOT reached_second_line) AS resolved_by_desk,
               count(*) FILTER (WHERE status = 'closed') AS closed,
               count(*) FILTER (WHERE status = 'cancelled') AS cancelled
        FROM r GROUP BY priority ORDER BY priority`,
  );
  return rows.map((r) => ({
    priority: Number(r.priority) as Priority,
    reported: num(r.reported),
    responded: num(r.responded),
    respondedInTime: num(r.responded_in_time),
    unrespondedLate: num(r.unresponded_late),
    resolved: num(r.resolved),
    resolvedInTime: num(r.resolved_in_time),
    reopened: num(r.reopened),
    respondSecondsSum: num(r.respond_seconds),
    resolveSecondsSum: num(r.resolve_seconds),
    respondClocked: num(r.respond_clocked),
    respondClockMinutesSum: num(r.respond_clock_sum),
    resolveClocked: num(r.resolve_clocked),
    resolveClockMinutesSum: num(r.resolve_clock_sum),
    resolvedByDesk: num(r.resolved_by_desk),
    closed: num(r.closed),
    cancelled: num(r.cancelled),
  }));
}
