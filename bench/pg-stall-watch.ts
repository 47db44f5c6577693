// `npx tsx bench/pg-stall-watch.ts OUT.json [ms]` beside a bench run (DATABASE_URL: the server the
// bench uses; best a private cluster): samples pg_stat_activity every `ms` (20) and counts what
// each active client backend and each background process was waiting on, keeps every sample in
// which a statement had been running ≥ 100 ms (with what every other process waited on at that
// moment), and on SIGINT/SIGTERM writes pg_stat_wal / pg_stat_bgwriter / WAL LSN differences and
// the bench databases' inbox row sizes. Bench only: it reads statistics, changes nothing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';
import { DATABASE_URL } from './runs.js';

const out = process.argv[2] ?? '/tmp/pg-stall-watch.json';
const every = Number(process.argv[3] ?? 20);
const target = postgresTarget(DATABASE_URL);
const sql = postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });

type Act = {
  pid: number;
  datname: string | null;
  backend_type: string;
  state: string | null;
  wait: string | null;
  ms: number | null;
  query: string | null;
};

const counters = async () =>
  (
    await sql`
  SELECT pg_current_wal_lsn()::text AS lsn, now() AS at,
    w.wal_records::bigint::text AS wal_records, w.wal_fpi::bigint::text AS wal_fpi, w.wal_bytes::bigint::text AS wal_bytes,
    w.wal_buffers_full::bigint::text AS wal_buffers_full, w.wal_write::bigint::text AS wal_write,
    w.wal_sync::bigint::text AS wal_sync, w.wal_write_time AS wal_write_time, w.wal_sync_time AS wal_sync_time,
    b.checkpoints_timed::bigint::text AS ckpt_timed, b.checkpoints_req::bigint::text AS ckpt_req,
    b.checkpoint_write_time, b.checkpoint_sync_time, b.buffers_checkpoint::bigint::text AS buffers_checkpoint,
    b.buffers_clean::bigint::text AS buffers_clean, b.buffers_backend::bigint::text AS buffers_backend,
    b.buffers_backend_fsync::bigint::text AS buffers_backend_fsync, b.buffers_alloc::bigint::text AS buffers_alloc,
    (SELECT count(*)::int FROM pg_ls_waldir()) AS wal_files
  FROM pg_stat_wal w, pg_stat_bgwriter b`
  )[0] as Record<string, unknown>;

const before = await counters();
const waits = new Map<string, number>();
const slow: { t: number; ms: number; query: string; others: string[] }[] = [];
let samples = 0;
/** Every sample of an acknowledgement INSERT seen in PostgreSQL (active: its execute or its commit). */
const acks: [number, number, string, number][] = [];
let running = true;
const t0 = Date.now();
const sizes: Record<string, unknown>[] = [];

async function sizeOf(): Promise<void> {
  const dbs = await sql<{ datname: string }[]>`
    SELECT datname FROM pg_database WHERE datname LIKE 'bench_slack%'`;
  for (const { datname } of dbs) {
    const url = new URL(target.url);
    url.pathname = `/${datname}`;
    const s = postgres(url.toString(), { max: 1, onnotice: () => {}, ...target.options });
    try {
      const [r] = await s`
        SELECT count(*)::int AS rows, avg(pg_column_size(i.*))::int AS row_bytes,
          avg(pg_column_size(i.body))::int AS body_bytes, avg(octet_length(i.body::text))::int AS body_text,
          pg_total_relation_size('inbox')::bigint::text AS inbox_total
        FROM inbox i`;
      sizes.push({ t: Date.now() - t0, datname, ...r });
    } catch {
      // the database went away meanwhile
    } finally {
      await s.end();
    }
  }
}

/** /proc/PID/schedstat (ns on CPU, ns waiting on a run queue, slices) of the ack backends and of
 *  the bench's servers (slack-ours.ts, slack-bare.ts), first and last seen: the time each waited
 *  for a CPU. */
const sched = new Map<number, { who: string; first: number[]; last: number[] }>();
function schedOf(pid: number, who: string): void {
  try {
    const v = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    const e = sched.get(pid);
    if (e) e.last = v;
    else sched.set(pid, { who, first: v, last: v });
  } catch {
    // gone
  }
}
let servers: { pid: number; who: string }[] = [];
function findServers(): void {
  servers = [];
  for (const d of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const env = cmd.includes('slack-ours.ts') ? readFileSync(`/proc/${d}/environ`, 'utf8') : '';
      const role = /BENCH_ROLE=(\w+)/.exec(env)?.[1] ?? 'single';
      if (cmd.includes('slack-ours.ts')) servers.push({ pid: Number(d), who: `ours ${role}` });
      else if (cmd.includes('slack-bare.ts')) servers.push({ pid: Number(d), who: 'bare' });
    } catch {
      // gone
    }
  }
}

let lastSize = 0;
async function loop(): Promise<void> {
  while (running) {
    const started = Date.now();
    const rows = await sql<Act[]>`
      SELECT pid, datname, backend_type, state,
        CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END AS wait,
        (extract(epoch FROM clock_timestamp() - query_start) * 1000)::int AS ms, left(query, 60) AS query
      FROM pg_stat_activity WHERE pid <> pg_backend_pid()`;
    samples += 1;
    const others: string[] = [];
    for (const r of rows) {
      const client = r.backend_type === 'client backend';
      if (client && r.state !== 'active') continue;
      const key = `${client ? (r.datname ?? '?') : r.backend_type} ${r.wait ?? 'CPU'}`;
      waits.set(key, (waits.get(key) ?? 0) + 1);
      if (!client && !r.wait) others.push(`${r.backend_type} CPU`);
      if (client || r.wait)
        others.push(`${r.pid} ${r.backend_type} ${r.wait ?? 'CPU'} ${client ? `${r.ms}ms` : ''}`);
    }
    for (const r of rows) if (r.query?.includes('jsonb_to_recordset')) schedOf(r.pid, 'ack backend');
    for (const p of servers) schedOf(p.pid, p.who);
    for (const r of rows)
      if (r.state === 'active' && r.query?.includes('jsonb_to_recordset'))
        acks.push([Date.now() - t0, r.pid, r.wait ?? 'CPU', r.ms ?? 0]);
    for (const r of rows)
      if (r.backend_type === 'client backend' && r.state === 'active' && (r.ms ?? 0) >= 100)
        slow.push({ t: Date.now() - t0, ms: r.ms ?? 0, query: `${r.wait ?? 'CPU'} ${r.query}`, others });
    if (Date.now() - lastSize > 2000) {
      lastSize = Date.now();
      findServers();
      await sizeOf();
    }
    const left = every - (Date.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
}

if (process.env.WATCH_PIDFILE) writeFileSync(process.env.WATCH_PIDFILE, String(process.pid));
const done = loop();
async function stop(): Promise<void> {
  running = false;
  await done;
  const after = await counters();
  const [lsn] =
    await sql`SELECT pg_wal_lsn_diff(${after.lsn as string}, ${before.lsn as string})::bigint::text AS d`;
  const diff: Record<string, number> = {};
  for (const k of Object.keys(after))
    if (k !== 'lsn' && k !== 'at') diff[k] = Number(after[k]) - Number(before[k]);
  writeFileSync(
    out,
    JSON.stringify(
      {
        seconds: (Date.now() - t0) / 1000,
        samples,
        walLsnBytes: Number(lsn?.d),
        diff,
        waits: Object.fromEntries([...waits].sort((a, b) => b[1] - a[1])),
        sizes,
        slow,
        acks,
        runQueueWait: [...sched].map(([pid, e]) => ({
          pid,
          who: e.who,
          cpuMs: Math.round(((e.last[0] ?? 0) - (e.first[0] ?? 0)) / 1e6),
          runQueueMs: Math.round(((e.last[1] ?? 0) - (e.first[1] ?? 0)) / 1e6),
          slices: (e.last[2] ?? 0) - (e.first[2] ?? 0),
        })),
      },
      null,
      1,
    ),
  );
  await sql.end();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
