// The inbox's group commit (db/inbox.ts) keeps one INSERT in flight per connection kept for acks:
// a request arriving while one INSERT is on its way goes out at once on the other connection
// instead of waiting a whole round trip; what arrives while both are out goes together next.
// Marking done keeps one UPDATE in flight, and what finishes meanwhile goes together next.
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createInboxStore } from '../../db/inbox.js';

type Row = { platform: string; key: string };

/** An ackOrm whose INSERTs (one prepared statement, the rows as one JSON array) are answered
 *  only when the test says so. */
function heldInserts() {
  const sent: { rows: Row[]; answer(): void }[] = [];
  const prepareQuery = (query: { params: string[] }) => ({
    execute: () =>
      new Promise<Row[]>((resolve) => {
        const rows = JSON.parse(query.params[0] ?? '[]') as Row[];
        sent.push({ rows, answer: () => resolve(rows.map(({ platform, key }) => ({ platform, key }))) });
      }),
  });
  return { db: { ackOrm: { _: { session: { prepareQuery } } } } as unknown as Database, sent };
}

const entry = (key: string) => ({ platform: 'slack' as const, key, body: {}, leaseUntil: new Date() });
const turn = () => new Promise((r) => setImmediate(r));

describe('inbox admission', () => {
  it('sends a second INSERT while the first is on its way, then the rest together', async () => {
    const { db, sent } = heldInserts();
    const store = createInboxStore(db);
    const answers = ['a', 'b', 'c', 'd'].map((k) => store.admit(entry(k)));
    await turn();
    expect(sent.map((s) => s.rows.map((r) => r.key))).toEqual([['a'], ['b']]);
    sent[1]?.answer();
    await turn();
    expect(sent.map((s) => s.rows.map((r) => r.key))).toEqual([['a'], ['b'], ['c', 'd']]);
    sent[0]?.answer();
    sent[2]?.answer();
    expect(await Promise.all(answers)).toEqual([true, true, true, true]);
  });

  it('marks done one UPDATE at a time; what finishes meanwhile goes together in the next', async () => {
    const sent: { keys: unknown[]; answer(): void }[] = [];
    const dialect = new PgDialect();
    const update = () => ({
      set: () => ({
        where: (cond: SQL) =>
          new Promise<void>((resolve) => {
            const { params } = dialect.sqlToQuery(cond);
            sent.push({ keys: params.filter((p) => p !== 'slack'), answer: () => resolve() });
          }),
      }),
    });
    const store = createInboxStore({ orm: { update } } as unknown as Database);
    const done = ['a', 'b', 'c', 'd'].map((k) => store.finish('slack', k, new Date()));
    await turn();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.keys).toEqual(['a']);
    sent[0]?.answer();
    await turn();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.keys).toEqual(['b', 'c', 'd']);
    sent[1]?.answer();
    await Promise.all(done);
  });
});
