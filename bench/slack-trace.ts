// BENCH_SLACK_TRACE=1 for `npm run bench -- slack`: what else happened during a run, to tell a
// slow server from a busy machine. In each server process, the garbage collector's pauses over
// the run; in the bench, PostgreSQL's background work over the run (autovacuum workers seen,
// checkpoints begun, buffers written by the checkpointer), the machine's TCP listen-queue overflows
// and SYN retransmits, and the latency p99 per second of sends.
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';
import { DATABASE_URL } from './runs.js';

export const tracing = process.env.BENCH_SLACK_TRACE === '1';

/** GC pauses from now: count, total and longest (ms), and the longest major (mark-compact). */
export function gcWatch(): () => Record<string, number> {
  let count = 0;
  let total = 0;
  let max = 0;
  let majorMax = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      count += 1;
      total += e.duration;
      max = Math.max(max, e.duration);
      // detail.kind 4: NODE_PERFORMANCE_GC_MAJOR
      if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === 4)
        majorMax = Math.max(majorMax, e.duration);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return () => {
    obs.disconnect();
    return { gcCount: count, gcMs: total, gcMaxMs: max, gcMajorMaxMs: majorMax };
  };
}

/**
 * PostgreSQL's background work over a run, polled every 200 ms from the bench. Resolves once the
 * statistics before the run are read (postgres.js sends a query only when it is awaited), to a
 * function that ends the watch and gives the differences; a failed poll ends the watch, never
 * the bench, and the connection is closed whatever happens.
 */
export async function pgWatch(): Promise<() => Promise<Record<string, number>>> {
  const target = postgresTarget(DATABASE_URL);
  const sql = postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
  let autovacuumSeen = 0;
  let running = true;
  // pg_stat_wal (PostgreSQL 14+): WAL writes and fsyncs, the flushes a durable ack waits for.
  type Stats = {
    timed: number;
    req: number;
    written: number;
    backend: number;
    wsync: number;
    wwrite: number;
  };
  const stats = async () =>
    (
      await sql<Stats[]>`
      SELECT checkpoints_timed::int AS timed, checkpoints_req::int AS req,
        buffers_checkpoint::int AS written, buffers_backend::int AS backend,
        w.wal_sync::int AS wsync, w.wal_write::int AS wwrite
      FROM pg_stat_bgwriter, pg_stat_wal w`
    )[0];
  let a: Awaited<ReturnType<typeof stats>>;
  try {
    a = await stats();
  } catch (err) {
    await sql.end();
    throw err;
  }
  const tcp0 = tcpCounters();
  const cpu0 = machineCpu();
  const poll = (async () => {
    while (running) {
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`;
      autovacuumSeen = Math.max(autovacuumSeen, row?.n ?? 0);
      await new Promise((r) => setTimeout(r, 200));
    }
  })().catch((err: unknown) => console.error(`trace: the autovacuum watch stopped: ${String(err)}`));
  return async () => {
    running = false;
    try {
      await poll;
      const b = await stats();
      const tcp1 = tcpCounters();
      const cpu1 = machineCpu();
      return {
        listenOverflows: tcp1.overflows - tcp0.overflows,
        synRetransmits: tcp1.synRetrans - tcp0.synRetrans,
        autovacuumWorkers: autovacuumSeen,
        checkpoints: (b?.timed ?? 0) + (b?.req ?? 0) - (a?.timed ?? 0) - (a?.req ?? 0),
        checkpointBuffers: (b?.written ?? 0) - (a?.written ?? 0),
        backendBuffers: (b?.backend ?? 0) - (a?.backend ?? 0),
        walSyncs: (b?.wsync ?? 0) - (a?.wsync ?? 0),
        walWrites: (b?.wwrite ?? 0) - (a?.wwrite ?? 0),
        // Of both CPUs' time over the run, the share busy (every process, other helpers' too).
        machineBusyPct: Math.round((100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total || 1)),
      };
    } finally {
      await sql.end();
    }
  };
}

/** The machine's TCP counters (all its processes, not only the bench's): accept-queue
 *  overflows, and SYNs sent again because no answer came. */
function tcpCounters(): { overflows: number; synRetrans: number } {
  const lines = readFileSync('/proc/net/netstat', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('TcpExt:'));
  const names = (lines[0] ?? '').split(/\s+/);
  const values = (lines[1] ?? '').split(/\s+/);
  const get = (name: string) => Number(values[names.indexOf(name)] ?? 0);
  return { overflows: get('ListenOverflows'), synRetrans: get('TCPSynRetrans') };
}

/** The machine's CPU time in clock ticks, all CPUs: busy (not idle or waiting on I/O) and total. */
function machineCpu(): { busy: number; total: number } {
  const ticks = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, x) => a + (x || 0), 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** p99 of the latencies of the requests sent in each second of the run, in ms. */
export function p99PerSecond(sent: { at: number; latency: number }[], seconds: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < seconds; s++) {
    const xs = sent
      .filter((x) => x.at >= s * 1000 && x.at < (s + 1) * 1000)
      .map((x) => x.latency)
      .sort((a, b) => a - b);
    out.push(Math.round(xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? 0));
  }
  return out;
}

/** CPU time (ms) of the PostgreSQL backends serving `pids`, from /proc (the server is local). */
function backendTicks(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * The CPU PostgreSQL spent for one database over a run: its backends' user+system time, in ms
 * (clock ticks of 10 ms), from now until the returned function is called. Taken by the bench
 * around the sending only, so that a paused worker's drain afterwards (`--ours web`) is not in it.
 */
export async function databaseCpu(database: string): Promise<() => Promise<number>> {
  const target = postgresTarget(DATABASE_URL);
  const sql = postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
  const pids = async () =>
    (await sql<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ${database}`).map(
      (r) => r.pid,
    );
  let before: Map<number, number>;
  try {
    before = backendTicks(await pids());
  } catch (err) {
    await sql.end();
    throw err;
  }
  return async () => {
    try {
      const after = backendTicks(await pids());
      let ticks = 0;
      for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
      return ticks * 10;
    } finally {
      await sql.end();
    }
  };
}
