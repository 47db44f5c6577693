// Migration 0026 starts the counter where the numbering stood, so an existing desk continues
// without reusing a number: from the larger of the sequence's last value and the highest number
// stored, and from 1 on a desk that never took one. Migrated up to 0025 first, then the rest,
// on PostgreSQL (a fresh schema, dropped after) and on PGlite in memory.
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema } from '../../db/connect.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { testDatabaseUrl, uniqueSchemaName } from '../support/databases.js';

let upTo0025: string;
beforeAll(async () => {
  upTo0025 = await mkdtemp(join(tmpdir(), 'itss-0025-'));
  await cp(MIGRATIONS_FOLDER, upTo0025, { recursive: true });
  const journalPath = join(upTo0025, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 25);
  await writeFile(journalPath, JSON.stringify(journal));
});
afterAll(() => rm(upTo0025, { recursive: true, force: true }));

const incident = (id: string, number: string) =>
  `INSERT INTO incidents (id, number, version, status, title, description, reporter_id, reporter_name, priority, reported_at)
   VALUES ('${id}', '${number}', 1, 'new', 't', '', 'slack:U1', 'Wang Fang', 3, now())`;

/** A database to upgrade: migrate to a folder's journal, run SQL, close. */
interface Upgradable {
  migrate(folder: string): Promise<void>;
  query(statement: string): Promise<unknown[]>;
  close(): Promise<void>;
}

async function openPglite(): Promise<Upgradable> {
  const client = await PGlite.create({ extensions: { pg_trgm } });
  const orm = drizzle({ client });
  return {
    migrate: (migrationsFolder) => migrate(orm, { migrationsFolder }),
    query: async (statement) => (await client.query(statement)).rows,
    close: () => client.close(),
  };
}

async function openPostgres(): Promise<Upgradable> {
  const schema = uniqueSchemaName('up');
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
    close: async () => {
      await client.end();
      await dropSchema(testDatabaseUrl, schema);
    },
  };
}

const backends = [
  { name: 'postgres', open: openPostgres },
  { name: 'pglite', open: openPglite },
];

/** The counter after upgrading a desk whose state `before` sets up at 0025. */
async function counterAfterUpgrade(open: () => Promise<Upgradable>, before: string[]): Promise<number> {
  const db = await open();
  try {
    await db.migrate(upTo0025);
    for (const statement of before) await db.query(statement);
    await db.migrate(MIGRATIONS_FOLDER);
    const rows = (await db.query('SELECT "last" FROM incident_numbers')) as { last: number }[];
    expect(rows).toHaveLength(1);
    return rows[0]?.last ?? Number.NaN;
  } finally {
    await db.close();
  }
}

describe.each(backends)(
  'migration 0026 (incident number counter) on $name',
  { timeout: 180_000 },
  ({ open }) => {
    it('starts a desk that never took a number at 0 (the first report is 1)', async () => {
      expect(await counterAfterUpgrade(open, [])).toBe(0);
    });

    it('continues from the sequence when it is ahead (numbers it pre-logged or lost to rollbacks)', async () => {
      const before = [incident('a', 'INC-000001'), incident('b', 'INC-000002')];
      expect(await counterAfterUpgrade(open, [...before, "SELECT setval('incident_number_seq', 34)"])).toBe(
        34,
      );
    });

    it('continues from the highest number stored when it is ahead of the sequence, whatever its prefix', async () => {
      const before = [
        incident('a', 'INC-000007'),
        incident('b', 'IT-000012'),
        "SELECT setval('incident_number_seq', 3)",
      ];
      expect(await counterAfterUpgrade(open, before)).toBe(12);
    });
  },
);
