// `npm run bench -- reports [--incidents 1000000] [--months 24] [--repeat 30] [--keep]
//   [--reuse SCHEMA] [--explain] [--pglite]`
// Generates a desk's history in a schema of its own on the shared PostgreSQL (bench/reports-
// data.ts: set-based SQL, realistic shares), then times the latest complete month's report
// through ReportService, unfiltered and filtered, and the desk queue's statement: p50/p95/max of
// --repeat runs after one warm-up. `--explain` adds EXPLAIN (ANALYZE, BUFFERS) of every statement.
// `--pglite` runs the same on embedded PGlite (default 100,000 incidents) and on PostgreSQL at
// the same size, and says how much slower PGlite is per incident of the month.
// Targets (issue 13 item 7): report ≤ 1 s p95 and desk queue ≤ 50 ms p95 at 1,000,000 incidents.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, dropSchema, openDatabase } from '../db/connect.js';
import { parsePeriod } from '../src/app/reports/period-arg.js';
import type { ReportFilter } from '../src/app/reports/report-model.js';
import { loadConfig } from '../src/config/load.js';
import type { TriageConfig } from '../src/core/config.js';
import { generate, tableSizes } from './reports-data.js';
import { explainReport } from './reports-explain.js';
import { type Timing, timeDeskQueue, timeReport } from './reports-time.js';
import { DATABASE_URL, loadAverage, wholeOption } from './runs.js';
import { printTable } from './stats.js';

interface Options {
  incidents: number;
  months: number;
  repeat: number;
  keep: boolean;
  reuse: string | null;
  explain: boolean;
  pglite: boolean;
}

function parse(args: string[]): Options {
  const pglite = args.includes('--pglite');
  const reuseAt = args.indexOf('--reuse');
  return {
    incidents: wholeOption(args, 'incidents', pglite ? 100_000 : 1_000_000),
    months: wholeOption(args, 'months', 24),
    repeat: wholeOption(args, 'repeat', 30),
    keep: args.includes('--keep'),
    reuse: reuseAt >= 0 ? (args[reuseAt + 1] ?? null) : null,
    explain: args.includes('--explain'),
    pglite,
  };
}

const TARGET_MS: Record<string, number> = { report: 1000, queue: 50 };

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const cfg = loadConfig(process.env.ITSS_CONFIG ?? 'config/example.en.yaml');
  console.log(
    `reports: ${o.incidents.toLocaleString('en')} incidents over ${o.months} months, ${o.repeat} runs each; ` +
      `${cpus().length} CPUs; load average before ${loadAverage()}`,
  );
  const onPostgres = await onEachDatabase('postgres', o, cfg);
  if (o.pglite) {
    const embedded = await onEachDatabase('pglite', o, cfg);
    printComparison(onPostgres, embedded);
  }
  console.log(`load average after ${loadAverage()}`);
}

async function onEachDatabase(kind: 'postgres' | 'pglite', o: Options, cfg: TriageConfig): Promise<Timing[]> {
  const schema = o.reuse ?? `bench_reports_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'bench-reports-')) : null;
  const db =
    kind === 'postgres'
      ? await openDatabase({ databaseUrl: DATABASE_URL, schema })
      : await openDatabase({ dataDir: dataDir ?? '' });
  const keep = o.keep || (kind === 'postgres' && o.reuse !== null);
  try {
    const now = new Date();
    if (kind === 'pglite' || o.reuse === null) {
      console.log(`\n${kind}: generating in ${kind === 'postgres' ? `schema ${schema}` : dataDir}`);
      const started = performance.now();
      await generate(db, cfg, { incidents: o.incidents, months: o.months, now, log: console.log });
      console.log(`  generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    console.log(`${kind}: rows ${JSON.stringify(await tableSizes(db))}`);
    const timings = await timeAll(db, cfg, now, o.repeat);
    printTimings(kind, timings);
    if (o.explain && kind === 'postgres') await printExplain(schema, cfg, now);
    return timings;
  } finally {
    await db.close();
    if (!keep && kind === 'postgres') await dropSchema(DATABASE_URL, schema);
    if (!keep && dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (keep) console.log(`${kind}: kept ${kind === 'postgres' ? `schema ${schema}` : dataDir}`);
  }
}

/** The filters timed besides none: one team (not indexed), and a priority on one platform. */
function filters(cfg: TriageConfig): ReportFilter[] {
  return [{}, { team: cfg.teams[0]?.id ?? 'network' }, { priority: 2, platform: 'teams' }];
}

async function timeAll(db: Database, cfg: TriageConfig, now: Date, repeat: number): Promise<Timing[]> {
  const period = parsePeriod('last-month', now, cfg.calendar.timeZone);
  console.log(
    `  period ${period.from.toISOString()} .. ${period.to.toISOString()} (last month, ${cfg.calendar.timeZone})`,
  );
  const out: Timing[] = [];
  for (const filter of filters(cfg)) out.push(await timeReport(db, cfg, period, filter, repeat));
  out.push(await timeDeskQueue(db, repeat));
  return out;
}

function printTimings(kind: string, timings: Timing[]): void {
  printTable(
    timings.map((t) => {
      const target = TARGET_MS[t.what.startsWith('desk') ? 'queue' : 'report'] ?? Number.NaN;
      return {
        [kind]: t.what,
        incidents: t.incidents,
        'p50 ms': t.p50,
        'p95 ms': t.p95,
        'max ms': t.max,
        'target p95 ms': target,
        met: t.p95 <= target ? 'yes' : 'NO',
      };
    }),
    1,
  );
}

async function printExplain(schema: string, cfg: TriageConfig, now: Date): Promise<void> {
  const period = parsePeriod('last-month', now, cfg.calendar.timeZone);
  for (const filter of filters(cfg).slice(0, 2)) {
    const plans = await explainReport(DATABASE_URL, schema, cfg, period, filter);
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS), filter ${JSON.stringify(filter)}, slowest first:`);
    printTable(
      plans.map((p) => ({ statement: p.section, 'execution ms': p.ms, 'shared buffers': p.buffers })),
      1,
    );
    for (const p of plans) console.log(`\n--- ${p.section}: ${p.ms} ms\n${p.plan}`);
  }
}

/** Time per incident of the period (per open incident for the queue), PGlite over PostgreSQL. */
function printComparison(pg: Timing[], lite: Timing[]): void {
  const perIncident = (t: Timing | undefined) =>
    t && t.incidents > 0 ? (t.p50 * 1000) / t.incidents : Number.NaN;
  console.log('\nPGlite against PostgreSQL at the same size (p50 per incident covered):');
  printTable(
    pg.map((t, i) => ({
      statement: t.what,
      'PostgreSQL µs/incident': perIncident(t),
      'PGlite µs/incident': perIncident(lite[i]),
      'PGlite slower ×': perIncident(lite[i]) / perIncident(t),
    })),
    2,
  );
}
