// How this version stores a timer, and timers armed by the previous version (job id `t{hash}.v{version}`, data `{ at }`, registry value
// `{version}@{epoch ms}`) after an upgrade: they still fire once, and a sync still keeps, moves and
// cancels them — no second job for a kept one, no stale one left behind.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimerSpec } from '../../src/core/decision.js';
import { BullTimerScheduler } from '../../src/jobs/bullmq-scheduler.js';
import type { ArmedTimer } from '../../src/jobs/scheduler.js';
import { jobNameOf, legacyTimerJobId, timerJobId } from '../../src/jobs/timer-job.js';
import { openRedis, testPrefix, waitFor, wipePrefix } from '../support/redis.js';

const spec = (key: string, at: Date): TimerSpec => ({ key, kind: 'respond', at, detail: {} });

describe('timers armed by the previous version', () => {
  let redis: Redis;
  let prefix: string;
  let scheduler: BullTimerScheduler;

  afterEach(async () => {
    await scheduler.close();
    await wipePrefix(redis, prefix);
    await redis.quit();
  });

  function setup(): BullTimerScheduler {
    redis = openRedis();
    prefix = testPrefix('upgrade');
    scheduler = new BullTimerScheduler({ connection: redis, prefix, concurrency: 4 });
    return scheduler;
  }

  /** What the previous version left for one timer: its job and its registry entry. */
  async function armOld(incidentId: string, field: string, version: number, at: Date): Promise<string> {
    const key = `${incidentId}.${field}`;
    const jobId = legacyTimerJobId(key, version);
    await scheduler.queue.add(
      key,
      { at: at.getTime() },
      { jobId, delay: Math.max(0, at.getTime() - Date.now()) },
    );
    await redis.hset(`${prefix}-armed:timers:${incidentId}`, field, `${version}@${at.getTime()}`);
    return jobId;
  }

  it('an old job fires once, with its key, instant and version, and leaves the registry', async () => {
    const s = setup();
    const at = new Date(Date.now() + 300);
    await armOld('u1', 'respond', 4, at);
    expect(await s.armed('u1')).toEqual([{ incidentId: 'u1', key: 'u1.respond', at, version: 4 }]);
    const calls: ArmedTimer[] = [];
    await s.start(async (t) => {
      calls.push(t);
    });
    await waitFor(async () => calls.length === 1 && (await s.armed('u1')).length === 0, 'the old job fired');
    expect(calls).toEqual([{ incidentId: 'u1', key: 'u1.respond', at, version: 4 }]);
  });

  it('a sync keeps an unchanged old job, moves a changed one and cancels a dropped one', async () => {
    const s = setup();
    const later = (ms: number) => new Date(Date.now() + 3_600_000 + ms);
    const [kept, moved, dropped] = [later(0), later(1000), later(2000)];
    const keptId = await armOld('u2', 'respond', 2, kept);
    const movedId = await armOld('u2', 'resolve', 2, moved);
    const droppedId = await armOld('u2', 'accept.1', 2, dropped);
    const to = later(5000);
    const r = await s.sync(
      [{ incidentId: 'u2', version: 3, timers: [spec('u2.respond', kept), spec('u2.resolve', to)] }],
      {
        verify: true,
      },
    );
    expect(r).toEqual({ armed: 1, cancelled: 1, kept: 1 });
    const exists = async (id: string) => (await s.queue.getJob(id)) !== undefined;
    expect(await exists(keptId)).toBe(true);
    expect(await exists(movedId)).toBe(false);
    expect(await exists(droppedId)).toBe(false);
    expect(await exists(timerJobId('u2.resolve', 3))).toBe(true);
    expect(await s.queue.getDelayedCount()).toBe(2);
    const armed = (await s.armed('u2')).map((t) => `${t.key}@${t.at.getTime()}v${t.version}`).sort();
    expect(armed).toEqual([`u2.resolve@${to.getTime()}v3`, `u2.respond@${kept.getTime()}v2`]);
    // Synced again: the kept old job is still the one that counts, nothing is armed twice.
    expect(
      await s.sync(
        [{ incidentId: 'u2', version: 4, timers: [spec('u2.respond', kept), spec('u2.resolve', to)] }],
        {
          verify: true,
        },
      ),
    ).toEqual({ armed: 0, cancelled: 0, kept: 2 });
    expect(await s.queue.getDelayedCount()).toBe(2);
  });

  it('a new job is stored lean — no id in its options, the bare instant as data — and fires with its key', async () => {
    const s = setup();
    const incidentId = randomUUID();
    const key = `${incidentId}.esc.respond.1`;
    const at = new Date(Date.now() + 300);
    await s.sync([{ incidentId, version: 5, timers: [spec(key, at)] }]);
    const stored = await redis.hgetall(`${prefix}:timers:${timerJobId(key, 5)}`);
    expect(stored.name).toBe(jobNameOf(key));
    expect(stored.data).toBe(String(at.getTime()));
    expect(JSON.parse(stored.opts ?? '{}')).not.toHaveProperty('jobId');
    expect(await redis.hget(`${prefix}-armed:timers:${incidentId}`, 'esc.respond.1')).toBe(
      `5:${at.getTime().toString(36)}`,
    );
    const calls: ArmedTimer[] = [];
    await s.start(async (t) => {
      calls.push(t);
    });
    await waitFor(
      async () => calls.length === 1 && (await s.armed(incidentId)).length === 0,
      'the job fired',
    );
    expect(calls).toEqual([{ incidentId, key, at, version: 5 }]);
  });
});
