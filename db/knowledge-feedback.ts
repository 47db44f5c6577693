// IM2.8 outcomes: a row per "applied" / "didn't help", the entry's ranking counters, and the
// caller's audit events, in one transaction. With an idempotency key, the key is taken in the
// same transaction: a redelivered or replayed click writes nothing (issue 11, one mechanism).
import { eq, sql } from 'drizzle-orm';
import type { AuditRecord, MatchFeedback } from '../src/app/ports.js';
import { DomainError } from '../src/core/errors.js';
import type { Orm } from './connect.js';
import { appendAudit } from './knowledge-store.js';
import { idempotencyKeys, knowledgeEntries, knowledgeFeedback } from './schema.js';

export async function recordFeedback(
  tx: Orm,
  feedback: MatchFeedback,
  audit: readonly Omit<AuditRecord, 'id'>[],
  idempotencyKey?: string,
): Promise<boolean> {
  if (idempotencyKey) {
    // A holder of the same key in flight makes this wait; once it commits, nothing is inserted.
    const taken = await tx
      .insert(idempotencyKeys)
      .values({ key: idempotencyKey, incidentId: feedback.incidentId, result: { ref: feedback.ref } })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (taken.length === 0) return false;
  }
  const counter = feedback.helped ? knowledgeEntries.helped : knowledgeEntries.notHelped;
  const [entry] = await tx
    .update(knowledgeEntries)
    .set(feedback.helped ? { helped: sql`${counter} + 1` } : { notHelped: sql`${counter} + 1` })
    .where(eq(knowledgeEntries.ref, feedback.ref))
    .returning({ id: knowledgeEntries.id });
  if (!entry) throw new DomainError('not_found', { what: 'knowledge_entry', value: feedback.ref });
  await tx.insert(knowledgeFeedback).values({
    entryId: entry.id,
    incidentId: feedback.incidentId,
    helped: feedback.helped,
    actorId: feedback.actorId,
    at: feedback.at,
  });
  await appendAudit(tx, audit);
  return true;
}
