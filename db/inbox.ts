// The inbox port (src/app/ports.ts InboxStore) over drizzle, for PostgreSQL and PGlite alike.
import { and, asc, eq, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { InboxEntry, InboxStore } from '../src/app/ports.js';
import type { Database } from './connect.js';
import { ACK_POOL_MAX } from './connect-postgres.js';
import { inbox } from './schema.js';

export function createInboxStore(db: Database): InboxStore {
  const { orm } = db;
  return {
    admit: batchedAdmit(db),
    async finish(platform, key, at) {
      await orm
        .update(inbox)
        .set({ doneAt: at, body: {} })
        .where(and(eq(inbox.platform, platform), eq(inbox.key, key)));
    },
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
          .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.key < b.key ? -1 : 1));
      }),
    async prune(before, limit) {
      const old = orm
        .select({ platform: inbox.platform, key: inbox.key })
        .from(inbox)
        .where(and(isNotNull(inbox.doneAt), lt(inbox.receivedAt, before)))
        .limit(limit);
      const rows = await orm
        .delete(inbox)
        .where(sql`(${inbox.platform}, ${inbox.key}) IN (${old})`)
        .returning({ key: inbox.key });
      return rows.length;
    },
  };
}

type Admission = Parameters<InboxStore['admit']>[0];

/**
 * Group commit for the acknowledgement path: the requests that arrive while the INSERTs are on
 * their way wait and go together in the next one (one round trip and one WAL flush for all of
 * them). One INSERT in flight per connection kept for acks: with one in all, a request arriving
 * just after an INSERT left waited for its whole round trip before its own began. Each key is
 * new for one claimant only (with two INSERTs racing, not necessarily the first to arrive).
 */
function batchedAdmit(db: Database, flushers = ACK_POOL_MAX): InboxStore['admit'] {
  type Waiter = { entry: Admission; resolve(fresh: boolean): void; reject(err: unknown): void };
  let queue: Waiter[] = [];
  let running = 0;
  const id = (platform: string, key: string) => `${platform}\u0000${key}`;
  const flush = async () => {
    running += 1;
    while (queue.length > 0) {
      const batch = queue.slice(0, 500);
      queue = queue.slice(batch.length);
      try {
        const rows = await db.ackOrm
          .insert(inbox)
          .values(batch.map((w) => w.entry))
          .onConflictDoNothing({ target: [inbox.platform, inbox.key] })
          .returning({ platform: inbox.platform, key: inbox.key });
        const fresh = new Set(rows.map((r) => id(r.platform, r.key)));
        for (const w of batch) w.resolve(fresh.delete(id(w.entry.platform, w.entry.key)));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    running -= 1;
  };
  return (entry) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({ entry, resolve, reject });
      if (running < flushers) void flush();
    });
}
