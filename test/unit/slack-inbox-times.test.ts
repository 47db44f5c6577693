// The inbox's lease and sweep period in milliseconds, from seconds in the environment. The
// defaults once came back in seconds read as milliseconds: a 30 ms lease let the sweep (every
// 10 ms, a transaction each time) take over requests still being worked on.
import { describe, expect, it } from 'vitest';
import { readInboxTimes } from '../../adapters/slack/settings.js';
import { EnvError } from '../../src/app/env.js';
import { DEFAULT_INBOX } from '../../src/app/inbox.js';

describe('readInboxTimes', () => {
  it('uses the defaults, 30 s lease and 10 s sweep, when nothing is set', () => {
    expect(readInboxTimes({})).toEqual({ leaseMs: 30_000, sweepMs: 10_000 });
    expect(readInboxTimes({ INBOX_LEASE_SECONDS: ' ', INBOX_SWEEP_SECONDS: '' })).toEqual(DEFAULT_INBOX);
  });

  it('reads seconds from the environment', () => {
    expect(readInboxTimes({ INBOX_LEASE_SECONDS: '45', INBOX_SWEEP_SECONDS: '2.5' })).toEqual({
      leaseMs: 45_000,
      sweepMs: 2_500,
    });
  });

  it('refuses a value that is not a number of seconds, naming the variable', () => {
    expect(() => readInboxTimes({ INBOX_SWEEP_SECONDS: '0' })).toThrow(EnvError);
    expect(() => readInboxTimes({ INBOX_LEASE_SECONDS: 'soon' })).toThrow(/INBOX_LEASE_SECONDS/);
  });
});
