// The core bench's server-side figures (bench/server-cpu.ts, bench/pgbench.ts): PostgreSQL's CPU
// for one database over a phase, and pgbench's own CPU. They bound what ratio the bench can reach,
// so they must count the phase's work, and only it.
import { EventEmitter } from 'node:events';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgbenchReference } from '../../bench/pgbench.js';
import { type BenchDatabase, createBenchDatabase } from '../../bench/runs.js';
import { type ServerCpuMessage, serveServerCpu, watchServerCpu } from '../../bench/server-cpu.js';

// ~0.2–0.5 s of one backend's CPU on this machine, whatever the load.
const BUSY = 'select count(*) from generate_series(1, 3000000)';

describe('server CPU of one database', () => {
  let db: BenchDatabase;
  let sql: postgres.Sql;

  beforeAll(async () => {
    db = await createBenchDatabase('bench_cpu_test');
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
    await sql`select 1`;
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it('counts a backend busy during the watch', async () => {
    const watch = watchServerCpu(db.url, db.name);
    await sql.unsafe(BUSY);
    const seconds = await watch.stop();
    expect(seconds).toBeGreaterThan(0.1);
  });

  it('does not count what a backend did before the watch began', async () => {
    await sql.unsafe(BUSY);
    const watch = watchServerCpu(db.url, db.name);
    await new Promise((r) => setTimeout(r, 200));
    await sql`select 1`;
    const seconds = await watch.stop();
    expect(seconds).not.toBeNull();
    expect(seconds).toBeLessThan(0.05);
  });

  it('counts a connection opened during the watch from its start', async () => {
    // Polls far apart: the late backend is first seen by stop()'s last poll, after its work.
    const watch = watchServerCpu(db.url, db.name, 60_000);
    await new Promise((r) => setTimeout(r, 120)); // the first poll has seen the database as it was
    const late = postgres(db.url, { max: 1, onnotice: () => {} });
    await late.unsafe(BUSY);
    const seconds = await watch.stop();
    await late.end();
    expect(seconds).toBeGreaterThan(0.1);
  });

  it("watches for the bot's process from the parent: start, the phase's work, stop with its seconds", async () => {
    // bench/core-ours.ts asks bench/core.ts to watch, so the polling is not the bot's CPU.
    const child = new EventEmitter();
    const sent: ServerCpuMessage[] = [];
    const answered = (type: string) =>
      new Promise<ServerCpuMessage>((resolve) => {
        const check = () => {
          const m = sent.find((x) => x.type === type);
          if (m) resolve(m);
          else setTimeout(check, 10);
        };
        check();
      });
    serveServerCpu({ on: (e, l) => child.on(e, l), send: (m) => sent.push(m) });
    child.emit('message', { type: 'server-cpu-start', databaseUrl: db.url, datname: db.name });
    await answered('server-cpu-started');
    await sql.unsafe(BUSY);
    child.emit('message', { type: 'server-cpu-stop' });
    const stopped = await answered('server-cpu-stopped');
    expect(stopped.type === 'server-cpu-stopped' && stopped.seconds).toBeGreaterThan(0.1);
  });

  // A failed run exits without "stop": the watch's poll and connection must not outlive it, or
  // the bench never exits.
  it('ends the watch when the child exits without saying stop', async () => {
    const others = async () =>
      Number(
        (
          await sql`select count(*)::int as n from pg_stat_activity where datname = ${db.name} and pid <> pg_backend_pid()`
        )[0]?.n,
      );
    const until = async (want: (n: number) => boolean) => {
      for (let i = 0; i < 100 && !want(await others()); i++) await new Promise((r) => setTimeout(r, 50));
      return others();
    };
    const child = new EventEmitter();
    serveServerCpu({ on: (e, l) => child.on(e, l), send: () => {} });
    child.emit('message', { type: 'server-cpu-start', databaseUrl: db.url, datname: db.name });
    expect(await until((n) => n > 0)).toBeGreaterThan(0);
    child.emit('exit');
    expect(await until((n) => n === 0)).toBe(0);
  });
});

describe('pgbench reference', () => {
  let ref: BenchDatabase;
  beforeAll(async () => {
    ref = await createBenchDatabase('bench_pgref_test');
  });
  afterAll(() => ref.drop());

  it("reports pgbench's own CPU and tells the caller when the measured run starts and ends", async () => {
    const events: string[] = [];
    const result = await pgbenchReference({ clients: 1, seconds: 1, scale: 1, refUrl: ref.url }, () => {
      events.push('start');
      return async () => {
        events.push('end');
      };
    });
    expect(events).toEqual(['start', 'end']);
    expect(result.tps).toBeGreaterThan(0);
    expect(result.clientCpuSeconds).toBeGreaterThan(0);
    expect(result.clientCpuSeconds).toBeLessThan(1.5);
  }, 60_000);

  // Ours runs the same load unmeasured first (bench/core.ts --warmup); so must the reference.
  it('runs the warm-up load before the measured run starts, and none without one', async () => {
    const historyAtStart = async (warmupSeconds: number) => {
      const sql = postgres(ref.url, { max: 1, onnotice: () => {} });
      let rows = -1;
      try {
        await pgbenchReference(
          { clients: 1, seconds: 1, scale: 1, refUrl: ref.url, warmupSeconds },
          async () => {
            const [r] = await sql`select count(*)::int as n from pgbench_history`;
            rows = Number(r?.n);
            return async () => {};
          },
        );
      } finally {
        await sql.end();
      }
      return rows;
    };
    expect(await historyAtStart(1)).toBeGreaterThan(0);
    expect(await historyAtStart(0)).toBe(0);
  }, 60_000);
});
