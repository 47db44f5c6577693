// The report asked for in chat (issue 13 item 4), one rule for every platform: `reports [PERIOD]`
// or `报表 [PERIOD]`, or `report PERIOD` when what follows is a period (`report` alone, or with
// other words, still reports an incident). Agents and incident managers only.
import type { Locale, TriageConfig } from '../../core/config.js';
import type { Actor } from '../../core/types.js';
import { type ReportSummaryView, reportSummary } from '../views/report-summary.js';
import { parsePeriod } from './period-arg.js';
import type { ReportService } from './report-service.js';

const ALWAYS = ['reports', '报表', 'sla'];
const IF_PERIOD = ['report', '报告'];
/** Looks like a period (parsePeriod decides whether it is a valid one). */
const PERIODISH = /^(week|month|last-week|last-month|\d{4}-\d{2}(-\d{2})?(\.\.\S*)?)$/i;

/** The period asked for ('' for the default), or null when the words do not ask for a report. */
export function reportRequest(text: string): string | null {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.toLowerCase();
  const arg = rest.join(' ');
  if (ALWAYS.includes(word) && rest.length <= 1) return arg;
  if (IF_PERIOD.includes(word) && rest.length === 1 && PERIODISH.test(arg)) return arg;
  return null;
}

/** The summary for this person, in their language; a DomainError when refused or malformed. */
export async function chatReport(
  reports: ReportService,
  cfg: TriageConfig,
  actor: Actor,
  locale: Locale,
  period: string,
  now: Date,
): Promise<ReportSummaryView> {
  const report = await reports.reportFor(actor, parsePeriod(period, now, cfg.calendar.timeZone));
  return reportSummary(report, locale, cfg);
}
