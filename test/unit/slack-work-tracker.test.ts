// Work after Slack's ack: bounded (a burst waits its turn instead of starting every command at
// once), never rejecting, and settled() waits for what is waiting as well as what runs.
import { describe, expect, it } from 'vitest';
import { WorkTracker } from '../../adapters/slack/tracker.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('WorkTracker', () => {
  it('runs at most its concurrency at once, in arrival order, and settles after the last', async () => {
    const tracker = new WorkTracker(3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    for (let i = 0; i < 20; i++)
      void tracker.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await tick();
        running -= 1;
      });
    expect(tracker.size).toBe(20);
    await tracker.settled();
    expect(most).toBe(3);
    expect(order).toEqual([...Array(20).keys()]);
    expect(tracker.size).toBe(0);
  });

  it('a failing piece of work neither rejects nor stops the rest', async () => {
    const tracker = new WorkTracker(1);
    const done: string[] = [];
    const failed = tracker.run(async () => {
      throw new Error('boom');
    });
    void tracker.run(async () => {
      done.push('next');
    });
    await expect(failed).resolves.toBeUndefined();
    await tracker.settled();
    expect(done).toEqual(['next']);
  });

  it('starts fewer pieces of work while an acknowledgement is under way, all of them after', async () => {
    const tracker = new WorkTracker(6, 2);
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const work = () =>
      tracker.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running -= 1;
      });
    const acked = tracker.acknowledging();
    for (let i = 0; i < 8; i++) void work();
    await tick();
    expect(running).toBe(2);
    acked();
    acked(); // once is enough: a second call changes nothing
    await tick();
    expect(running).toBe(6);
    while (tracker.size > 0) {
      for (const r of release.splice(0)) r();
      await tick();
    }
    expect(most).toBe(6);
  });
});
