// Which statements a piece of code ran, for tests that count or name them. The hot path's
// statements (db/sql-rows.ts preparedRows) are told by name through `watchStatements`, on both
// drivers; anything drizzle builds itself (query builder, `orm.execute`) goes through its session's
// prepareQuery, which is watched too, named '(drizzle)'. So a statement added or removed by either
// way shows.
import { vi } from 'vitest';
import type { Database } from '../../db/database.js';
import { type WatchedStatement, watchStatements } from '../../db/sql-rows.js';

export interface Statements {
  /** Every statement so far, in the order they were issued. */
  readonly all: readonly WatchedStatement[];
  /** Their names. */
  names(): string[];
  stop(): void;
}

type PrepareQuery = (...args: unknown[]) => unknown;

export function watchStatementsOf(db: Database): Statements {
  const all: WatchedStatement[] = [];
  const unwatch = watchStatements((s) => all.push(s));
  // Transactions run on sessions of their own, of the pool session's class: watch the class.
  const proto = Object.getPrototypeOf(db.orm._.session) as { prepareQuery: PrepareQuery };
  const prepare = proto.prepareQuery;
  const spy = vi.spyOn(proto, 'prepareQuery').mockImplementation(function (this: unknown, ...args) {
    // A name is preparedRows' on PGlite (already told); drizzle's own statements have none here.
    const [query, , name] = args as [{ sql: string; params: unknown[] }, unknown, string | undefined];
    if (name === undefined) all.push({ name: '(drizzle)', text: query.sql, params: query.params });
    return prepare.apply(this, args);
  });
  return {
    all,
    names: () => all.map((s) => s.name),
    stop() {
      unwatch();
      spy.mockRestore();
    },
  };
}
