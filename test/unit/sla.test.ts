import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/calendar.js';
import {
  clockFor,
  computeDeadlines,
  deadlineAfter,
  deadlineState,
  durationMinutes,
  limitMinutes,
} from '../../src/core/sla.js';
import type { PausedInterval, Priority } from '../../src/core/types.js';
import { testCalendar, testConfig } from '../fixtures/config.js';

// All local times are Asia/Shanghai (UTC+8, no DST): "10:00+08:00" is 02:00Z.
const t = (s: string) => new Date(s);
const cfg = testConfig(); // calendar 09:00–12:00, 13:00–18:00, Sat/Sun off, holidays 'cn'
const iso = (d: Date | null) => d?.toISOString() ?? null;
const deadlines = (reportedAt: string, priority: Priority, pauses: PausedInterval[] = [], config = cfg) => {
  const r = computeDeadlines({ reportedAt: t(reportedAt), priority, pauses }, config);
  return { respondBy: iso(r.respondBy), resolveBy: iso(r.resolveBy) };
};
const pause = (from: string, to: string | null): PausedInterval => ({ from: t(from), to: to ? t(to) : null });

describe('durationMinutes', () => {
  const cal = cfg.calendar;
  it.each([
    [{ value: 15, unit: 'minutes' } as const, 'business' as const, 15],
    [{ value: 2, unit: 'hours' } as const, 'business' as const, 120],
    [{ value: 4, unit: 'hours' } as const, '24x7' as const, 240],
    [{ value: 3, unit: 'days' } as const, 'business' as const, 3 * 480],
    [{ value: 3, unit: 'days' } as const, '24x7' as const, 3 * 1440],
  ])('%o on %s = %i', (d, kind, expected) => {
    expect(durationMinutes(d, kind, cal)).toBe(expected);
  });

  it('uses the configured working day for business days', () => {
    const long = testCalendar({ workingHours: [{ from: 540, to: 1080 }] });
    expect(durationMinutes({ value: 5, unit: 'days' }, 'business', long)).toBe(5 * 540);
  });

  it('rejects a negative duration', () => {
    expect(() => durationMinutes({ value: -1, unit: 'hours' }, '24x7', cal)).toThrow(
      expect.objectContaining({ code: 'invalid_input', params: { field: 'duration', value: '-1' } }),
    );
  });

  it('gives each priority its configured limits', () => {
    expect([1, 2, 3, 4].map((p) => limitMinutes(p as Priority, 'respond', cfg))).toEqual([15, 30, 120, 480]);
    expect([1, 2, 3, 4].map((p) => limitMinutes(p as Priority, 'resolve', cfg))).toEqual([
      240, 480, 1440, 2400,
    ]);
  });
});

describe('computeDeadlines: the National Day case (P3, business clock)', () => {
  // P3: respond 2 business hours (120 min), resolve 3 business days (3 × 480 = 1440 min).
  // Reported Wed 2026-09-30 17:00. chinese-days: 10-01..10-07 off, Sat 10-10 a make-up workday.
  it('with a lunch break (09:00–12:00, 13:00–18:00)', () => {
    // respond: Wed 17–18 = 60; Oct 1–7 holiday; Thu 10-08 09:00 + 60 = 10:00 (02:00Z).
    // resolve: Wed 60 (1380 left); Thu 10-08 480 (900); Fri 10-09 480 (420);
    //          make-up Sat 10-10 09–12 180 (240), 13:00 + 240 = 17:00 (09:00Z).
    expect(deadlines('2026-09-30T17:00:00+08:00', 3)).toEqual({
      respondBy: '2026-10-08T02:00:00.000Z',
      resolveBy: '2026-10-10T09:00:00.000Z',
    });
  });

  it('without a lunch break (09:00–18:00, a 540-minute day)', () => {
    // respond: Wed 60; Thu 10-08 09:00 + 60 = 10:00. resolve 3 × 540 = 1620: Wed 60 (1560);
    // Thu 540 (1020); Fri 540 (480); make-up Sat 09:00 + 480 = 17:00.
    const long = testConfig({ calendar: testCalendar({ workingHours: [{ from: 540, to: 1080 }] }) });
    expect(deadlines('2026-09-30T17:00:00+08:00', 3, [], long)).toEqual({
      respondBy: '2026-10-08T02:00:00.000Z',
      resolveBy: '2026-10-10T09:00:00.000Z',
    });
  });

  it('would land on Monday if Sat 10-10 were not a make-up workday', () => {
    // Operator holiday on 10-10: ... Fri 10-09 leaves 420; Sun off; Mon 10-12 09–12 180 (240),
    // 13:00 + 240 = 17:00 (09:00Z).
    const noMakeUp = testConfig({ calendar: testCalendar({ extraHolidays: ['2026-10-10'] }) });
    expect(deadlines('2026-09-30T17:00:00+08:00', 3, [], noMakeUp).resolveBy).toBe(
      '2026-10-12T09:00:00.000Z',
    );
  });

  it('P4 (8 business hours / 5 business days) over the same holiday', () => {
    // respond 480: Wed 60 (420); Thu 10-08 09–12 180 (240), 13:00 + 240 = 17:00 (09:00Z).
    // resolve 2400: Wed 60 (2340); Thu 480 (1860); Fri 480 (1380); Sat 10-10 480 (900);
    //   Sun off; Mon 10-12 480 (420); Tue 10-13 09–12 180 (240), 13:00 + 240 = 17:00 (09:00Z).
    expect(deadlines('2026-09-30T17:00:00+08:00', 4)).toEqual({
      respondBy: '2026-10-08T09:00:00.000Z',
      resolveBy: '2026-10-13T09:00:00.000Z',
    });
  });

  it('a reporter away over the holiday pauses the clock on working time only', () => {
    // Pause Fri 10-02 10:00 → Fri 10-09 10:00 = Thu 10-08 480 + Fri 10-09 60 = 540 working min.
    // respond: 10-08 10:00 + 540 → Thu 10–12 120, 13–18 300 (120 left); Fri 09:00 + 120 = 11:00.
    // resolve: Sat 10-10 17:00 + 540 → Sat 17–18 60 (480 left); Sun off; Mon 10-12 full day = 18:00.
    const away = [pause('2026-10-02T10:00:00+08:00', '2026-10-09T10:00:00+08:00')];
    expect(deadlines('2026-09-30T17:00:00+08:00', 3, away)).toEqual({
      respondBy: '2026-10-09T03:00:00.000Z',
      resolveBy: '2026-10-12T10:00:00.000Z',
    });
  });
});

describe('computeDeadlines: a response already made keeps its deadline (P4 reported Mon 2026-06-08 09:00)', () => {
  // P4 respond 8 business hours: Mon 09:00 → Mon 18:00 (10:00Z). Responded Mon 10:00.
  const input = (pauses: PausedInterval[], respondedAt: string | null) => ({
    reportedAt: t('2026-06-08T09:00:00+08:00'),
    priority: 4 as Priority,
    pauses,
    respondedAt: respondedAt ? t(respondedAt) : null,
  });
  const respondBy = (pauses: PausedInterval[], respondedAt: string | null) =>
    iso(computeDeadlines(input(pauses, respondedAt), cfg).respondBy);

  it('an open pause after the response leaves the met response deadline alone', () => {
    const open = [pause('2026-06-08T11:00:00+08:00', null)];
    expect(respondBy(open, '2026-06-08T10:00:00+08:00')).toBe('2026-06-08T10:00:00.000Z');
    // The resolution deadline is still running, so it is paused.
    expect(computeDeadlines(input(open, '2026-06-08T10:00:00+08:00'), cfg).resolveBy).toBeNull();
  });

  it('a closed pause after the response does not move the response deadline', () => {
    const closed = [pause('2026-06-08T11:00:00+08:00', '2026-06-08T15:00:00+08:00')];
    expect(respondBy(closed, '2026-06-08T10:00:00+08:00')).toBe('2026-06-08T10:00:00.000Z');
  });

  it('a pause begun at the very minute of the response does not move it', () => {
    const open = [pause('2026-06-08T10:00:00+08:00', null)];
    expect(respondBy(open, '2026-06-08T10:00:00+08:00')).toBe('2026-06-08T10:00:00.000Z');
  });

  it('a pause before the response still pushes it; its part after the response does not', () => {
    // 09:30–10:00 before the response counts (30 min → 18:30 = Tue 09:30, 01:30Z)…
    const before = [pause('2026-06-08T09:30:00+08:00', '2026-06-08T10:00:00+08:00')];
    expect(respondBy(before, '2026-06-08T10:30:00+08:00')).toBe('2026-06-09T01:30:00.000Z');
    // …and a pause still open when the desk responded counts only up to the response.
    const straddling = [pause('2026-06-08T09:30:00+08:00', null)];
    expect(respondBy(straddling, '2026-06-08T10:00:00+08:00')).toBe('2026-06-09T01:30:00.000Z');
  });

  it('not yet responded: an open pause still pauses the response deadline (null)', () => {
    expect(respondBy([pause('2026-06-08T11:00:00+08:00', null)], null)).toBeNull();
  });
});

describe('computeDeadlines: 24x7 priorities', () => {
  it('P1: 15 min / 4 h of wall time, holiday or not', () => {
    expect(deadlines('2026-10-01T10:00:00+08:00', 1)).toEqual({
      respondBy: '2026-10-01T02:15:00.000Z',
      resolveBy: '2026-10-01T06:00:00.000Z',
    });
  });

  it('P2: 30 min / 8 h, through the night', () => {
    // Sat 20:00 + 8 h = Sun 04:00.
    expect(deadlines('2026-06-06T20:00:00+08:00', 2)).toEqual({
      respondBy: '2026-06-06T12:30:00.000Z',
      resolveBy: '2026-06-06T20:00:00.000Z',
    });
  });

  it('P1 with a closed pause: both deadlines move by its wall length', () => {
    // Pause 10:05–10:20 (15 min) starts before 10:15 and before 14:00.
    expect(
      deadlines('2026-10-01T10:00:00+08:00', 1, [
        pause('2026-10-01T10:05:00+08:00', '2026-10-01T10:20:00+08:00'),
      ]),
    ).toEqual({
      respondBy: '2026-10-01T02:30:00.000Z',
      resolveBy: '2026-10-01T06:15:00.000Z',
    });
  });
});

describe('computeDeadlines: pauses on a business clock (P3 reported Mon 2026-06-08 09:00)', () => {
  const reported = '2026-06-08T09:00:00+08:00';
  // Without pauses: respond Mon 11:00 (03:00Z); resolve 1440 min = Mon, Tue, Wed → Wed 18:00 (10:00Z).

  it('no pause', () => {
    expect(deadlines(reported, 3)).toEqual({
      respondBy: '2026-06-08T03:00:00.000Z',
      resolveBy: '2026-06-10T10:00:00.000Z',
    });
  });

  it('a closed pause before both deadlines extends both by its working minutes', () => {
    // Mon 10:00–14:00 = 10–12 (120) + 13–14 (60) = 180.
    // respond 11:00 + 180 → 11–12 60, 13:00 + 120 = 15:00. resolve Wed 18:00 + 180 → Thu 12:00.
    expect(deadlines(reported, 3, [pause('2026-06-08T10:00:00+08:00', '2026-06-08T14:00:00+08:00')])).toEqual(
      {
        respondBy: '2026-06-08T07:00:00.000Z',
        resolveBy: '2026-06-11T04:00:00.000Z',
      },
    );
  });

  it('a pause after the respond deadline only moves the resolve deadline', () => {
    // Tue 10:00–11:00 = 60: resolve Wed 18:00 + 60 → Thu 10:00.
    expect(deadlines(reported, 3, [pause('2026-06-09T10:00:00+08:00', '2026-06-09T11:00:00+08:00')])).toEqual(
      {
        respondBy: '2026-06-08T03:00:00.000Z',
        resolveBy: '2026-06-11T02:00:00.000Z',
      },
    );
  });

  it('a pause starting exactly at the deadline does not move it', () => {
    expect(deadlines(reported, 3, [pause('2026-06-08T11:00:00+08:00', '2026-06-08T12:00:00+08:00')])).toEqual(
      {
        respondBy: '2026-06-08T03:00:00.000Z',
        resolveBy: '2026-06-11T02:00:00.000Z', // Wed 18:00 + 60 → Thu 10:00
      },
    );
  });

  it('a pause outside working hours costs nothing', () => {
    expect(deadlines(reported, 3, [pause('2026-06-08T19:00:00+08:00', '2026-06-09T08:00:00+08:00')])).toEqual(
      {
        respondBy: '2026-06-08T03:00:00.000Z',
        resolveBy: '2026-06-10T10:00:00.000Z',
      },
    );
  });

  it('an open pause before both deadlines pauses both', () => {
    expect(deadlines(reported, 3, [pause('2026-06-08T10:00:00+08:00', null)])).toEqual({
      respondBy: null,
      resolveBy: null,
    });
  });

  it('an open pause after the respond deadline pauses only the resolve deadline', () => {
    expect(deadlines(reported, 3, [pause('2026-06-09T10:00:00+08:00', null)])).toEqual({
      respondBy: '2026-06-08T03:00:00.000Z',
      resolveBy: null,
    });
  });

  it('a later pause counts once an earlier one has pushed the deadline past its start (input unsorted)', () => {
    // Sorted: 10:30–11:30 (60) moves 11:00 → 12:00; 11:45–12:30 (15 working) starts before 12:00
    // and moves it → 13:15. Resolve: Wed 18:00 + 75 → Thu 10:15.
    const pauses = [
      pause('2026-06-08T11:45:00+08:00', '2026-06-08T12:30:00+08:00'),
      pause('2026-06-08T10:30:00+08:00', '2026-06-08T11:30:00+08:00'),
    ];
    expect(deadlines(reported, 3, pauses)).toEqual({
      respondBy: '2026-06-08T05:15:00.000Z',
      resolveBy: '2026-06-11T02:15:00.000Z',
    });
  });

  it('overlapping pauses count their minutes once', () => {
    // 10:00–11:00 ∪ 10:30–11:30 = 10:00–11:30 = 90: respond 11:00 + 90 → 11–12 60, 13:30.
    const pauses = [
      pause('2026-06-08T10:00:00+08:00', '2026-06-08T11:00:00+08:00'),
      pause('2026-06-08T10:30:00+08:00', '2026-06-08T11:30:00+08:00'),
    ];
    expect(deadlines(reported, 3, pauses).respondBy).toBe('2026-06-08T05:30:00.000Z');
  });

  it('only the part of a pause after registration counts', () => {
    // 08:00–10:00 clipped to 09:00–10:00 = 60: respond 12:00. A pause that ended before is ignored.
    expect(
      deadlines(reported, 3, [pause('2026-06-08T08:00:00+08:00', '2026-06-08T10:00:00+08:00')]).respondBy,
    ).toBe('2026-06-08T04:00:00.000Z');
    expect(
      deadlines(reported, 3, [pause('2026-06-08T07:00:00+08:00', '2026-06-08T08:30:00+08:00')]).respondBy,
    ).toBe('2026-06-08T03:00:00.000Z');
  });
});

describe('computeDeadlines: a priority change recomputes from registration', () => {
  // Reported Mon 2026-06-08 09:00, waited on the reporter Mon 10:00–10:30.
  const reported = '2026-06-08T09:00:00+08:00';
  const pauses = [pause('2026-06-08T10:00:00+08:00', '2026-06-08T10:30:00+08:00')];

  it.each([
    // P1 24x7: respond 09:15 (pause starts later); resolve 13:00 + 30 = 13:30.
    [1, '2026-06-08T01:15:00.000Z', '2026-06-08T05:30:00.000Z'],
    // P2 24x7: respond 09:30; resolve 17:00 + 30 = 17:30.
    [2, '2026-06-08T01:30:00.000Z', '2026-06-08T09:30:00.000Z'],
    // P3: respond 11:00 + 30 = 11:30; resolve Wed 18:00 + 30 → Thu 09:30.
    [3, '2026-06-08T03:30:00.000Z', '2026-06-11T01:30:00.000Z'],
    // P4: respond 480 → Mon 18:00 + 30 → Tue 09:30; resolve 2400 → Fri 18:00 + 30 → Mon 06-15 09:30.
    [4, '2026-06-09T01:30:00.000Z', '2026-06-15T01:30:00.000Z'],
  ] as const)('P%i', (priority, respondBy, resolveBy) => {
    expect(deadlines(reported, priority, pauses)).toEqual({ respondBy, resolveBy });
  });

  it('gives the same answer whenever the change happens, because it depends only on the facts', () => {
    const incident = { reportedAt: t(reported), priority: 3 as Priority, pauses };
    const before = computeDeadlines(incident, cfg);
    const raised = computeDeadlines({ ...incident, priority: 1 }, cfg);
    const lowered = computeDeadlines({ ...incident, priority: 3 }, cfg);
    expect(iso(raised.resolveBy)).toBe('2026-06-08T05:30:00.000Z');
    expect(lowered).toEqual(before);
  });
});

describe('computeDeadlines: calendar coverage', () => {
  it('runs a business deadline into an uncovered year on the provisional calendar, marked so', () => {
    const r = computeDeadlines({ reportedAt: t('2026-12-30T17:00:00+08:00'), priority: 3, pauses: [] }, cfg);
    // Respond 2 h: Wed 17–18, Thu 31 Dec 09–10 — all in 2026.
    expect(iso(r.respondBy)).toBe('2026-12-31T02:00:00.000Z');
    // Resolve 3 days (24 h): Wed 1 h, Thu 8 h, Fri 1 Jan 2027 New Year's Day by rule, weekend,
    // Mon 4 Jan 8 h, Tue 5 Jan 09–12 and 13–17.
    expect(iso(r.resolveBy)).toBe('2027-01-05T09:00:00.000Z');
    expect(r.provisional).toBe(true);
    // Each deadline for itself (trial 2026-12-07): the response never left 2026.
    expect(r).toMatchObject({ respondProvisional: false, resolveProvisional: true });
  });

  it('marks the response provisional too when its own count reaches the uncovered year', () => {
    const r = computeDeadlines({ reportedAt: t('2026-12-31T17:30:00+08:00'), priority: 3, pauses: [] }, cfg);
    expect(iso(r.respondBy)).toBe('2027-01-04T02:30:00.000Z'); // Thu 17:30–18, then Mon 4 Jan 09–10:30
    expect(r).toMatchObject({ respondProvisional: true, resolveProvisional: true });
  });

  it('is not provisional when every counted day has official data', () => {
    const r = computeDeadlines({ reportedAt: t('2026-12-21T09:00:00+08:00'), priority: 3, pauses: [] }, cfg);
    expect(r.provisional).toBe(false);
  });

  it('is not provisional when the operator vouches for the year', () => {
    const vouched = testConfig({ calendar: testCalendar({ extraCoveredYears: [2027] }) });
    const r = computeDeadlines(
      { reportedAt: t('2026-12-30T17:00:00+08:00'), priority: 3, pauses: [] },
      vouched,
    );
    // The operator listed no 2027 holidays: 1 Jan is an ordinary Friday. Wed 1 h, Thu 8 h, Fri 8 h, Mon 7 h.
    expect(iso(r.resolveBy)).toBe('2027-01-04T09:00:00.000Z');
    expect(r.provisional).toBe(false);
  });

  it('keeps 24x7 deadlines working in any year', () => {
    expect(deadlines('2027-03-01T09:00:00+08:00', 1).respondBy).toBe('2027-03-01T01:15:00.000Z');
  });
});

describe('deadlineAfter', () => {
  it('adds clock minutes and is exact for fractions', () => {
    const wall = createClock('24x7', cfg.calendar);
    expect(iso(deadlineAfter(wall, t('2026-06-08T01:00:00Z'), 7.5, []))).toBe('2026-06-08T01:07:30.000Z');
  });
});

describe('clock.between (minutes left to a deadline)', () => {
  const business = clockFor(3, cfg);
  const wall = clockFor(1, cfg);

  it('counts clock minutes to the deadline', () => {
    // Mon 11:30 → 15:00: 11:30–12 (30) + 13–15 (120) = 150 on the business clock, 210 on the wall.
    const deadline = t('2026-06-08T15:00:00+08:00');
    expect(business.between(t('2026-06-08T11:30:00+08:00'), deadline)).toBe(150);
    expect(wall.between(t('2026-06-08T11:30:00+08:00'), deadline)).toBe(210);
  });

  it('is negative once the deadline has passed', () => {
    // Deadline Mon 17:00, now Tue 10:00: Mon 17–18 (60) + Tue 09–10 (60).
    expect(business.between(t('2026-06-09T10:00:00+08:00'), t('2026-06-08T17:00:00+08:00'))).toBe(-120);
  });
});

describe('deadlineState', () => {
  const business = clockFor(3, cfg);
  const deadline = t('2026-06-08T15:00:00+08:00'); // Mon 15:00

  it('is paused when there is no deadline and the goal is not met', () => {
    expect(deadlineState(null, t('2026-06-08T10:00:00+08:00'), business)).toEqual({ state: 'paused' });
  });

  it('is met on time or late by the clock minutes after the deadline', () => {
    const now = t('2026-06-09T10:00:00+08:00');
    expect(deadlineState(deadline, now, business, { metAt: t('2026-06-08T14:00:00+08:00') })).toEqual({
      state: 'met',
      minutesOverdue: 0,
    });
    // Met Tue 09:30: Mon 15–18 (180) + Tue 09–09:30 (30) late.
    expect(deadlineState(deadline, now, business, { metAt: t('2026-06-09T09:30:00+08:00') })).toEqual({
      state: 'met',
      minutesOverdue: 210,
    });
    expect(deadlineState(null, now, business, { metAt: now })).toEqual({ state: 'met', minutesOverdue: 0 });
  });

  it.each([
    ['2026-06-08T10:00:00+08:00', { state: 'running', minutesLeft: 240 }], // 10–12 + 13–15
    ['2026-06-08T14:29:00+08:00', { state: 'running', minutesLeft: 31 }],
    ['2026-06-08T14:30:00+08:00', { state: 'due_soon', minutesLeft: 30 }],
    ['2026-06-08T12:30:00+08:00', { state: 'running', minutesLeft: 120 }], // lunch does not count
    ['2026-06-08T15:00:00+08:00', { state: 'overdue', minutesOverdue: 0 }],
    ['2026-06-08T20:00:00+08:00', { state: 'overdue', minutesOverdue: 180 }], // 15–18 only
  ])('at %s: %o', (now, expected) => {
    expect(deadlineState(deadline, t(now), business)).toEqual(expected);
  });

  it('takes a custom due-soon window and rounds down to whole minutes', () => {
    expect(deadlineState(deadline, t('2026-06-08T14:10:00+08:00'), business, { dueSoonMinutes: 60 })).toEqual(
      {
        state: 'due_soon',
        minutesLeft: 50,
      },
    );
    const wall = clockFor(1, cfg);
    expect(deadlineState(t('2026-06-08T02:15:00Z'), t('2026-06-08T02:00:30Z'), wall)).toEqual({
      state: 'due_soon',
      minutesLeft: 14,
    });
  });
});
