// Raw SQL results differ by driver: postgres-js returns an array of rows, PGlite `{ rows }`.
import type { SQL } from 'drizzle-orm';
import type { Orm } from './connect.js';

export async function queryRows<T>(orm: Orm, query: SQL): Promise<T[]> {
  const result: unknown = await orm.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
