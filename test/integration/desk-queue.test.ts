// The desk queue page's query (db/desk-queue.ts) on PostgreSQL and PGlite: open incidents only,
// by priority then age, capped; a pause still open shows as paused. On PostgreSQL the plan must
// walk the partial index in order (no sort over all open incidents) — what keeps the page fast
// with a million incidents stored (bench: npm run bench -- reports).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskQueueQueries, OPEN_QUEUE } from '../../db/desk-queue.js';
import { queryRows } from '../../db/sql-rows.js';
import type { Incident } from '../../src/core/types.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation, newIncident } from '../support/incidents.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 1, minutes));

describe.each(backends)('desk queue on $name', ({ name, open }) => {
  let b: OpenBackend;
  const made: Incident[] = [];
  beforeAll(async () => {
    b = await open();
    const specs: Partial<Incident>[] = [
      { priority: 3, reportedAt: at(1), status: 'classified' },
      { priority: 1, reportedAt: at(5), status: 'assigned', pauses: [{ from: at(6), to: null }] },
      { priority: 1, reportedAt: at(2), status: 'closed' },
      { priority: 2, reportedAt: at(3), status: 'resolved' },
      { priority: 1, reportedAt: at(4), status: 'prioritised' },
      { priority: 4, reportedAt: at(0), status: 'cancelled' },
    ];
    for (const s of specs) made.push(newIncident(s));
    await b.storage.transaction(async (uow) => {
      for (const i of made) await uow.writeChange(creation(i));
    });
  });
  afterAll(() => b.close());

  it('lists open incidents by priority, then oldest first, with a standing pause marked', async () => {
    const rows = await createDeskQueueQueries(b.db).openIncidents(10);
    expect(rows.map((r) => r.number)).toEqual([made[4], made[1], made[3], made[0]].map((i) => i?.number));
    expect(rows.map((r) => r.paused)).toEqual([false, true, false, false]);
    expect(rows[0]?.reportedAt).toEqual(at(4));
  });

  it('stops at the limit', async () => {
    expect(await createDeskQueueQueries(b.db).openIncidents(2)).toHaveLength(2);
  });

  // A table this small is planned with a bitmap scan and a sort whatever the indexes; with those
  // paths off, a plan without Sort exists only if an index delivers the rows in page order.
  // PostgreSQL only (the planner settings), registered only there rather than shown skipped.
  if (name === 'postgres')
    it('can read the partial index in page order, without sorting', async () => {
      const text = await b.db.orm.transaction(async (tx) => {
        for (const off of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort'])
          await queryRows(tx, sql.raw(`SET LOCAL ${off} = off`));
        const plan = await queryRows<{ 'QUERY PLAN': string }>(
          tx,
          sql.raw(`EXPLAIN ${OPEN_QUEUE.replace('$1::int', '200')}`),
        );
        return plan.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(text).toMatch(/Index (Only )?Scan using incidents_open_queue_idx/);
      expect(text).not.toMatch(/\bSort\b/);
    });
});
