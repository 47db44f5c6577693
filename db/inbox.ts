// The inbox port (src/app/ports.ts InboxStore) over drizzle, for PostgreSQL and PGlite alike.
import { and, asc, eq, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { ChatPlatform, InboxEntry, InboxStore } from '../src/app/ports.js';
import type { Database } from './connect.js';
import { ACK_POOL_MAX } from './connect-postgres.js';
import { groupCommit } from './group-commit.js';
import { inbox, pendingAnswers } from './schema.js';
import { preparedRows } from './sql-rows.js';

export function createInboxStore(db: Database): InboxStore {
  const { orm } = db;
  const listen = db.listen;
  return {
    admit: batchedAdmit(db),
    finish: batchedFinish(db),
    handsOff: listen !== undefined,
    async follow(platform, told, listening) {
      if (!listen) throw new Error('inbox: this database cannot tell other processes (no LISTEN)');
      return listen(channelOf(db, platform), told, listening);
    },
    claimHandedOff: (claim) => claimHandedOff(db, claim),
    claimWaiting: (claim) => claimWaiting(db, claim),
    claimStale: (claim) =>
      orm.transaction(async (tx) => {
        const due = await tx
          .select({ key: inbox.key })
          .from(inbox)
          .where(
            and(
              eq(inbox.platform, claim.platform),
              sql`${inbox.doneAt} IS NULL`,
              lt(inbox.leaseUntil, claim.now),
              lt(inbox.attempts, claim.maxAttempts),
              claim.skip.length > 0 ? notInArray(inbox.key, [...claim.skip]) : undefined,
            ),
          )
          .orderBy(asc(inbox.receivedAt), asc(inbox.key)) // a batch shares one timestamp
          .limit(claim.limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        const rows = await tx
          .update(inbox)
          .set({ leaseUntil: claim.leaseUntil, attempts: sql`${inbox.attempts} + 1` })
          .where(
            and(
              eq(inbox.platform, claim.platform),
              inArray(
                inbox.key,
                due.map((d) => d.key),
              ),
            ),
          )
          .returning();
        return rows
          .map(
            (r): InboxEntry => ({
              platform: claim.platform,
              key: r.key,
              body: r.body,
              receivedAt: r.receivedAt,
              attempts: r.attempts,
            }),
          )
          .sort(oldestFirst);
      }),
    async prune(before, limit) {
      const old = orm
        .select({ platform: inbox.platform, key: inbox.key })
        .from(inbox)
        .where(and(isNotNull(inbox.doneAt), lt(inbox.doneAt, before)))
        .limit(limit);
      const rows = await orm
        .delete(inbox)
        .where(sql`(${inbox.platform}, ${inbox.key}) IN (${old})`)
        .returning({ key: inbox.key });
      // A reporter's words kept for a choice nobody made go when the choice expires, not only
      // when someone's next message is kept (db/pending-answers.ts).
      await orm.delete(pendingAnswers).where(lt(pendingAnswers.expiresAt, sql`now()`));
      return rows.length;
    },
  };
}

/** The NOTIFY channel of one platform's hand-offs; per schema, so that databases' tests sharing
 *  a server (a schema each) do not hear each other. */
function channelOf(db: Database, platform: string): string {
  return `inbox_${platform}${db.schema ? `_${db.schema}` : ''}`.slice(0, 63);
}

type HandedOffClaim = Parameters<InboxStore['claimHandedOff']>[0];
type WaitingClaim = Parameters<InboxStore['claimWaiting']>[0];
type ClaimedRow = { key: string; body: string; received_at: Date | string; attempts: number };

/** `attempts = 0`: whoever claims a row first (a follower, or a sweep after the lease) counts an
 *  attempt, so a second follower told the same key finds nothing to claim. */
async function claimHandedOff(db: Database, claim: HandedOffClaim): Promise<InboxEntry[]> {
  if (claim.keys.length === 0) return [];
  const params = [claim.platform, [...claim.keys], claim.leaseUntil.toISOString()];
  return entries(
    claim.platform,
    await preparedRows<ClaimedRow>(db.orm, 'inbox_claim_told', CLAIM_TOLD, params),
  );
}

/** The catch-up of a follower that starts (or listens again): the oldest handed-off rows nobody
 *  claimed, so what was told while it did not listen runs now rather than after the lease. */
async function claimWaiting(db: Database, claim: WaitingClaim): Promise<InboxEntry[]> {
  const params = [claim.platform, claim.limit, claim.leaseUntil.toISOString()];
  return entries(
    claim.platform,
    await preparedRows<ClaimedRow>(db.orm, 'inbox_claim_waiting', CLAIM_WAITING, params),
  );
}

const entries = (platform: ChatPlatform, rows: ClaimedRow[]): InboxEntry[] =>
  rows
    .map(
      (r): InboxEntry => ({
        platform,
        key: r.key,
        body: JSON.parse(r.body),
        receivedAt: new Date(r.received_at),
        attempts: r.attempts,
      }),
    )
    .sort(oldestFirst);

/** Claimed rows in the order they were received (a batch shares one timestamp: then by key). */
const oldestFirst = (a: InboxEntry, b: InboxEntry) =>
  a.receivedAt.getTime() - b.receivedAt.getTime() || (a.key < b.key ? -1 : 1);

/**
 * Both claims are fixed texts (prepared once per connection, sql-rows.ts): they run per batch on
 * the worker's hot path. The rows are locked FOR UPDATE SKIP LOCKED and re-checked at the lock
 * (`attempts = 0` again after a concurrent claim committed), so two followers never get one row.
 * The body travels as text, parsed here: both drivers then return the same thing.
 */
const CLAIMED = `
  UPDATE inbox i SET lease_until = $3::timestamptz, attempts = i.attempts + 1
  FROM unclaimed u WHERE i.platform = u.platform AND i.key = u.key
  RETURNING i.key, i.body::text AS body, i.received_at, i.attempts`;

const CLAIM_TOLD = `
  WITH unclaimed AS (
    SELECT platform, key FROM inbox
    WHERE platform = $1::text AND key = ANY($2::text[])
      AND handed_off AND done_at IS NULL AND attempts = 0
    FOR UPDATE SKIP LOCKED
  )${CLAIMED}`;

/** Its WHERE is inbox_handed_off_idx's predicate, so even a generic plan reads only that index. */
const CLAIM_WAITING = `
  WITH unclaimed AS (
    SELECT platform, key FROM inbox
    WHERE platform = $1::text AND handed_off AND done_at IS NULL AND attempts = 0
    ORDER BY received_at, key
    LIMIT $2::int
    FOR UPDATE SKIP LOCKED
  )${CLAIMED}`;

type Admission = Parameters<InboxStore['admit']>[0];
type Finish = { platform: string; key: string; at: Date };

/**
 * The acknowledgement path's INSERT, grouped: one INSERT in flight per connection kept for acks
 * (with one in all, a request arriving just after an INSERT left waited for its whole round trip
 * before its own began). An idle connection's INSERT leaves at the end of the event loop's turn
 * with every request that turn read (`gather`): under load requests come in bursts (a batch's
 * answers free the client's connections together), and each burst's first two requests used to
 * leave alone, one per connection — an INSERT under 16 KiB is written at the turn's end anyway
 * (postgres.js) — while the rest of the burst waited for one of those round trips (docs/slack.md,
 * h/slacktail). Each key is new for one claimant only (with two INSERTs racing, not
 * necessarily the first to arrive). A row handed off gets its NOTIFY from the same statement, so
 * the notification leaves at the commit, never before the row is there.
 */
function batchedAdmit(db: Database): InboxStore['admit'] {
  const id = (platform: string, key: string) => `${platform}\u0000${key}`;
  return groupCommit<Admission, boolean>(
    async (batch) => {
      const rows = batch.map((e) => ({
        platform: e.platform,
        key: e.key,
        body: e.body,
        lease_until: e.leaseUntil.toISOString(),
        received_at: e.receivedAt?.toISOString() ?? null,
        channel: e.handOff ? channelOf(db, e.platform) : null,
      }));
      const stored = await preparedRows<{ platform: string; key: string }>(db.ackOrm, 'inbox_admit', ADMIT, [
        JSON.stringify(rows),
      ]);
      const fresh = new Set(stored.map((r) => id(r.platform, r.key)));
      return batch.map((entry) => fresh.delete(id(entry.platform, entry.key)));
    },
    ACK_POOL_MAX,
    500,
    setImmediate,
  );
}

/**
 * One text whatever the batch (the rows travel as one JSON array), so the statement stays
 * prepared on each ack connection: one round trip and no SQL building per batch (sql-rows.ts).
 * A key twice in one batch is inserted once (DO NOTHING skips the second).
 */
const ADMIT = `
  WITH batch AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS b (platform text, key text, body jsonb, lease_until timestamptz, received_at timestamptz,
            channel text)
  ), fresh AS (
    INSERT INTO inbox (platform, key, body, lease_until, received_at, handed_off)
    SELECT platform, key, body, lease_until, coalesce(received_at, now()), channel IS NOT NULL FROM batch
    ON CONFLICT (platform, key) DO NOTHING
    RETURNING platform, key
  )
  SELECT f.platform, f.key,
    (SELECT pg_notify(b.channel, f.key) FROM batch b
      WHERE b.platform = f.platform AND b.key = f.key AND b.channel IS NOT NULL LIMIT 1) AS told
  FROM fresh f`;

/**
 * Marking done, grouped, one UPDATE in flight: nobody waits on it (the request was answered and
 * processed), and a row marked a little later is only replayed if the process dies meanwhile —
 * which its idempotency key makes harmless, as for a crash just before the mark.
 */
function batchedFinish(db: Database): InboxStore['finish'] {
  const mark = groupCommit<Finish, void>(async (batch) => {
    // One done_at for the batch, its latest: only pruning reads it, so ms apart do not matter.
    const at = batch.reduce((latest, f) => (f.at > latest ? f.at : latest), batch[0]?.at ?? new Date());
    const keys = batch.map((f) => sql`(${f.platform}, ${f.key})`);
    await db.orm
      .update(inbox)
      .set({ doneAt: at, body: {} })
      .where(sql`(${inbox.platform}, ${inbox.key}) IN (${sql.join(keys, sql`, `)})`);
    return batch.map(() => undefined);
  }, 1);
  return (platform, key, at) => mark({ platform, key, at });
}
