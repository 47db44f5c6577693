// One core-ours round (8 clients, 10 s warm-up by seconds + 10 s load, fresh database) with
// pg_stat_activity sampled every 20 ms for lock waiters and their blockers; statements and
// socket writes counted in the bot (core-locks-preload.ts), transactions from pg_stat_database.
// Prints one JSON line. `npx tsx bench/core-locks.ts <label>`; interleave base and branch runs
// (docs/core-speed.md, h/relaycommit).
import { fork } from 'node:child_process';
import { readFileSync, unlinkSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';
import type { OursArgs, OursResult } from './core-ours.js';
import { createBenchDatabase } from './runs.js';
import { serveServerCpu } from './server-cpu.js';

const label = process.argv[2] ?? 'run';
const db = await createBenchDatabase('bench_relaycommit');
const target = postgresTarget(db.url);
const sql = postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
const xacts = async () =>
  Number(
    (
      await sql`select (xact_commit + xact_rollback)::bigint as n from pg_stat_database where datname = ${db.name}`
    )[0]?.n ?? 0,
  );
const countFile = `/tmp/relaycommit-count-${process.pid}.json`;
const x0 = await xacts();
let samples = 0;
let waiterSamples = 0;
const blockers = new Map<string, number>();
const waiters = new Map<string, number>();
let sampling = true;
const kind = (state: string | null, query: string | null): string => {
  const q = (query ?? '').replace(/\s+/g, ' ').trim();
  const s = state ?? 'gone';
  // Batch (the relay: `= ANY($1::text[])`) or one incident (a command's locked path).
  const batch = q.includes('ANY($1::text[])') ? 'batch' : 'one';
  if (q.startsWith('SELECT id, incident_id AS "incidentId"')) return `${s}: audit read (${batch})`;
  if (q.includes('json_build_object')) return `${s}: load (${batch})`;
  if (q.startsWith('SELECT 1 FROM incidents WHERE id = ANY')) return `${s}: lock_incidents`;
  if (/^commit/i.test(q)) return `${s}: commit`;
  return `${s}: ${q.slice(0, 50)}`;
};
const sampler = (async () => {
  while (sampling) {
    const rows = await sql`
      select w.pid, left(w.query, 60) as wq, b.state as bs, b.query as bq
      from pg_stat_activity w
      left join lateral unnest(pg_blocking_pids(w.pid)) bp(pid) on true
      left join pg_stat_activity b on b.pid = bp.pid
      where w.datname = ${db.name} and w.wait_event_type = 'Lock'`;
    samples++;
    const seen = new Set<number>();
    for (const r of rows) {
      if (!seen.has(r.pid)) {
        seen.add(r.pid);
        waiterSamples++;
        const wk = String(r.wq).replace(/\s+/g, ' ').slice(0, 45);
        waiters.set(wk, (waiters.get(wk) ?? 0) + 1);
      }
      const k = kind(r.bs, r.bq);
      blockers.set(k, (blockers.get(k) ?? 0) + 1);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
})();
const args: OursArgs = {
  databaseUrl: db.url,
  clients: 8,
  seconds: 10,
  configPath: 'config/example.en.yaml',
  warmupSeconds: 10,
  warmupTransitions: 0,
  serverCpuByParent: true,
};
const load0 = loadavg()[0];
const child = fork(fileURLToPath(new URL('./core-ours.ts', import.meta.url)), [JSON.stringify(args)], {
  execArgv: [
    '--import',
    'tsx',
    '--import',
    fileURLToPath(new URL('./core-locks-preload.ts', import.meta.url)),
  ],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  env: { ...process.env, COUNT_FILE: countFile },
});
serveServerCpu(child);
let out = '';
child.stdout?.on('data', (c: Buffer) => {
  out += c.toString();
});
const code = await new Promise<number | null>((r) => child.on('exit', r));
sampling = false;
await sampler;
const x1 = await xacts();
await sql.end();
await db.drop();
const last = out.trim().split('\n').pop() ?? '';
if (code !== 0 || !last.startsWith('{')) throw new Error(`core-ours exited ${code}: ${out}`);
const r = JSON.parse(last) as OursResult;
const counts = JSON.parse(readFileSync(countFile, 'utf8')) as {
  statements: number;
  writes: number;
  lock: unknown;
};
unlinkSync(countFile);
const all = r.transitions + r.warmup.transitions;
const top = (m: Map<string, number>) =>
  Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14));
console.log(
  JSON.stringify({
    label,
    load1: `${load0?.toFixed(1)}→${loadavg()[0]?.toFixed(1)}`,
    transitions: r.transitions,
    allTransitions: all,
    samples,
    waitersPerSample: +(waiterSamples / samples).toFixed(3),
    waiterSamples,
    waiterSamplesPer1000: +((waiterSamples / all) * 1000).toFixed(1),
    statementsPerTransition: +(counts.statements / all).toFixed(3),
    writesPerTransition: +(counts.writes / all).toFixed(3),
    transactionsPerTransition: +((x1 - x0) / all).toFixed(3),
    cpuMsPerTransition: +r.cpuMsPerTransition.toFixed(3),
    serverCpuMsPerTransition: r.serverCpuMsPerTransition && +r.serverCpuMsPerTransition.toFixed(3),
    lockBatches: counts.lock,
    blockers: top(blockers),
    waiters: top(waiters),
  }),
);
