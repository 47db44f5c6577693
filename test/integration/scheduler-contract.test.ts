// One contract, two schedulers: BullMQ delayed jobs on the real Redis, and the embedded heap.
// Short real delays (a few hundred ms); assertions are on what fired, never on when.
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimerSpec } from '../../src/core/decision.js';
import { BullTimerScheduler } from '../../src/jobs/bullmq-scheduler.js';
import { EmbeddedTimerScheduler } from '../../src/jobs/embedded-scheduler.js';
import type { ArmedTimer, TimerScheduler } from '../../src/jobs/scheduler.js';
import { gate, openRedis, sleep, testPrefix, waitFor, wipePrefix } from '../support/redis.js';

interface Harness {
  scheduler: TimerScheduler;
  dispose(): Promise<void>;
}

const implementations: { name: string; make(): Harness }[] = [
  {
    name: 'bullmq',
    make() {
      const redis: Redis = openRedis();
      const prefix = testPrefix('contract');
      const scheduler = new BullTimerScheduler({ connection: redis, prefix, concurrency: 4 });
      return {
        scheduler,
        async dispose() {
          await scheduler.close();
          await wipePrefix(redis, prefix);
          await redis.quit();
        },
      };
    },
  },
  {
    name: 'embedded',
    make() {
      const scheduler = new EmbeddedTimerScheduler({ concurrency: 4 });
      return { scheduler, dispose: () => scheduler.close() };
    },
  },
];

const inMs = (ms: number) => new Date(Date.now() + ms);
const spec = (key: string, at: Date): TimerSpec => ({ key, kind: 'respond', at, detail: {} });
const brief = (t: ArmedTimer) => `${t.key}@${t.at.getTime()}v${t.version}`;

describe.each(implementations)('timer scheduler contract: $name', ({ make }) => {
  let h: Harness;
  let calls: ArmedTimer[];
  const record = async (t: ArmedTimer) => {
    calls.push(t);
  };

  afterEach(async () => {
    await h.dispose();
  });

  function setup(): TimerScheduler {
    h = make();
    calls = [];
    return h.scheduler;
  }

  it('fires each armed timer once, with its incident, key, instant and version', async () => {
    const s = setup();
    const a = inMs(150);
    const b = inMs(300);
    const result = await s.sync([
      { incidentId: 'i1', version: 3, timers: [spec('i1.respond', a), spec('i1.resolve', b)] },
    ]);
    expect(result).toEqual({ armed: 2, cancelled: 0, kept: 0 });
    expect((await s.armed('i1')).map(brief).sort()).toEqual(
      [`i1.resolve@${b.getTime()}v3`, `i1.respond@${a.getTime()}v3`].sort(),
    );
    await s.start(record);
    await waitFor(() => calls.length >= 2, 'two firings');
    await sleep(300);
    expect(calls.map(brief).sort()).toEqual(
      [`i1.resolve@${b.getTime()}v3`, `i1.respond@${a.getTime()}v3`].sort(),
    );
    expect(calls.every((c) => c.incidentId === 'i1')).toBe(true);
    await waitFor(async () => (await s.armed('i1')).length === 0, 'fired timers to leave the armed set');
  });

  it('fires a timer that is already due at once, also when armed before start', async () => {
    const s = setup();
    const past = inMs(-60_000);
    await s.sync([{ incidentId: 'i2', version: 1, timers: [spec('i2.respond', past)] }]);
    await s.start(record);
    await waitFor(() => calls.length >= 1, 'the overdue firing');
    expect(calls.map(brief)).toEqual([`i2.respond@${past.getTime()}v1`]);
  });

  it('re-arms a moved timer: only the new instant fires, with the new version', async () => {
    const s = setup();
    await s.start(record);
    const first = inMs(250);
    const moved = inMs(450);
    await s.sync([{ incidentId: 'i3', version: 1, timers: [spec('i3.respond', first)] }]);
    expect(await s.sync([{ incidentId: 'i3', version: 2, timers: [spec('i3.respond', moved)] }])).toEqual({
      armed: 1,
      cancelled: 0,
      kept: 0,
    });
    await waitFor(() => calls.length >= 1, 'the moved firing');
    await sleep(400);
    expect(calls.map(brief)).toEqual([`i3.respond@${moved.getTime()}v2`]);
  });

  it('cancels what a sync no longer lists, and keeps what it lists unchanged', async () => {
    const s = setup();
    await s.start(record);
    const a = inMs(200);
    const b = inMs(300);
    const sets = [
      { incidentId: 'i4', version: 1, timers: [spec('i4.respond', a), spec('i4.resolve', b)] },
      { incidentId: 'i5', version: 7, timers: [spec('i5.respond', b)] },
    ];
    await s.sync(sets);
    // Same set again: nothing re-armed (no duplicate firing either).
    expect(await s.sync(sets)).toEqual({ armed: 0, cancelled: 0, kept: 3 });
    // i4 resolved: its set is empty; i5 unchanged.
    expect(
      await s.sync([
        { incidentId: 'i4', version: 2, timers: [] },
        { incidentId: 'i5', version: 8, timers: [spec('i5.respond', b)] },
      ]),
    ).toEqual({ armed: 0, cancelled: 2, kept: 1 });
    expect((await s.armed('i4')).length).toBe(0);
    await waitFor(() => calls.length >= 1, 'the i5 firing');
    await sleep(400);
    // Kept timers keep the version that armed them.
    expect(calls.map(brief)).toEqual([`i5.respond@${b.getTime()}v7`]);
  });

  it('retries a handler that fails, until it succeeds', async () => {
    const s = setup();
    let failures = 1;
    await s.start(async (t) => {
      if (failures-- > 0) throw new Error('database unavailable');
      calls.push(t);
    });
    await s.sync([{ incidentId: 'i6', version: 1, timers: [spec('i6.respond', inMs(50))] }]);
    await waitFor(() => calls.length >= 1, 'the retried firing', 20_000);
    expect(calls.map((c) => c.key)).toEqual(['i6.respond']);
  });

  it('stop() waits for a handler in flight and fires nothing after', async () => {
    const s = setup();
    const held = gate();
    const started = gate<ArmedTimer>();
    let finished = false;
    await s.start(async (t) => {
      started.open(t);
      await held.promise;
      finished = true;
    });
    await s.sync([
      {
        incidentId: 'i7',
        version: 1,
        timers: [spec('i7.respond', inMs(0)), spec('i7.resolve', inMs(60_000))],
      },
    ]);
    expect((await started.promise).key).toBe('i7.respond');
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect(finished).toBe(true);
  });
});
