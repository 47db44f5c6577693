// The jobs module (registered in src/app/modules.ts, after the chat adapters): deadline timers,
// the outbox relays, reconciliation and chat delivery.
//
//   --role=web     HTTP and commands only: nothing here runs (commands still write the outbox).
//   --role=worker  timers, relays, reconciliation and deliveries.
//   --role=all     both (default).
// With REDIS_URL: BullMQ queues `timers` and `notify`; any number of worker instances may run
// (claims are FOR UPDATE SKIP LOCKED, job ids are deterministic, firings idempotent under the
// incident's row lock). Without it: the embedded scheduler and delivery loop, in this process.
import { Redis } from 'ioredis';
import { type AppContext, type AppModule, deliveryHooks, type RunningModule } from '../app/compose.js';
import { TimerService } from '../app/timer-service.js';
import { BullTimerScheduler } from './bullmq-scheduler.js';
import { BullDelivery, EmbeddedDelivery } from './delivery-queue.js';
import { EmbeddedTimerScheduler } from './embedded-scheduler.js';
import { type FailedDelivery, failedDeliveries, failedQueueJobs, mountFailedRoute } from './failed.js';
import { Loop } from './loop.js';
import type { FireHandler, TimerScheduler } from './scheduler.js';
import { type JobSettings, readJobSettings } from './settings.js';
import { Reconciler, TimerRelay } from './timer-relay.js';

export interface StartedJobs extends RunningModule {
  scheduler: TimerScheduler;
  timers: TimerService;
  relay: Loop;
  reconcile: Loop;
  deliver: Loop;
}

export const jobsModule: AppModule = {
  name: 'jobs',
  async start(ctx) {
    const adminToken = ctx.env.ADMIN_TOKEN?.trim();
    if (adminToken)
      mountFailedRoute(ctx.http.app, adminToken, () =>
        listFailed(ctx.storage, ctx.settings.redisUrl, ctx.env),
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
  redisUrl: string | null,
  env: NodeJS.ProcessEnv,
): Promise<FailedDelivery[]> {
  const rows = await failedDeliveries(storage);
  if (!redisUrl) return rows;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    return [...rows, ...(await failedQueueJobs(redis, readJobSettings(env).queuePrefix))];
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function startJobs(ctx: AppContext, s: JobSettings): Promise<StartedJobs> {
  const onError = (err: Error, context: string) => ctx.log.error({ err }, `jobs: ${context}`);
  const timers = new TimerService(ctx.storage, ctx.config, ctx.clock);
  const redis = ctx.settings.redisUrl
    ? new Redis(ctx.settings.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false })
    : null;
  redis?.on('error', (err) => onError(err, 'redis'));
  const now = () => ctx.clock.now().getTime();
  const scheduler: TimerScheduler = redis
    ? new BullTimerScheduler({
        connection: redis,
        prefix: s.queuePrefix,
        concurrency: s.timerConcurrency,
        closeTimeoutMs: s.shutdownTimeoutMs,
        now,
        onError,
      })
    : new EmbeddedTimerScheduler({ concurrency: s.timerConcurrency, now, onError });
  const deliveryDeps = {
    storage: ctx.storage,
    config: ctx.config,
    notifiers: ctx.notifiers,
    clock: ctx.clock,
    onError,
    hooks: deliveryHooks(ctx),
  };
  const bull = redis
    ? new BullDelivery(deliveryDeps, {
        connection: redis,
        prefix: s.queuePrefix,
        concurrency: s.notifyConcurrency,
        rateLimit: { max: s.notifyRatePerSecond, durationMs: 1000 },
        closeTimeoutMs: s.shutdownTimeoutMs,
      })
    : null;
  const embedded = bull ? null : new EmbeddedDelivery(deliveryDeps);
  const deps = { storage: ctx.storage, config: ctx.config, scheduler, clock: ctx.clock };
  const timerRelay = new TimerRelay(deps);
  const reconciler = new Reconciler(deps, (id, key, due) => timers.fire(id, key, due), {}, onError);

  const handler: FireHandler = async (t) => {
    const outcome = await timers.fire(t.incidentId, t.key, t.at);
    // Woken before its time by this clock (skew between hosts): fail so it is retried shortly.
    if (outcome === 'early') throw new Error(`timer ${t.key} woke before ${t.at.toISOString()}`);
    return outcome;
  };
  await scheduler.start(handler);
  await bull?.start();

  const relay = new Loop({
    name: 'timer relay',
    intervalMs: s.relayIntervalMs,
    tick: () => timerRelay.tick(),
    onError,
  });
  const reconcile = new Loop({
    name: 'reconciliation',
    intervalMs: s.reconcileIntervalMs,
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
  for (const loop of [relay, reconcile, deliver]) loop.start();
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
    health: () => scheduler.health(),
    async stop() {
      // Stop feeding first, then let what is in flight finish (or hand it back), then disconnect.
      await Promise.all([relay.stop(), reconcile.stop(), deliver.stop()]);
      await Promise.all([scheduler.stop(), bull?.stop()]);
      await Promise.all([scheduler.close(), bull?.close()]);
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
