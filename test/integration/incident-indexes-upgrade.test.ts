// Migration 0029 takes `status` out of every index of incidents (open = closed_at IS NULL, held
// to the status by incidents_closed_check). A desk migrated up to 0028 with open, closed and
// cancelled incidents keeps them all, the open queue's index holds exactly the open ones, and an
// older release's queue read (by status) still gets the same rows. A database holding a closed
// incident without closed_at (no release writes one) stops the migration whole: the old indexes
// are still there and nothing of 0029 is. On PostgreSQL (a fresh schema) and PGlite in memory.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { migrationsUpTo, upgradableBackends } from '../support/upgradable.js';

let upTo0028: string;
let removeCopy: () => Promise<void>;
beforeAll(async () => {
  ({ folder: upTo0028, remove: removeCopy } = await migrationsUpTo(28));
});
afterAll(() => removeCopy());

const incident = (id: string, status: string, closed: boolean) =>
  `INSERT INTO incidents (id, number, version, status, title, description, reporter_id, reporter_name, priority, reported_at, closed_at)
   VALUES ('${id}', 'INC-${id}', 1, '${status}', 't', '', 'slack:U1', 'Wang Fang', 3, now(), ${closed ? 'now()' : 'NULL'})`;

const INDEXES = `SELECT indexname FROM pg_indexes
  WHERE tablename = 'incidents' AND schemaname = current_schema() AND indexname IN
    ('incidents_queue_idx', 'incidents_open_queue_idx', 'incidents_team_idx') ORDER BY 1`;
const OPEN_QUEUE_PREDICATE = `SELECT pg_get_expr(x.indpred, x.indrelid) AS predicate FROM pg_index x
  WHERE x.indexrelid = 'incidents_open_queue_idx'::regclass`;

const RESTORE = readFileSync(
  new URL('../../db/rollback/restore-status-indexes.sql', import.meta.url),
  'utf8',
);
/** Each index of incidents as its definition without its name: what a plan can use. */
const SHAPES = `SELECT regexp_replace(indexdef, 'INDEX \\S+ ON \\S+', 'INDEX ON') AS shape FROM pg_indexes
  WHERE tablename = 'incidents' AND schemaname = current_schema() ORDER BY 1`;
const shapesOf = async (db: { query(s: string): Promise<unknown[]> }) =>
  ((await db.query(SHAPES)) as { shape: string }[]).map((r) => r.shape);

async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return '';
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
}

describe.each(upgradableBackends('incident_indexes'))(
  'migration 0029 (incident indexes) on $name',
  { timeout: 180_000 },
  ({ open }) => {
    it('keeps every incident; open ones are those without closed_at, by the new index and by status', async () => {
      const db = await open();
      try {
        await db.migrate(upTo0028);
        await db.query(incident('a', 'assigned', false));
        await db.query(incident('b', 'closed', true));
        await db.query(incident('c', 'cancelled', true));
        await db.query(incident('d', 'resolved', false));
        await db.migrate(MIGRATIONS_FOLDER);

        expect(await db.query(INDEXES)).toEqual([
          { indexname: 'incidents_open_queue_idx' },
          { indexname: 'incidents_team_idx' },
        ]);
        expect(await db.query(OPEN_QUEUE_PREDICATE)).toEqual([{ predicate: '(closed_at IS NULL)' }]);
        expect(await db.query('SELECT id FROM incidents WHERE closed_at IS NULL ORDER BY id')).toEqual([
          { id: 'a' },
          { id: 'd' },
        ]);
        // An older release's read, by status: the same rows.
        expect(
          await db.query(`SELECT id FROM incidents WHERE status NOT IN ('closed', 'cancelled') ORDER BY id`),
        ).toEqual([{ id: 'a' }, { id: 'd' }]);
      } finally {
        await db.close();
      }
    });

    it('db/rollback/restore-status-indexes.sql gives an older image back every index it had, and runs twice', async () => {
      const db = await open();
      try {
        await db.migrate(upTo0028);
        const older = await shapesOf(db);
        await db.migrate(MIGRATIONS_FOLDER);
        const migrated = await shapesOf(db);
        expect(older.filter((s) => !migrated.includes(s))).toHaveLength(3); // 0029 took these away
        await db.script(RESTORE);
        await db.script(RESTORE);
        const restored = await shapesOf(db);
        expect(older.filter((s) => !restored.includes(s))).toEqual([]);
      } finally {
        await db.close();
      }
    });

    it('stops whole on a closed incident without closed_at, leaving the indexes as they were', async () => {
      const db = await open();
      try {
        await db.migrate(upTo0028);
        await db.query(incident('x', 'closed', false));
        expect(await dbError(db.migrate(MIGRATIONS_FOLDER))).toMatch(/incidents_closed_check/);
        expect(await db.query(INDEXES)).toEqual([
          { indexname: 'incidents_open_queue_idx' },
          { indexname: 'incidents_queue_idx' },
          { indexname: 'incidents_team_idx' },
        ]);
        expect((await db.query(OPEN_QUEUE_PREDICATE)) as { predicate: string }[]).toEqual([
          { predicate: expect.stringMatching(/status/) },
        ]);
      } finally {
        await db.close();
      }
    });
  },
);
