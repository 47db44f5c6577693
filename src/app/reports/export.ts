// CSV export for auditors (issue 13 item 5): the period's incidents with every report field, or
// their audit trail. UTF-8 with a byte-order mark so Excel opens Chinese correctly; instants in
// ISO 8601 UTC; one page of rows in memory at a time. Column meanings: docs/reports.md.
import { createRequire } from 'node:module';
import type * as CsvStringify from 'csv-stringify/sync';
import type { Locale } from '../../core/config.js';
import { SYSTEM_ACTOR_ID } from '../../core/steps/timers.js';
import { t } from '../../i18n/index.js';
import type { ExportCursor, ExportPage, ExportQueries, ExportRow } from './export-port.js';
import type { ReportFilter, ReportPeriod } from './report-model.js';

export const EXPORT_KINDS = ['incidents', 'audit'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const INCIDENT_COLUMNS = [
  'number',
  'id',
  'reported_at',
  'reported_via',
  'status',
  'nature',
  'category',
  'priority',
  'impact',
  'urgency',
  'assigned_team',
  'responded_at',
  'respond_by',
  'response_met',
  'respond_elapsed_minutes',
  'respond_clock_minutes',
  'resolved_at',
  'resolve_by',
  'resolution_met',
  'resolve_elapsed_minutes',
  'resolve_clock_minutes',
  'resolution_code',
  'match_ref',
  'reached_second_line',
  'assignments',
  'reassignments',
  'declines',
  'escalations',
  'breaches',
  'onsite_tasks',
  'reopen_count',
  'closure_code',
  'closed_at',
  'satisfaction_score',
  'satisfaction_at',
  'satisfaction_after',
  'satisfaction_commented',
  'title',
] as const;

export const AUDIT_COLUMNS = [
  'number',
  'event_id',
  'at',
  'step',
  'action',
  'actor_id',
  'actor_name',
  'payload',
] as const;

const COLUMNS: Record<ExportKind, readonly string[]> = { incidents: INCIDENT_COLUMNS, audit: AUDIT_COLUMNS };
const BOM = '\uFEFF';
const PAGE = 2000;

/** A cell as text: instants in ISO UTC, JSON as JSON, empty for none. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d.toISOString();
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** CRLF line ends, as RFC 4180 and Excel expect. A cell starting with = + - @ (a title a
 *  reporter wrote, say `=HYPERLINK(…)`) gets a leading ' so Excel shows it as text instead of
 *  running it as a formula (CSV injection). csv-stringify is loaded at the first export. */
const csv = (records: string[][]) =>
  (createRequire(import.meta.url)('csv-stringify/sync') as typeof CsvStringify).stringify(records, {
    eof: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
const records = (columns: readonly string[], rows: readonly ExportRow[], locale: Locale) =>
  rows.map((row) => columns.map((c) => cell(c === 'actor_name' ? actorName(row, locale) : row[c])));

/** The bot's own entries name it in the export's language; the stored name (and actor_id) stay. */
const actorName = (row: ExportRow, locale: Locale): unknown =>
  row.actor_id === SYSTEM_ACTOR_ID ? t(locale, 'history.system') : row.actor_name;

/** The CSV text, chunk by chunk: the BOM and header first, then one chunk per page of rows. */
export async function* exportCsv(
  queries: ExportQueries,
  kind: ExportKind,
  period: ReportPeriod,
  filter: ReportFilter = {},
  pageSize = PAGE,
  locale: Locale = 'en',
): AsyncGenerator<string, number> {
  const columns = COLUMNS[kind];
  yield BOM + csv([[...columns]]);
  let cursor: ExportCursor = null;
  let rows = 0;
  do {
    const page: ExportPage = await queries[kind](period, filter, cursor, pageSize);
    if (page.rows.length > 0) yield csv(records(columns, page.rows, locale));
    rows += page.rows.length;
    cursor = page.next;
  } while (cursor !== null);
  return rows; // the CLI's "N rows written" line; a CSV row may span lines, so it cannot count them
}
