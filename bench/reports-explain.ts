// `--explain`: every statement the period report issues, captured through drizzle's logger on a
// connection of our own, run again under EXPLAIN (ANALYZE, BUFFERS), slowest first. The report
// code is not touched: whatever db/reports/ issues today is what gets explained.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { BOT_SESSION, type Database } from '../db/connect.js';
import { createReportQueries } from '../db/reports/index.js';
import type { ReportFilter, ReportPeriod } from '../src/app/reports/report-model.js';
import { ReportService } from '../src/app/reports/report-service.js';
import type { TriageConfig } from '../src/core/config.js';
import { DESK_QUEUE_SQL } from './reports-time.js';

export interface Explained {
  section: string;
  ms: number;
  /** Shared buffers the top node touched (hit + read): the work, whatever the machine's load. */
  buffers: number;
  plan: string;
}

/** Which report section a statement belongs to, from a phrase only that statement has. */
const SECTIONS: [RegExp, string][] = [
  [/reached_second_line/, 'priorities'],
  [/GROUPING SETS/, 'volumes'],
  [/jsonb_array_elements_text\(breaches\)/, 'breaches'],
  [/accepted_in_time/, 'teams'],
  [/reassignments/, 'reassignment'],
  [/action = 'declined'[\s\S]*reason/, 'decline reasons'],
  [/'escalated'/, 'escalations'],
  [/onsite_tasks/, 'on-site'],
  [/ge_30d/, 'backlog'],
  [/resolved_with_match/, 'knowledge totals'],
  [/knowledge_entries/, 'knowledge top entries'],
  [/ORDER BY priority, reported_at, id/, 'desk queue'],
];

const sectionOf = (query: string) =>
  SECTIONS.find(([re]) => re.test(query))?.[1] ?? query.replace(/\s+/g, ' ').slice(0, 50);

export async function explainReport(
  url: string,
  schema: string,
  cfg: TriageConfig,
  period: ReportPeriod,
  filter: ReportFilter,
): Promise<Explained[]> {
  const client = postgres(url, {
    max: 4,
    onnotice: () => {},
    // The bot's own session settings, so the plans are the ones the bot gets.
    connection: { ...BOT_SESSION, search_path: `${schema},public` },
  });
  try {
    const captured: { query: string; params: unknown[] }[] = [];
    const orm = drizzle({
      client,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    });
    const db: Database = { kind: 'postgres', orm, ackOrm: orm, schema, close: async () => {} };
    await new ReportService(createReportQueries(db), cfg.limits).periodReport(period, filter);
    captured.push({ query: DESK_QUEUE_SQL, params: [] });
    const out: Explained[] = [];
    for (const { query, params } of captured) {
      const rows = await client.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, params as never[]);
      const plan = rows.map((r) => String(r['QUERY PLAN'])).join('\n');
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
      const [, hit = '0', read = '0'] = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan) ?? [];
      out.push({
        section: sectionOf(query),
        ms,
        buffers: Number(hit) + Number(read),
        plan: `${query}\n${plan}`,
      });
    }
    return out.sort((a, b) => b.ms - a.ms);
  } finally {
    await client.end();
  }
}
