// `npm run report -- …`: the period report and the CSV export from the command line
// (src/cli/report.ts). Database: DATABASE_URL (PostgreSQL) or the PGlite directory DATA_DIR
// (default ./.data; the embedded bot must be stopped first, as it holds that directory).
// --out FILE is written beside itself first and renamed into place when the export is whole:
// a failed export leaves no partial file, and an existing FILE is kept until then.

import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connect.js';
import { createExportQueries } from '../db/reports/export.js';
import { createReportQueries } from '../db/reports/index.js';
import { ReportService } from '../src/app/reports/report-service.js';
import { answerHelpOrUnknown } from '../src/cli/args.js';
import { endQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { cliLocale } from '../src/cli/lang.js';
import { REPORT_OPTIONS, reportCommand, reportUsage } from '../src/cli/report.js';
import { loadConfig } from '../src/config/load.js';
import type { Locale } from '../src/core/config.js';
import { t, tCount } from '../src/i18n/index.js';

endQuietlyOnClosedPipe();

/** --out cannot be written: one line naming the file and why. */
class OutFileError extends Error {}

const OUT_REASONS = ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOSPC'] as const;

function outFileError(path: string, e: unknown, locale: Locale): OutFileError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const known = (OUT_REASONS as readonly string[]).includes(code);
  const reason = known
    ? t(locale, `cli.report.out.${code as (typeof OUT_REASONS)[number]}`)
    : (e as Error).message;
  const said = t(locale, 'cli.report.out_failed', { path, reason });
  return new OutFileError(`${said}${code ? ` (${code})` : ''}`);
}

interface OutFile {
  stream: NodeJS.WritableStream;
  /** Set once the stream failed (e.g. disk full): the next write throws it. */
  failure: Error | null;
  path: string;
  partial: string;
  locale: Locale;
}

/** Opens FILE's partial sibling before the database, so a bad path is said at once. */
async function openOut(path: string, locale: Locale): Promise<OutFile> {
  if (path.endsWith('/')) throw outFileError(path, Object.assign(new Error(), { code: 'EISDIR' }), locale);
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const handle = await open(partial, 'wx').catch((e: unknown) => {
    throw outFileError(path, e, locale);
  });
  const out: OutFile = { stream: handle.createWriteStream(), failure: null, path, partial, locale };
  out.stream.on('error', (e: Error) => {
    out.failure ??= outFileError(path, e, locale);
  });
  return out;
}

/** The partial file becomes FILE (export whole) or goes away (anything else). */
async function closeOut(out: OutFile, whole: boolean): Promise<void> {
  if (!out.failure) {
    out.stream.end();
    await once(out.stream, 'close').catch(() => undefined);
  }
  if (whole && !out.failure)
    await rename(out.partial, out.path).catch((e: unknown) => {
      throw outFileError(out.path, e, out.locale);
    });
  else await rm(out.partial, { force: true });
  if (whole && out.failure) throw out.failure;
}

async function write(out: OutFile | null, chunk: string): Promise<void> {
  const stream = out ? out.stream : process.stdout;
  if (out?.failure) throw out.failure;
  if (!stream.write(chunk)) await once(stream, 'drain');
  if (out?.failure) throw out.failure;
}

const rowsWritten = (locale: Locale, n: number, path: string | null) =>
  tCount(locale, 'cli.report.rows_written', n, { target: path ?? t(locale, 'cli.report.stdout') });

async function main(args: readonly string[]): Promise<number> {
  const fail = (text: string) => console.error(text);
  const locale = cliLocale(args, () => loadConfig().locale);
  const asked = answerHelpOrUnknown(
    args,
    REPORT_OPTIONS,
    reportUsage(locale),
    { print: (t) => console.log(t), fail },
    locale,
  );
  if (asked !== null) return asked;
  // Lenient here: reportCommand reads the line strictly and answers its mistakes with the usage.
  const outPath = parseArgs({
    args: [...args],
    options: REPORT_OPTIONS,
    strict: false,
    allowPositionals: true,
  }).values.out;
  const out = typeof outPath === 'string' && outPath !== '' ? await openOut(outPath, locale) : null;
  let code = 1;
  let rows: number | null = null;
  try {
    const config = loadConfig();
    const db = await openDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: process.env.DATA_DIR || undefined,
    });
    try {
      code = await reportCommand(args, {
        config,
        locale,
        reports: new ReportService(createReportQueries(db), config.limits),
        exports: createExportQueries(db),
        now: new Date(),
        print: (text) => console.log(text),
        write: (chunk) => write(out, chunk),
        wrote: (n) => {
          rows = n;
        },
        fail,
      });
    } finally {
      await db.close();
    }
  } finally {
    if (out) await closeOut(out, code === 0);
  }
  // On stderr: the CSV may be on stdout.
  if (rows !== null) fail(rowsWritten(locale, rows, out ? out.path : null));
  return code;
}

// Usage mistakes are answered inside reportCommand (exit 2, with the usage); what reaches here
// is not one (the data directory held by the running bot, a bad configuration, --out): one line.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
