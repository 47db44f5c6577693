// Upgrade tests: a database migrated up to an earlier migration, then the rest, on PostgreSQL (a
// fresh schema, dropped after) and on PGlite in memory.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { dropSchema } from '../../db/connect.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { testDatabaseUrl, uniqueSchemaName } from './databases.js';

/** A database to upgrade: migrate to a folder's journal, run SQL, close. */
export interface Upgradable {
  migrate(folder: string): Promise<void>;
  query(statement: string): Promise<unknown[]>;
  /** Several statements, as `psql -f` runs a file (PGlite's query takes one statement only). */
  script(statements: string): Promise<void>;
  close(): Promise<void>;
}

/** A copy of the migrations folder whose journal stops at migration `last`; remove it after. */
export async function migrationsUpTo(last: number): Promise<{ folder: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), `itss-${String(last).padStart(4, '0')}-`));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  await writeFile(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

async function openPglite(): Promise<Upgradable> {
  const client = await PGlite.create({ extensions: { pg_trgm } });
  const orm = drizzle({ client });
  return {
    migrate: (migrationsFolder) => migrate(orm, { migrationsFolder }),
    query: async (statement) => (await client.query(statement)).rows,
    script: async (statements) => void (await client.exec(statements)),
    close: () => client.close(),
  };
}

async function openPostgres(prefix: string): Promise<Upgradable> {
  const schema = uniqueSchemaName(prefix);
  const client = postgres(testDatabaseUrl, {
    max: 1,
    onnotice: () => {},
    connection: { search_path: `${schema},public` },
  });
  await client.unsafe(`CREATE SCHEMA "${schema}"`);
  const orm = drizzlePostgres({ client });
  return {
    migrate: (migrationsFolder) => migratePostgres(orm, { migrationsFolder, migrationsSchema: schema }),
    query: async (statement) => [...(await client.unsafe(statement))],
    script: async (statements) => void (await client.unsafe(statements).simple()),
    close: async () => {
      await client.end();
      await dropSchema(testDatabaseUrl, schema);
    },
  };
}

/** Both backends, each opening a fresh database (on PostgreSQL a schema named after `prefix`). */
export const upgradableBackends = (prefix: string) => [
  { name: 'postgres', open: () => openPostgres(prefix) },
  { name: 'pglite', open: openPglite },
];
