// `npm run calendar -- check | show YEAR | recompute`: what the business calendar knows
// (core/calendar.ts), and recomputing open incidents' provisional deadlines on it.
// check: which years around now have official holidays, operator-supplied days or only the
// provisional rule; exit 1 when this year or the year a month ahead is provisional (the same
// horizon as the managers' warning), so a cron job or CI can alert. show YEAR: that year's days
// off and make-up workdays, each with its source. Every line in the run's language
// (src/cli/lang.ts); setting names and commands stay as they are typed.

import { WARN_AHEAD_DAYS } from '../app/calendar-warning.js';
import { coveredYears, officialDays, provisionalYearsBetween, yearSource } from '../core/calendar.js';
import type { CalendarConfig, Locale } from '../core/config.js';
import { type HolidayName, provisionalHolidays } from '../core/holiday-rule.js';
import { type MessageKey, t } from '../i18n/index.js';
import { withoutLang } from './lang.js';

export const calendarUsage = (locale: Locale) => t(locale, 'cli.calendar.usage');

export interface CalendarCliDeps {
  calendar: CalendarConfig;
  now: Date;
  locale: Locale;
  print(line: string): void;
}

/** Runs one command; returns the exit code. */
export function calendarCommand(args: readonly string[], deps: CalendarCliDeps): number {
  const [command, year, ...rest] = withoutLang(args);
  if (command === 'check' && year === undefined) return check(deps);
  if (command === 'show' && year !== undefined && rest.length === 0 && /^\d{4}$/.test(year))
    return show(Number(year), deps);
  deps.print(calendarUsage(deps.locale));
  return 2;
}

const sourceText = (locale: Locale, source: ReturnType<typeof yearSource>) =>
  t(locale, `cli.calendar.source.${source}` as MessageKey);

function check({ calendar, now, locale, print }: CalendarCliDeps): number {
  const years = coveredYears();
  const thisYear = localYear(now, calendar.timeZone);
  print(t(locale, 'cli.calendar.zone', { zone: calendar.timeZone, holidays: calendar.holidays }));
  if (calendar.holidays === 'cn') {
    print(t(locale, 'cli.calendar.official_data', { from: years[0] ?? '', to: years.at(-1) ?? '' }));
    const extra = calendar.extraCoveredYears.join(', ');
    print(t(locale, 'cli.calendar.operator_years', { years: extra || t(locale, 'cli.calendar.none') }));
  }
  for (const y of [thisYear - 1, thisYear, thisYear + 1, thisYear + 2])
    print(`${y}  ${sourceText(locale, yearSource(y, calendar))}`);
  const ahead = new Date(now.getTime() + WARN_AHEAD_DAYS * 86_400_000);
  const due = provisionalYearsBetween(calendar, now, ahead);
  if (due.length === 0) {
    print(t(locale, 'cli.calendar.ok', { days: WARN_AHEAD_DAYS }));
    return 0;
  }
  print(t(locale, 'cli.calendar.attention', { years: due.join(', '), days: WARN_AHEAD_DAYS }));
  return 1;
}

interface DayLine {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: DaySource;
}

type DaySource = 'official' | 'provisional' | 'operator';

function show(year: number, { calendar, locale, print }: CalendarCliDeps): number {
  const source = yearSource(year, calendar);
  print(`${year}: ${sourceText(locale, source)}`);
  const days = new Map<string, DayLine>();
  if (source === 'official')
    for (const d of officialDays(year))
      days.set(d.date, { ...d, name: locale === 'zh-CN' ? d.name.zh : d.name.en, source: 'official' });
  if (source === 'provisional')
    for (const h of provisionalHolidays(year))
      days.set(h.date, {
        date: h.date,
        kind: 'holiday',
        name: ruleName(locale, h.name),
        source: 'provisional',
      });
  // Operator days win (calendar.ts: extra_holidays first, then extra_workdays).
  const mine = (list: readonly string[]) => list.filter((d) => d.startsWith(`${year}-`));
  for (const date of mine(calendar.extraWorkdays))
    days.set(date, { date, kind: 'workday', name: '', source: 'operator' });
  for (const date of mine(calendar.extraHolidays))
    days.set(date, { date, kind: 'holiday', name: '', source: 'operator' });
  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  if (sorted.length === 0) print(t(locale, 'cli.calendar.weekends_only'));
  for (const d of sorted) print(dayLine(locale, d));
  return 0;
}

// Columns padded by display width (a Han character takes two), so both languages line up.
function dayLine(locale: Locale, d: DayLine): string {
  const kind = t(locale, `cli.calendar.kind.${d.kind}` as MessageKey);
  const source = t(locale, `cli.calendar.day_source.${d.source}` as MessageKey);
  return `${d.date} ${weekday(locale, d.date)}  ${pad(kind, 15)} ${pad(source, 16)} ${d.name}`.trimEnd();
}

const width = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
const pad = (s: string, to: number) => s + ' '.repeat(Math.max(0, to - width(s)));

const ruleName = (locale: Locale, name: HolidayName) => t(locale, `cli.calendar.rule.${name}` as MessageKey);

const weekday = (locale: Locale, date: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

const localYear = (now: Date, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now));

export interface RecomputeDeps {
  recomputeProvisionalDeadlines(): Promise<readonly { number: string }[]>;
  locale: Locale;
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
  const { locale, print } = deps;
  for (const incident of changed)
    print(t(locale, 'cli.calendar.recomputed_one', { number: incident.number }));
  print(
    changed.length === 0
      ? t(locale, 'cli.calendar.recomputed_none')
      : t(locale, 'cli.calendar.recomputed', { n: changed.length }),
  );
  return 0;
}
