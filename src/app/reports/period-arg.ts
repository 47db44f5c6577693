// The period a person asks for, in the desk's time zone (issue 13 item 4): `week` and `month`
// (the current calendar week, Monday first, and month), `last-week`, `last-month`, `YYYY-MM`, or
// `YYYY-MM-DD..YYYY-MM-DD` (both days included); the words also in Chinese (本周, 上周, 本月, 上月). Always a half-open [from, to) of instants.
import { wallTime, wallToInstant } from '../../core/calendar.js';
import { DomainError } from '../../core/errors.js';
import type { ReportPeriod } from './report-model.js';

export const PERIOD_WORDS = ['week', 'month', 'last-week', 'last-month'] as const;
export const PERIOD_HELP =
  'week | month | last-week | last-month | 本周 | 本月 | 上周 | 上月 | YYYY-MM | YYYY-MM-DD..YYYY-MM-DD';
/** The same periods in Chinese, accepted wherever a period is read (chat on every platform, web,
 *  command line): one parser, so a zh-CN manager's "报表 本月" works on Slack and Teams alike. */
const CHINESE_WORDS: Readonly<Record<string, (typeof PERIOD_WORDS)[number]>> = {
  本周: 'week',
  这周: 'week',
  本月: 'month',
  这个月: 'month',
  上周: 'last-week',
  上个月: 'last-month',
  上月: 'last-month',
};
/** A period word in either language, as the English keyword ('' when it is none). */
export function periodWord(arg: string): string {
  const text = arg.trim().toLowerCase();
  return CHINESE_WORDS[text] ?? ((PERIOD_WORDS as readonly string[]).includes(text) ? text : '');
}

const DAY_MS = 86_400_000;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const RANGE_RE = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/;
/** Long enough for a year's audit, short enough that one report stays one query's work. */
export const MAX_PERIOD_DAYS = 400;

/** Local midnight of a calendar day (month may overflow: Date.UTC normalises it). */
const midnight = (y: number, m: number, d: number, tz: string): Date =>
  new Date(wallToInstant(Date.UTC(y, m, d), tz));

function refuse(value: string): never {
  throw new DomainError('invalid_input', { field: 'period', value, reason: 'period' });
}

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m && date.getUTCDate() === d;
}

export function parsePeriod(arg: string | undefined, now: Date, timeZone: string): ReportPeriod {
  const given = (arg ?? '').trim().toLowerCase();
  const text = CHINESE_WORDS[given] ?? (given || 'week');
  const local = new Date(wallTime(now.getTime(), timeZone));
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  const monday = d - ((local.getUTCDay() + 6) % 7);
  const weekOf = (start: number) => ({
    from: midnight(y, m, start, timeZone),
    to: midnight(y, m, start + 7, timeZone),
  });
  const monthOf = (year: number, month: number) => ({
    from: midnight(year, month, 1, timeZone),
    to: midnight(year, month + 1, 1, timeZone),
  });
  if (text === 'week') return weekOf(monday);
  if (text === 'last-week') return weekOf(monday - 7);
  if (text === 'month') return monthOf(y, m);
  if (text === 'last-month') return monthOf(y, m - 1);
  const month = MONTH_RE.exec(text);
  if (month) {
    const mm = Number(month[2]) - 1;
    if (mm < 0 || mm > 11) refuse(text);
    return monthOf(Number(month[1]), mm);
  }
  const range = RANGE_RE.exec(text);
  if (!range) refuse(text);
  const [fy, fm, fd, ty, tm, td] = range.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validDay(fy, fm - 1, fd) || !validDay(ty, tm - 1, td)) refuse(text);
  const period = { from: midnight(fy, fm - 1, fd, timeZone), to: midnight(ty, tm - 1, td + 1, timeZone) };
  const days = (period.to.getTime() - period.from.getTime()) / DAY_MS;
  if (days < 1 || days > MAX_PERIOD_DAYS) refuse(text);
  return period;
}
