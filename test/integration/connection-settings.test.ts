// The bot's PostgreSQL sessions (db/connect.ts): no JIT and no parallel workers. Both were
// measured on the period report at 1,000,000 incidents (docs/reports-speed.md): JIT compiled for
// longer than it saved, and a Gather's start-up cost more than the month's scan it split while
// the report's other statements already ran side by side.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';

const postgres = backends.filter((b) => b.name === 'postgres');

describe.each(postgres)('bot connections on $name', ({ open }) => {
  let b: OpenBackend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(() => b.close());

  it('turn JIT and parallel workers off for every statement', async () => {
    const [row] = await queryRows<{ jit: string; workers: string }>(
      b.db.orm,
      sql`SELECT current_setting('jit') AS jit,
                 current_setting('max_parallel_workers_per_gather') AS workers`,
    );
    expect(row).toEqual({ jit: 'off', workers: '0' });
  });
});
