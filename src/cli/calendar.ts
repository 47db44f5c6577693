// `npm run calendar -- check | show YEAR | recompute`: what the business calendar knows
// (core/calendar.ts), and recomputing open incidents' provisional deadlines on it.
// check: which years around now have official holidays, operator-supplied days or only the
// provisional rule; exit 1 when this year or the year a month ahead is provisional (the same
// horizon as the managers' warning), so a cron job or CI can alert. show YEAR: that year's days
// off and make-up workdays, each with its source. Operators read it: English, names bilingual.

import { WARN_AHEAD_DAYS } from '../app/calendar-warning.js';
import { coveredYears, officialDays, provisionalYearsBetween, yearSource } from '../core/calendar.js';
import type { CalendarConfig } from '../core/config.js';
import { type HolidayName, provisionalHolidays } from '../core/holiday-rule.js';

export const CALENDAR_USAGE = 'usage: npm run calendar -- check | show YEAR | recompute';

export interface CalendarCliDeps {
  calendar: CalendarConfig;
  now: Date;
  print(line: string): void;
}

const RULE_NAME: Readonly<Record<HolidayName, string>> = {
  new_year: "New Year's Day 元旦",
  spring_festival: 'Spring Festival 春节',
  qingming: 'Qingming 清明节',
  labour_day: 'Labour Day 劳动节',
  dragon_boat: 'Dragon Boat Festival 端午节',
  mid_autumn: 'Mid-Autumn Festival 中秋节',
  national_day: 'National Day 国庆节',
};

const SOURCE_TEXT = {
  official: 'official (chinese-days)',
  operator: 'operator (calendar.extra_covered_years: only the configured extra days)',
  provisional:
    'PROVISIONAL: no official holidays; weekends and statutory holidays by rule, no make-up workdays',
  none: 'weekends only (calendar.holidays: none)',
} as const;

/** Runs one command; returns the exit code. */
export function calendarCommand(args: readonly string[], deps: CalendarCliDeps): number {
  const [command, year, ...rest] = args;
  if (command === 'check' && year === undefined) return check(deps);
  if (command === 'show' && year !== undefined && rest.length === 0 && /^\d{4}$/.test(year))
    return show(Number(year), deps);
  deps.print(CALENDAR_USAGE);
  return 2;
}

function check({ calendar, now, print }: CalendarCliDeps): number {
  const years = coveredYears();
  const thisYear = localYear(now, calendar.timeZone);
  print(`time zone ${calendar.timeZone}, public holidays: ${calendar.holidays}`);
  if (calendar.holidays === 'cn') {
    print(`official data: ${years[0]}–${years.at(-1)}`);
    const extra = calendar.extraCoveredYears.join(', ');
    print(`operator-covered years (calendar.extra_covered_years): ${extra || 'none'}`);
  }
  for (const y of [thisYear - 1, thisYear, thisYear + 1, thisYear + 2])
    print(`${y}  ${SOURCE_TEXT[yearSource(y, calendar)]}`);
  const ahead = new Date(now.getTime() + WARN_AHEAD_DAYS * 86_400_000);
  const due = provisionalYearsBetween(calendar, now, ahead);
  if (due.length === 0) {
    print(`ok: every year from now to ${WARN_AHEAD_DAYS} days ahead has its holidays`);
    return 0;
  }
  print(
    `ATTENTION: ${due.join(', ')} within ${WARN_AHEAD_DAYS} days has no official holidays: add them under ` +
      'calendar.extra_holidays / extra_workdays and list the year in calendar.extra_covered_years ' +
      '(or upgrade chinese-days); the running bot takes the edited file without a restart ' +
      '(SIGHUP or on save), then `npm run calendar -- recompute` recomputes the open incidents',
  );
  return 1;
}

interface DayLine {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: string;
}

function show(year: number, { calendar, print }: CalendarCliDeps): number {
  const source = yearSource(year, calendar);
  print(`${year}: ${SOURCE_TEXT[source]}`);
  const days = new Map<string, DayLine>();
  if (source === 'official')
    for (const d of officialDays(year))
      days.set(d.date, { ...d, name: `${d.name.en} ${d.name.zh}`, source: 'official' });
  if (source === 'provisional')
    for (const h of provisionalHolidays(year))
      days.set(h.date, {
        date: h.date,
        kind: 'holiday',
        name: RULE_NAME[h.name],
        source: 'provisional rule',
      });
  // Operator days win (calendar.ts: extra_holidays first, then extra_workdays).
  const mine = (list: readonly string[]) => list.filter((d) => d.startsWith(`${year}-`));
  for (const date of mine(calendar.extraWorkdays))
    days.set(date, { date, kind: 'workday', name: '', source: 'operator' });
  for (const date of mine(calendar.extraHolidays))
    days.set(date, { date, kind: 'holiday', name: '', source: 'operator' });
  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  if (sorted.length === 0) print('no holidays or make-up workdays: weekends only');
  for (const d of sorted) {
    const kind = d.kind === 'holiday' ? 'day off' : 'make-up workday';
    print(`${d.date} ${weekday(d.date)}  ${kind.padEnd(15)} ${d.source.padEnd(16)} ${d.name}`.trimEnd());
  }
  return 0;
}

const weekday = (date: string) =>
  ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${date}T00:00:00Z`).getUTCDay()];

const localYear = (now: Date, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now));

export interface RecomputeDeps {
  recomputeProvisionalDeadlines(): Promise<readonly { number: string }[]>;
  print(line: string): void;
}

/**
 * `recompute`: the operator's explicit request (a reload keeps every open incident's deadlines).
 * Open incidents whose deadlines are provisional get them again on the configured calendar, each
 * recorded on its trail (IM2.3, by the bot); the running bot arms the new timers and tells the
 * reporters from the outbox. A start-up does the same by itself.
 */
export async function recomputeCommand(deps: RecomputeDeps): Promise<number> {
  const changed = await deps.recomputeProvisionalDeadlines();
  for (const incident of changed) deps.print(`${incident.number}  deadlines recomputed`);
  deps.print(
    changed.length === 0
      ? 'no open incident has provisional deadlines that the configured calendar changes'
      : `${changed.length} incident(s) recomputed; the running bot re-arms their timers`,
  );
  return 0;
}
