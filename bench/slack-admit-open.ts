// `npx tsx bench/slack-admit-open.ts [rate] [seconds] [rounds]`: the acknowledgement's commit
// alone (db/inbox.ts admit: group commit over the two ack connections), in an open loop — click
// i stored at start + i/rate, its latency from that planned time — without HTTP, Bolt or a
// sender, so that what the group commit itself does to the tail shows apart from the server.
// Per round: latency p50/p99/max, the INSERTs' sizes and round trips, the slowest INSERTs (when
// in the round, ms + ms (size)). ADMIT_LISTENER=stopped adds a LISTENer that never reads (as
// the Slack bench's paused worker). A database of its own, dropped after.
import { type ChildProcess, spawn } from 'node:child_process';
import { openDatabase } from '../db/connect.js';
import { createInboxStore } from '../db/inbox.js';
import { createBenchDatabase, loadAverage } from './runs.js';
import { classifyPick } from './slack-pick.js';

const rate = Number(process.argv[2] ?? 1500);
const seconds = Number(process.argv[3] ?? 5);
const rounds = Number(process.argv[4] ?? 3);
const listener = process.env.ADMIT_LISTENER ?? 'none';
// ADMIT_WORK_US: synchronous work per click in the same turn, standing for the web process
// reading the request (body, signature, parse: ~0.3 ms at 1,500/s) before it reaches admit.
const workUs = Number(process.env.ADMIT_WORK_US ?? 0);
const spin = (us: number) => {
  const until = performance.now() + us / 1000;
  while (performance.now() < until);
};
const bench = await createBenchDatabase('bench_admit_open');
const db = await openDatabase({ databaseUrl: bench.url });
let listening: ChildProcess | null = null;

const body = classifyPick;

try {
  if (listener !== 'none') {
    const script = `const p=require('postgres')(process.argv[1],{max:1,onnotice(){}});p.listen('inbox_slack',()=>{}).then(()=>process.send('ok'));`;
    listening = spawn(process.execPath, ['-e', script, bench.url], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise((r) => listening?.once('message', r));
    if (listener === 'stopped') listening.kill('SIGSTOP');
  }
  const store = createInboxStore(db);
  // The ADMIT batches: size and round trip, from the ack client's queries.
  const client = (
    db.ackOrm as unknown as { _: { session: { client: { unsafe: (...a: unknown[]) => unknown } } } }
  )._.session.client;
  // ADMIT_FLUSH_BYTES: the ack client's flush threshold for this run (16384: as the main pool).
  if (process.env.ADMIT_FLUSH_BYTES)
    (client as unknown as { options: { flush_bytes: number } }).options.flush_bytes = Number(
      process.env.ADMIT_FLUSH_BYTES,
    );
  const unsafe = client.unsafe.bind(client);
  let batches: { sent: number; ms: number; size: number }[] = [];
  client.unsafe = (...a: unknown[]) => {
    const q = unsafe(...a) as Promise<unknown>;
    const sent = performance.now();
    const json = Array.isArray(a[1]) ? (a[1][0] as string) : '';
    const size = json.match(/"platform":/g)?.length ?? 0;
    void Promise.resolve(q).then(
      () => batches.push({ sent, ms: performance.now() - sent, size }),
      () => {},
    );
    return q;
  };
  let n = 0;
  const one = () => {
    n += 1;
    const leaseUntil = new Date(Date.now() + 30_000);
    return store.admit({
      platform: 'slack',
      key: `action:T1:U:${n}`,
      body: body(n),
      leaseUntil,
      handOff: true,
    });
  };
  for (let i = 0; i < 20; i++) await Promise.all([one(), one(), one()]);
  for (let r = 1; r <= rounds; r++) {
    batches = [];
    const total = rate * seconds;
    const lat: number[] = [];
    const start = performance.now();
    const waits: Promise<void>[] = [];
    let i = 0;
    const loadBefore = loadAverage();
    await new Promise<void>((done) => {
      const tick = () => {
        const now = performance.now();
        while (i < total && start + (i * 1000) / rate <= now) {
          const planned = start + (i * 1000) / rate;
          waits.push(one().then(() => void lat.push(performance.now() - planned)));
          spin(workUs);
          i += 1;
        }
        if (i < total) setImmediate(tick);
        else done();
      };
      tick();
    });
    await Promise.all(waits);
    lat.sort((a, b) => a - b);
    const q = (xs: number[], f: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * f))] ?? 0;
    const sizes = batches.map((b) => b.size).sort((a, b) => a - b);
    const rtts = batches.map((b) => b.ms).sort((a, b) => a - b);
    const slow = batches
      .filter((b) => b.ms >= 40)
      .map((b) => `${Math.round(b.sent - start)}+${Math.round(b.ms)}(${b.size})`);
    console.log(
      `round ${r} ${rate}/s ${seconds} s (load ${loadBefore} → ${loadAverage()}): p50 ${q(lat, 0.5).toFixed(1)} p99 ${q(lat, 0.99).toFixed(1)} max ${q(lat, 1).toFixed(1)} ms; ` +
        `${batches.length} INSERTs, size p50 ${q(sizes, 0.5)} p90 ${q(sizes, 0.9)} max ${q(sizes, 1)}; round trip p50 ${q(rtts, 0.5).toFixed(1)} p99 ${q(rtts, 0.99).toFixed(1)} max ${q(rtts, 1).toFixed(1)} ms; ` +
        `slow: ${slow.slice(0, 30).join(' ') || '-'}`,
    );
  }
} finally {
  listening?.kill('SIGCONT');
  listening?.kill();
  await db.close();
  await bench.drop();
}
