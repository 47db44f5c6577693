// Business calendar: the clock that SLA deadlines run on (spec "Reference data").
// Pure: no I/O, no clock of its own. Time zones go through Intl.DateTimeFormat, so DST is
// handled by the platform's tz database rather than by rules written here.
//
// A business clock counts real elapsed minutes that fall inside working periods of working
// days, in the calendar's time zone. A day is worked when: an operator says so
// (extraHolidays, then extraWorkdays), else the public-holiday data says so (mainland China,
// from the chinese-days package: statutory holiday off, make-up workday 调休 on), else it is not
// a configured weekend day. A year the data does not cover (and the operator does not vouch for
// in extraCoveredYears) runs on the provisional calendar: weekends plus the statutory holidays
// computed by rule (holiday-rule.ts), without make-up workdays. Deadlines are never left unknown.
import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarConfig, ClockKind, WorkingPeriod } from './config.js';
import { DomainError } from './errors.js';
import { provisionalHolidayOn } from './holiday-rule.js';

export interface Clock {
  /** The instant at which `minutes` clock minutes have run from `start`. */
  add(start: Date, minutes: number): Date;
  /** Clock minutes from `from` to `to`; negative when `to` is earlier. */
  between(from: Date, to: Date): number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A year with no working day means the calendar is broken, not that work is far away. */
const MAX_IDLE_DAYS = 400;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// A click asks for its priority's clock several times (deadlines, escalations, service times,
// the view's deadline states); the calendar is validated once per configuration object (a
// reload makes a new one; configurations are never changed in place), an invalid one every time.
const businessClocks = new WeakMap<CalendarConfig, Clock>();

export function createClock(kind: ClockKind, cal: CalendarConfig): Clock {
  if (kind === '24x7') return wallClock;
  let clock = businessClocks.get(cal);
  if (!clock) {
    validateCalendar(cal);
    clock = {
      add: (start, minutes) => new Date(addBusiness(cal, start.getTime(), checkMinutes(minutes))),
      between: (from, to) => signedBetween(cal, from.getTime(), to.getTime()),
    };
    businessClocks.set(cal, clock);
  }
  return clock;
}

const wallClock: Clock = {
  add: (start, minutes) => new Date(start.getTime() + Math.round(checkMinutes(minutes) * MINUTE_MS)),
  between: (from, to) => (to.getTime() - from.getTime()) / MINUTE_MS,
};

/** Nominal minutes of one full working day (lunch breaks excluded). */
export function workingDayMinutes(cal: CalendarConfig): number {
  validatePeriods(cal.workingHours);
  return cal.workingHours.reduce((sum, p) => sum + (p.to - p.from), 0);
}

/** Years the mainland-China holiday data knows; later years would silently look ordinary. */
export function coveredYears(): readonly number[] {
  return COVERED_YEARS;
}

// chinese-days' functions (isWorkday, getDayDetail…) read dates in the *process* time zone:
// west of UTC they answer for the previous day (TZ=America/Los_Angeles: isWorkday('2026-06-08'),
// a Monday, is false). So we read the tables the package ships, keyed by local YYYY-MM-DD.
const CN: { holidays: Readonly<Record<string, string>>; workdays: Readonly<Record<string, string>> } = cnData;

const COVERED_YEARS: readonly number[] = [
  ...new Set(Object.keys(CN.holidays).map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);

/**
 * Where a year's public holidays come from: the chinese-days data, the operator (a year listed
 * in extraCoveredYears: only the configured extra days), or the rule (provisional). `none`: the
 * calendar has no public holidays at all.
 */
export type YearSource = 'official' | 'operator' | 'provisional' | 'none';

export function yearSource(year: number, cal: CalendarConfig): YearSource {
  if (cal.holidays === 'none') return 'none';
  if (COVERED_YEARS.includes(year)) return 'official';
  return cal.extraCoveredYears.includes(year) ? 'operator' : 'provisional';
}

/** The provisional years (local, in the calendar's zone) from instant `from` to instant `to`. */
export function provisionalYearsBetween(cal: CalendarConfig, from: Date, to: Date): number[] {
  const first = localYear(from.getTime(), cal.timeZone);
  const last = localYear(to.getTime(), cal.timeZone);
  const years: number[] = [];
  for (let y = first; y <= last; y++) if (yearSource(y, cal) === 'provisional') years.push(y);
  return years;
}

const localYear = (ms: number, timeZone: string) => new Date(wallTime(ms, timeZone)).getUTCFullYear();

export interface OfficialDay {
  date: string;
  kind: 'holiday' | 'workday';
  /** As the data names it: "Spring Festival,春节,4" → en "Spring Festival", zh "春节". */
  name: { en: string; zh: string };
}

/** The official holidays and make-up workdays (调休) of a year, in date order; [] when not covered. */
export function officialDays(year: number): OfficialDay[] {
  const of = (table: Readonly<Record<string, string>>, kind: OfficialDay['kind']) =>
    Object.entries(table)
      .filter(([date]) => date.startsWith(`${year}-`))
      .map(([date, value]): OfficialDay => {
        const [en = '', zh = ''] = value.split(',');
        return { date, kind, name: { en, zh } };
      });
  return [...of(CN.holidays, 'holiday'), ...of(CN.workdays, 'workday')].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}

/** Whether a local date (YYYY-MM-DD in the calendar's zone) is a working day. */
export function isWorkingDay(date: string, cal: CalendarConfig): boolean {
  const match = DATE_RE.exec(date);
  if (!match) throw new DomainError('invalid_input', { field: 'date', value: date });
  if (cal.extraHolidays.includes(date)) return false;
  if (cal.extraWorkdays.includes(date)) return true;
  const plain = !cal.weekend.includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  if (cal.holidays === 'none') return plain;
  if (yearSource(Number(match[1]), cal) === 'provisional') return plain && !provisionalHolidayOn(date);
  // Statutory holiday off; make-up workday (调休, a weekend day) on; else the weekend rule.
  if (Object.hasOwn(CN.holidays, date)) return false;
  if (Object.hasOwn(CN.workdays, date)) return true;
  return plain;
}

// ---- business arithmetic, one local day at a time ----

interface Span {
  start: number;
  end: number;
}

function addBusiness(cal: CalendarConfig, startMs: number, minutes: number): number {
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining === 0) return startMs;
  let idle = 0;
  for (let day = localDay(startMs, cal.timeZone); ; day++) {
    const spans = dayPlan(cal, day);
    idle = spans.length === 0 ? idle + 1 : 0;
    if (idle > MAX_IDLE_DAYS) throw calendarError('no_working_days');
    for (const span of spans) {
      const from = Math.max(span.start, startMs);
      if (from >= span.end) continue;
      if (remaining <= span.end - from) return from + remaining;
      remaining -= span.end - from;
    }
  }
}

function signedBetween(cal: CalendarConfig, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -signedBetween(cal, toMs, fromMs);
  let total = 0;
  const last = localDay(toMs, cal.timeZone);
  for (let day = localDay(fromMs, cal.timeZone); day <= last; day++) {
    for (const span of dayPlan(cal, day)) {
      total += Math.max(0, Math.min(span.end, toMs) - Math.max(span.start, fromMs));
    }
  }
  return total / MINUTE_MS;
}

// Day plans (a day's working spans as UTC instants) are cached per calendar content: the same
// few weeks are asked about again and again, and each plan costs several Intl calls. Keying by
// content (not object identity) lets copies of a configuration share the cache.
const plans = new Map<string, Map<number, readonly Span[]>>();
const keys = new WeakMap<CalendarConfig, string>();
const MAX_PLANS = 20_000;
const MAX_CALENDARS = 100;

function planCache(cal: CalendarConfig): Map<number, readonly Span[]> {
  let key = keys.get(cal);
  if (key === undefined) {
    const { timeZone, workingHours, weekend, holidays, extraHolidays, extraWorkdays, extraCoveredYears } =
      cal;
    key = JSON.stringify([
      timeZone,
      workingHours,
      weekend,
      holidays,
      extraHolidays,
      extraWorkdays,
      extraCoveredYears,
    ]);
    keys.set(cal, key);
  }
  let cache = plans.get(key);
  if (!cache) {
    if (plans.size >= MAX_CALENDARS) plans.clear();
    cache = new Map();
    plans.set(key, cache);
  }
  return cache;
}

function dayPlan(cal: CalendarConfig, day: number): readonly Span[] {
  const cache = planCache(cal);
  let plan = cache.get(day);
  if (plan) return plan;
  const worked = isWorkingDay(new Date(day * DAY_MS).toISOString().slice(0, 10), cal);
  plan = worked ? cal.workingHours.map((p) => spanOf(day, p, cal.timeZone)) : [];
  if (cache.size >= MAX_PLANS) cache.clear();
  cache.set(day, plan);
  return plan;
}

function spanOf(day: number, period: WorkingPeriod, timeZone: string): Span {
  const start = wallToInstant(day * DAY_MS + period.from * MINUTE_MS, timeZone);
  const end = wallToInstant(day * DAY_MS + period.to * MINUTE_MS, timeZone);
  return { start, end: Math.max(start, end) };
}

// ---- time-zone conversion through Intl ----

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Wall times go through UTC offsets memoised per time zone and quarter hour: formatToParts is
// the dearest call in deadline arithmetic, and every view and command asks about `now`, a new
// instant each time. A quarter hour's offset is taken as known when its first and last
// millisecond have the same offset (no zone changes its offset twice within 15 minutes), and is
// then exact for every instant in it; a quarter hour with a change in it is read per instant.
const offsets = new Map<string, Map<number, number>>();
const MAX_OFFSETS = 20_000;
const QUARTER_MS = 15 * MINUTE_MS;

/** The wall-clock reading in `timeZone` at instant `ms`, as if that reading were UTC (ms). */
export function wallTime(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_MS);
  let cache = offsets.get(timeZone);
  const known = cache?.get(quarter);
  if (known !== undefined) return ms + known;
  const first = quarter * QUARTER_MS;
  const offset = wallTimeUncached(first, timeZone) - first;
  const last = first + QUARTER_MS - 1;
  if (wallTimeUncached(last, timeZone) - last !== offset) return wallTimeUncached(ms, timeZone);
  if (!cache) {
    cache = new Map();
    offsets.set(timeZone, cache);
  }
  if (cache.size >= MAX_OFFSETS) cache.clear();
  cache.set(quarter, offset);
  return ms + offset;
}

/** The same reading straight from Intl (wallTime memoises it). */
export function wallTimeUncached(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000);
}

/** Days since 1970-01-01 of the local date of an instant. */
function localDay(ms: number, timeZone: string): number {
  return Math.floor(wallTime(ms, timeZone) / DAY_MS);
}

const offsetAt = (ms: number, timeZone: string) => wallTime(ms, timeZone) - ms;

/**
 * The instant showing a given wall time. Ambiguous (clocks turned back): the earlier instant.
 * Skipped (clocks turned forward): read with the offset from before the change, which lands
 * just after the gap — the same choice as Temporal's "compatible" disambiguation.
 */
export function wallToInstant(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

// ---- validation ----

function validateCalendar(cal: CalendarConfig): void {
  validatePeriods(cal.workingHours);
  try {
    formatter(cal.timeZone);
  } catch {
    throw calendarError('unknown_time_zone');
  }
}

function validatePeriods(periods: readonly WorkingPeriod[]): void {
  if (periods.length === 0) throw calendarError('no_working_periods');
  let previousEnd = 0;
  for (const p of periods) {
    const ok = Number.isFinite(p.from) && Number.isFinite(p.to) && p.from >= previousEnd && p.to > p.from;
    if (!ok || p.to > 1440) throw calendarError('bad_working_period');
    previousEnd = p.to;
  }
}

function checkMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new DomainError('invalid_input', { field: 'minutes', value: String(minutes) });
  }
  return minutes;
}

const calendarError = (reason: string) => new DomainError('invalid_input', { field: 'calendar', reason });
