// Opens the database the environment asks for: PostgreSQL when a URL is given, otherwise an
// embedded PGlite in a data directory. Either way the schema is migrated before use. Each kind's
// driver is imported only when it is the one asked for (connect-postgres.ts, connect-pglite.ts):
// an embedded start does not load postgres.js, and a PostgreSQL process not PGlite's 0.5 MB.
import type { Database } from './database.js';
import { postgresTarget } from './postgres-url.js';
import { reachPostgres } from './reach.js';

export { BOT_SESSION, type Database, type Orm } from './database.js';

export interface OpenOptions {
  /** postgres://…; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory (default ./.data); `memory://` keeps it in memory, unlocked. */
  dataDir?: string;
  /** PostgreSQL schema to create, migrate and use (test isolation). */
  schema?: string;
  log?: (msg: string) => void;
  /** Pauses between start-up connection attempts (db/reach.ts); about 30 s in all by default. */
  reachDelaysMs?: readonly number[];
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const schema = opts.schema ?? null;
  // Schema names go into search_path unquoted; keep them to plain identifiers.
  if (schema !== null && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const log = opts.log ?? (() => {});
  if (opts.databaseUrl) {
    // One clear line (host:port and reason) instead of a driver stack trace when it never answers.
    await reachPostgres(opts.databaseUrl, {
      log,
      ...(opts.reachDelaysMs ? { delaysMs: opts.reachDelaysMs } : {}),
    });
    const { openPostgres } = await import('./connect-postgres.js');
    return openPostgres(opts.databaseUrl, schema, log);
  }
  const { openPglite } = await import('./connect-pglite.js');
  return openPglite(opts.dataDir ?? './.data', schema, log);
}

/** Drops a test schema and everything in it (DROP … CASCADE fires no row triggers). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema) || schema === 'public') throw new Error(`refusing to drop schema ${schema}`);
  const { default: postgres } = await import('postgres');
  const { url, options } = postgresTarget(databaseUrl);
  const client = postgres(url, { max: 1, onnotice: () => {}, ...options });
  try {
    await client.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
