// Migration 0026 starts the counter where the numbering stood, so an existing desk continues
// without reusing a number: from the larger of the sequence's last value and the highest number
// stored, and from 1 on a desk that never took one. Migrated up to 0025 first, then the rest
// (PGlite in memory: the SQL is the same on PostgreSQL).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';

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

/** The counter after upgrading a desk whose state `before` sets up at 0025. */
async function counterAfterUpgrade(before: string[]): Promise<number> {
  const client = await PGlite.create({ extensions: { pg_trgm } });
  try {
    const orm = drizzle({ client });
    await migrate(orm, { migrationsFolder: upTo0025 });
    for (const statement of before) await client.query(statement);
    await migrate(orm, { migrationsFolder: MIGRATIONS_FOLDER });
    const { rows } = await client.query<{ last: number }>('SELECT "last" FROM incident_numbers');
    expect(rows).toHaveLength(1);
    return rows[0]?.last ?? Number.NaN;
  } finally {
    await client.close();
  }
}

describe('migration 0026 (incident number counter)', { timeout: 180_000 }, () => {
  it('starts a desk that never took a number at 0 (the first report is 1)', async () => {
    expect(await counterAfterUpgrade([])).toBe(0);
  });

  it('continues from the sequence when it is ahead (numbers it pre-logged or lost to rollbacks)', async () => {
    const before = [incident('a', 'INC-000001'), incident('b', 'INC-000002')];
    expect(await counterAfterUpgrade([...before, "SELECT setval('incident_number_seq', 34)"])).toBe(34);
  });

  it('continues from the highest number stored when it is ahead of the sequence, whatever its prefix', async () => {
    const before = [
      incident('a', 'INC-000007'),
      incident('b', 'IT-000012'),
      "SELECT setval('incident_number_seq', 3)",
    ];
    expect(await counterAfterUpgrade(before)).toBe(12);
  });
});
