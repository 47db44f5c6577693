// "Due soon" minutes are kept per configuration object: each deadline of each priority keeps its
// own figure, and a reloaded configuration (a new object) is read afresh.
import { describe, expect, it } from 'vitest';
import { dueSoonMinutes } from '../../src/core/escalation.js';
import { testConfig } from '../fixtures/config.js';

describe('dueSoonMinutes', () => {
  it('gives each priority and deadline its own figure, the same when asked again', () => {
    const cfg = testConfig();
    const all = () =>
      ([1, 2, 3, 4] as const).flatMap((p) => [
        dueSoonMinutes(p, 'respond', cfg),
        dueSoonMinutes(p, 'resolve', cfg),
      ]);
    // P1: respond 15 min, last point 80 % → 3; resolve 4 h, last point 80 % → 48, capped at 30.
    // P2: respond 30 min, last point 80 % → 6; resolve 8 h → 30. P3: respond 2 h, its only rule at
    // 100 % → the last fifth, 24; resolve 3 business days → 30. P4: respond 8 h, no rule → 30.
    expect(all()).toEqual([3, 30, 6, 30, 24, 30, 30, 30]);
    expect(all()).toEqual([3, 30, 6, 30, 24, 30, 30, 30]);
  });

  it('reads a reloaded configuration afresh', () => {
    const before = testConfig();
    expect(dueSoonMinutes(1, 'respond', before)).toBe(3);
    const after = testConfig({
      escalation: {
        ...before.escalation,
        1: [{ deadline: 'respond', at: { fraction: 0.5 }, targets: ['team'] }],
      },
    });
    expect(dueSoonMinutes(1, 'respond', after)).toBe(7);
    expect(dueSoonMinutes(1, 'respond', before)).toBe(3);
  });
});
