// The embedded side of openDatabase (connect.ts): PGlite in a data directory, imported only when
// there is no DATABASE_URL.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import type { Database } from './database.js';
import { runMigrations } from './migrate.js';

/**
 * PGlite's shared buffers live in the bot's own memory (WebAssembly), and PostgreSQL's default of
 * 128 MB fills as incidents accumulate: the embedded bot grew by 150 MB over 1,000 reports.
 * An embedded desk's data is small and the operating system caches the files anyway; a desk
 * that outgrows this runs on PostgreSQL (DATABASE_URL).
 */
const PGLITE_MEMORY = ['-c', 'shared_buffers=16MB', '-c', 'work_mem=2MB'];

export async function openPglite(dataDir: string, schema: string | null, log: (msg: string) => void) {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | null = null;
  if (!inMemory) {
    await mkdir(dataDir, { recursive: true });
    lock = await acquireDataDirLock(dataDir, log);
  }
  // PG_VERSION is written by initdb: without it PGlite creates the cluster and the migrations fill
  // it, 9–17 s of silence on a first start that looked like a hang; say so before and after.
  const fresh = !inMemory && !existsSync(join(dataDir, 'PG_VERSION'));
  const started = performance.now();
  if (fresh)
    log(
      `database: setting up the embedded database in ${dataDir} for the first time; this takes about 10–20 s`,
    );
  let client: PGlite | null = null;
  try {
    // Bundled extensions must be loaded here, before migrations: 0003_knowledge creates pg_trgm.
    client = await PGlite.create(inMemory ? undefined : dataDir, {
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY],
    });
    const db = await preparePglite(client, schema, lock);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      fresh
        ? `database: embedded database set up in ${dataDir} (${seconds} s)`
        : `database: PGlite in ${inMemory ? 'memory' : dataDir}`,
    );
    return db;
  } catch (e) {
    await client?.close();
    await lock?.release();
    throw e;
  }
}

async function preparePglite(client: PGlite, schema: string | null, lock: DataDirLock | null) {
  const orm = drizzlePglite({ client });
  // PGlite is a single session, so one SET covers every later query.
  if (schema) await orm.execute(sql.raw(`SET search_path TO "${schema}", public`));
  const applied = await runMigrations({ kind: 'pglite', orm }, schema);
  const db: Database = {
    kind: 'pglite',
    migrationsApplied: applied,
    orm,
    ackOrm: orm, // one session: nothing to keep apart
    schema,
    async close() {
      try {
        await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
  return db;
}
