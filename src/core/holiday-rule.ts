// Provisional mainland-China public holidays for a year the official data does not cover yet.
//
// The rule is 《全国年节及纪念日放假办法》 article 2 as amended by State Council Decree No. 798
// (国务院令第798号, 2024-11-10, in force 2025-01-01): 元旦 1 January; 春节 农历除夕 and 正月初一至初三
// (4 days); 清明节 the 清明 solar-term day; 劳动节 1–2 May; 端午节 农历五月初五; 中秋节 农历八月十五;
// 国庆节 1–3 October — 13 days.
// Not computed: the make-up workdays (调休) and bridged days the State Council's General Office
// announces each year; they are a yearly decision, not a rule. So a provisional year has fewer
// days off than the official one will have, deadlines computed on it are marked provisional, and
// they are recomputed when the official days arrive (see app/calendar-recompute.ts).
//
// Lunar dates and the solar term come from lunar-typescript (6tail's astronomical algorithms).
// ICU's Chinese calendar (Intl with calendar 'chinese') is not used: it puts the 2027 Spring
// Festival on 7 February, a day late (that new moon falls just before midnight Beijing time).
import { Lunar } from 'lunar-typescript';

export type HolidayName =
  | 'new_year'
  | 'spring_festival'
  | 'qingming'
  | 'labour_day'
  | 'dragon_boat'
  | 'mid_autumn'
  | 'national_day';

export interface RuleHoliday {
  /** YYYY-MM-DD, a local date in mainland China. */
  date: string;
  name: HolidayName;
}

/** The first year the Decree 798 rule applies to; earlier years had other rules (and official data). */
export const RULE_FROM_YEAR = 2025;

const cache = new Map<number, readonly RuleHoliday[]>();

/** The statutory days off of `year` by rule, in date order (no make-up workdays). */
export function provisionalHolidays(year: number): readonly RuleHoliday[] {
  let days = cache.get(year);
  if (!days) {
    days = computeHolidays(year);
    cache.set(year, days);
  }
  return days;
}

/** The rule's holiday on `date` (YYYY-MM-DD), if any. */
export function provisionalHolidayOn(date: string): HolidayName | null {
  const year = Number(date.slice(0, 4));
  return provisionalHolidays(year).find((h) => h.date === date)?.name ?? null;
}

function computeHolidays(year: number): readonly RuleHoliday[] {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar(); // 正月初一 of the lunar year starting in `year`
  const eve = newYear.next(-1); // 除夕: the last day of the 12th month, 29th or 30th
  const qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable().清明;
  const fixed = (month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
  const list: RuleHoliday[] = [
    { date: fixed(1, 1), name: 'new_year' },
    { date: eve.toYmd(), name: 'spring_festival' },
    ...[0, 1, 2].map((n): RuleHoliday => ({ date: newYear.next(n).toYmd(), name: 'spring_festival' })),
    ...(qingming ? [{ date: qingming.toYmd(), name: 'qingming' } as const] : []),
    { date: fixed(5, 1), name: 'labour_day' },
    { date: fixed(5, 2), name: 'labour_day' },
    { date: Lunar.fromYmd(year, 5, 5).getSolar().toYmd(), name: 'dragon_boat' },
    { date: Lunar.fromYmd(year, 8, 15).getSolar().toYmd(), name: 'mid_autumn' },
    ...[1, 2, 3].map((d): RuleHoliday => ({ date: fixed(10, d), name: 'national_day' })),
  ];
  // Mid-Autumn can fall on 1–3 October: one day, named by the festival listed first.
  const seen = new Set<string>();
  return list
    .filter((h) => !seen.has(h.date) && seen.add(h.date))
    .sort((a, b) => a.date.localeCompare(b.date));
}

const pad = (n: number) => String(n).padStart(2, '0');
