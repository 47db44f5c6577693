// A delivered outbox row is written three times within moments: inserted by the command, leased
// by the delivery's claim, marked processed once sent. The outbox keeps room on each page
// (fillfactor 70, migration 0021) so that under load the later versions stay on the row's page:
// the lease a HOT update, the mark logged as the bytes it changed rather than the whole row.
// Measured in the core bench (docs/core-speed.md, 2026-12-06 16:20): WAL per transition -7 %,
// the marks' own -32 %. A sequential test did not tell the settings apart (no row moved at either
// with one or two commits per claim, nearly all at both with four: page pruning decides, and it
// depends on concurrent snapshots), so this checks the setting every install gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedRows } from '../../db/sql-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';

const OPTIONS = `SELECT coalesce(array_to_string(reloptions, ','), '') AS options FROM pg_class
  WHERE oid = 'outbox'::regclass`;

describe.each(backends)('outbox page room on $name', ({ open }) => {
  let b: OpenBackend;

  beforeAll(async () => {
    b = await open();
  }, 60_000);
  afterAll(() => b.close());

  it('stores the outbox with room for a row’s lease and mark on its page', async () => {
    const [row] = await preparedRows<{ options: string }>(b.db.orm, 'outbox_options', OPTIONS, []);
    expect(row?.options.split(',')).toContain('fillfactor=70');
  });
});
