import { describe, expect, it } from 'vitest';
import { dueRuns, runKey } from '../../src/app/reports/schedule.js';

const TZ = 'Asia/Shanghai';
const schedule = {
  weekly: { weekday: 1, minuteOfDay: 9 * 60 },
  monthly: { day: 1, minuteOfDay: 8 * 60 + 30 },
};
const iso = (d: Date) => d.toISOString();

describe('scheduled reports', () => {
  it('weekly: last week, from Monday 09:00 in the desk zone', () => {
    // Monday 2026-12-07 09:05 Shanghai.
    const [run] = dueRuns({ ...schedule, monthly: null }, new Date('2026-12-07T09:05:00+08:00'), TZ);
    expect(run?.kind).toBe('weekly');
    expect(iso(run?.due as Date)).toBe('2026-12-07T01:00:00.000Z');
    expect([iso(run?.period.from as Date), iso(run?.period.to as Date)]).toEqual([
      '2026-11-29T16:00:00.000Z',
      '2026-12-06T16:00:00.000Z',
    ]);
  });

  it('not before its time, and not when too late (the bot was down for a day)', () => {
    expect(dueRuns({ ...schedule, monthly: null }, new Date('2026-12-07T08:59:00+08:00'), TZ)).toEqual([]);
    expect(dueRuns({ ...schedule, monthly: null }, new Date('2026-12-08T10:00:00+08:00'), TZ)).toEqual([]);
  });

  it('monthly: last month, on its day, across the year end', () => {
    const [run] = dueRuns({ ...schedule, weekly: null }, new Date('2027-01-01T12:00:00+08:00'), TZ);
    expect(iso(run?.due as Date)).toBe('2027-01-01T00:30:00.000Z');
    expect([iso(run?.period.from as Date), iso(run?.period.to as Date)]).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
    ]);
  });

  it('each run has one key, the same all through its window', () => {
    const a = dueRuns(schedule, new Date('2026-12-07T09:01:00+08:00'), TZ);
    const b = dueRuns(schedule, new Date('2026-12-07T15:00:00+08:00'), TZ);
    expect(a.map(runKey)).toEqual(b.map(runKey));
    expect(a.map(runKey)).toEqual(['report.weekly.2026-12-07T01:00:00.000Z']);
  });
});
