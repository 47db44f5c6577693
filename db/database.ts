// What openDatabase (connect.ts) returns and the session settings of every bot connection, apart
// from connect.ts so that each driver's half (connect-postgres.ts, connect-pglite.ts), which
// connect.ts imports on demand, does not import connect.ts back.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** What repositories run queries on: the pool, or a transaction (same API). */
export type Orm = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly orm: Orm;
  /** A few connections of their own for storing requests before they are acknowledged (the
   *  inbox), so that an ack never queues behind the commands holding the main pool. */
  readonly ackOrm: Orm;
  /** How many of the main pool's connections transactions may hold at once (transaction-gate.ts);
   *  the rest stay free for reads. Absent: no limit (PGlite is one connection anyway). */
  readonly transactionSlots?: number;
  /** How many migrations opening it applied (0: it was up to date). */
  readonly migrationsApplied?: number;
  /** Schema holding our tables when isolated (tests); null for the default search_path. */
  readonly schema: string | null;
  /** LISTEN on a channel of this database (PostgreSQL only): `told` gets each NOTIFY's payload,
   *  again after a reconnect; `listening` is called each time the LISTEN is in place (at first
   *  and after each reconnect: what was notified meanwhile was lost). The returned function
   *  stops listening. */
  readonly listen?: (
    channel: string,
    told: (payload: string) => void,
    listening?: () => void,
  ) => Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The session settings every bot connection gets (the reports bench explains with them too). */
export const BOT_SESSION = { jit: 'off', max_parallel_workers_per_gather: '0' } as const;
