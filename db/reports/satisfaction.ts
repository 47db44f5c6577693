// The reporters' ratings of the period's incidents (IM5.1), whenever they were given: how many
// were asked and rated, the distribution, and the split by how the incident ended. docs/reports.md.
import { sql } from 'drizzle-orm';
import type { SatisfactionAggregate } from '../../src/app/reports/report-figures.js';
import type { ReportFilter, ReportPeriod } from '../../src/app/reports/report-model.js';
import type { Database } from '../connect.js';
import { queryRows } from '../sql-rows.js';
import { num, periodWhere } from './period.js';

type N = string | number | null;

export async function satisfaction(
  db: Database,
  period: ReportPeriod,
  filter: ReportFilter,
): Promise<SatisfactionAggregate> {
  const [r] = await queryRows<Record<string, N>>(
    db.orm,
    sql`SELECT count(*) FILTER (WHERE reporter_confirmed_at IS NOT NULL OR status = 'closed') AS asked,
               count(satisfaction_score) AS rated,
               sum(satisfaction_score) AS score_sum,
               count(*) FILTER (WHERE satisfaction_score = 1) AS s1,
               count(*) FILTER (WHERE satisfaction_score = 2) AS s2,
               count(*) FILTER (WHERE satisfaction_score = 3) AS s3,
               count(*) FILTER (WHERE satisfaction_score = 4) AS s4,
               count(*) FILTER (WHERE satisfaction_score = 5) AS s5,
               count(*) FILTER (WHERE satisfaction_after = 'confirmed') AS confirmed_rated,
               sum(satisfaction_score) FILTER (WHERE satisfaction_after = 'confirmed') AS confirmed_sum,
               count(*) FILTER (WHERE satisfaction_after = 'closed_without_reporter') AS unconfirmed_rated,
               sum(satisfaction_score) FILTER (WHERE satisfaction_after = 'closed_without_reporter') AS unconfirmed_sum,
               count(satisfaction_comment) AS commented
        FROM incidents WHERE ${periodWhere(period, filter)}`,
  );
  return {
    asked: num(r?.asked),
    rated: num(r?.rated),
    scoreSum: num(r?.score_sum),
    distribution: [num(r?.s1), num(r?.s2), num(r?.s3), num(r?.s4), num(r?.s5)],
    confirmed: { rated: num(r?.confirmed_rated), scoreSum: num(r?.confirmed_sum) },
    closedWithoutReporter: { rated: num(r?.unconfirmed_rated), scoreSum: num(r?.unconfirmed_sum) },
    commented: num(r?.commented),
  };
}
