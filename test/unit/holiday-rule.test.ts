import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { provisionalYearsBetween, yearSource } from '../../src/core/calendar.js';
import { type HolidayName, provisionalHolidays } from '../../src/core/holiday-rule.js';
import { testCalendar } from '../fixtures/config.js';

// chinese-days names each official day "English,中文,n"; the rule's names map onto them.
const OFFICIAL_NAME: Record<HolidayName, string> = {
  new_year: '元旦',
  spring_festival: '春节',
  qingming: '清明',
  labour_day: '劳动节',
  dragon_boat: '端午',
  mid_autumn: '中秋',
  national_day: '国庆节',
};
const official: Record<string, string> = cnData.holidays;

describe('provisional holidays by the statutory rule (Decree 798, in force 2025)', () => {
  it('computes the 13 days of 2027', () => {
    expect(provisionalHolidays(2027).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2027-01-01 new_year',
      '2027-02-05 spring_festival', // 除夕
      '2027-02-06 spring_festival', // 正月初一 (ICU's Chinese calendar says 7 Feb: wrong)
      '2027-02-07 spring_festival',
      '2027-02-08 spring_festival',
      '2027-04-05 qingming',
      '2027-05-01 labour_day',
      '2027-05-02 labour_day',
      '2027-06-09 dragon_boat',
      '2027-09-15 mid_autumn',
      '2027-10-01 national_day',
      '2027-10-02 national_day',
      '2027-10-03 national_day',
    ]);
  });

  it.each([2025, 2026])('agrees with every official holiday of %i the rule names', (year) => {
    const rule = provisionalHolidays(year);
    expect(rule).toHaveLength(13);
    for (const h of rule) {
      expect(official[h.date], h.date).toBeDefined();
      expect(official[h.date], h.date).toContain(OFFICIAL_NAME[h.name]);
    }
  });

  // Since 2008 the lunar festivals and Qingming have been days off: the rule's days must be days
  // off in the official data of every year it has (除夕 only since 2025, 2 May only since 2025).
  // "Off" rather than "listed": the package leaves out a few weekend days inside a holiday
  // (2012-06-23, a Saturday of the Dragon Boat holiday).
  it.each(Array.from({ length: 2026 - 2008 + 1 }, (_, i) => 2008 + i))(
    'puts the rule days of %i on official days off',
    (year) => {
      const [, eve] = provisionalHolidays(year);
      const checked = provisionalHolidays(year).filter(
        (h) => year >= 2025 || (h !== eve && h.date !== `${year}-05-02`),
      );
      const worked = checked.filter((h) => !dayOff(h.date));
      expect(worked).toEqual([]);
    },
  );
});

const workdays: Record<string, string> = cnData.workdays;
const dayOff = (date: string) =>
  official[date] !== undefined ||
  (workdays[date] === undefined && [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()));

describe('where a year comes from', () => {
  const cal = testCalendar();
  it('tells official, operator, provisional and none apart', () => {
    expect(yearSource(2026, cal)).toBe('official');
    expect(yearSource(2027, cal)).toBe('provisional');
    expect(yearSource(2027, testCalendar({ extraCoveredYears: [2027] }))).toBe('operator');
    expect(yearSource(2027, testCalendar({ holidays: 'none' }))).toBe('none');
  });

  it('lists the provisional years a span of time crosses, in the calendar zone', () => {
    // 2026-12-31T16:30Z is already 1 January 2027 in Shanghai.
    expect(
      provisionalYearsBetween(cal, new Date('2026-12-01T00:00Z'), new Date('2026-12-31T15:30Z')),
    ).toEqual([]);
    expect(
      provisionalYearsBetween(cal, new Date('2026-12-01T00:00Z'), new Date('2026-12-31T16:30Z')),
    ).toEqual([2027]);
    expect(
      provisionalYearsBetween(cal, new Date('2026-12-01T00:00Z'), new Date('2028-01-02T00:00Z')),
    ).toEqual([2027, 2028]);
  });
});
