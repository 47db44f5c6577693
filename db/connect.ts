// Opens the database the environment asks for: PostgreSQL when a URL is given, otherwise an
// embedded PGlite in a data directory. Either way the schema is migrated before use.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { runMigrations } from './migrate.js';
import { reachPostgres } from './reach.js';

/** What repositories run queries on: the pool, or a transaction (same API). */
export type Orm = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly orm: Orm;
  /** A few connections of their own for storing requests before they are acknowledged (the
   *  inbox), so that an ack never queues behind the commands holding the main pool. */
  readonly ackOrm: Orm;
  /** Schema holding our tables when isolated (tests); null for the default search_path. */
  readonly schema: string | null;
  close(): Promise<void>;
}

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

const POOL_MAX = 10;
const ACK_POOL_MAX = 2;
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
    return openPostgres(opts.databaseUrl, schema, log);
  }
  return openPglite(opts.dataDir ?? './.data', schema, log);
}

/** Drops a test schema and everything in it (DROP … CASCADE fires no row triggers). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema) || schema === 'public') throw new Error(`refusing to drop schema ${schema}`);
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** The session settings every bot connection gets (the reports bench explains with them too). */
export const BOT_SESSION = { jit: 'off', max_parallel_workers_per_gather: '0' } as const;

function postgresOptions(schema: string | null, log: (msg: string) => void) {
  return {
    onnotice: (n: postgres.Notice) => log(`postgres: ${n.message}`),
    // Reconnect waits (seconds) after the server went away: the driver's default grows to 20 s
    // with the pool-wide failure count, which left the bot refusing commands for up to 10 s after
    // PostgreSQL was back. Capped at 2 s; attempts are only made while queries wait.
    backoff: (attempt: number) => Math.min(0.1 * 2 ** attempt, 2),
    // public stays on the path so extensions installed there remain visible. JIT off: the bot's
    // statements are short; on the period report's aggregates JIT compilation cost 126–337 ms a
    // statement under load, more than it saved (docs/reports-speed.md). No parallel workers
    // either: the report issues its statements side by side already, and a Gather's start-up
    // and merge cost more than the month's scan it splits (docs/reports-speed.md).
    connection: {
      ...BOT_SESSION,
      ...(schema ? { search_path: `${schema},public` } : {}),
    },
  };
}

async function openPostgres(url: string, schema: string | null, log: (msg: string) => void) {
  const options = postgresOptions(schema, log);
  // One dedicated connection: the advisory lock and migrate() must share a session.
  const migrationClient = postgres(url, { ...options, max: 1 });
  try {
    await runMigrations({ kind: 'postgres', orm: drizzlePostgres({ client: migrationClient }) }, schema);
  } finally {
    await migrationClient.end();
  }
  const client = postgres(url, { ...options, max: POOL_MAX });
  const ackClient = postgres(url, { ...options, max: ACK_POOL_MAX });
  log(`database: PostgreSQL${schema ? ` (schema ${schema})` : ''}`);
  const db: Database = {
    kind: 'postgres',
    orm: drizzlePostgres({ client }),
    ackOrm: drizzlePostgres({ client: ackClient }),
    schema,
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), ackClient.end({ timeout: 5 })]);
    },
  };
  return db;
}

/**
 * PGlite's shared buffers live in the bot's own memory (WebAssembly), and PostgreSQL's default of
 * 128 MB fills as incidents accumulate: the embedded bot grew by 150 MB over 1,000 reports.
 * An embedded desk's data is small and the operating system caches the files anyway; a desk
 * that outgrows this runs on PostgreSQL (DATABASE_URL).
 */
const PGLITE_MEMORY = ['-c', 'shared_buffers=16MB', '-c', 'work_mem=2MB'];

async function openPglite(dataDir: string, schema: string | null, log: (msg: string) => void) {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | null = null;
  if (!inMemory) {
    await mkdir(dataDir, { recursive: true });
    lock = await acquireDataDirLock(dataDir, log);
  }
  let client: PGlite | null = null;
  try {
    // Bundled extensions must be loaded here, before migrations: 0003_knowledge creates pg_trgm.
    client = await PGlite.create(inMemory ? undefined : dataDir, {
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY],
    });
    const db = await preparePglite(client, schema, lock);
    log(`database: PGlite in ${inMemory ? 'memory' : dataDir}`);
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
  await runMigrations({ kind: 'pglite', orm }, schema);
  const db: Database = {
    kind: 'pglite',
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
