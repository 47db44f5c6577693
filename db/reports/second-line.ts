// The second line over the period's incidents (IM2.11–IM2.14): per team, how many assignments
// were accepted and how fast against the acceptance limit, how many were declined; per incident,
// reassignments and declines; the declines' reasons. Definitions: docs/reports.md.
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

/**
 * The assignment rows in order per incident, each with the next answer: an assignment is
 * accepted (or declined) by the row that follows it for the same team.
 */
const ordered = (period: ReportPeriod, filter: ReportFilter) => sql`${periodIds(period, filter)},
  a AS (SELECT a.incident_id, a.team, a.action, a.at, a.reason,
               lead(a.action) OVER w AS next_action, lead(a.team) OVER w AS next_team,
               lead(a.at) OVER w AS next_at
        FROM assignments a JOIN p ON p.id = a.incident_id
        WHERE a.action IN ('assigned', 'accepted', 'declined')
        WINDOW w AS (PARTITION BY a.incident_id ORDER BY a.id))`;

export async function teamAggregates(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
  acceptanceMinutes: number,
): Promise<TeamAggregate[]> {
  const rows = await queryRows<Record<string, N>>(
    db.orm,
    sql`WITH ${ordered(period, filter)},
        answered AS (SELECT *, action = 'assigned' AND next_action = 'accepted' AND next_team = team AS ok
                     FROM a)
        SELECT team,
               count(*) FILTER (WHERE action = 'assigned') AS assigned,
               count(*) FILTER (WHERE ok) AS accepted,
               count(*) FILTER (WHERE ok AND next_at - at <= make_interval(mins => ${acceptanceMinutes}))
                 AS accepted_in_time,
               sum(extract(epoch FROM next_at - at)) FILTER (WHERE ok) AS accept_seconds,
               count(*) FILTER (WHERE action = 'declined') AS declined
        FROM answered GROUP BY team`,
  );
  return rows.map((r) => ({
    team: String(r.team),
    assigned: num(r.assigned),
    accepted: num(r.accepted),
    acceptedInTime: num(r.accepted_in_time),
    acceptSecondsSum: num(r.accept_seconds),
    declined: num(r.declined),
  }));
}

export async function reassignment(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
): Promise<ReassignmentAggregate> {
  const [row] = await queryRows<Record<string, N>>(
    db.orm,
    sql`WITH ${ordered(period, filter)},
        per AS (SELECT incident_id,
                       count(*) FILTER (WHERE action = 'assigned') AS assigned,
                       count(*) FILTER (WHERE action = 'declined') AS declined
                FROM a GROUP BY incident_id)
        SELECT count(*) AS incidents, sum(assigned - 1) AS reassignments, sum(declined) AS declines
        FROM per WHERE assigned > 0`,
  );
  return {
    incidents: num(row?.incidents),
    reassignments: num(row?.reassignments),
    declines: num(row?.declines),
  };
}

/** The most frequent decline reasons per team (people's words, shown to the desk, never logged). */
export async function declineReasons(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
  limit = 20,
): Promise<DeclineReason[]> {
  const rows = await queryRows<{ team: string; reason: string | null; count: N }>(
    db.orm,
    sql`WITH ${ordered(period, filter)}
        SELECT team, reason, count(*) AS count FROM a WHERE action = 'declined'
        GROUP BY team, reason ORDER BY count(*) DESC, team, reason LIMIT ${limit}`,
  );
  return rows.map((r) => ({ team: r.team, reason: r.reason ?? '', count: num(r.count) }));
}
