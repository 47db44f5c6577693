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
 * Creates `schema` if needed and applies pending migrations, all under the advisory lock; returns
 * how many it applied (drizzle's migrate() does not say, and "up to date" after applying 22 on an
 * empty database misled an operator).
 * For postgres the orm must sit on a single connection: the session lock is per connection.
 * `schema` null means production layout: tables in public, bookkeeping in drizzle's own schema.
 */
export async function runMigrations(target: MigrationTarget, schema: string | null): Promise<number> {
  const { orm } = target;
  const config = {
    migrationsFolder: MIGRATIONS_FOLDER,
    ...(schema ? { migrationsSchema: schema } : {}),
  };
  await orm.execute(sql.raw(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`));
  try {
    if (schema) await orm.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(schema)}`);
    const before = await appliedCount(target, schema ?? 'drizzle');
    if (target.kind === 'postgres') await migratePostgres(target.orm, config);
    else await migratePglite(target.orm, config);
    return (await appliedCount(target, schema ?? 'drizzle')) - before;
  } finally {
    await orm.execute(sql.raw(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`));
  }
}

/** The operator's line for `applied` migrations. */
export const migrationsMessage = (applied: number): string =>
  applied === 0
    ? 'migrations are up to date (none to apply)'
    : `applied ${applied} migration${applied === 1 ? '' : 's'}; migrations are up to date`;

/** Rows in drizzle's bookkeeping table (0 before the first migration created it). */
async function appliedCount(target: MigrationTarget, schema: string): Promise<number> {
  const table = `"${schema.replaceAll('"', '""')}".__drizzle_migrations`;
  const exists = rowsOf(await target.orm.execute(sql`SELECT to_regclass(${table}) IS NOT NULL AS ok`));
  if (!exists[0]?.ok) return 0;
  const counted = rowsOf(await target.orm.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)));
  return Number(counted[0]?.n ?? 0);
}

/** postgres.js answers execute() with the rows; PGlite with { rows }. */
const rowsOf = (result: unknown): Record<string, unknown>[] =>
  (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
