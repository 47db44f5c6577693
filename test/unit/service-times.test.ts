// Business MTTA/MTTR inputs (docs/reports.md): minutes on the priority's own clock, pauses excluded,
// recomputed by every decision.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/process.js';
import { clockMinutesTo, serviceTimes } from '../../src/core/service-times.js';
import type { Incident, Priority } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { newIncident } from '../support/incidents.js';

const cfg = testConfig();
// REPORTED_AT is Monday 2026-06-08 09:00 in Shanghai; working hours 9–12 and 13–18.
const at = (hhmm: string, day = '08') => new Date(`2026-06-${day}T${hhmm}:00+08:00`);

function incident(priority: Priority, patch: Partial<Incident> = {}): Incident {
  return { ...newIncident(), reportedAt: REPORTED_AT, priority, ...patch };
}

describe('service times on the priority clock', () => {
  it('a business clock skips lunch and the night', () => {
    expect(clockMinutesTo(incident(3), at('14:00'), cfg)).toBe(240);
    expect(clockMinutesTo(incident(3), at('10:00', '09'), cfg)).toBe(540);
  });

  it('a 24×7 clock counts every minute', () => {
    expect(clockMinutesTo(incident(1), at('14:00'), cfg)).toBe(300);
  });

  it('pauses are left out, on the same clock, and only up to the end', () => {
    const paused = { pauses: [{ from: at('10:00'), to: at('11:00') }] };
    expect(clockMinutesTo(incident(3, paused), at('14:00'), cfg)).toBe(180);
    expect(clockMinutesTo(incident(1, paused), at('14:00'), cfg)).toBe(240);
    const open = { pauses: [{ from: at('13:00'), to: null }] };
    expect(clockMinutesTo(incident(1, open), at('14:00'), cfg)).toBe(240);
  });

  it('null until responded or resolved', () => {
    expect(serviceTimes(incident(3), cfg)).toEqual({ respondClockMinutes: null, resolveClockMinutes: null });
    expect(serviceTimes(incident(3, { respondedAt: at('14:00') }), cfg)).toEqual({
      respondClockMinutes: 240,
      resolveClockMinutes: null,
    });
  });

  it('every decision keeps them current', () => {
    const start = incident(3, { reportedAt: REPORTED_AT });
    const d = decide(
      start,
      { type: 'classify', nature: 'fault', category: 'network' },
      actorFor('alice'),
      at('14:00'),
      cfg,
    );
    expect(d.incident.respondedAt).toEqual(at('14:00'));
    expect(d.incident.respondClockMinutes).toBe(240);
  });
});

describe('the first assignment to the second line (reports: desk resolution)', () => {
  it('is kept through a decline and a reassignment', () => {
    const alice = actorFor('alice');
    const nick = actorFor('nick');
    let i = incident(2, {
      status: 'attempting',
      category: 'network',
      nature: 'fault',
      respondedAt: at('09:05'),
    });
    i = decide(
      i,
      { type: 'assign', team: 'network', worklog: 'Restarted the client and checked the gateway: no change' },
      alice,
      at('10:00'),
      cfg,
    ).incident;
    expect(i.firstAssignedAt).toEqual(at('10:00'));
    i = decide(
      i,
      { type: 'decline', reason: 'Not ours', suggestedTeam: 'identity' },
      nick,
      at('10:10'),
      cfg,
    ).incident;
    expect([i.assignedAt, i.firstAssignedAt]).toEqual([null, at('10:00')]);
    i = decide(i, { type: 'assign', team: 'identity' }, alice, at('10:20'), cfg).incident;
    expect([i.assignedAt, i.firstAssignedAt]).toEqual([at('10:20'), at('10:00')]);
  });
});

describe('one rounding, at display (incident-manager trial 2026-12-07)', () => {
  it('keeps the clock minutes at full precision: a P1 responded 2.6457 min after registration', () => {
    // Stored rounded to 2.65, then rounded again for display, it read "service clock 2.7" beside
    // "elapsed 2.6" for the same 24×7 span.
    const respondedAt = new Date(REPORTED_AT.getTime() + 158_742);
    const minutes = clockMinutesTo(incident(1), respondedAt, cfg);
    expect(minutes).toBeCloseTo(2.6457, 10);
    expect(serviceTimes(incident(1, { respondedAt }), cfg).respondClockMinutes).toBe(minutes);
  });
});
