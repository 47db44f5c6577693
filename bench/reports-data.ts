// Fills a freshly migrated schema with a desk's history: `incidents` arrivals over `months`
// months up to `now`, with realistic shares (bench/reports-draw.ts, bench/reports-rows.ts), all
// in set-based SQL run by the database, then VACUUM ANALYZE so the planner sees the real sizes
// and index-only scans see an all-visible table (the state autovacuum keeps a live desk in).
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { queryRows } from '../db/sql-rows.js';
import type { TriageConfig } from '../src/core/config.js';
import { drawSql, incSql } from './reports-draw.js';
import { assignmentsSql, auditSql, incidentsSql, knowledgeSql, onsiteSql } from './reports-rows.js';
import { deskShape } from './reports-shape.js';

export interface GenerateOptions {
  incidents: number;
  months: number;
  now: Date;
  log: (line: string) => void;
}

const TABLES = [
  'incidents',
  'assignments',
  'audit_events',
  'onsite_tasks',
  'knowledge_entries',
  'knowledge_feedback',
];

/** Elapsed minutes until the desk closes a resolved incident the reporter never confirmed. */
function autoCloseMinutes(cfg: TriageConfig): number {
  const { value, unit } = cfg.limits.autoCloseAfter;
  if (unit === 'minutes') return value;
  if (unit === 'hours') return value * 60;
  return value * 1440 * 1.4; // business days: five working days take seven calendar days
}

export async function generate(db: Database, cfg: TriageConfig, o: GenerateOptions): Promise<void> {
  const shape = deskShape(cfg);
  const from = new Date(o.now);
  from.setUTCMonth(from.getUTCMonth() - o.months);
  const entries = Math.max(200, Math.min(5000, Math.round(o.incidents / 200)));
  const steps: [string, string][] = [
    ['draw arrivals', drawSql({ incidents: o.incidents, from, now: o.now, timeZone: shape.timeZone })],
    [
      'histories',
      incSql(shape, { now: o.now, autoCloseMinutes: autoCloseMinutes(cfg), knowledgeEntries: entries }),
    ],
    ['incidents', incidentsSql(shape, cfg.numberPrefix, cfg.limits.onsiteFeedbackMinutes)],
    ['assignments', assignmentsSql(shape)],
    // As migration 0015 fills it for incidents that were assigned before it: the first assignment.
    [
      'first assignments',
      `UPDATE incidents SET first_assigned_at = a.first_at
       FROM (SELECT incident_id, min(at) AS first_at FROM assignments WHERE action = 'assigned' GROUP BY incident_id) a
       WHERE a.incident_id = incidents.id`,
    ],
    ['audit events', auditSql(shape, cfg.provisionalPriority)],
    ['on-site tasks', onsiteSql(shape)],
    ...knowledgeSql(shape, entries).map((text, i): [string, string] => [`knowledge ${i + 1}`, text]),
    ['number counter', `UPDATE incident_numbers SET "last" = (SELECT count(*) FROM incidents)`],
    ['drop staging', 'DROP TABLE bench_inc, bench_draw'],
    ...TABLES.map((t): [string, string] => [`vacuum ${t}`, `VACUUM (ANALYZE) ${t}`]),
  ];
  for (const [what, text] of steps) {
    const started = performance.now();
    await db.orm.execute(sql.raw(text));
    o.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Row counts of the tables the reports read, for the bench's header. */
export async function tableSizes(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await queryRows<{ n: string | number }>(db.orm, sql.raw(`SELECT count(*) AS n FROM ${t}`));
    out[t] = Number(row?.n ?? 0);
  }
  return out;
}
