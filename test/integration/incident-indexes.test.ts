// The incidents table's indexes decide which of a command's updates can be HOT: PostgreSQL writes
// an update in place on its page, with no new entry in any index, only when no indexed column
// (key, INCLUDE, expression or partial-index predicate) changes value. Nearly every IM2 step
// changes `status`, so no index may hold it (migration 0029, docs/core-speed.md h/hotupdate); the
// steps that change only the status and unindexed columns (matching, attempting, accepted,
// investigating, resolved: about half of a path's updates) are then HOT. "Open" in an index is
// `closed_at IS NULL`, which incidents_closed_check keeps equal to the status.
// On PostgreSQL and PGlite (fresh migrated databases).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';

/** Every column an index of incidents reads, in its key or its predicate: what a HOT update must leave alone. */
const INDEXED_COLUMNS = `SELECT DISTINCT a.attname AS col
  FROM pg_index x
  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE x.indrelid = 'incidents'::regclass
    AND (a.attnum = ANY (x.indkey::int2[])
         OR pg_get_expr(x.indpred, x.indrelid) ~ ('\\m' || a.attname || '\\M')
         OR pg_get_expr(x.indexprs, x.indrelid) ~ ('\\m' || a.attname || '\\M'))
  ORDER BY 1`;

/** This transaction's own updates of incidents so far, and how many of them were HOT. */
const XACT_UPDATES = `SELECT n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot
  FROM pg_stat_xact_user_tables WHERE relid = 'incidents'::regclass`;

const INSERT = (id: string) => `INSERT INTO incidents (id, number, version, status, title, description,
    reporter_id, reporter_name, priority, reported_at)
  VALUES ('${id}', 'INC-${id}', 1, 'prioritised', 't', '', 'slack:U1', 'Wang Fang', 3, now())`;

describe.each(backends)('incident indexes on $name', ({ open }) => {
  let b: OpenBackend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(() => b.close());

  it('index no column that the status-only steps change, status above all', async () => {
    const cols = (await queryRows<{ col: string }>(b.db.orm, sql.raw(INDEXED_COLUMNS))).map((r) => r.col);
    // A column added here must be one that no HOT step changes (see the trace in docs/core-speed.md,
    // h/hotupdate: which columns each IM2 step changes).
    expect(cols).toEqual([
      'assigned_team',
      'category',
      'closed_at',
      'id',
      'nature',
      'number',
      'priority',
      'reported_at',
      'reported_via',
      'reporter_id',
      'satisfaction_at',
    ]);
  });

  it('writes the status-only steps as HOT updates, a priority change not', async () => {
    const id = randomUUID();
    const counts = await b.db.orm.transaction(async (tx) => {
      await queryRows(tx, sql.raw(INSERT(id)));
      const step = async (set: string) => {
        await queryRows(tx, sql.raw(`UPDATE incidents SET ${set}, version = version + 1 WHERE id = '${id}'`));
        const [row] = await queryRows<{ upd: number; hot: number }>(tx, sql.raw(XACT_UPDATES));
        return row;
      };
      return [
        // IM2.5 → IM2.7, IM2.8 no match, IM2.11 accepted, in scope, resolved: as the steps write them.
        await step(`status = 'matching', onsite_needed = false`),
        await step(`status = 'attempting'`),
        await step(`status = 'accepted', accepted_by = 'slack:U2', accepted_at = now()`),
        await step(`status = 'investigating'`),
        await step(`status = 'resolved', resolution = '{"code":"solved"}', resolve_clock_minutes = 12`),
        // An indexed column: a new entry in the indexes that hold it, so not HOT.
        await step(`priority = 2`),
      ];
    });
    expect(counts).toEqual([
      { upd: 1, hot: 1 },
      { upd: 2, hot: 2 },
      { upd: 3, hot: 3 },
      { upd: 4, hot: 4 },
      { upd: 5, hot: 5 },
      { upd: 6, hot: 5 },
    ]);
  });

  it('refuses a closed incident without closed_at, and an open one with it', async () => {
    const refused = async (statement: string) => {
      try {
        await queryRows(b.db.orm, sql.raw(statement));
        return '';
      } catch (e) {
        const err = e as Error & { cause?: Error };
        return `${err.message} ${err.cause?.message ?? ''}`;
      }
    };
    const id = randomUUID();
    await queryRows(b.db.orm, sql.raw(INSERT(id)));
    expect(await refused(`UPDATE incidents SET status = 'closed' WHERE id = '${id}'`)).toMatch(
      /incidents_closed_check/,
    );
    expect(await refused(`UPDATE incidents SET closed_at = now() WHERE id = '${id}'`)).toMatch(
      /incidents_closed_check/,
    );
    expect(
      await refused(`UPDATE incidents SET status = 'cancelled', closed_at = now() WHERE id = '${id}'`),
    ).toBe('');
  });
});
