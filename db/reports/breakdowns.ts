// Volumes by category, nature, team, platform and closure code (one scan, grouping sets), and
// breaches by deadline, for the period's incidents. Definitions: docs/reports.md.
import { sql } from 'drizzle-orm';
import type { Count, VolumeDimension, Volumes } from '../../src/app/reports/report-figures.js';
import type { ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';
import type { Database } from '../connect.js';
import { queryRows } from '../sql-rows.js';
import { num, periodWhere } from './period.js';

interface Row {
  dim: VolumeDimension;
  key: string | null;
  count: string | number;
}

const byCount = (a: Count, b: Count) => b.count - a.count || String(a.key).localeCompare(String(b.key));

export async function volumes(db: Database, period: ReportPeriod, filter: ReportFilter): Promise<Volumes> {
  const rows = await queryRows<Row>(
    db.orm,
    sql`SELECT CASE WHEN GROUPING(category) = 0 THEN 'category'
                    WHEN GROUPING(nature) = 0 THEN 'nature'
                    WHEN GROUPING(assigned_team) = 0 THEN 'team'
                    WHEN GROUPING(reported_via) = 0 THEN 'platform'
                    ELSE 'closure' END AS dim,
               COALESCE(category, nature, assigned_team, reported_via, closure_code) AS key,
               count(*) AS count
        FROM incidents
        WHERE ${periodWhere(period, filter)}
        GROUP BY GROUPING SETS ((category), (nature), (assigned_team), (reported_via), (closure_code))`,
  );
  const out: Volumes = { category: [], nature: [], team: [], platform: [], closure: [] };
  for (const r of rows) out[r.dim].push({ key: r.key, count: num(r.count) });
  for (const list of Object.values(out)) list.sort(byCount);
  return out;
}

/** Incidents whose deadline of each kind was breached (each breach is recorded once). */
export async function breaches(db: Database, period: ReportPeriod, filter: ReportFilter): Promise<Count[]> {
  const rows = await queryRows<{ key: string; count: string | number }>(
    db.orm,
    sql`SELECT b AS key, count(*) AS count
        FROM incidents, jsonb_array_elements_text(breaches) AS b
        WHERE ${periodWhere(period, filter)}
        GROUP BY b`,
  );
  return rows.map((r) => ({ key: r.key, count: num(r.count) })).sort(byCount);
}
