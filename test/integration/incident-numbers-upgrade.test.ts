// Migration 0026 starts the counter where the numbering stood, so an existing desk continues
// without reusing a number: from the larger of the sequence's last value and the highest number
// stored, and from 1 on a desk that never took one. Migrated up to 0025 first, then the rest,
// on PostgreSQL (a fresh schema, dropped after) and on PGlite in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { migrationsUpTo, type Upgradable, upgradableBackends } from '../support/upgradable.js';

let upTo0025: string;
let removeCopy: () => Promise<void>;
beforeAll(async () => {
  ({ folder: upTo0025, remove: removeCopy } = await migrationsUpTo(25));
});
afterAll(() => removeCopy());

const incident = (id: string, number: string) =>
  `INSERT INTO incidents (id, number, version, status, title, description, reporter_id, reporter_name, priority, reported_at)
   VALUES ('${id}', '${number}', 1, 'new', 't', '', 'slack:U1', 'Wang Fang', 3, now())`;

const backends = upgradableBackends('up');

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
