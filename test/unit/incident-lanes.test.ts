// The embedded delivery's pool (IncidentLanes): incidents side by side up to the concurrency,
// one incident's tasks one after another in the order added, and a failure stops its incident.
import { describe, expect, it } from 'vitest';
import { IncidentLanes } from '../../src/jobs/delivery-queue.js';

/** A task that records its start and end and finishes when the test says. */
function gate(log: string[], name: string) {
  let finish: (fail?: Error) => void = () => {};
  const task = () =>
    new Promise<void>((resolve, reject) => {
      log.push(`start ${name}`);
      finish = (fail) => {
        log.push(`end ${name}`);
        if (fail) reject(fail);
        else resolve();
      };
    });
  return { task, finish: (fail?: Error) => finish(fail) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('IncidentLanes', () => {
  it("runs another incident's later tasks while one incident's first task is slow", async () => {
    const log: string[] = [];
    const lanes = new IncidentLanes(2);
    const slow = gate(log, 'S1');
    const f1 = gate(log, 'F1');
    const f2 = gate(log, 'F2');
    lanes.add('S', 1, slow.task);
    lanes.add('F', 1, f1.task);
    lanes.add('F', 1, f2.task); // a later claim's rows of F
    expect(log).toEqual(['start S1', 'start F1']);
    expect(lanes.waitingRows).toBe(1);
    f1.finish();
    await tick();
    expect(log).toEqual(['start S1', 'start F1', 'end F1', 'start F2']);
    f2.finish();
    await tick();
    expect(lanes.busy('F')).toBe(false);
    expect(lanes.busy('S')).toBe(true);
    slow.finish();
    await lanes.idle();
    expect(lanes.waitingRows).toBe(0);
  });

  it("never runs one incident's tasks at once, and runs them in the order added", async () => {
    const log: string[] = [];
    const lanes = new IncidentLanes(5);
    const tasks = [gate(log, 'A1'), gate(log, 'A2'), gate(log, 'A3')];
    for (const t of tasks) lanes.add('A', 1, t.task);
    expect(log).toEqual(['start A1']);
    expect(lanes.ready).toBe(0);
    for (const t of tasks) {
      t.finish();
      await tick();
    }
    await lanes.idle();
    expect(log).toEqual(['start A1', 'end A1', 'start A2', 'end A2', 'start A3', 'end A3']);
  });

  it('keeps to the concurrency, and says how many incidents wait for a slot', async () => {
    const log: string[] = [];
    const lanes = new IncidentLanes(2);
    const [a, b, c] = [gate(log, 'A'), gate(log, 'B'), gate(log, 'C')];
    lanes.add('A', 1, a.task);
    lanes.add('B', 1, b.task);
    lanes.add('C', 1, c.task);
    expect(log).toEqual(['start A', 'start B']);
    expect(lanes.ready).toBe(1);
    const started = lanes.until(() => lanes.ready === 0);
    b.finish();
    await started;
    expect(log).toEqual(['start A', 'start B', 'end B', 'start C']);
    a.finish();
    c.finish();
    await lanes.idle();
  });

  it("after a failure, runs none of that incident's later tasks and keeps the failure", async () => {
    const log: string[] = [];
    const lanes = new IncidentLanes(2);
    const [a1, a2, b1] = [gate(log, 'A1'), gate(log, 'A2'), gate(log, 'B1')];
    lanes.add('A', 1, a1.task);
    lanes.add('A', 1, a2.task);
    lanes.add('B', 1, b1.task);
    a1.finish(new Error('mark failed'));
    b1.finish();
    await lanes.idle();
    expect(log).toEqual(['start A1', 'start B1', 'end A1', 'end B1']);
    expect((lanes.failure as Error).message).toBe('mark failed');
    expect(lanes.waitingRows).toBe(0);
  });

  it("refuses an incident's tasks added after its failure (a claim still being fed), and runs the others'", async () => {
    const log: string[] = [];
    const lanes = new IncidentLanes(2);
    const [a1, a2, b1] = [gate(log, 'A1'), gate(log, 'A2'), gate(log, 'B1')];
    expect(lanes.add('A', 1, a1.task)).toBe(true);
    a1.finish(new Error('read failed'));
    await tick();
    expect(lanes.busy('A')).toBe(false);
    // The next claim's rows of A arrive after the failure: they stay claimed, not run.
    expect(lanes.add('A', 1, a2.task)).toBe(false);
    expect(lanes.add('B', 1, b1.task)).toBe(true);
    b1.finish();
    await lanes.idle();
    expect(log).toEqual(['start A1', 'end A1', 'start B1', 'end B1']);
    expect(lanes.busy('A')).toBe(false);
    expect(lanes.waitingRows).toBe(0);
  });
});
