// The incidents a report covers: reported in the half-open period, matching the filter (current
// values). Every report statement starts from this set, so all sections count the same incidents.
import { type SQL, sql } from 'drizzle-orm';
import type { ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';

/** ` AND …` for each filter given; column names unqualified, so the caller picks the table. */
export function filterSql(f: ReportFilter): SQL {
  const parts: SQL[] = [];
  if (f.priority !== undefined) parts.push(sql` AND priority = ${f.priority}`);
  if (f.team !== undefined) parts.push(sql` AND assigned_team = ${f.team}`);
  if (f.category !== undefined) parts.push(sql` AND category = ${f.category}`);
  if (f.nature !== undefined) parts.push(sql` AND nature = ${f.nature}`);
  if (f.platform !== undefined) parts.push(sql` AND reported_via = ${f.platform}`);
  return sql.join(parts, sql``);
}

/** `WHERE` over incidents for the period and filter (uses incidents_reported_at_idx). */
export function periodWhere(period: ReportPeriod, filter: ReportFilter): SQL {
  return sql`reported_at >= ${period.from.toISOString()}::timestamptz
    AND reported_at < ${period.to.toISOString()}::timestamptz${filterSql(filter)}`;
}

/** A CTE `p(id)` of the period's incidents, for statements over child tables. */
export function periodIds(period: ReportPeriod, filter: ReportFilter): SQL {
  return sql`p AS (SELECT id FROM incidents WHERE ${periodWhere(period, filter)})`;
}

/** Counts arrive as bigint strings from postgres.js and as numbers from PGlite. */
export const num = (v: string | number | null | undefined): number => (v == null ? 0 : Number(v));
