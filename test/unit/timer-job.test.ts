import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeRegistered,
  encodeRegistered,
  jobNameOf,
  keyOfJobName,
  legacyTimerJobId,
  timerJobId,
  versionOfJobId,
} from '../../src/jobs/timer-job.js';

describe('the stored shape of a timer job', () => {
  it('names a job by its key, the incident UUID shortened, and reads the key back', () => {
    const key = `${randomUUID()}.esc.respond.2`;
    expect(jobNameOf(key)).toHaveLength(1 + 22 + '.esc.respond.2'.length);
    expect(keyOfJobName(jobNameOf(key))).toBe(key);
    // Anything else (an older job's name, a non-UUID id) is the key as it is.
    for (const plain of ['i1.respond', 'ABCDEF01-0000-4000-8000-000000000000.respond'])
      expect(keyOfJobName(jobNameOf(plain))).toBe(plain);
  });

  it('reads the version from new and old job ids', () => {
    expect(timerJobId('x.respond', 12)).toMatch(/^[\w-]{12}\.12$/);
    expect(versionOfJobId(timerJobId('x.respond', 12))).toBe(12);
    expect(versionOfJobId(legacyTimerJobId('x.respond', 7))).toBe(7);
  });

  it('keeps the format of registry entries: new ones in base 36, old ones as they were', () => {
    const at = Date.UTC(2026, 11, 5, 18, 0, 0, 123);
    for (const legacy of [false, true])
      expect(decodeRegistered(encodeRegistered({ version: 3, at, legacy }))).toEqual({
        version: 3,
        at,
        legacy,
      });
    expect(decodeRegistered(`3@${at}`)).toEqual({ version: 3, at, legacy: true });
    expect(decodeRegistered('junk')).toBeNull();
  });
});
