// `npm run report -- …`: the period report and the CSV export from the command line
// (src/cli/report.ts). Database: DATABASE_URL (PostgreSQL) or the PGlite directory DATA_DIR
// (default ./.data; the embedded bot must be stopped first, as it holds that directory).

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { openDatabase } from '../db/connect.js';
import { createExportQueries } from '../db/reports/export.js';
import { createReportQueries } from '../db/reports/index.js';
import { ReportService } from '../src/app/reports/report-service.js';
import { REPORT_USAGE, reportCommand } from '../src/cli/report.js';
import { loadConfig } from '../src/config/load.js';

async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out: WriteStream | null =
    outAt >= 0 && args[outAt + 1] ? createWriteStream(args[outAt + 1] as string) : null;
  const config = loadConfig();
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  });
  try {
    return await reportCommand(args, {
      config,
      reports: new ReportService(createReportQueries(db), config.limits),
      exports: createExportQueries(db),
      now: new Date(),
      print: (text) => console.log(text),
      write: (chunk) => write(out ?? process.stdout, chunk),
      fail: (text) => console.error(text),
    });
  } finally {
    if (out) {
      out.end();
      await once(out, 'close');
    }
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e instanceof Error ? e.message : e, `\n${REPORT_USAGE}`);
    process.exitCode = 2;
  },
);
