// preparedRows, the hot path's statements: on postgres-js straight to the driver (drizzle's
// prepared-query layers cost CPU on every statement of every click), on PGlite through drizzle.
// Either way a caller sees the same rows and the same errors: a DrizzleQueryError whose cause is
// the database's error, which the commit path (repository.ts) and the log redaction read.

import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { preparedRows } from '../../db/sql-rows.js';
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

  it(`is prepared by name, then run ${name === 'postgres' ? 'by the driver' : 'by drizzle'}`, async () => {
    const session = backend.db.orm._.session;
    const executed: string[] = [];
    const prepare = session.prepareQuery.bind(session);
    const viaDrizzle = vi.spyOn(session, 'prepareQuery').mockImplementation((...args) => {
      const query = prepare(...args);
      const execute = query.execute.bind(query);
      query.execute = (...a: Parameters<typeof execute>) => {
        executed.push(String(args[2]));
        return execute(...a);
      };
      return query;
    });
    try {
      await preparedRows(backend.db.orm, 'pr_select', 'SELECT $1::integer AS n', [1]);
      expect(viaDrizzle.mock.calls.map((call) => call[2])).toEqual(['pr_select']);
      expect(executed).toEqual(name === 'postgres' ? [] : ['pr_select']);
    } finally {
      viaDrizzle.mockRestore();
    }
  });
});
