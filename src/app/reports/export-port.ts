// The port the CSV export reads through; db/reports/export.ts implements it in SQL.
import type { ReportFilter, ReportPeriod } from './report-model.js';

/** One exported row: column name → value as storage returns it (Date, number, string, JSON). */
export type ExportRow = Record<string, unknown>;
export type ExportCursor = { at: string; id: string } | null;
export interface ExportPage {
  rows: ExportRow[];
  /** Where the next page starts; null after the last page. */
  next: ExportCursor;
}

export interface ExportQueries {
  incidents(
    period: ReportPeriod,
    filter: ReportFilter,
    cursor: ExportCursor,
    limit: number,
  ): Promise<ExportPage>;
  audit(period: ReportPeriod, filter: ReportFilter, cursor: ExportCursor, limit: number): Promise<ExportPage>;
}
