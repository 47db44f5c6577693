// The embedded scheduler keeps a timer's due time as a number (memory: tens of thousands of
// armed timers), handing out a Date of its own each time.
import { describe, expect, it } from 'vitest';
import { EmbeddedTimerScheduler } from '../../src/jobs/embedded-scheduler.js';

describe('embedded scheduler entries', () => {
  it('hands out a new Date each time: a caller changing one changes nothing armed', async () => {
    const scheduler = new EmbeddedTimerScheduler({ now: () => 0 });
    const at = new Date('2030-01-01T08:00:00Z');
    await scheduler.sync([
      { incidentId: 'i1', version: 1, timers: [{ key: 'i1.resolve', kind: 'resolve', at, detail: {} }] },
    ]);
    at.setTime(0); // the caller's own Date, reused
    const [first] = await scheduler.armed('i1');
    first?.at.setTime(1);
    expect((await scheduler.armed('i1')).map((t) => t.at.toISOString())).toEqual([
      '2030-01-01T08:00:00.000Z',
    ]);
    // The same schedule synced again is kept, not re-armed.
    const again = await scheduler.sync([
      {
        incidentId: 'i1',
        version: 2,
        timers: [{ key: 'i1.resolve', kind: 'resolve', at: new Date('2030-01-01T08:00:00Z'), detail: {} }],
      },
    ]);
    expect(again).toEqual({ armed: 0, cancelled: 0, kept: 1 });
    await scheduler.close();
  });
});
