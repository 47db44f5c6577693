// The jobs module (registered in src/main/modules.ts, after the chat adapters): deadline timers,
// the outbox relays, reconciliation and chat delivery.
//
//   --role=web     HTTP and commands only: nothing here runs (commands still write the outbox).
//   --role=worker  timers, relays, reconciliation and deliveries.
//   --role=all     both (default).
// With REDIS_URL (or REDIS_SENTINELS): BullMQ queues `timers` and `notify`; any number of worker instances may run
// (claims are FOR UPDATE SKIP LOCKED, job ids are deterministic, firings idempotent under the
// incident's row lock). Without it: the embedded scheduler and delivery loop, in this process.
import type { Redis } from 'ioredis';
import { type AppContext, type AppModule, deliveryHooks, type RunningModule } from '../app/app-module.js';
import { type RedisTarget, redisTarget } from '../app/env.js';
import { TimerService } from '../app/timer-service.js';
import type { BullDelivery } from './bull-delivery.js';
import { EMBEDDED_DELIVERY_BATCH, EmbeddedDelivery } from './delivery-queue.js';
import { EmbeddedTimerScheduler } from './embedded-scheduler.js';
import { type FailedDelivery, failedDeliveries, mountFailedRoute } from './failed.js';
import { Loop } from './loop.js';
import { OutboxRetention } from './outbox-retention.js';
import { isRedisError, RedisOutageLog, redisReady, redisReason } from './redis.js';
import { checkRedisSettings } from './redis-settings.js';
import type { FireHandler, TimerScheduler } from './scheduler.js';
import { type JobSettings, readJobSettings } from './settings.js';
import { Reconciler, TimerRelay } from './timer-relay.js';

export interface StartedJobs extends RunningModule {
  scheduler: TimerScheduler;
  timers: TimerService;
  relay: Loop;
  reconcile: Loop;
  deliver: Loop;
  /** Deletes sent outbox rows past OUTBOX_KEEP_DAYS; null when they are kept for ever. */
  retention: Loop | null;
}

export const jobsModule: AppModule = {
  name: 'jobs',
  async start(ctx) {
    const adminToken = ctx.env.ADMIN_TOKEN?.trim();
    if (adminToken)
      mountFailedRoute(ctx.http.app, adminToken, () =>
        listFailed(ctx.storage, redisTarget(ctx.settings), ctx.env),
      );
    if (ctx.settings.role === 'web') {
      ctx.log.info('role web: deadline timers and chat deliveries run in --role=worker processes');
      return null;
    }
    return startJobs(ctx, readJobSettings(ctx.env));
  },
};

/** Dead outbox rows, plus card refreshes the BullMQ `notify` queue gave up on. */
export async function listFailed(
  storage: AppContext['storage'],
  redis: RedisTarget | null,
  env: NodeJS.ProcessEnv,
): Promise<FailedDelivery[]> {
  const rows = await failedDeliveries(storage);
  if (!redis) return rows;
  const { failedInQueue } = await import('./redis-jobs.js');
  return [...rows, ...(await failedInQueue(redis, readJobSettings(env).queuePrefix))];
}

export async function startJobs(ctx: AppContext, s: JobSettings): Promise<StartedJobs> {
  const outage = new RedisOutageLog(ctx.log, s.redisErrorLogIntervalMs);
  // Redis transport errors go through the outage log (bounded rate); anything else as it comes.
  const onError = (err: Error, context: string) => {
    if (isRedisError(err)) outage.error(err, context);
    else ctx.log.error({ err }, `jobs: ${context}`);
  };
  const timers = new TimerService(ctx.storage, ctx.configs, ctx.clock, ctx.metrics);
  // Loaded only with Redis: an embedded bot never imports BullMQ or ioredis.
  const target = redisTarget(ctx.settings);
  const onRedis = target ? await import('./redis-jobs.js') : null;
  // A database index the server does not have is refused here, before any key is written.
  if (onRedis && target) await onRedis.checkRedisDatabase(target);
  const redis = onRedis && target ? onRedis.openRedisConnections(target) : null;
  if (redis && onRedis && target) {
    const closeOnSelectRefused = (err: Error) => {
      // Redis was down at start-up and came back without that index: ioredis would go on in
      // db 0 (redis-database.ts). Closed for good instead; /readyz stays not ready.
      ctx.log.error({}, onRedis.selectRefusedMessage(target, onRedis.configuredDb(target), err));
      redis.worker.disconnect();
      redis.producer.disconnect();
    };
    for (const c of [redis.worker, redis.producer])
      c.on('error', (err) =>
        onRedis.isSelectRefused(err) ? closeOnSelectRefused(err) : outage.error(err, 'redis'),
      );
    redis.producer.on('ready', () => outage.recovered());
    redis.producer.once('ready', () => void checkRedisSettings(redis.producer, ctx.log));
  }
  // Part of every job id: two databases sharing a Redis prefix never take each other's ids.
  const installationId = redis ? await ctx.storage.installationId() : '';
  const now = () => ctx.clock.now().getTime();
  const scheduler: TimerScheduler =
    redis && onRedis
      ? new onRedis.BullTimerScheduler({
          connection: redis.worker,
          producer: redis.producer,
          installationId,
          prefix: s.queuePrefix,
          concurrency: s.timerConcurrency,
          closeTimeoutMs: s.shutdownTimeoutMs,
          now,
          onError,
        })
      : new EmbeddedTimerScheduler({ concurrency: s.timerConcurrency, now, onError });
  const deliveryDeps = {
    storage: ctx.storage,
    config: ctx.configs,
    notifiers: ctx.notifiers,
    clock: ctx.clock,
    onError,
    hooks: deliveryHooks(ctx),
  };
  const bull =
    redis && onRedis
      ? new onRedis.BullDelivery(deliveryDeps, {
          connection: redis.worker,
          producer: redis.producer,
          installationId,
          prefix: s.queuePrefix,
          concurrency: s.notifyConcurrency,
          rateLimit: { max: s.notifyRatePerSecond, durationMs: 1000 },
          closeTimeoutMs: s.shutdownTimeoutMs,
        })
      : null;
  if (redis && bull) releaseLeasesOnReconnect(redis.producer, bull, onError);
  const embedded = bull
    ? null
    : new EmbeddedDelivery(deliveryDeps, EMBEDDED_DELIVERY_BATCH, s.notifyConcurrency);
  const deps = {
    storage: ctx.storage,
    config: ctx.configs,
    scheduler,
    clock: ctx.clock,
    metrics: ctx.metrics,
  };
  // A synced timer row is deleted when sent rows are pruned anyway, marked when they are kept.
  const timerRelay = new TimerRelay(deps, { settle: s.outboxKeepDays === 0 ? 'mark' : 'delete' });
  const reconciler = new Reconciler(deps, (id, key, due) => timers.fire(id, key, due), {}, onError);

  const handler: FireHandler = async (t) => {
    const outcome = await timers.fire(t.incidentId, t.key, t.at);
    // Woken before its time by this clock (skew between hosts): fail so it is retried shortly.
    if (outcome === 'early') throw new Error(`timer ${t.key} woke before ${t.at.toISOString()}`);
    return outcome;
  };
  const ready = Promise.all([
    scheduler.start(handler),
    bull?.start(),
    redis ? redisReady(redis.producer) : undefined,
  ]);
  // Redis down at start-up must not keep the bot down: commands only need the database, the
  // workers start once Redis answers, and meanwhile reconciliation fires deadlines itself.
  if (redis && !(await settlesWithin(ready, REDIS_START_WAIT_MS))) {
    outage.error(new Error(`redis not ready after ${REDIS_START_WAIT_MS} ms at start-up`), 'start');
    ready.catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e)), 'redis start'));
  } else await ready;

  // PGlite: no other process has this database (db/data-dir-lock.ts), so a delivery lease left
  // in it is a crashed predecessor's: its rows go now, not DELIVERY_LEASE_MS later.
  const released = await ctx.storage.releaseDeliveryLeases?.(ctx.clock.now());
  if (released) ctx.log.info({ released }, 'outbox: released the deliveries an earlier process had claimed');
  const relay = new Loop({
    name: 'timer relay',
    intervalMs: s.relayIntervalMs,
    tick: () => timerRelay.tick(),
    onError,
  });
  const reconcile = new Loop({
    name: 'reconciliation',
    intervalMs: s.reconcileIntervalMs,
    fixedRate: true,
    tick: async () => {
      const report = await reconciler.run();
      if (report.armed > 0 || report.fired > 0)
        ctx.log.info(report, 'reconciliation re-armed or fired timers');
      return false;
    },
    onError,
  });
  const deliver = new Loop({
    name: 'delivery',
    intervalMs: s.relayIntervalMs,
    tick: () => (bull ? bull.relayTick() : (embedded as EmbeddedDelivery).tick()),
    onError,
  });
  const retention = retentionLoop(ctx, s, onError);
  const loops = [relay, reconcile, deliver, ...(retention ? [retention] : [])];
  for (const loop of loops) loop.start();
  ctx.log.info(
    { scheduler: scheduler.kind, role: ctx.settings.role, timerConcurrency: s.timerConcurrency },
    redis ? 'deadline timers on BullMQ' : 'no REDIS_URL: deadline timers on the embedded scheduler',
  );

  return {
    scheduler,
    timers,
    relay,
    reconcile,
    deliver,
    retention,
    ...(redis
      ? { checks: { redis: () => redisHealth(redis.producer, outage) } }
      : { health: () => scheduler.health() }),
    async stop() {
      // Stop feeding first, then let what is in flight finish (or hand it back), then disconnect.
      // Each step bounded: with Redis unreachable, BullMQ's close() waits for a connection that
      // never comes, and SIGTERM never ended the process (an operator's trial).
      // The embedded delivery's round goes on while its claims come back full: stop it claiming.
      embedded?.stop();
      await Promise.all(loops.map((loop) => loop.stop()));
      const workers = Promise.all([scheduler.stop(), bull?.stop()]);
      if (!(await settlesWithin(workers, s.shutdownTimeoutMs + CLOSE_TIMEOUT_MS)))
        ctx.log.warn(
          { timeoutMs: s.shutdownTimeoutMs + CLOSE_TIMEOUT_MS },
          'jobs: workers did not close in time',
        );
      if (!(await settlesWithin(Promise.all([scheduler.close(), bull?.close()]), CLOSE_TIMEOUT_MS)))
        ctx.log.warn(
          { timeoutMs: CLOSE_TIMEOUT_MS },
          'jobs: queues did not close in time (redis unreachable?)',
        );
      // QUIT would wait in the offline queue for a Redis that is down: just drop the socket then.
      for (const c of redis ? [redis.producer, redis.worker] : []) {
        if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
        else c.disconnect();
      }
    },
  };
}

/** Every few minutes, not at start-up (a restart should not begin with a long delete); each
 *  worker prunes, and two pruning at once only wait on each other's deleted rows. */
function retentionLoop(
  ctx: AppContext,
  s: JobSettings,
  onError: (err: Error, context: string) => void,
): Loop | null {
  if (s.outboxKeepDays === 0) return null;
  const retention = new OutboxRetention(ctx.storage, ctx.clock, { keepMs: s.outboxKeepDays * 86_400_000 });
  return new Loop({
    name: 'outbox retention',
    intervalMs: RETENTION_INTERVAL_MS,
    immediate: false,
    tick: async () => {
      const deleted = await retention.round();
      if (deleted > 0) ctx.log.info({ deleted, keepDays: s.outboxKeepDays }, 'outbox: deleted old sent rows');
      return false;
    },
    onError,
  });
}

const RETENTION_INTERVAL_MS = 5 * 60_000;

/** How long shutdown waits for BullMQ's queues to close (and for hard-closed workers). */
const CLOSE_TIMEOUT_MS = 5_000;

/** How long start-up waits for Redis before it goes on without it. */
const REDIS_START_WAIT_MS = 5_000;

/** True when `work` resolved within `ms`; false when it is still pending (it goes on). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** /healthz: `down: ECONNREFUSED` (the connection's last error) rather than a client message. */
/** Every 'ready' after the first is a reconnection: Redis may have lost the queued jobs. */
function releaseLeasesOnReconnect(
  producer: Redis,
  bull: BullDelivery,
  onError: (err: Error, context: string) => void,
): void {
  let connected = producer.status === 'ready';
  producer.on('ready', () => {
    if (!connected) {
      connected = true;
      return;
    }
    bull
      .releaseLeases()
      .catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e)), 'release leases'));
  });
}

async function redisHealth(producer: Redis, outage: RedisOutageLog): Promise<void> {
  if (producer.status !== 'ready') throw new Error(`down: ${outage.reason ?? producer.status}`);
  try {
    await producer.ping();
  } catch (e) {
    throw new Error(`down: ${redisReason(e instanceof Error ? e : new Error(String(e)))}`);
  }
}
