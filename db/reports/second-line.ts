// The second line over the period's incidents (IM2.11–IM2.14): per team, how many assignments
// were taken up (IM2.12) and how fast against the acceptance limit, how many of those the team
// kept (not declined after, IM2.13 yes), how many were declined; per incident,
// reassignments and declines; the declines' reasons. One statement: the month's assignment
// history is read once and shared by the three answers (three statements each read it again —
// 300–450 ms apiece at 1,000,000 incidents, docs/reports-speed.md). Definitions: docs/reports.md.
import { sql } from 'drizzle-orm';
import type {
  DeclineReason,
  ReassignmentAggregate,
  TeamAggregate,
} from '../../src/app/reports/report-figures.js';
import type { ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';
import type { Database } from '../connect.js';
import { queryRows } from '../sql-rows.js';
import { num, periodIds } from './period.js';

type N = string | number | null;

export interface SecondLineData {
  teams: TeamAggregate[];
  reassignment: ReassignmentAggregate;
  declineReasons: DeclineReason[];
}

interface Row {
  teams: Record<string, N>[] | string;
  re: Record<string, N> | string | null;
  reasons: { team: string; reason: string | null; count: N }[] | string;
}

/** postgres.js hands json back parsed, PGlite may hand it back as text. */
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export async function secondLine(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
  acceptanceMinutes: number,
  reasonLimit = 20,
): Promise<SecondLineData> {
  const [row] = await queryRows<Row>(
    db.orm,
    // An assignment is taken up (or declined) by the row that follows it for the same team; it is
    // kept unless the row after that is the same team's decline (IM2.13 no after an accept). A
    // decline from the assignment card writes no `accepted` row (its IM2.12 is the audit event
    // `received`, src/core/steps/second-line.ts), so it is declined, never taken up; rows written
    // before 2026-12-07 still have IM2.12 accepted there (docs/reports.md).
    sql`WITH ${periodIds(period, filter)},
        a AS MATERIALIZED (
          SELECT a.incident_id, a.team, a.action, a.at, a.reason,
                 lead(a.action) OVER w AS next_action, lead(a.team) OVER w AS next_team,
                 lead(a.at) OVER w AS next_at,
                 -- One window function, not two (action and team): the statement's cost is its windows.
                 lead(CASE WHEN a.action = 'declined' THEN a.team END, 2) OVER w AS then_declined_by
          FROM assignments a JOIN p ON p.id = a.incident_id
          WHERE a.action IN ('assigned', 'accepted', 'declined')
            -- None precedes its incident's registration: assignments_at_idx from the period on.
            AND a.at >= ${period.from.toISOString()}::timestamptz
          -- Byte order: the partitions only need grouping, and a collation's sort costs more.
          WINDOW w AS (PARTITION BY a.incident_id COLLATE "C" ORDER BY a.id)),
        answered AS (
          SELECT *, ok AND then_declined_by IS DISTINCT FROM team AS kept
          FROM (SELECT *, action = 'assigned' AND next_action = 'accepted' AND next_team = team AS ok FROM a) x),
        teams AS (
          SELECT team,
                 count(*) FILTER (WHERE action = 'assigned') AS assigned,
                 count(*) FILTER (WHERE ok) AS accepted,
                 count(*) FILTER (WHERE ok AND next_at - at <= make_interval(mins => ${acceptanceMinutes}))
                   AS accepted_in_time,
                 sum(extract(epoch FROM next_at - at)) FILTER (WHERE ok) AS accept_seconds,
                 count(*) FILTER (WHERE kept) AS kept,
                 count(*) FILTER (WHERE action = 'declined') AS declined
          FROM answered GROUP BY team),
        per AS (
          SELECT incident_id,
                 count(*) FILTER (WHERE action = 'assigned') AS assigned,
                 count(*) FILTER (WHERE action = 'declined') AS declined
          FROM a GROUP BY incident_id),
        re AS (SELECT count(*) AS incidents, sum(assigned - 1) AS reassignments, sum(declined) AS declines
               FROM per WHERE assigned > 0),
        reasons AS (
          SELECT team, reason, count(*) AS count FROM a WHERE action = 'declined'
          GROUP BY team, reason ORDER BY count(*) DESC, team, reason LIMIT ${reasonLimit})
        SELECT (SELECT coalesce(json_agg(teams), '[]'::json) FROM teams) AS teams,
               (SELECT row_to_json(re) FROM re) AS re,
               (SELECT coalesce(json_agg(reasons), '[]'::json) FROM reasons) AS reasons`,
  );
  const re = (row?.re ? json(row.re) : {}) as Record<string, N>;
  return {
    teams: json(row?.teams ?? []).map((r) => ({
      team: String(r.team),
      assigned: num(r.assigned),
      accepted: num(r.accepted),
      acceptedInTime: num(r.accepted_in_time),
      acceptSecondsSum: num(r.accept_seconds),
      kept: num(r.kept),
      declined: num(r.declined),
    })),
    reassignment: {
      incidents: num(re.incidents),
      reassignments: num(re.reassignments),
      declines: num(re.declines),
    },
    declineReasons: json(row?.reasons ?? []).map((r) => ({
      team: r.team,
      reason: r.reason ?? '',
      count: num(r.count),
    })),
  };
}
