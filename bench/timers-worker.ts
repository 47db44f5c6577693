// Child process of bench/timers.ts: one timer worker, in its own process so its RSS is its own.
// `bare`: a plain BullMQ Worker with a no-op processor. `ours`: BullTimerScheduler.start() with a
// handler that only records the wake-up (the firing's database work is bench/core.ts's subject).
// Lateness = wake-up time − the instant the job was due (job timestamp + delay), in ms.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { BullTimerScheduler } from '../src/jobs/bullmq-scheduler.js';

interface Args {
  mode: 'bare' | 'ours';
  redisUrl: string;
  prefix: string;
  queue: string;
  count: number;
  concurrency: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
/** Resolves once the message is handed to the parent (exiting earlier would lose it). */
const send = (message: unknown) =>
  new Promise<void>((resolve, reject) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });

const lateness = new Float64Array(args.count);
let seen = 0;
let rssPeak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 250);

const connection = new Redis(args.redisUrl, { maxRetriesPerRequest: null });
let finish: () => void = () => {};
const done = new Promise<void>((resolve) => {
  finish = resolve;
});

function record(dueAt: number): void {
  if (seen < args.count) lateness[seen] = Date.now() - dueAt;
  seen++;
  if (seen === args.count) finish();
}

let close: () => Promise<void>;
if (args.mode === 'bare') {
  const worker = new Worker(
    args.queue,
    async (job) => {
      record(job.timestamp + (job.opts.delay ?? 0));
    },
    { connection, prefix: args.prefix, concurrency: args.concurrency, removeOnComplete: { count: 1000 } },
  );
  await worker.waitUntilReady();
  close = () => worker.close();
} else {
  const scheduler = new BullTimerScheduler({
    connection,
    prefix: args.prefix,
    queueName: args.queue,
    concurrency: args.concurrency,
  });
  await scheduler.start(async (t) => {
    record(t.at.getTime());
  });
  close = () => scheduler.close();
}
await send({ type: 'ready' });
const timeout = setTimeout(finish, Number(process.env.BENCH_WORKER_TIMEOUT_MS ?? 600_000));
await done;
clearTimeout(timeout);
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
await close();
await send({
  type: 'done',
  seen,
  lateness: Array.from(lateness.subarray(0, Math.min(seen, args.count))),
  rssPeak,
});
await connection.quit();
process.exit(0);
