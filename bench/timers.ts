// `npm run bench -- timers [--count 100000] [--spread 60] [--lead 45] [--hz 10,100] [--repeat 1]
//                          [--per-incident 8] [--concurrency 50]`
//
// Arms `count` deadlines due uniformly over `spread` seconds (starting `lead` seconds from now),
// then measures, per deadline, how late its wake-up came (p50/p99/max), the Redis memory per
// pending timer (used_memory after arming − before, ÷ count, with no worker running yet), and the
// worker process' peak RSS. Ours: BullTimerScheduler.sync() — the call the outbox relay makes —
// with real timer keys grouped `per-incident` (8 = a P1's respond, resolve and six escalations),
// versioned job ids and the armed-set registry; its worker is BullTimerScheduler.start() with a
// handler that only records the wake-up. The reference, in the same run on the same Redis: bare
// BullMQ delayed jobs (default ids, empty data) and a no-op Worker, same concurrency.
// Both are measured at each Redis `hz` given (CONFIG SET hz; the original value is restored).
//
// The timer worker runs in a child process (bench/timers-worker.ts), so the RSS is its own.
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { TimerSpec } from '../src/core/decision.js';
import { BullTimerScheduler } from '../src/jobs/bullmq-scheduler.js';
import type { TimerSet } from '../src/jobs/scheduler.js';
import { loadAverage } from './runs.js';
import { printTable, summarize } from './stats.js';

interface Options {
  count: number;
  spreadS: number;
  leadS: number;
  /** Rounds of (bare, ours) pairs per hz: on a shared machine, look at every pair. */
  repeat: number;
  hz: number[];
  perIncident: number;
  concurrency: number;
  redisUrl: string;
}

interface Measured {
  impl: 'bare BullMQ' | 'ours';
  hz: number;
  armS: number;
  bytesPerTimer: number;
  lateness: number[];
  fired: number;
  rssMb: number;
}

const SUFFIXES = [
  'respond',
  'resolve',
  'esc.respond.1',
  'esc.respond.2',
  'esc.respond.3',
  'esc.resolve.1',
  'esc.resolve.2',
  'esc.resolve.3',
  'accept.1',
  'accept.2',
];

export async function run(argv: string[]): Promise<void> {
  const o = parse(argv);
  const admin = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const setting = async (name: string) => ((await admin.config('GET', name)) as string[])[1];
  const original = Number(await setting('hz'));
  const policy = await setting('maxmemory-policy');
  console.log(
    `timers bench: ${o.count} deadlines over ${o.spreadS} s, ${o.perIncident} per incident, ` +
      `worker concurrency ${o.concurrency}; Redis ${o.redisUrl} (hz ${original}, maxmemory-policy ${policy}); ` +
      `load average before ${loadAverage()}`,
  );
  const results: Measured[] = [];
  try {
    for (let round = 0; round < o.repeat; round++) {
      for (const hz of o.hz) {
        await admin.config('SET', 'hz', String(hz));
        results.push(await measure('bare BullMQ', hz, o, admin));
        results.push(await measure('ours', hz, o, admin));
      }
    }
  } finally {
    await admin.config('SET', 'hz', String(original));
    await admin.quit();
  }
  report(results);
}

function parse(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  };
  const num = (name: string, fallback: number) => {
    const v = get(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${v}`);
    return n;
  };
  return {
    count: num('count', 100_000),
    spreadS: num('spread', 60),
    leadS: num('lead', 45),
    repeat: num('repeat', 1),
    hz: (get('hz') ?? '10,100').split(',').map(Number),
    perIncident: Math.min(num('per-incident', 8), SUFFIXES.length),
    concurrency: num('concurrency', 50),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

async function measure(impl: Measured['impl'], hz: number, o: Options, admin: Redis): Promise<Measured> {
  const prefix = `bench-timers-${randomBytes(4).toString('hex')}`;
  const queueName = impl === 'ours' ? 'timers' : 'bare';
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const start = Date.now() + o.leadS * 1000;
  const dues = Array.from({ length: o.count }, () => start + Math.random() * o.spreadS * 1000);
  try {
    // Let the previous run's freed memory settle, then take the baseline.
    await admin.call('MEMORY', 'PURGE').catch(() => undefined);
    const before = await usedMemory(admin);
    const armStarted = Date.now();
    if (impl === 'ours') await armOurs(connection, prefix, queueName, dues, o.perIncident);
    else await armBare(connection, prefix, queueName, dues);
    const armS = (Date.now() - armStarted) / 1000;
    const after = await usedMemory(admin);
    if (Date.now() > start) console.warn(`  ${impl} hz ${hz}: arming took ${armS} s, longer than --lead`);
    const worker = await runWorker(
      impl === 'ours' ? 'ours' : 'bare',
      o,
      prefix,
      queueName,
      start + o.spreadS * 1000 + 120_000,
    );
    console.log(`  ${impl} hz ${hz}: armed in ${armS.toFixed(1)} s, ${worker.seen} fired`);
    return {
      impl,
      hz,
      armS,
      bytesPerTimer: (after - before) / o.count,
      lateness: worker.lateness,
      fired: worker.seen,
      rssMb: worker.rssPeak / 2 ** 20,
    };
  } finally {
    await wipe(connection, prefix);
    await connection.quit();
  }
}

async function armBare(connection: Redis, prefix: string, name: string, dues: number[]): Promise<void> {
  const queue = new Queue(name, { connection, prefix });
  for (let i = 0; i < dues.length; i += 1000) {
    const now = Date.now();
    await queue.addBulk(
      dues
        .slice(i, i + 1000)
        .map((due) => ({ name: 'job', data: {}, opts: { delay: Math.max(0, due - now) } })),
    );
  }
  await queue.close();
}

async function armOurs(
  connection: Redis,
  prefix: string,
  queueName: string,
  dues: number[],
  perIncident: number,
): Promise<void> {
  const scheduler = new BullTimerScheduler({ connection, prefix, queueName });
  let batch: TimerSet[] = [];
  for (let i = 0; i < dues.length; i += perIncident) {
    const id = randomUUID();
    const timers = dues.slice(i, i + perIncident).map(
      (due, n): TimerSpec => ({
        key: `${id}.${SUFFIXES[n]}`,
        kind: n === 0 ? 'respond' : n === 1 ? 'resolve' : 'escalation',
        at: new Date(due),
        detail: {},
      }),
    );
    batch.push({ incidentId: id, version: 3, timers });
    if (batch.length === 100) {
      await scheduler.sync(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await scheduler.sync(batch);
  await scheduler.close();
}

interface WorkerResult {
  seen: number;
  lateness: number[];
  rssPeak: number;
}

function runWorker(
  mode: 'bare' | 'ours',
  o: Options,
  prefix: string,
  queue: string,
  until: number,
): Promise<WorkerResult> {
  const file = fileURLToPath(new URL('./timers-worker.ts', import.meta.url));
  const args = { mode, redisUrl: o.redisUrl, prefix, queue, count: o.count, concurrency: o.concurrency };
  const child = fork(file, [JSON.stringify(args)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_WORKER_TIMEOUT_MS: String(Math.max(10_000, until - Date.now())) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string } & Partial<WorkerResult>) => {
      if (m.type === 'done')
        resolve({ seen: m.seen ?? 0, lateness: m.lateness ?? [], rssPeak: m.rssPeak ?? 0 });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`timer worker exited with ${code}`));
    });
  });
}

async function wipe(redis: Redis, prefix: string): Promise<void> {
  for (const pattern of [`${prefix}:*`, `${prefix}-armed:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  }
}

function report(results: Measured[]): void {
  const rows = results.map((r) => {
    const s = summarize(r.lateness);
    return {
      hz: r.hz,
      impl: r.impl,
      fired: r.fired,
      'arm s': Number(r.armS.toFixed(1)),
      'p50 ms': s.p50,
      'p99 ms': s.p99,
      'max ms': s.max,
      'B/timer': Math.round(r.bytesPerTimer),
      'worker RSS MB': Number(r.rssMb.toFixed(1)),
    };
  });
  console.log('');
  printTable(rows, 1);
  console.log('');
  // Results come in pairs (bare, then ours) per --hz value, measured back to back.
  for (let i = 0; i + 1 < results.length; i += 2) {
    const [bare, ours] = [results[i] as Measured, results[i + 1] as Measured];
    const hz = bare.hz;
    const ratio = summarize(ours.lateness).p99 / Math.max(1, summarize(bare.lateness).p99);
    const ok = ratio <= 1.5 && ours.bytesPerTimer <= 450;
    console.log(
      `hz ${hz}: p99 ours/bare = ${ratio.toFixed(2)} (target ≤ 1.5), ${Math.round(ours.bytesPerTimer)} B per ` +
        `pending timer (target ≤ 450): ${ok ? 'OK' : 'MISSED'}`,
    );
  }
  console.log(`load average after ${loadAverage()}`);
}
