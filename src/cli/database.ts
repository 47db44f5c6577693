// The operator commands' database: the bot's own (DATABASE_URL, else the PGlite directory
// DATA_DIR), opened for one command and closed after it, whatever the command does.
import { openDatabase } from '../../db/connect.js';
import type { Settings } from '../app/env.js';

type Db = Awaited<ReturnType<typeof openDatabase>>;

/** Runs `work` on the database `settings` name, then closes it. */
export async function withDatabase<T>(settings: Settings, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(
    settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : { dataDir: settings.dataDir },
  );
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
