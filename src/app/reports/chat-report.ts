// The report asked for in chat (issue 13 item 4), one rule for every platform: `reports [PERIOD]`
// or `报表 [PERIOD]`, or `report PERIOD` when what follows is a period (`report` alone, or with
// other words, still reports an incident), each optionally followed by filters (`team=network P2`,
// filter-arg.ts). Agents and incident managers only.
import type { Locale, TriageConfig } from '../../core/config.js';
import type { Actor } from '../../core/types.js';
import { type ReportSummaryView, reportSummary } from '../views/report-summary.js';
import { filterWords, isFilterWord, parseFilter } from './filter-arg.js';
import { parsePeriod, periodWord } from './period-arg.js';
import { assertMayReadReports, type ReportService } from './report-service.js';

const ALWAYS = ['reports', '报表', 'sla'];
const IF_PERIOD = ['report', '报告'];
/** Looks like a period (parsePeriod decides whether it is a valid one). */
const PERIODISH = /^(\d{4}-\d{2}(-\d{2})?(\.\.\S*)?)$/i;

/** What follows the word ('' for the default period), or null when the words do not ask for a
 *  report. Beyond one word, every further word must be a filter: "reports are slow" is a report
 *  of an incident. */
export function reportRequest(text: string): string | null {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.toLowerCase();
  const arg = rest.join(' ');
  const filters = rest.slice(1).every(isFilterWord);
  if (ALWAYS.includes(word) && (rest.length <= 1 || filters)) return arg;
  const period = rest[0] ?? '';
  if (
    IF_PERIOD.includes(word) &&
    (periodWord(period) !== '' || PERIODISH.test(period) || isFilterWord(period)) &&
    filters
  )
    return arg;
  return null;
}

/** The summary for this person, in their language; a DomainError when refused or malformed. */
export async function chatReport(
  reports: ReportService,
  cfg: TriageConfig,
  actor: Actor,
  locale: Locale,
  args: string,
  now: Date,
): Promise<ReportSummaryView> {
  // Refused before the words are read: a refused person learns nothing of the configured ids.
  assertMayReadReports(actor);
  const words = args.trim().split(/\s+/).filter(Boolean);
  // The period comes first; filters alone ask for the default period.
  const period = words[0] !== undefined && !isFilterWord(words[0]) ? words.shift() : undefined;
  const filter = parseFilter(filterWords(words), cfg);
  const report = await reports.reportFor(actor, parsePeriod(period, now, cfg.calendar.timeZone), filter);
  return reportSummary(report, locale, cfg);
}
