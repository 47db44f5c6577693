// The two storage backends every integration test file runs against:
//   describe.each(backends)('… on $name', ({ open }) => { … })
// PostgreSQL gets a fresh schema per open() (dropped on close) so files can run in parallel;
// PGlite runs in memory.
import { randomBytes } from 'node:crypto';
import { type Database, dropSchema, openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import type { Storage } from '../../src/app/ports.js';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenBackend {
  storage: Storage;
  db: Database;
  close(): Promise<void>;
}

export interface Backend {
  name: 'postgres' | 'pglite';
  open(): Promise<OpenBackend>;
}

/** Lower-case, random, valid as an unquoted identifier: `t_<prefix>_<hex>`. */
export const uniqueSchemaName = (prefix = 'it'): string => `t_${prefix}_${randomBytes(6).toString('hex')}`;

async function openPostgres(): Promise<OpenBackend> {
  const schema = uniqueSchemaName();
  const db = await openDatabase({ databaseUrl: testDatabaseUrl, schema });
  const storage = createStorage(db);
  return {
    storage,
    db,
    async close() {
      await storage.close();
      await dropSchema(testDatabaseUrl, schema);
    },
  };
}

async function openPglite(): Promise<OpenBackend> {
  const db = await openDatabase({ dataDir: 'memory://' });
  const storage = createStorage(db);
  return { storage, db, close: () => storage.close() };
}

export const backends: readonly Backend[] = [
  { name: 'postgres', open: openPostgres },
  { name: 'pglite', open: openPglite },
];
