// The rows behind the CSV export (issue 13 item 5): one row per incident of the period with every
// report field, and the audit trail of those incidents, read in keyset pages so a year's export
// never holds more than a page in memory. Column meanings: docs/reports.md. Minutes are rounded
// here, once, to one decimal like every report figure: the clock minutes are stored unrounded.
import { sql } from 'drizzle-orm';
import type { ExportPage, ExportQueries, ExportRow } from '../../src/app/reports/export-port.js';
import type { ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';
import type { Database } from '../connect.js';
import { queryRows } from '../sql-rows.js';
import { periodWhere } from './period.js';

type Cursor = { at: string; id: string } | null;
const after = (c: Cursor, at: string, id: string) =>
  c === null ? sql`` : sql` AND (${sql.raw(at)}, ${sql.raw(id)}) > (${c.at}::timestamptz, ${c.id})`;

export function createExportQueries(db: Database): ExportQueries {
  return {
    async incidents(
      period: ReportPeriod,
      filter: ReportFilter,
      cursor: Cursor,
      limit: number,
    ): Promise<ExportPage> {
      const rows = await queryRows<ExportRow>(
        db.orm,
        sql`SELECT i.number, i.id, i.reported_at, i.reported_via, i.status, i.nature, i.category, i.priority,
                   i.impact, i.urgency, i.assigned_team, i.responded_at, i.respond_by,
                   (i.responded_at <= i.respond_by) AS response_met,
                   round((extract(epoch FROM i.responded_at - i.reported_at) / 60)::numeric, 1) AS respond_elapsed_minutes,
                   round(i.respond_clock_minutes::numeric, 1) AS respond_clock_minutes,
                   (i.resolution->>'at')::timestamptz AS resolved_at, i.resolve_by,
                   ((i.resolution->>'at')::timestamptz <= i.resolve_by) AS resolution_met,
                   round((extract(epoch FROM (i.resolution->>'at')::timestamptz - i.reported_at) / 60)::numeric, 1)
                     AS resolve_elapsed_minutes,
                   round(i.resolve_clock_minutes::numeric, 1) AS resolve_clock_minutes,
                   i.resolution->>'code' AS resolution_code,
                   i.resolution->>'matchRef' AS match_ref,
                   coalesce(a.assigned, 0) > 0 AS reached_second_line,
                   coalesce(a.assigned, 0) AS assignments, greatest(coalesce(a.assigned, 0) - 1, 0) AS reassignments,
                   coalesce(a.declined, 0) AS declines, coalesce(e.escalations, 0) AS escalations,
                   array_to_string(ARRAY(SELECT jsonb_array_elements_text(i.breaches)), ' ') AS breaches,
                   coalesce(o.tasks, 0) AS onsite_tasks, i.reopen_count, i.closure_code, i.closed_at,
                   i.satisfaction_score, i.satisfaction_at, i.satisfaction_after,
                   CASE WHEN i.satisfaction_score IS NULL THEN NULL
                     ELSE i.satisfaction_comment IS NOT NULL END AS satisfaction_commented, i.title
            FROM incidents i
            LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'assigned') AS assigned,
                                      count(*) FILTER (WHERE action = 'declined') AS declined
                               FROM assignments WHERE incident_id = i.id) a ON true
            LEFT JOIN LATERAL (SELECT count(*) AS escalations FROM audit_events
                               WHERE incident_id = i.id AND action = 'escalated') e ON true
            LEFT JOIN LATERAL (SELECT count(*) AS tasks FROM onsite_tasks
                               WHERE incident_id = i.id AND state <> 'cancelled') o ON true
            WHERE ${periodWhere(period, filter)}${after(cursor, 'i.reported_at', 'i.id')}
            ORDER BY i.reported_at, i.id LIMIT ${limit}`,
      );
      return { rows, next: nextCursor(rows, 'reported_at', 'id', limit) };
    },

    async audit(
      period: ReportPeriod,
      filter: ReportFilter,
      cursor: Cursor,
      limit: number,
    ): Promise<ExportPage> {
      // Keyed by the event's own id: append-only and increasing, so paging never skips or repeats.
      const afterId = cursor === null ? sql`` : sql` AND e.id > ${Number(cursor.id)}`;
      const rows = await queryRows<ExportRow>(
        db.orm,
        sql`SELECT i.number, e.id AS event_id, e.at, e.step, e.action, e.actor_id, e.actor_name, e.payload
            FROM audit_events e JOIN incidents i ON i.id = e.incident_id
            WHERE ${periodWhere(period, filter)}${afterId}
            ORDER BY e.id LIMIT ${limit}`,
      );
      const last = rows.at(-1);
      return { rows, next: rows.length < limit || !last ? null : { at: '', id: String(last.event_id) } };
    },
  };
}

function nextCursor(rows: ExportRow[], at: string, id: string, limit: number): Cursor {
  const last = rows.at(-1);
  if (rows.length < limit || !last) return null;
  const when = last[at];
  return { at: when instanceof Date ? when.toISOString() : String(when), id: String(last[id]) };
}
