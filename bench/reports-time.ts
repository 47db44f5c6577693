// What the reports bench times: the period report through the use case (ReportService with the
// SQL behind it, built as scripts/report.ts builds it), and the desk queue's statement.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { OPEN_QUEUE } from '../db/desk-queue.js';
import { createReportQueries } from '../db/reports/index.js';
import { preparedRows, queryRows } from '../db/sql-rows.js';
import type { ReportFilter, ReportPeriod } from '../src/app/reports/report-model.js';
import { ReportService } from '../src/app/reports/report-service.js';
import type { TriageConfig } from '../src/core/config.js';
import { type Summary, summarize } from './stats.js';

export interface Timing extends Summary {
  what: string;
  /** Incidents the timed statement covers (the period's, or the open ones). */
  incidents: number;
}

async function timeIt(repeat: number, once: () => Promise<unknown>): Promise<number[]> {
  await once(); // warm: plans, caches and the pool's connections
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function timeReport(
  db: Database,
  cfg: TriageConfig,
  period: ReportPeriod,
  filter: ReportFilter,
  repeat: number,
): Promise<Timing> {
  const service = new ReportService(createReportQueries(db), cfg.limits, () => new Date());
  let incidents = 0;
  const samples = await timeIt(repeat, async () => {
    const report = await service.periodReport(period, filter);
    incidents = report.total?.reported ?? 0;
  });
  const label = Object.entries(filter).map(([k, v]) => `${k}=${v}`);
  return {
    what: `period report${label.length ? ` (${label.join(', ')})` : ''}`,
    incidents,
    ...summarize(samples),
  };
}

/**
 * The desk queue: open incidents, most urgent first, oldest first, one page — the web desk
 * queue's own statement (db/desk-queue.ts, incidents_open_queue_idx), with the page's size in it.
 */
export const DESK_QUEUE_SQL = OPEN_QUEUE.replace('LIMIT $1::int', 'LIMIT 50');

export async function timeDeskQueue(db: Database, repeat: number): Promise<Timing> {
  const [open] = await queryRows<{ n: string | number }>(
    db.orm,
    sql.raw(`SELECT count(*) AS n FROM incidents WHERE status NOT IN ('closed', 'cancelled')`),
  );
  // Prepared, as the bot runs its hot-path statements (db/sql-rows.ts).
  const samples = await timeIt(repeat, () => preparedRows(db.orm, 'bench_desk_queue', DESK_QUEUE_SQL, []));
  return {
    what: 'desk queue (50 open, by priority and age)',
    incidents: Number(open?.n ?? 0),
    ...summarize(samples),
  };
}
