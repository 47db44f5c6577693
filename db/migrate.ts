// Runtime migrations. drizzle's migrate() reads the last applied migration, then applies the
// rest in one transaction, with no lock: two instances starting together would both apply
// 0000. A session advisory lock around it makes the second wait and then find nothing to do.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';

/** Arbitrary but fixed: every instance of this app must use the same key. */
export const MIGRATION_LOCK_KEY = 4_711_202_611_250_001n;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export type MigrationTarget =
  | { kind: 'postgres'; orm: PostgresJsDatabase }
  | { kind: 'pglite'; orm: PgliteDatabase };

/**
 * Creates `schema` if needed and applies pending migrations, all under the advisory lock.
 * For postgres the orm must sit on a single connection: the session lock is per connection.
 * `schema` null means production layout: tables in public, bookkeeping in drizzle's own schema.
 */
export async function runMigrations(target: MigrationTarget, schema: string | null): Promise<void> {
  const { orm } = target;
  const config = {
    migrationsFolder: MIGRATIONS_FOLDER,
    ...(schema ? { migrationsSchema: schema } : {}),
  };
  await orm.execute(sql.raw(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`));
  try {
    if (schema) await orm.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(schema)}`);
    if (target.kind === 'postgres') await migratePostgres(target.orm, config);
    else await migratePglite(target.orm, config);
  } finally {
    await orm.execute(sql.raw(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`));
  }
}
