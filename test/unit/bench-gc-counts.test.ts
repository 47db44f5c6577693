// The benches' GC counts (bench/open-loop.ts `usageNow`, `settle`): what a run promoted to the old
// generation and how many mark-compacts it made are what the Teams bench reads the 400/s tail
// by, and `settle` is what keeps one target's set-up garbage out of its measured run
// (docs/teams-speed.md, h/teamsgc).
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { settle, usageNow } from '../../bench/open-loop.js';

/** Garbage that lives through several scavenges (so it is promoted), then is dropped. */
function promoteThenDrop(megabytes: number): void {
  const kept: number[][] = [];
  for (let i = 0; i < megabytes * 64; i++) {
    kept.push(Array.from({ length: 2000 }, (_, k) => k)); // ~16 KB each
    for (let j = 0; j < 25; j++) Array.from({ length: 200 }, (_, k) => ({ k })); // churn: scavenges
  }
  kept.length = 0;
}

describe('the benches’ GC counts', () => {
  it('count what scavenges promote, and no young-generation churn as promoted', () => {
    usageNow();
    const before = usageNow();
    for (let i = 0; i < 1000; i++) Array.from({ length: 500 }, (_, k) => ({ k })); // dies young
    const churn = usageNow();
    expect(churn.scavenges - before.scavenges).toBeGreaterThan(0);
    expect(churn.promoted - before.promoted).toBeLessThan(8 * 1024 * 1024);
    promoteThenDrop(24);
    const after = usageNow();
    expect(after.promoted - churn.promoted).toBeGreaterThan(12 * 1024 * 1024);
  });

  it('settle makes a mark-compact that leaves the promoted garbage behind', () => {
    promoteThenDrop(24);
    const before = usageNow();
    const used = getHeapStatistics().used_heap_size;
    settle();
    const after = usageNow();
    expect(used - getHeapStatistics().used_heap_size).toBeGreaterThan(12 * 1024 * 1024);
    expect(after.markCompacts - before.markCompacts).toBeGreaterThanOrEqual(1);
    expect(after.markCompactMs).toBeGreaterThan(before.markCompactMs);
  });
});
