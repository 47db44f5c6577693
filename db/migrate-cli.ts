// `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL) or, without
// it, to the PGlite data directory DATA_DIR (default ./.data), then exits.
// The app also migrates at start-up; this is for deploy pipelines and for inspection.

import { endQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { openDatabase } from './connect.js';
import { migrationsMessage } from './migrate.js';

endQuietlyOnClosedPipe();

const log = (msg: string) => console.log(msg);

try {
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
    log,
  });
  await db.close();
  log(migrationsMessage(db.migrationsApplied ?? 0));
} catch (e) {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exitCode = 1;
}
