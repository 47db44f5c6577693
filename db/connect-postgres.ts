// The PostgreSQL side of openDatabase (connect.ts), imported only when DATABASE_URL is set.
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { BOT_SESSION, type Database } from './database.js';
import { heldIncidentsOf } from './held-incidents.js';
import { migrationsMessage, runMigrations } from './migrate.js';
import { postgresTarget } from './postgres-url.js';

const POOL_MAX = 10;
/** Connections transactions never hold: reads outside them (a card's knowledge-base lookups after
 *  its click committed) do not queue behind newer clicks' transactions (transaction-gate.ts). */
export const READ_RESERVE = 2;
/** Connections kept for the Slack/Teams acknowledgements' inbox INSERTs (db/inbox.ts). */
export const ACK_POOL_MAX = 2;

function postgresOptions(schema: string | null, log: (msg: string) => void) {
  return {
    onnotice: (n: postgres.Notice) => log(`postgres: ${n.message}`),
    // Reconnect waits (seconds) after the server went away: the driver's default grows to 20 s
    // with the pool-wide failure count, which left the bot refusing commands for up to 10 s after
    // PostgreSQL was back. Capped at 2 s; attempts are only made while queries wait.
    backoff: (attempt: number) => Math.min(0.1 * 2 ** attempt, 2),
    // public stays on the path so extensions installed there remain visible. JIT off: the bot's
    // statements are short; on the period report's aggregates JIT compilation cost 126–337 ms a
    // statement under load, more than it saved (docs/reports-speed.md). No parallel workers
    // either: the report issues its statements side by side already, and a Gather's start-up
    // and merge cost more than the month's scan it splits (docs/reports-speed.md).
    connection: {
      ...BOT_SESSION,
      ...(schema ? { search_path: `${schema},public` } : {}),
    },
  };
}

export async function openPostgres(databaseUrl: string, schema: string | null, log: (msg: string) => void) {
  const { url, options: target } = postgresTarget(databaseUrl);
  const options = { ...postgresOptions(schema, log), ...target };
  // One dedicated connection: the advisory lock and migrate() must share a session. Its NOTICEs
  // are drizzle's IF NOT EXISTS ('schema "drizzle" already exists, skipping') on every start.
  const migrationClient = postgres(url, { ...options, max: 1, onnotice: () => {} });
  let applied: number;
  try {
    applied = await runMigrations(
      { kind: 'postgres', orm: drizzlePostgres({ client: migrationClient }) },
      schema,
    );
  } finally {
    await migrationClient.end();
  }
  if (applied > 0) log(`database: ${migrationsMessage(applied)}`);
  // A connection lost (never one the pool ended itself: max_lifetime recycles each every 30–60
  // min) may mean a server that lost writes: the incidents held are forgotten (held-incidents.ts).
  let lost = () => {};
  const onclose = (_id: number, ended?: boolean) => {
    if (!ended) lost();
  };
  const client = postgres(url, { ...options, max: POOL_MAX, onclose });
  const ackClient = postgres(url, { ...options, max: ACK_POOL_MAX, onclose });
  log(`database: PostgreSQL${schema ? ` (schema ${schema})` : ''}`);
  const db: Database = {
    kind: 'postgres',
    orm: drizzlePostgres({ client }),
    ackOrm: drizzlePostgres({ client: ackClient }),
    transactionSlots: POOL_MAX - READ_RESERVE,
    migrationsApplied: applied,
    schema,
    // postgres.js keeps one connection of its own for LISTEN and listens again after a reconnect;
    // its `onlisten` runs each time the LISTEN succeeded.
    async listen(channel, told, listening) {
      const { unlisten } = await client.listen(channel, told, listening);
      return async () => {
        await unlisten();
      };
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), ackClient.end({ timeout: 5 })]);
    },
  };
  lost = () => heldIncidentsOf(db).clear();
  return db;
}
