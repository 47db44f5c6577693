// The time a person's command is decided at (src/app/acted-at.ts): the acknowledged time, never
// later than now, never before what the incident already records.
import { describe, expect, it } from 'vitest';
import { actingTime } from '../../src/app/acted-at.js';
import { newIncident } from '../support/incidents.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 15, 0, s));

describe('actingTime', () => {
  it('is now when nothing was acknowledged before', () => {
    expect(actingTime(undefined, at(60))).toEqual(at(60));
  });

  it('is the acknowledged time of a request that ran later (a replay after a crash)', () => {
    const incident = newIncident({ reportedAt: at(0), assignedAt: at(10) });
    expect(actingTime(at(28), at(61), incident)).toEqual(at(28));
  });

  it('is never later than now (another host stamped it ahead of this clock)', () => {
    expect(actingTime(at(70), at(61))).toEqual(at(61));
  });

  it('is never before what the incident records (an acceptance before its assignment)', () => {
    const incident = newIncident({ reportedAt: at(0), assignedAt: at(40) });
    expect(actingTime(at(28), at(61), incident)).toEqual(at(40));
  });
});
