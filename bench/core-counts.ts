// `npx tsx bench/core-counts.ts [--tree DIR] [--clients 8] [--seconds 10] [--warmup-transitions 3000]
// [--warmup 25]`: one round of bench/core-ours.ts (the tree's, default this one) on a fresh
// database of DATABASE_URL's server, and what the server did for it per transition, counted from
// the end of the warm-up to the child's exit (the drain and the relays' last rounds included):
// statements and their WAL records and buffers (pg_stat_statements: the server needs
// `shared_preload_libraries = pg_stat_statements` and the extension in the `postgres` database,
// and nothing else running on it, since its counters are the cluster's), WAL records, bytes and
// flushes (pg_stat_wal), commits (pg_stat_database), the outbox's inserts, updates (HOT), deletes
// (pg_stat_user_tables) and rows by topic. Counts, not times: what to compare on a loaded machine
// (docs/core-speed.md, h/timerfold). Run base and branch interleaved (--tree of each).
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';
import type { OursArgs, OursResult } from './core-ours.js';
import { createBenchDatabase, DATABASE_URL, loadAverage, wholeOption } from './runs.js';
import type { ServerCpuMessage } from './server-cpu.js';

const args = process.argv.slice(2);
const treeAt = args.indexOf('--tree');
const tree = resolve(treeAt >= 0 ? (args[treeAt + 1] as string) : '.');

type Sql = ReturnType<typeof postgres>;
const connect = (url: string): Sql => {
  const target = postgresTarget(url);
  return postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
};

interface Snapshot {
  commits: number;
  ins: number;
  upd: number;
  hot: number;
  del: number;
  at: Date;
}

async function snapshot(admin: Sql, db: Sql, name: string): Promise<Snapshot> {
  const [d] = await admin`select xact_commit::float8 as c from pg_stat_database where datname = ${name}`;
  const [t] =
    await db`select n_tup_ins::float8 as ins, n_tup_upd::float8 as upd, n_tup_hot_upd::float8 as hot,
    n_tup_del::float8 as del, now() as at from pg_stat_user_tables where relname = 'outbox'`;
  return {
    commits: Number(d?.c ?? 0),
    ins: Number(t?.ins ?? 0),
    upd: Number(t?.upd ?? 0),
    hot: Number(t?.hot ?? 0),
    del: Number(t?.del ?? 0),
    at: (t?.at as Date) ?? new Date(),
  };
}

async function main(): Promise<void> {
  const bench = await createBenchDatabase('timerfold_counts');
  const admin = connect(DATABASE_URL);
  const w: { db: Sql | null; start: Snapshot | null } = { db: null, start: null };
  const ours: OursArgs = {
    databaseUrl: bench.url,
    clients: wholeOption(args, 'clients', 8),
    seconds: wholeOption(args, 'seconds', 10),
    configPath: process.env.ITSS_CONFIG ?? 'config/example.en.yaml',
    warmupSeconds: wholeOption(args, 'warmup', 25, 0),
    warmupTransitions: wholeOption(args, 'warmup-transitions', 3000, 0),
    serverCpuByParent: true,
  };
  const load = [loadAverage()];
  try {
    const child = fork(resolve(tree, 'bench/core-ours.ts'), [JSON.stringify(ours)], {
      cwd: tree,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('message', (m: ServerCpuMessage) => {
      if (m?.type === 'server-cpu-start') {
        void (async () => {
          load.push(loadAverage());
          // The warm-up's table and WAL counters reach the shared ones within a second of its
          // backends going idle: counted before the window, not in it.
          await new Promise((r) => setTimeout(r, 2000));
          w.db = connect(bench.url);
          await admin`select pg_stat_statements_reset()`;
          await admin`select pg_stat_reset_shared('wal')`;
          w.start = await snapshot(admin, w.db, bench.name);
          child.send({ type: 'server-cpu-started' } satisfies ServerCpuMessage);
        })();
      } else if (m?.type === 'server-cpu-stop') child.send({ type: 'server-cpu-stopped', seconds: null });
    });
    const code: number = await new Promise((r) => child.on('exit', (c) => r(c ?? 1)));
    const last = out.trim().split('\n').pop() ?? '';
    if (code !== 0 || !last.startsWith('{')) throw new Error(`core-ours exited ${code}: ${out}`);
    const result = JSON.parse(last) as OursResult;
    load.push(loadAverage());
    // Backends flush table and database counters at most once a second, and at exit.
    await new Promise((r) => setTimeout(r, 1500));
    const { db, start: s0 } = w;
    if (!db || !s0) throw new Error('the child never started its measured window');
    const s1 = await snapshot(admin, db, bench.name);
    const [oid] = await admin`select oid from pg_database where datname = ${bench.name}`;
    const statements = await admin`select query, calls::float8 as calls, wal_records::float8 as wal,
        (shared_blks_hit + shared_blks_read)::float8 as bufs
      from pg_stat_statements where dbid = ${oid?.oid}
        and query not like '%pg_stat%' and query not ilike 'select count(*)::int as n from outbox%'
      order by wal_records desc, calls desc`;
    const [wal] = await admin`select wal_records::float8 as r, wal_bytes::float8 as b, wal_fpi::float8 as fpi,
      wal_sync::float8 as sync from pg_stat_wal`;
    const topics = await db`select topic, count(*)::float8 as n from outbox where created_at >= ${s0.at}
      group by 1 order by 1`;
    const n = result.transitions;
    const per = (x: number) => Number((x / n).toFixed(3));
    const sum = (k: string) => statements.reduce((a, r) => a + Number(r[k]), 0);
    const outboxRows = statements.filter((r) => /outbox/i.test(String(r.query)));
    const summary = {
      tree,
      transitions: n,
      load: load.join(' | '),
      'outbox rows': per(s1.ins - s0.ins),
      'outbox updates': per(s1.upd - s0.upd),
      'outbox HOT': per(s1.hot - s0.hot),
      'outbox deletes': per(s1.del - s0.del),
      'WAL records': per(Number(wal?.r)),
      'WAL bytes': per(Number(wal?.b)),
      'WAL FPI': per(Number(wal?.fpi)),
      'WAL flushes': per(Number(wal?.sync)),
      buffers: per(sum('bufs')),
      statements: per(sum('calls')),
      'outbox statements': per(outboxRows.reduce((a, r) => a + Number(r.calls), 0)),
      'outbox WAL records': per(outboxRows.reduce((a, r) => a + Number(r.wal), 0)),
      commits: per(s1.commits - s0.commits),
      topics: Object.fromEntries(
        topics.map((t: Record<string, unknown>) => [String(t.topic), per(Number(t.n))]),
      ),
    };
    console.log(JSON.stringify(summary, null, 1));
    if (args.includes('--statements'))
      for (const r of statements.slice(0, 25))
        console.log(
          `${per(Number(r.calls))}\t${per(Number(r.wal))}\t${per(Number(r.bufs))}\t${String(r.query).replace(/\s+/g, ' ').slice(0, 150)}`,
        );
  } finally {
    await w.db?.end();
    await admin.end();
    await bench.drop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
