import { describe, expect, it } from 'vitest';
import {
  coveredYears,
  createClock,
  isWorkingDay,
  wallTime,
  wallTimeUncached,
  workingDayMinutes,
} from '../../src/core/calendar.js';
import type { CalendarConfig } from '../../src/core/config.js';
import { testCalendar } from '../fixtures/config.js';

// Shanghai is UTC+8 all year (no DST), so "+08:00" local times map to Z by subtracting 8 h.
const t = (s: string) => new Date(s);
const cal = testCalendar(); // 09:00–12:00, 13:00–18:00, Sat/Sun off, holidays 'cn'
const business = createClock('business', cal);

const domainError = (code: string, params: Record<string, unknown>) =>
  expect.objectContaining({ code, params });

describe('chinese-days data this calendar relies on', () => {
  it('covers 2004..2026 and not 2027 (if this fails, the package gained data: move the 2027 tests on)', () => {
    const years = coveredYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(2026 - 2004 + 1);
  });

  it.each([
    ['2026-09-20', true, 'Sunday make-up workday before National Day'],
    ['2026-09-25', false, 'Friday, Mid-Autumn Festival'],
    ['2026-09-26', false, 'Saturday, Mid-Autumn Festival'],
    ['2026-09-28', true, 'ordinary Monday'],
    ['2026-09-30', true, 'ordinary Wednesday'],
    ['2026-10-01', false, 'Thursday, National Day'],
    ['2026-10-05', false, 'Monday, National Day'],
    ['2026-10-07', false, 'Wednesday, National Day (last day)'],
    ['2026-10-08', true, 'Thursday, first day back'],
    ['2026-10-10', true, 'Saturday make-up workday after National Day'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-02-14', true, 'Saturday make-up workday before Spring Festival'],
    ['2026-02-23', false, 'Monday, Spring Festival'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected);
  });
});

describe('isWorkingDay', () => {
  it('does not depend on the process time zone (chinese-days functions do, west of UTC)', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(new Date('2026-06-08T00:00:00Z').getDate()).toBe(7); // the process zone did change
      expect(isWorkingDay('2026-06-08', cal)).toBe(true); // Monday
      expect(isWorkingDay('2026-06-06', cal)).toBe(false); // Saturday
      expect(isWorkingDay('2026-10-10', cal)).toBe(true); // make-up Saturday
      expect(business.add(t('2026-06-05T17:30:00+08:00'), 120).toISOString()).toBe(
        '2026-06-08T02:30:00.000Z',
      );
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('applies the weekend without public holidays', () => {
    const plain = testCalendar({ holidays: 'none' });
    expect(isWorkingDay('2026-10-01', plain)).toBe(true); // Thursday, no holiday data
    expect(isWorkingDay('2026-10-10', plain)).toBe(false); // Saturday, no make-up data
    expect(isWorkingDay('2031-06-02', plain)).toBe(true); // any year works without data
  });

  it('honours a non-Saturday/Sunday weekend, and cn holidays on it', () => {
    const fridayOff = testCalendar({ weekend: [5] });
    expect(isWorkingDay('2026-06-05', fridayOff)).toBe(false); // Friday
    expect(isWorkingDay('2026-06-06', fridayOff)).toBe(true); // Saturday worked here
    expect(isWorkingDay('2026-10-03', fridayOff)).toBe(false); // Saturday, but National Day
  });

  it('lets operator days override the data: holidays first, then workdays', () => {
    const custom = testCalendar({
      extraHolidays: ['2026-06-08', '2026-10-10'],
      extraWorkdays: ['2026-10-01', '2026-06-07', '2026-10-10'],
    });
    expect(isWorkingDay('2026-06-08', custom)).toBe(false); // ordinary Monday made a holiday
    expect(isWorkingDay('2026-10-01', custom)).toBe(true); // National Day worked anyway
    expect(isWorkingDay('2026-06-07', custom)).toBe(true); // ordinary Sunday worked
    expect(isWorkingDay('2026-10-10', custom)).toBe(false); // listed in both: holiday wins
  });

  it('answers years the holiday data does not cover by the provisional rule', () => {
    expect(isWorkingDay('2027-01-01', cal)).toBe(false); // Friday, New Year's Day by rule
    expect(isWorkingDay('2027-01-04', cal)).toBe(true); // Monday
    expect(isWorkingDay('2027-02-08', cal)).toBe(false); // Monday, 正月初三 2027
    expect(isWorkingDay('2003-06-02', cal)).toBe(true); // Monday before the data starts
  });

  it('accepts an uncovered year the operator vouches for, as plain weekdays plus operator days', () => {
    const vouched = testCalendar({ extraCoveredYears: [2027], extraHolidays: ['2027-01-01'] });
    expect(isWorkingDay('2027-01-01', vouched)).toBe(false); // Friday, operator holiday
    expect(isWorkingDay('2027-01-02', vouched)).toBe(false); // Saturday
    expect(isWorkingDay('2027-01-04', vouched)).toBe(true); // Monday
  });

  it('puts operator days before the provisional rule in an uncovered year', () => {
    const partial = testCalendar({ extraWorkdays: ['2027-01-01'], extraHolidays: ['2027-01-05'] });
    expect(isWorkingDay('2027-01-01', partial)).toBe(true); // rule holiday, operator workday
    expect(isWorkingDay('2027-01-05', partial)).toBe(false); // ordinary Tuesday, operator holiday
    expect(isWorkingDay('2027-01-06', partial)).toBe(true);
  });

  it('rejects a malformed date', () => {
    expect(() => isWorkingDay('2026-6-8', cal)).toThrow(
      domainError('invalid_input', { field: 'date', value: '2026-6-8' }),
    );
  });
});

describe('workingDayMinutes', () => {
  it('sums the working periods, lunch excluded', () => {
    expect(workingDayMinutes(cal)).toBe(480);
    expect(workingDayMinutes(testCalendar({ workingHours: [{ from: 540, to: 1080 }] }))).toBe(540);
  });

  it('rejects a calendar without working periods', () => {
    expect(() => workingDayMinutes(testCalendar({ workingHours: [] }))).toThrow(
      domainError('invalid_input', { field: 'calendar', reason: 'no_working_periods' }),
    );
  });
});

describe('24x7 clock', () => {
  const wall = createClock('24x7', cal);

  it('is plain elapsed time, holidays and nights included', () => {
    expect(wall.add(t('2026-10-01T23:50:00+08:00'), 15).toISOString()).toBe('2026-10-01T16:05:00.000Z');
    expect(wall.between(t('2026-10-01T10:00:00Z'), t('2026-10-01T14:00:00Z'))).toBe(240);
    expect(wall.between(t('2026-10-01T14:00:00Z'), t('2026-10-01T10:00:00Z'))).toBe(-240);
  });

  it('adds fractions of a minute to the millisecond', () => {
    expect(wall.add(t('2026-06-08T01:00:00Z'), 7.5).toISOString()).toBe('2026-06-08T01:07:30.000Z');
  });

  it('rejects negative or non-finite minutes', () => {
    expect(() => wall.add(t('2026-06-08T01:00:00Z'), -1)).toThrow(
      domainError('invalid_input', { field: 'minutes', value: '-1' }),
    );
    expect(() => wall.add(t('2026-06-08T01:00:00Z'), Number.NaN)).toThrow(
      domainError('invalid_input', { field: 'minutes', value: 'NaN' }),
    );
  });
});

describe('business clock: add', () => {
  it.each([
    // [start (local), minutes, expected (UTC), why]
    ['2026-06-08T10:00:00+08:00', 60, '2026-06-08T03:00:00.000Z', 'Mon 10:00 + 1 h = 11:00'],
    ['2026-06-08T11:00:00+08:00', 60, '2026-06-08T04:00:00.000Z', 'ends exactly at 12:00, not 13:00'],
    ['2026-06-08T11:00:00+08:00', 120, '2026-06-08T06:00:00.000Z', '11–12 (60) + lunch + 13–14 (60) = 14:00'],
    [
      '2026-06-08T12:30:00+08:00',
      30,
      '2026-06-08T05:30:00.000Z',
      'reported at lunch: clock starts 13:00 → 13:30',
    ],
    ['2026-06-08T07:30:00+08:00', 120, '2026-06-08T03:00:00.000Z', 'before hours: 09:00 + 2 h = 11:00'],
    ['2026-06-08T20:00:00+08:00', 60, '2026-06-09T02:00:00.000Z', 'after hours: Tue 09:00 + 1 h = 10:00'],
    ['2026-06-08T18:00:00+08:00', 1, '2026-06-09T01:01:00.000Z', 'at closing time: Tue 09:01'],
    [
      '2026-06-05T17:30:00+08:00',
      120,
      '2026-06-08T02:30:00.000Z',
      'Fri 17:30–18:00 (30), weekend, Mon 09:00 + 90 = 10:30',
    ],
    ['2026-06-06T10:00:00+08:00', 30, '2026-06-08T01:30:00.000Z', 'reported on Saturday: Mon 09:30'],
    ['2026-06-08T09:00:00+08:00', 480, '2026-06-08T10:00:00.000Z', 'one full day ends Mon 18:00'],
    ['2026-06-08T09:00:00+08:00', 481, '2026-06-09T01:01:00.000Z', 'one minute more: Tue 09:01'],
    ['2026-06-08T09:00:00+08:00', 2400, '2026-06-12T10:00:00.000Z', 'five days: Fri 18:00'],
    ['2026-06-08T10:00:00+08:00', 0, '2026-06-08T02:00:00.000Z', 'nothing to add'],
    ['2026-06-08T20:00:00+08:00', 0, '2026-06-08T12:00:00.000Z', 'nothing to add, even outside hours'],
  ])('%s + %i min = %s (%s)', (start, minutes, expected) => {
    expect(business.add(t(start), minutes).toISOString()).toBe(expected);
  });

  it.each([
    // Mid-Autumn Festival: Fri 2026-09-25 .. Sun 09-27 off.
    [
      '2026-09-24T17:00:00+08:00',
      120,
      '2026-09-28T02:00:00.000Z',
      'Thu 17–18 (60), holiday Fri–Sun, Mon 09:00 + 60 = 10:00',
    ],
    // Sunday 2026-09-20 is a make-up workday.
    [
      '2026-09-18T17:00:00+08:00',
      120,
      '2026-09-20T02:00:00.000Z',
      'Fri 17–18 (60), Sat off, make-up Sun 09:00 + 60 = 10:00',
    ],
    // National Day 10-01..10-07, then Thu 10-08, Fri 10-09, make-up Sat 10-10.
    [
      '2026-10-09T17:00:00+08:00',
      120,
      '2026-10-10T02:00:00.000Z',
      'Fri 17–18 (60), make-up Sat 09:00 + 60 = 10:00',
    ],
    [
      '2026-10-10T17:00:00+08:00',
      120,
      '2026-10-12T02:00:00.000Z',
      'make-up Sat 17–18 (60), Sun off, Mon 10:00',
    ],
    ['2026-10-03T10:00:00+08:00', 30, '2026-10-08T01:30:00.000Z', 'reported on a holiday: Thu 10-08 09:30'],
  ])('across holidays: %s + %i min = %s (%s)', (start, minutes, expected) => {
    expect(business.add(t(start), minutes).toISOString()).toBe(expected);
  });

  it('without the lunch break (09:00–18:00) counts 540 min a day', () => {
    const long = createClock('business', testCalendar({ workingHours: [{ from: 540, to: 1080 }] }));
    // Mon 11:00 + 120 = 13:00 (no break).
    expect(long.add(t('2026-06-08T11:00:00+08:00'), 120).toISOString()).toBe('2026-06-08T05:00:00.000Z');
  });

  it('skips operator holidays and counts operator workdays', () => {
    const custom = createClock(
      'business',
      testCalendar({ extraHolidays: ['2026-06-08'], extraWorkdays: ['2026-06-06'] }),
    );
    // Fri 06-05 17:30–18:00 (30); Sat 06-06 worked: 09:00 + 90 = 10:30.
    expect(custom.add(t('2026-06-05T17:30:00+08:00'), 120).toISOString()).toBe('2026-06-06T02:30:00.000Z');
    // Sat 06-06 17:00–18:00 (60); Sun off; Mon 06-08 operator holiday; Tue 09:00 + 60 = 10:00.
    expect(custom.add(t('2026-06-06T17:00:00+08:00'), 120).toISOString()).toBe('2026-06-09T02:00:00.000Z');
  });

  it('counts on into 2027 on the provisional calendar', () => {
    // Thu 2026-12-31 17–18 gives 60; Fri 1 Jan (rule holiday) and the weekend off; Mon 4 Jan 09:00 + 60.
    expect(business.add(t('2026-12-31T17:00:00+08:00'), 120).toISOString()).toBe('2027-01-04T02:00:00.000Z');
    // Within 2026 it still works: Thu 17:00 + 60 = 18:00.
    expect(business.add(t('2026-12-31T17:00:00+08:00'), 60).toISOString()).toBe('2026-12-31T10:00:00.000Z');
  });

  it('runs into 2027 when the operator vouches for it and lists its holidays', () => {
    const vouched = createClock(
      'business',
      testCalendar({ extraCoveredYears: [2027], extraHolidays: ['2027-01-01'] }),
    );
    // Thu 12-31 17–18 (60); Fri 01-01 holiday; Sat/Sun; Mon 2027-01-04 09:00 + 60 = 10:00.
    expect(vouched.add(t('2026-12-31T17:00:00+08:00'), 120).toISOString()).toBe('2027-01-04T02:00:00.000Z');
  });

  it('guards against calendars that never work', () => {
    const never = createClock('business', testCalendar({ holidays: 'none', weekend: [0, 1, 2, 3, 4, 5, 6] }));
    expect(() => never.add(t('2026-06-08T09:00:00+08:00'), 1)).toThrow(
      domainError('invalid_input', { field: 'calendar', reason: 'no_working_days' }),
    );
  });

  it('rejects broken calendars when the clock is made', () => {
    const make = (c: Partial<CalendarConfig>) => () => createClock('business', testCalendar(c));
    const err = (reason: string) => domainError('invalid_input', { field: 'calendar', reason });
    expect(make({ workingHours: [] })).toThrow(err('no_working_periods'));
    expect(make({ workingHours: [{ from: 600, to: 600 }] })).toThrow(err('bad_working_period'));
    expect(make({ workingHours: [{ from: 600, to: 1500 }] })).toThrow(err('bad_working_period'));
    expect(
      make({
        workingHours: [
          { from: 780, to: 1080 },
          { from: 540, to: 720 },
        ],
      }),
    ).toThrow(err('bad_working_period'));
    expect(make({ timeZone: 'Mars/Olympus_Mons' })).toThrow(err('unknown_time_zone'));
    // A 24x7 clock ignores the calendar altogether.
    expect(() => createClock('24x7', testCalendar({ workingHours: [] }))).not.toThrow();
  });

  it('makes one clock per calendar, and rejects a broken calendar every time it is asked', () => {
    const cal = testCalendar({});
    expect(createClock('business', cal)).toBe(createClock('business', cal));
    const broken = testCalendar({ workingHours: [] });
    for (let i = 0; i < 2; i++) expect(() => createClock('business', broken)).toThrow();
  });
});

describe('business clock: between', () => {
  it.each([
    ['2026-06-08T10:00:00+08:00', '2026-06-08T11:30:00+08:00', 90, 'same morning'],
    ['2026-06-08T11:00:00+08:00', '2026-06-08T14:00:00+08:00', 120, 'lunch excluded'],
    ['2026-06-08T19:00:00+08:00', '2026-06-09T08:00:00+08:00', 0, 'overnight'],
    ['2026-06-05T17:00:00+08:00', '2026-06-08T10:00:00+08:00', 120, 'Fri 60 + Mon 60 over the weekend'],
    ['2026-09-30T17:00:00+08:00', '2026-10-08T10:00:00+08:00', 120, 'National Day skipped'],
    [
      '2026-09-30T09:00:00+08:00',
      '2026-10-12T09:00:00+08:00',
      1920,
      'Sep 30 + Oct 8, 9 and make-up 10 = 4 days',
    ],
    ['2026-06-08T10:00:00+08:00', '2026-06-08T10:00:00+08:00', 0, 'empty'],
    ['2026-06-08T11:30:00+08:00', '2026-06-08T10:00:00+08:00', -90, 'reversed is negative'],
  ])('%s → %s = %i (%s)', (from, to, expected) => {
    expect(business.between(t(from), t(to))).toBe(expected);
  });

  it('is the inverse of add', () => {
    const start = t('2026-09-24T15:20:00+08:00');
    for (const minutes of [1, 45, 200, 480, 1000, 2400]) {
      expect(business.between(start, business.add(start, minutes))).toBe(minutes);
    }
  });
});

describe('daylight saving time (Europe/Berlin, 2026-03-29 and 2026-10-25)', () => {
  const berlin = testCalendar({
    timeZone: 'Europe/Berlin',
    holidays: 'none',
    workingHours: [{ from: 540, to: 1020 }],
  });
  const clock = createClock('business', berlin);

  it('keeps working hours on local time across the spring change', () => {
    // Fri 03-27 16:00 CET (15:00Z) → 16–17 (60); weekend with the change; Mon 03-30 09:00 CEST
    // (07:00Z) + 60 = 10:00 CEST = 08:00Z.
    expect(clock.add(t('2026-03-27T16:00:00+01:00'), 120).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(clock.between(t('2026-03-27T15:00:00Z'), t('2026-03-30T08:00:00Z'))).toBe(120);
  });

  it('keeps working hours on local time across the autumn change', () => {
    // Fri 10-23 16:00 CEST (14:00Z) → 60; Mon 10-26 09:00 CET (08:00Z) + 60 = 09:00Z.
    expect(clock.add(t('2026-10-23T16:00:00+02:00'), 120).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts the real length of a day that is worked around the clock', () => {
    const allDay = createClock('business', { ...berlin, weekend: [], workingHours: [{ from: 0, to: 1440 }] });
    // Sat 00:00 CET (03-27 23:00Z) to Mon 00:00 CEST (03-29 22:00Z): 24 h + 23 h.
    expect(allDay.between(t('2026-03-27T23:00:00Z'), t('2026-03-29T22:00:00Z'))).toBe(47 * 60);
    // Sun 10-25 00:00 CEST (10-24 22:00Z) to Mon 00:00 CET (10-25 23:00Z): 25 h.
    expect(allDay.between(t('2026-10-24T22:00:00Z'), t('2026-10-25T23:00:00Z'))).toBe(25 * 60);
  });

  it('starts a period that begins in the skipped hour just after the gap', () => {
    // 02:30 does not exist on 03-29; read with the winter offset it is 01:30Z = 03:30 CEST.
    const night = createClock('business', { ...berlin, weekend: [], workingHours: [{ from: 150, to: 240 }] });
    expect(night.between(t('2026-03-28T23:00:00Z'), t('2026-03-29T22:00:00Z'))).toBe(30);
    expect(night.add(t('2026-03-28T23:00:00Z'), 10).toISOString()).toBe('2026-03-29T01:40:00.000Z');
  });

  it('starts a period that begins in the repeated hour at its first occurrence', () => {
    // 02:30 happens twice on 10-25: 00:30Z (CEST) and 01:30Z (CET); 03:30 CET = 02:30Z.
    const night = createClock('business', { ...berlin, weekend: [], workingHours: [{ from: 150, to: 210 }] });
    expect(night.add(t('2026-10-24T22:00:00Z'), 1).toISOString()).toBe('2026-10-25T00:31:00.000Z');
    expect(night.between(t('2026-10-24T22:00:00Z'), t('2026-10-25T23:00:00Z'))).toBe(120);
  });

  it('lets a 24x7 clock run straight through the change', () => {
    const wall = createClock('24x7', berlin);
    // Sat 12:00 CET + 24 h = Sun 13:00 CEST (wall clock jumped an hour).
    expect(wall.add(t('2026-03-28T11:00:00Z'), 1440).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });
});

describe('a zone west of UTC (America/New_York)', () => {
  it('uses the local date for the weekend, not the UTC date', () => {
    const ny = createClock('business', testCalendar({ timeZone: 'America/New_York', holidays: 'none' }));
    // Fri 06-05 17:30 EDT is already Saturday in UTC; 30 min Friday, then Mon 09:00 EDT + 90.
    expect(ny.add(t('2026-06-05T17:30:00-04:00'), 120).toISOString()).toBe('2026-06-08T14:30:00.000Z');
  });
});

describe('long spans', () => {
  it('handles a year of working time by whole days', () => {
    const plain = createClock('business', testCalendar({ holidays: 'none', timeZone: 'UTC' }));
    // 2025-01-01 is a Wednesday; 261 weekdays in 2025 → 261 × 480 min ends Wed 2025-12-31 18:00.
    expect(plain.add(t('2025-01-01T00:00:00Z'), 261 * 480).toISOString()).toBe('2025-12-31T18:00:00.000Z');
    expect(plain.between(t('2025-01-01T00:00:00Z'), t('2026-01-01T00:00:00Z'))).toBe(261 * 480);
  });
});

describe('wall times through memoised quarter-hour offsets', () => {
  // Around offset changes: whole-hour DST (New York), half-hour DST (Lord Howe), a 15-minute
  // offset (Kathmandu), and local mean time with seconds in it (Shanghai before 1901).
  const around: [string, string][] = [
    ['America/New_York', '2026-03-08T07:00:00Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ['Asia/Kathmandu', '1985-12-31T18:30:00Z'],
    ['Asia/Shanghai', '1900-12-31T15:54:17Z'],
  ];

  it('equal what Intl says for every instant, across each offset change', () => {
    for (const [zone, change] of around) {
      const at = Date.parse(change);
      // Minute steps an hour either side, plus odd milliseconds, in an order that fills the
      // cache before the instants that must not take a wrong quarter from it.
      for (let m = -60; m <= 60; m++) {
        for (const extra of [0, 1, 29_999, 59_999, 123]) {
          const ms = at + m * 60_000 + extra - 7 * 60_000;
          expect(wallTime(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(
            wallTimeUncached(ms, zone),
          );
        }
      }
    }
  });
});
