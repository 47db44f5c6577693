// The inbox's group commit (db/inbox.ts) keeps one INSERT in flight per connection kept for acks:
// what one turn of the event loop read goes as one INSERT at the turn's end (a burst is not split
// into its first request alone, its second alone and the rest waiting for one of them); a request
// arriving while one INSERT is on its way goes out at the end of its own turn on the other
// connection instead of waiting a whole round trip; what arrives while both are out goes together
// next.
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
  it('sends what one turn read as one INSERT, a later one beside it, then the rest together', async () => {
    const { db, sent } = heldInserts();
    const store = createInboxStore(db);
    const keys = () => sent.map((s) => s.rows.map((r) => r.key));
    // A burst read in one turn: one INSERT, and the other connection stays free.
    const burst = ['a', 'b', 'c'].map((k) => store.admit(entry(k)));
    expect(sent).toHaveLength(0); // not before the turn's end
    await turn();
    expect(keys()).toEqual([['a', 'b', 'c']]);
    // The next turn's request goes at once on the other connection.
    const d = store.admit(entry('d'));
    await turn();
    expect(keys()).toEqual([['a', 'b', 'c'], ['d']]);
    // Both out: what arrives meanwhile waits, and goes together when one comes back.
    const later = ['e', 'f'].map((k) => store.admit(entry(k)));
    await turn();
    expect(sent).toHaveLength(2);
    sent[1]?.answer();
    await turn();
    expect(keys()).toEqual([['a', 'b', 'c'], ['d'], ['e', 'f']]);
    // Nobody is answered before the INSERT holding their row has returned.
    let burstAnswered = false;
    void Promise.all(burst).then(() => {
      burstAnswered = true;
    });
    await turn();
    expect(burstAnswered).toBe(false);
    sent[0]?.answer();
    sent[2]?.answer();
    expect(await Promise.all([...burst, d, ...later])).toEqual([true, true, true, true, true, true]);
    expect(burstAnswered).toBe(true);
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
