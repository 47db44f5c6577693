// preparedRows, the hot path's statements: on postgres-js straight to the driver (drizzle's
// prepared-query layers cost CPU on every statement of every click), on PGlite through drizzle.
// Either way a caller sees the same rows and the same errors: a DrizzleQueryError whose cause is
// the database's error, which the commit path (repository.ts) and the log redaction read. Tests
// see which statements ran through watchStatements, whichever driver ran them.

import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { preparedRows, type WatchedStatement, watchStatements } from '../../db/sql-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';

describe.each(backends)('preparedRows on $name', ({ name, open }) => {
  let backend: OpenBackend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('returns the rows, and a failed statement as drizzle wraps it, with the server’s code', async () => {
    const rows = await preparedRows<{ n: number; s: string }>(
      backend.db.orm,
      'pr_select',
      'SELECT $1::integer AS n, $2::text AS s',
      [7, '维修'],
    );
    expect(rows).toEqual([{ n: 7, s: '维修' }]);
    const error = await preparedRows(backend.db.orm, 'pr_fail', 'SELECT (1 / $1::integer) AS n', [0]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DrizzleQueryError);
    expect((error as DrizzleQueryError).cause).toMatchObject({ code: '22012' });
  });

  it(`is told to watchers by name, then run ${name === 'postgres' ? 'by the driver, without drizzle' : 'by drizzle'}`, async () => {
    // Transactions' sessions are of the pool session's class: watch the class.
    const proto = Object.getPrototypeOf(backend.db.orm._.session) as {
      prepareQuery(...args: unknown[]): unknown;
    };
    const viaDrizzle = vi.spyOn(proto, 'prepareQuery');
    const told: WatchedStatement[] = [];
    const stop = watchStatements((s) => told.push(s));
    try {
      await preparedRows(backend.db.orm, 'pr_select', 'SELECT $1::integer AS n', [1]);
      await backend.db.orm.transaction((tx) =>
        preparedRows(tx, 'pr_in_tx', 'SELECT $1::text AS s', ['维修']),
      );
      expect(told).toEqual([
        { name: 'pr_select', text: 'SELECT $1::integer AS n', params: [1] },
        { name: 'pr_in_tx', text: 'SELECT $1::text AS s', params: ['维修'] },
      ]);
      // On postgres-js drizzle's prepared query is not even made (it cost 3.5 KB per click).
      const named = viaDrizzle.mock.calls.map((call) => call[2]).filter((n) => n !== undefined);
      expect(named).toEqual(name === 'postgres' ? [] : ['pr_select', 'pr_in_tx']);
    } finally {
      stop();
      viaDrizzle.mockRestore();
    }
    await preparedRows(backend.db.orm, 'pr_select', 'SELECT $1::integer AS n', [2]);
    expect(told).toHaveLength(2); // stopped
  });
});
