// Which statements a piece of code ran, for tests that count or name them. The hot path's
// statements (db/sql-rows.ts preparedRows) are told by name through `watchStatements`, on both
// drivers; anything drizzle builds itself (query builder, `orm.execute`) goes through its session's
// prepareQuery, which is watched too, named '(drizzle)'. So a statement added or removed by either
// way shows.
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
type Recorder = (statement: WatchedStatement) => void;

/** Recorders of drizzle's own statements, by session class: the class's prepareQuery is wrapped
 *  once and stays wrapped (a watch a failed test never stopped then leaves nothing behind). */
const drizzleRecorders = new WeakMap<object, Set<Recorder>>();

function recordDrizzle(proto: { prepareQuery: PrepareQuery }, record: Recorder): () => void {
  let recorders = drizzleRecorders.get(proto);
  if (!recorders) {
    const all = new Set<Recorder>();
    recorders = all;
    drizzleRecorders.set(proto, all);
    const prepare = proto.prepareQuery;
    proto.prepareQuery = function (this: unknown, ...args: unknown[]) {
      // A name is preparedRows' on PGlite (already told); drizzle's own statements have none here.
      const [query, , name] = args as [{ sql: string; params: unknown[] }, unknown, string | undefined];
      if (name === undefined)
        for (const r of all) r({ name: '(drizzle)', text: query.sql, params: query.params });
      return prepare.apply(this, args);
    };
  }
  recorders.add(record);
  return () => {
    recorders.delete(record);
  };
}

export function watchStatementsOf(db: Database): Statements {
  const all: WatchedStatement[] = [];
  const record = (s: WatchedStatement) => {
    all.push(s);
  };
  const unwatch = watchStatements(record);
  // Transactions run on sessions of their own, of the pool session's class: watch the class.
  const unrecord = recordDrizzle(Object.getPrototypeOf(db.orm._.session), record);
  return {
    all,
    names: () => all.map((s) => s.name),
    stop() {
      unwatch();
      unrecord();
    },
  };
}
