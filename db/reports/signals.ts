// Escalations by level, on-site limits, the backlog by age and knowledge use, for the period's
// incidents. Definitions: docs/reports.md.
import { sql } from 'drizzle-orm';
import type {
  BacklogBucket,
  BacklogCount,
  Count,
  KnowledgeAggregate,
  OnsiteAggregate,
} from '../../src/app/reports/report-figures.js';
import type { ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';
import type { Priority } from '../../src/core/types.js';
import type { Database } from '../connect.js';
import { queryRows } from '../sql-rows.js';
import { filterSql, num, periodIds, periodWhere } from './period.js';

type N = string | number | null;

/** Timer escalations (audit action 'escalated') per level reached: team, lead, manager, desk. */
export async function escalations(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
): Promise<Count[]> {
  const rows = await queryRows<{ key: string; count: N }>(
    db.orm,
    sql`WITH ${periodIds(period, filter)}
        SELECT CASE t->>'kind' WHEN 'person' THEN t->>'as' WHEN 'managers' THEN 'manager'
                              ELSE t->>'kind' END AS key,
               count(*) AS count
        FROM audit_events e JOIN p ON p.id = e.incident_id
             CROSS JOIN LATERAL jsonb_array_elements(e.payload->'targets') AS t
        WHERE e.action = 'escalated'
          -- Never earlier than its incident's registration, so never before the period: bounds
          -- the read to audit_events_escalated_idx from the period on (migration 0014).
          AND e.at >= ${period.from.toISOString()}::timestamptz
        GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  return rows.map((r) => ({ key: r.key, count: num(r.count) }));
}

/** IM2.6 tasks not cancelled: acknowledged before the window opened, feedback within its limit. */
export async function onsite(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
  feedbackMinutes: number,
): Promise<OnsiteAggregate> {
  const [r] = await queryRows<Record<string, N>>(
    db.orm,
    sql`WITH ${periodIds(period, filter)}
        SELECT count(*) AS dispatched,
               count(acknowledged_at) AS acknowledged,
               count(*) FILTER (WHERE acknowledged_at <= window_start) AS acknowledged_in_time,
               count(feedback_at) AS feedback,
               count(*) FILTER (WHERE feedback_at <= window_end + make_interval(mins => ${feedbackMinutes}))
                 AS feedback_in_time
        FROM onsite_tasks o JOIN p ON p.id = o.incident_id
        WHERE o.state <> 'cancelled'
          -- Dispatched after its incident's registration: onsite_tasks_dispatched_idx (0016).
          AND o.dispatched_at >= ${period.from.toISOString()}::timestamptz`,
  );
  return {
    dispatched: num(r?.dispatched),
    acknowledged: num(r?.acknowledged),
    acknowledgedInTime: num(r?.acknowledged_in_time),
    feedback: num(r?.feedback),
    feedbackInTime: num(r?.feedback_in_time),
  };
}

/**
 * Incidents still open at `asOf` (reported before it, not closed or cancelled before it) by
 * priority and age. Not limited to the period: the backlog is what the period leaves behind.
 */
export async function backlog(db: Database, asOf: Date, filter: ReportFilter): Promise<BacklogCount[]> {
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const rows = await queryRows<{ priority: number; bucket: BacklogBucket; count: N }>(
    db.orm,
    sql`SELECT priority,
               CASE WHEN ${at} - reported_at < interval '1 day' THEN 'lt_1d'
                    WHEN ${at} - reported_at < interval '3 days' THEN 'd1_3'
                    WHEN ${at} - reported_at < interval '7 days' THEN 'd3_7'
                    WHEN ${at} - reported_at < interval '30 days' THEN 'd7_30'
                    ELSE 'ge_30d' END AS bucket,
               count(*) AS count
        FROM incidents
        WHERE reported_at < ${at} AND (closed_at IS NULL OR closed_at >= ${at})${filterSql(filter)}
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({
    priority: Number(r.priority) as Priority,
    bucket: r.bucket,
    count: num(r.count),
  }));
}

export async function knowledge(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
  top = 5,
): Promise<KnowledgeAggregate> {
  const ids = periodIds(period, filter);
  // Feedback is given after its incident's registration: knowledge_feedback_at_idx (0016).
  const since = sql`f.at >= ${period.from.toISOString()}::timestamptz`;
  const [[totals], entries] = await Promise.all([
    queryRows<Record<string, N>>(
      db.orm,
      sql`WITH ${ids},
          f AS (SELECT count(*) FILTER (WHERE helped) AS applied, count(*) FILTER (WHERE NOT helped) AS not_helped
                FROM knowledge_feedback f JOIN p ON p.id = f.incident_id WHERE ${since})
          SELECT f.applied, f.not_helped,
                 -- Straight from the period's rows: joined to p, the planner hashed all incidents.
                 (SELECT count(*) FROM incidents
                  WHERE ${periodWhere(period, filter)} AND resolution->>'matchRef' IS NOT NULL) AS resolved_with_match
          FROM f`,
    ),
    queryRows<{ ref: string; title: string; applied: N; not_helped: N }>(
      db.orm,
      sql`WITH ${ids}
          SELECT k.ref, k.title, count(*) FILTER (WHERE f.helped) AS applied,
                 count(*) FILTER (WHERE NOT f.helped) AS not_helped
          FROM knowledge_feedback f JOIN p ON p.id = f.incident_id JOIN knowledge_entries k ON k.id = f.entry_id
          WHERE ${since}
          GROUP BY k.ref, k.title ORDER BY 3 DESC, 4 DESC, k.ref LIMIT ${top}`,
    ),
  ]);
  return {
    resolvedWithMatch: num(totals?.resolved_with_match),
    applied: num(totals?.applied),
    notHelped: num(totals?.not_helped),
    top: entries.map((e) => ({
      ref: e.ref,
      title: e.title,
      applied: num(e.applied),
      notHelped: num(e.not_helped),
    })),
  };
}
