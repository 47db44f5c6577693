// Faults around the deadline timers, on PostgreSQL and the real Redis: Redis losing its data,
// a crash between commit and enqueue, a job delivered twice, a change while a job is in flight,
// and several instances at once. Each test asserts what was recorded and sent, never timings.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, TOPIC_PREFIX } from '../../src/app/outbox.js';
import type { AuditRecord, Storage, UnitOfWork } from '../../src/app/ports.js';
import { TimerService } from '../../src/app/timer-service.js';
import { type Clock, systemClock, TriageService } from '../../src/app/triage-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { BullTimerScheduler, timerJobId } from '../../src/jobs/bullmq-scheduler.js';
import { EmbeddedTimerScheduler } from '../../src/jobs/embedded-scheduler.js';
import type { ArmedTimer } from '../../src/jobs/scheduler.js';
import { keyOfJobName } from '../../src/jobs/timer-job.js';
import { Reconciler, TimerRelay } from '../../src/jobs/timer-relay.js';
import { actorFor, testCalendar, testConfig } from '../fixtures/config.js';
import { chatRows } from '../support/chat-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { type SchedulerKind, startTestJobs, type TestJobs } from '../support/jobs.js';
import { gate, openRedis, sleep, testPrefix, waitFor, wipePrefix } from '../support/redis.js';

const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const postgres = backends.filter((b) => b.name === 'postgres');

/** 24×7 everywhere (no holiday data needed whatever today is); P1 responds in 3 s. */
function config(): TriageConfig {
  const base = testConfig();
  return testConfig({
    calendar: testCalendar({ holidays: 'none' }),
    sla: {
      ...base.sla,
      1: { respond: { value: 0.05, unit: 'minutes' }, resolve: { value: 1, unit: 'hours' }, clock: '24x7' },
    },
  });
}

const ago = (minutes: number): Clock => ({ now: () => new Date(Date.now() - minutes * 60_000) });
const systemEvents = (audit: readonly AuditRecord[]) => audit.filter((a) => a.actorId === 'system');
const byTimer = (audit: readonly AuditRecord[], suffix: string) =>
  systemEvents(audit).filter((a) => String(a.payload.timer).endsWith(suffix));

async function report(storage: Storage, cfg: TriageConfig, severity: 1 | 2, clock: Clock = systemClock) {
  const service = new TriageService(storage, cfg, clock);
  return (await service.report({ title: 'Mail down', description: '', service: null, severity }, reporter))
    .incident;
}

describe.each(postgres)('timer faults on $name with BullMQ', ({ open }) => {
  const cfg = config();
  let backend: OpenBackend;
  let storage: Storage;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
  });
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  afterAll(() => backend.close());

  async function jobs(kind: SchedulerKind = 'bullmq', queuePrefix?: string): Promise<TestJobs> {
    const started = await startTestJobs(kind, storage, cfg, {
      settings: queuePrefix ? { queuePrefix } : {},
    });
    cleanup.push(() => started.dispose());
    return started;
  }

  const bull = (j: TestJobs) => j.scheduler as BullTimerScheduler;

  it('Redis flushed while deadlines are pending: reconciliation arms them again', async () => {
    const j = await jobs();
    // The start-up reconciliation round runs at once; on a slow machine it could still be reading
    // open incidents after the wipe below and re-arm them itself. Let it finish first.
    await j.reconcile.runOnce();
    const incident = await report(storage, cfg, 2); // P2: 30 min / 8 h, nothing due soon
    const armed = await waitFor(async () => {
      const list = await j.scheduler.armed(incident.id);
      return list.length === 7 && list;
    }, 'seven armed timers');
    const liveJobs = async (list: ArmedTimer[]) =>
      (await Promise.all(list.map((t) => bull(j).queue.getJob(bull(j).jobId(t.key, t.version))))).filter(
        (job) => job !== undefined,
      ).length;
    expect(await liveJobs(armed)).toBe(7);
    // Likewise the relay arms inside its transaction: let it commit before pulling Redis away.
    await waitFor(
      async () =>
        (await storage.listOutbox({ pendingOnly: true, limit: 100 })).every(
          (r) => !r.topic.startsWith(TOPIC_PREFIX.timer),
        ),
      'the timer relay to finish',
    );

    const redis = openRedis();
    cleanup.push(() => redis.quit());
    await wipePrefix(redis, j.prefix); // what a Redis restart without persistence does
    expect(await j.scheduler.armed(incident.id)).toEqual([]);
    expect(await bull(j).queue.getDelayedCount()).toBe(0);

    await j.reconcile.runOnce();
    const brief = (list: ArmedTimer[]) => list.map((t) => `${t.key}@${t.at.toISOString()}`).sort();
    const rearmed = await j.scheduler.armed(incident.id);
    expect(brief(rearmed)).toEqual(brief(armed));
    expect(await liveJobs(rearmed)).toBe(7);
    // Nothing was due: nothing fired.
    expect(systemEvents(await storage.listAudit(incident.id))).toEqual([]);
  });

  it('deadlines already overdue while the queue was gone fire once: reconciliation and worker race harmlessly', async () => {
    // Reported 10 min ago while no worker ran: the P1 response ladder and breach are overdue
    // (the resolution ladder, at 30 min and later, is not).
    const incident = await report(storage, cfg, 1, ago(10));
    const j = await jobs();
    await j.reconcile.runOnce();
    const audit = await waitFor(async () => {
      const records = await storage.listAudit(incident.id);
      return systemEvents(records).length >= 4 && records;
    }, 'the overdue response ladder');
    await sleep(300); // give a second firing the chance to show up, if there were one
    const timers = systemEvents(await storage.listAudit(incident.id)).map((a) => a.payload.timer);
    expect(timers.sort()).toEqual(
      [
        `${incident.id}.esc.respond.1`,
        `${incident.id}.esc.respond.2`,
        `${incident.id}.esc.respond.3`,
        `${incident.id}.respond`,
      ].sort(),
    );
    expect(audit.find((a) => a.action === 'deadline_breached')?.payload.deadline).toBe('respond');
    expect((await storage.getIncident(incident.id))?.breaches).toEqual(['respond']);
  });

  it('Redis down: reconciliation still fires what is overdue, straight from the database', async () => {
    const incident = await report(storage, cfg, 1, ago(10));
    const down = new EmbeddedTimerScheduler();
    down.sync = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    };
    const timers = new TimerService(storage, cfg);
    const errors: string[] = [];
    const reconciler = new Reconciler(
      { storage, config: cfg, scheduler: down, clock: systemClock },
      (id, key, due) => timers.fire(id, key, due),
      {},
      (err) => errors.push(err.message),
    );
    const report1 = await reconciler.run();
    expect(errors).toContain('connect ECONNREFUSED 127.0.0.1:6379');
    expect(report1.fired).toBeGreaterThanOrEqual(4);
    expect(byTimer(await storage.listAudit(incident.id), '.respond')).toHaveLength(1);
    expect((await reconciler.run()).fired).toBe(0);
  });

  it('killed between commit and enqueue: the relay still arms the timer', async () => {
    // The command committed its outbox row; no relay ran (the process died right after).
    const incident = await report(storage, cfg, 2);
    const [row] = (await storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC_PREFIX.timer })).filter(
      (r) => r.incidentId === incident.id,
    );
    expect(row).toBeDefined();

    // A relay that dies after arming, before its commit: the rows stay pending.
    const redis = openRedis();
    const prefix = testPrefix('crash');
    const scheduler = new BullTimerScheduler({ connection: redis, prefix });
    cleanup.push(async () => {
      await scheduler.close();
      await wipePrefix(redis, prefix);
      await redis.quit();
    });
    const crashing: Storage = {
      ...storage,
      transaction: (work) =>
        storage.transaction((uow) =>
          // Object.create: the unit of work's methods are on its prototype, which a spread drops.
          work(
            Object.assign(Object.create(uow) as UnitOfWork, {
              // The rows are settled in the re-read after the sync (src/jobs/timer-relay.ts).
              settleTimerRows: async () => {
                throw new Error('killed');
              },
            }),
          ),
        ),
    };
    const deps = { storage: crashing, config: cfg, scheduler, clock: systemClock };
    await expect(new TimerRelay(deps).tick()).rejects.toThrow('killed');
    const delayed = await scheduler.queue.getDelayedCount();
    expect(
      (await storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC_PREFIX.timer })).map((r) => r.id),
    ).toContain(row?.id);

    // The next relay (after the restart) arms it, exactly once.
    await new TimerRelay({ ...deps, storage }).tick();
    const armed = await scheduler.armed(incident.id);
    expect(armed.length).toBe(7);
    const jobs = await Promise.all(armed.map((t) => scheduler.queue.getJob(timerJobId(t.key, t.version))));
    expect(jobs.map((job) => keyOfJobName(job?.name ?? '')).sort()).toEqual(armed.map((t) => t.key).sort());
    // Arming again after the crash added no second job for anything.
    expect(await scheduler.queue.getDelayedCount()).toBe(delayed);
    expect(
      (await storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC_PREFIX.timer })).map((r) => r.id),
    ).not.toContain(row?.id);
  });

  it('a job delivered twice pings once', async () => {
    const incident = await report(storage, cfg, 1, ago(60));
    const timers = new TimerService(storage, cfg);
    const key = `${incident.id}.esc.respond.1`;
    // The first threshold of a 3 s response limit: 50 % = 1.5 s after registration.
    const at = new Date(incident.reportedAt.getTime() + 1_500);
    const outcomes = await Promise.all([
      timers.fire(incident.id, key, at),
      timers.fire(incident.id, key, at),
    ]);
    expect(outcomes.sort()).toEqual(['already_fired', 'fired']);
    expect(await timers.fire(incident.id, key, at)).toBe('already_fired');
    expect(byTimer(await storage.listAudit(incident.id), '.esc.respond.1')).toHaveLength(1);
    const pings = (await chatRows(storage))
      .filter((r) => r.incidentId === incident.id)
      .flatMap(effectsOf)
      .filter((e) => e.type === 'escalate' && e.timer === key);
    expect(pings).toHaveLength(1);
  });

  it('a duplicate job in the queue pings once', async () => {
    const j = await jobs();
    const incident = await report(storage, cfg, 1);
    const key = `${incident.id}.esc.respond.2`; // 80 % of 3 s
    const armed = await waitFor(
      async () => (await j.scheduler.armed(incident.id)).find((t) => t.key === key),
      'the armed threshold',
    );
    // Someone enqueues the same wake-up again under another id (a retry, a second relay …).
    await bull(j).queue.add(
      key,
      { at: armed.at.getTime() },
      { jobId: 'tduplicate.v999', delay: Math.max(0, armed.at.getTime() - Date.now()) },
    );
    const finished = async (id: string) => (await bull(j).queue.getJob(id))?.finishedOn !== undefined;
    const original = bull(j).jobId(key, armed.version);
    await waitFor(
      async () => (await finished(original)) && (await finished('tduplicate.v999')),
      'both jobs processed',
    );
    expect(byTimer(await storage.listAudit(incident.id), '.esc.respond.2')).toHaveLength(1);
  });

  it('a priority change while a job is in flight: the stale job does nothing', async () => {
    const incident = await report(storage, cfg, 1);
    const redis = openRedis();
    const prefix = testPrefix('stale');
    const scheduler = new BullTimerScheduler({ connection: redis, prefix, concurrency: 4 });
    cleanup.push(async () => {
      await scheduler.close();
      await wipePrefix(redis, prefix);
      await redis.quit();
    });
    const timers = new TimerService(storage, cfg);
    const service = new TriageService(storage, cfg);
    const deps = { storage, config: cfg, scheduler, clock: systemClock };
    const relay = new TimerRelay(deps);
    const inFlight = gate<ArmedTimer>();
    const release = gate();
    const outcomes: string[] = [];
    await scheduler.start(async (t) => {
      if (!t.key.endsWith('.esc.respond.1')) return 'ignored';
      inFlight.open(t);
      await release.promise;
      outcomes.push(await timers.fire(t.incidentId, t.key, t.at));
      return outcomes.at(-1);
    });
    await relay.tick();

    const job = await inFlight.promise; // the first threshold's job is being processed …
    expect(job.incidentId).toBe(incident.id);
    // … when the desk sets the priority: P4, and the response is made (the ladder is gone).
    await service.execute(incident.id, { type: 'classify', nature: 'fault', category: 'email' }, alice);
    await service.execute(incident.id, { type: 'prioritise', impact: 4, urgency: 4 }, alice);
    await relay.tick();
    release.open();

    await waitFor(() => outcomes.length === 1, 'the in-flight job to finish');
    expect(outcomes).toEqual(['stale']);
    expect(systemEvents(await storage.listAudit(incident.id))).toEqual([]);
    const left = (await scheduler.armed(incident.id)).map((t) => t.key.slice(incident.id.length + 1)).sort();
    expect(left).toEqual(['esc.resolve.1', 'resolve']); // P4: resolve only, lead+manager at 100 %
    const current = (await storage.getIncident(incident.id)) as Incident;
    expect(current.priority).toBe(4);
  });

  it.each(['bullmq', 'embedded'] as const)(
    'two %s instances on one database and queue ping once per threshold',
    async (kind) => {
      const first = await jobs(kind);
      await jobs(kind, first.prefix);
      const incident = await report(storage, cfg, 1);
      await waitFor(
        async () => byTimer(await storage.listAudit(incident.id), '.respond').length >= 1,
        'the response breach',
      );
      await sleep(500);
      const fired = systemEvents(await storage.listAudit(incident.id)).map((a) => a.payload.timer);
      expect(fired.sort()).toEqual(
        [
          `${incident.id}.esc.respond.1`,
          `${incident.id}.esc.respond.2`,
          `${incident.id}.esc.respond.3`,
          `${incident.id}.respond`,
        ].sort(),
      );
    },
  );
});
