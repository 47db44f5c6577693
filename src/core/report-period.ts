// A report period as people write it (issue 13 items 3–6): `week`, `month`, `YYYY-MM`, or
// `YYYY-MM-DD..YYYY-MM-DD` with the end date included, in the configured time zone. Pure: `now`
// and the zone are given. The result is half-open [from, to), as ReportPeriod is.
import { wallTime, wallToInstant } from './calendar.js';

export interface Period {
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(\d{2})$/;
const RANGE = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/;

/** Null when the text is no period (or an empty / reversed range). Empty text: this month. */
export function parsePeriod(text: string, now: Date, timeZone: string): Period | null {
  const s = text.trim().toLowerCase();
  const today = new Date(wallTime(now.getTime(), timeZone));
  if (s === '' || s === 'month') return month(today.getUTCFullYear(), today.getUTCMonth() + 1, timeZone);
  if (s === 'week') {
    const sinceMonday = (today.getUTCDay() + 6) % 7;
    const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - sinceMonday);
    return local(monday, monday + 7 * DAY_MS, timeZone);
  }
  const m = MONTH.exec(s);
  if (m) return month(Number(m[1]), Number(m[2]), timeZone);
  const r = RANGE.exec(s);
  if (!r) return null;
  const start = day(Number(r[1]), Number(r[2]), Number(r[3]));
  const end = day(Number(r[4]), Number(r[5]), Number(r[6]));
  if (start === null || end === null || end < start) return null;
  return local(start, end + DAY_MS, timeZone);
}

/** The last day a period includes, and its first, as YYYY-MM-DD in the zone. */
export function periodDays(p: Period, timeZone: string): { first: string; last: string } {
  const iso = (ms: number) => new Date(wallTime(ms, timeZone)).toISOString().slice(0, 10);
  return { first: iso(p.from.getTime()), last: iso(p.to.getTime() - 1) };
}

function month(year: number, m: number, timeZone: string): Period | null {
  if (m < 1 || m > 12) return null;
  return local(Date.UTC(year, m - 1, 1), Date.UTC(year, m, 1), timeZone);
}

/** A calendar date as wall-time ms, or null for 2026-02-30 and the like. */
function day(year: number, m: number, d: number): number | null {
  const ms = Date.UTC(year, m - 1, d);
  const back = new Date(ms);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? ms : null;
}

const local = (fromWall: number, toWall: number, timeZone: string): Period => ({
  from: new Date(wallToInstant(fromWall, timeZone)),
  to: new Date(wallToInstant(toWall, timeZone)),
});
