// `npm run report -- summary [PERIOD] [filters] [--lang en|zh-CN] [--json]` prints the period
// report; `npm run report -- export incidents|audit [PERIOD] [filters] [--out FILE]` writes the
// CSV (UTF-8 with BOM). PERIOD: see src/app/reports/period-arg.ts. Filters: --priority 1..4,
// --team, --category, --nature, --platform. For the operator, who holds the database: no role check.
import { parseArgs } from 'node:util';
import { EXPORT_KINDS, type ExportKind, exportCsv } from '../app/reports/export.js';
import type { ExportQueries } from '../app/reports/export-port.js';
import { FILTER_NAMES, parseFilter } from '../app/reports/filter-arg.js';
import { PERIOD_HELP, parsePeriod } from '../app/reports/period-arg.js';
import type { ReportFilter } from '../app/reports/report-model.js';
import type { ReportService } from '../app/reports/report-service.js';
import { reportSummary, summaryText } from '../app/views/report-summary.js';
import type { Locale, TriageConfig } from '../core/config.js';
import { isDomainError } from '../core/errors.js';
import { errorMessage, t } from '../i18n/index.js';
import { isLocale, LANG_OPTION } from './lang.js';

/** The usage in the run's language (src/cli/lang.ts). */
export const reportUsage = (locale: Locale): string =>
  t(locale, 'cli.report.usage', { periods: PERIOD_HELP });

export interface ReportCliDeps {
  config: TriageConfig;
  /** Every line's language: cliLocale (src/cli/lang.ts), --lang already in it. */
  locale: Locale;
  reports: ReportService;
  exports: ExportQueries;
  now: Date;
  print(text: string): void;
  /** Where CSV chunks go (stdout or the --out file). */
  write(chunk: string): Promise<void>;
  /** After an export: how many rows (besides the header) were written. */
  wrote?(rows: number): void;
  fail(text: string): void;
}

export const REPORT_OPTIONS = {
  priority: { type: 'string' },
  team: { type: 'string' },
  category: { type: 'string' },
  nature: { type: 'string' },
  platform: { type: 'string' },
  ...LANG_OPTION,
  json: { type: 'boolean' },
  out: { type: 'string' },
} as const;

class UsageError extends Error {}

/** The run's language (--lang is in it when valid): the summary's text and the export's bot name. */
function langOf(given: string | undefined, locale: Locale): Locale {
  if (given !== undefined && !isLocale(given))
    throw new UsageError(t(locale, 'cli.bad_lang', { value: given }));
  return locale;
}

/** The --priority … --platform options, read as chat and the web page read them (filter-arg.ts). */
function filterOf(v: Record<string, string | boolean | undefined>, cfg: TriageConfig): ReportFilter {
  const given = Object.fromEntries(
    FILTER_NAMES.map((name) => [name, typeof v[name] === 'string' ? (v[name] as string) : undefined]),
  );
  return parseFilter(given, cfg);
}

/** Runs one command; resolves to the exit code (2: usage, 1: refused input). */
export async function reportCommand(args: readonly string[], deps: ReportCliDeps): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: REPORT_OPTIONS,
      allowPositionals: true,
    });
    const [command, ...rest] = positionals;
    const filter = filterOf(values, deps.config);
    const tz = deps.config.calendar.timeZone;
    if (command === 'summary' && rest.length <= 1) {
      const lang = langOf(values.lang, deps.locale);
      const report = await deps.reports.periodReport(parsePeriod(rest[0], deps.now, tz), filter);
      deps.print(
        values.json ? JSON.stringify(report, null, 2) : summaryText(reportSummary(report, lang, deps.config)),
      );
      return 0;
    }
    const kind = rest[0] as ExportKind;
    if (command === 'export' && EXPORT_KINDS.includes(kind) && rest.length <= 2) {
      const period = parsePeriod(rest[1], deps.now, tz);
      const csv = exportCsv(deps.exports, kind, period, filter, undefined, langOf(values.lang, deps.locale));
      let next = await csv.next();
      for (; !next.done; next = await csv.next()) await deps.write(next.value);
      deps.wrote?.(next.value);
      return 0;
    }
    throw new UsageError('');
  } catch (e) {
    if (isDomainError(e)) {
      deps.fail(errorMessage(deps.locale, e));
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      deps.fail([(e as Error).message, reportUsage(deps.locale)].filter(Boolean).join('\n'));
      return 2;
    }
    throw e;
  }
}
