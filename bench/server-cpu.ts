// PostgreSQL's own CPU time for one database: the user + system time of every backend connected
// to it, read from /proc while a phase runs. It answers a question the client's CPU cannot: how
// much of the server's work one of our transitions costs against one of pgbench's, which bounds
// the ratio the core bench can reach on a machine both share, whatever the client does.
// Only for a server on this machine (its backends' /proc entries must be readable); otherwise the
// figure is null and the bench prints nothing for it. Backends seen only between two polls, or
// the last poll interval of a backend that exits, are missed: the figure is a lower bound.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';

const POLL_MS = 50;

export interface ServerCpuWatch {
  /** Seconds of server CPU spent for the database since the watch began, or null if unreadable. */
  stop(): Promise<number | null>;
}

/** The IPC messages by which bench/core-ours.ts has its parent watch the server for it. */
export type ServerCpuMessage =
  | { type: 'server-cpu-start'; databaseUrl: string; datname: string }
  | { type: 'server-cpu-started' }
  | { type: 'server-cpu-stop' }
  | { type: 'server-cpu-stopped'; seconds: number | null };

/**
 * The parent's side: answers a child's start and stop with a watch of its own. A child that exits
 * between the two (a failed run) never says stop: its exit ends the watch, whose poll and
 * connection would otherwise keep the bench from exiting.
 */
export function serveServerCpu(child: {
  on(event: 'message', listener: (m: ServerCpuMessage) => void): unknown;
  on(event: 'exit', listener: () => void): unknown;
  send(m: ServerCpuMessage): unknown;
}): void {
  let watch: ServerCpuWatch | null = null;
  child.on('exit', () => {
    void watch?.stop().catch(() => {});
    watch = null;
  });
  child.on('message', (m) => {
    if (m?.type === 'server-cpu-start') {
      watch = watchServerCpu(m.databaseUrl, m.datname);
      child.send({ type: 'server-cpu-started' });
    } else if (m?.type === 'server-cpu-stop') {
      const stopping = watch?.stop() ?? Promise.resolve(null);
      watch = null;
      void stopping.then(
        (seconds) => child.send({ type: 'server-cpu-stopped', seconds }),
        () => child.send({ type: 'server-cpu-stopped', seconds: null }),
      );
    }
  });
}

export function watchServerCpu(databaseUrl: string, datname: string, pollMs = POLL_MS): ServerCpuWatch {
  const target = postgresTarget(databaseUrl);
  const sql = postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
  const tick = clockTicks();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let polls = 0;
  const poll = async () => {
    const rows = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${datname} and pid <> pg_backend_pid()`;
    polls += 1;
    for (const { pid } of rows) {
      const ticks = cpuTicks(pid);
      if (ticks === null) continue; // exited since, or not ours to read (another host, user)
      // A backend there at the start counts from its reading then; one that came later is the
      // phase's own from its first instruction.
      if (!first.has(pid)) first.set(pid, polls === 1 ? ticks : 0);
      last.set(pid, ticks);
    }
  };
  let polling = poll();
  const timer = setInterval(() => {
    polling = polling.then(poll, poll);
  }, pollMs);
  return {
    async stop() {
      clearInterval(timer);
      await polling.catch(() => {});
      await poll().catch(() => {});
      await sql.end();
      if (last.size === 0) return null;
      let ticks = 0;
      for (const [pid, now] of last) ticks += now - (first.get(pid) ?? now);
      return ticks / tick;
    },
  };
}

/** utime + stime of a process, in clock ticks (proc(5): fields 14 and 15), or null if gone. */
export function cpuTicks(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

let ticksPerSecond: number | undefined;
/** The kernel's clock ticks per second, in which /proc reports CPU times (USER_HZ). */
export function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}
