// The start-up recompute of provisional deadlines (TriageService.recomputeProvisionalDeadlines,
// run by src/main/compose.ts before the HTTP server is ready): how long it holds a start-up with
// N open provisional incidents, and what it costs per incident. Each run gets a private database
// (bench_recompute_<hex>) on the server of TEST_DATABASE_URL, dropped afterwards.
//
//   npm run bench -- recompute [1000] [10000] …
//
// The incidents: one reported by the service on 30 Dec 2026 (P4: its resolution runs into 2027,
// provisional), then copied N−1 times in SQL. The recompute then runs on a configuration that
// covers 2027 (as after an operator adds the official days): every one changes.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { TriageService } from '../src/app/triage-service.js';
import { testCalendar, testConfig } from '../test/fixtures/config.js';
import { watchStatementsOf } from '../test/support/statements.js';
import { printTable } from './stats.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const clock = { now: () => new Date('2026-12-30T09:00:00Z') };
const reporter = { id: 'slack:UREP', name: 'Reporter', roles: [], teams: [] };
const covered2027 = testConfig({
  calendar: testCalendar({ extraCoveredYears: [2027], extraHolidays: ['2027-01-01', '2027-01-04'] }),
});

export async function run(args: string[]): Promise<void> {
  const sizes = args.length > 0 ? args.map(Number) : [1000];
  const rows = [];
  for (const n of sizes) rows.push(await once(n));
  printTable(rows, 2);
}

async function once(n: number) {
  const name = `bench_recompute_${randomBytes(4).toString('hex')}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    const db = await openDatabase({ databaseUrl: url.toString() });
    const storage = createStorage(db);
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await seed(storage, client, n);
      return await measure(db, storage, client, n);
    } finally {
      await client.end();
      await storage.close();
    }
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** One incident through the service, then n−1 copies of its row (new id and number). */
async function seed(storage: ReturnType<typeof createStorage>, client: postgres.Sql, n: number) {
  const before = new TriageService(storage, testConfig(), clock);
  const { incident } = await before.report(
    { title: 'Slow PC', description: 'since Monday', service: null, severity: 4 },
    reporter,
  );
  if (!incident.resolveByProvisional) throw new Error('expected a provisional resolution deadline');
  const columns = (
    await client<{ c: string }[]>`SELECT column_name AS c FROM information_schema.columns
      WHERE table_name = 'incidents' AND table_schema = current_schema() ORDER BY ordinal_position`
  ).map((r) => r.c);
  const copy = columns.map((c) =>
    c === 'id' ? `id || '-' || g` : c === 'number' ? `'B-' || lpad(g::text, 7, '0')` : `"${c}"`,
  );
  await client.unsafe(
    `INSERT INTO incidents (${columns.map((c) => `"${c}"`).join(', ')})
     SELECT ${copy.join(', ')} FROM incidents, generate_series(2, $1::int) AS g WHERE id = $2`,
    [n, incident.id],
  );
  await client.unsafe('VACUUM ANALYZE');
}

async function measure(
  db: Awaited<ReturnType<typeof openDatabase>>,
  storage: ReturnType<typeof createStorage>,
  client: postgres.Sql,
  n: number,
) {
  const stats = async () =>
    (
      await client.unsafe(`SELECT xact_commit::bigint AS commits, tup_inserted::bigint AS inserted,
        tup_updated::bigint AS updated, pg_current_wal_lsn()::text AS lsn
        FROM pg_stat_database WHERE datname = current_database()`)
    )[0] as unknown as { commits: string; inserted: string; updated: string; lsn: string };
  await client.unsafe('SELECT pg_stat_clear_snapshot()');
  const a = await stats();
  const after = new TriageService(storage, covered2027, clock);
  const statements = watchStatementsOf(db);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const changed = await after.recomputeProvisionalDeadlines();
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  statements.stop();
  const byName = new Map<string, number>();
  for (const s of statements.names()) byName.set(s, (byName.get(s) ?? 0) + 1);
  console.log(`${n}: statements by name (BEGIN/COMMIT not counted):`, Object.fromEntries(byName));
  // pg_stat_database is updated when a backend reports (at most every 10 s when idle): wait for it.
  await new Promise((r) => setTimeout(r, 11_000));
  await client.unsafe('SELECT pg_stat_clear_snapshot()');
  const b = await stats();
  const wal = (
    await client.unsafe(`SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint AS bytes`, [b.lsn, a.lsn])
  )[0] as unknown as { bytes: string };
  const { stdout } = await import('node:child_process').then((cp) => ({
    stdout: cp.execSync('uptime').toString().trim(),
  }));
  return {
    incidents: n,
    changed: changed.length,
    'wall s': ms / 1000,
    'ms/incident': ms / n,
    'client CPU ms/incident': (used.user + used.system) / 1000 / n,
    'statements/incident': statements.all.length / n,
    'commits/incident': (Number(b.commits) - Number(a.commits)) / n,
    'rows inserted/incident': (Number(b.inserted) - Number(a.inserted)) / n,
    'rows updated/incident': (Number(b.updated) - Number(a.updated)) / n,
    'WAL KB/incident': Number(wal.bytes) / 1024 / n,
    load: stdout.replace(/.*load average: /, ''),
  };
}
