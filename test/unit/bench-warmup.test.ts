// The core bench's warm-up (bench/warmup.ts): ours by transitions with the seconds as a cap,
// pgbench the wall time ours took, so the two keep the same chance to warm up.
import { describe, expect, it } from 'vitest';
import { referenceWarmupSeconds, warmupOver } from '../../bench/warmup.js';

describe('core bench warm-up', () => {
  const rule = { minTransitions: 20_000, capSeconds: 60 };

  it('goes on past the seconds a quiet run needs until the transitions are done', () => {
    expect(warmupOver(rule, 19_999, 30_000)).toBe(false);
    expect(warmupOver(rule, 20_000, 30_000)).toBe(true);
  });

  it('stops at the cap however few transitions a loaded machine managed', () => {
    expect(warmupOver(rule, 500, 59_999)).toBe(false);
    expect(warmupOver(rule, 500, 60_000)).toBe(true);
  });

  it('with no transition floor runs the whole cap, and with no cap not at all', () => {
    expect(warmupOver({ minTransitions: 0, capSeconds: 5 }, 1_000_000, 4_000)).toBe(false);
    expect(warmupOver({ minTransitions: 0, capSeconds: 5 }, 0, 5_000)).toBe(true);
    expect(warmupOver({ minTransitions: 20_000, capSeconds: 0 }, 0, 0)).toBe(true);
  });

  it("gives pgbench the whole seconds ours' warm-up load took, rounded up", () => {
    expect(referenceWarmupSeconds(0)).toBe(0);
    expect(referenceWarmupSeconds(0.2)).toBe(1);
    expect(referenceWarmupSeconds(23.01)).toBe(24);
  });
});
