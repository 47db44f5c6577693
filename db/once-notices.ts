// Notices sent at most once (schema.ts onceNotices): a claim, then the mark that it was sent.
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from './connect.js';
import { onceNotices } from './schema.js';

/**
 * True when this caller may send notice `key`: it was never sent, and nobody claimed it after
 * `staleBefore` (a claim left by a crash or a failed send is taken over once it is stale).
 */
export async function claimOnceNotice(db: Database, key: string, at: Date, staleBefore: Date) {
  const rows = await db.orm
    .insert(onceNotices)
    .values({ key, claimedAt: at })
    .onConflictDoUpdate({
      target: onceNotices.key,
      set: { claimedAt: sql`excluded.claimed_at` },
      where: and(isNull(onceNotices.sentAt), lt(onceNotices.claimedAt, staleBefore)),
    })
    .returning({ key: onceNotices.key });
  return rows.length > 0;
}

export async function markOnceNoticeSent(db: Database, key: string, at: Date): Promise<void> {
  await db.orm.update(onceNotices).set({ sentAt: at }).where(eq(onceNotices.key, key));
}
