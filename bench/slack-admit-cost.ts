// `npx tsx bench/slack-admit-cost.ts [sizes] [statements]`: what one acknowledgement INSERT
// (db/inbox.ts ADMIT: a batch of clicks as one JSON array, rows handed off with their NOTIFY)
// costs PostgreSQL, per batch size: its backend's CPU (from /proc, the server being local) and
// the round trip, per click. A count first (CPU ms per click), so it holds on a loaded machine.
// Runs on a database of its own (dropped after), as the Slack bench's web process stores them.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/connect.js';
import { createInboxStore } from '../db/inbox.js';
import { queryRows } from '../db/sql-rows.js';
import { createBenchDatabase } from './runs.js';
import { classifyPick } from './slack-pick.js';

const sizes = (process.argv[2] ?? '1,8,32,64,128,256').split(',').map(Number);
const statements = Number(process.argv[3] ?? 40);
// ADMIT_LISTENER=reading|stopped: a process LISTENing on the hand-offs' channel, as a worker
// does: one reading its notifications, or one stopped (SIGSTOP, as the bench's `--ours web`
// pauses its worker) that never reads them.
const listener = process.env.ADMIT_LISTENER ?? 'none';
const bench = await createBenchDatabase('bench_admit');
const db = await openDatabase({ databaseUrl: bench.url });
let listening: ChildProcess | null = null;
try {
  if (listener !== 'none') {
    const script = `const p=require('postgres')(process.argv[1],{max:1,onnotice(){}});let n=0;p.listen('inbox_slack',()=>{n++}).then(()=>process.send('ok'));`;
    listening = spawn(process.execPath, ['-e', script, bench.url], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise((r) => listening?.once('message', r));
    if (listener === 'stopped') listening.kill('SIGSTOP');
  }
  const store = createInboxStore(db);
  // Every backend of this database (the two ack connections and the main pool's).
  const backends = async () =>
    (
      await queryRows<{ pid: number }>(
        db.orm,
        sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      )
    ).map((r) => r.pid);
  let n = 0;
  // A stored click as the edge leaves it (no card blocks, no token): the bench's own shape.
  const body = classifyPick;

  const ticks = (p: number) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  const leaseUntil = new Date(Date.now() + 30_000);
  const one = (handOff: boolean) => {
    n += 1;
    return store.admit({ platform: 'slack', key: `action:T1:U:${n}`, body: body(n), leaseUntil, handOff });
  };
  // Warm: the statement prepared on both ack connections.
  for (let i = 0; i < 4; i++) await Promise.all([one(true), one(true), one(true)]);
  console.log('batch  handOff  statements  PG CPU ms/click  round trip ms (mean)  ms/click');
  for (const handOff of [true, false])
    for (const size of sizes) {
      // `size` clicks at once: the group commit sends the first two alone (one per ack
      // connection) and the rest together once one returns.
      let cpu = 0;
      let wall = 0;
      for (let s = 0; s < statements; s++) {
        const pids = await backends();
        const before = pids.map(ticks);
        const t0 = performance.now();
        await Promise.all(Array.from({ length: size }, () => one(handOff)));
        wall += performance.now() - t0;
        cpu += pids.map(ticks).reduce((a, t, i) => a + t - (before[i] ?? 0), 0) * 10;
      }
      const clicks = size * statements;
      console.log(
        `${String(size).padStart(5)}  ${String(handOff).padEnd(7)}  ${String(statements).padStart(10)}  ${(cpu / clicks).toFixed(3).padStart(15)}  ${(wall / statements).toFixed(1).padStart(20)}  ${(wall / clicks).toFixed(3).padStart(8)}`,
      );
    }
} finally {
  listening?.kill('SIGCONT');
  listening?.kill();
  await db.close();
  await bench.drop();
}
