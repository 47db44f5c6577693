// A reporter's plain message kept until they choose the incident it answers (schema.ts
// pendingAnswers; src/app/thread-replies.ts says when).
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { PendingAnswer } from '../src/app/ports.js';
import type { Database } from './connect.js';
import { pendingAnswers } from './schema.js';

/** Keeps it unless its key is known (a redelivered message); expired rows go on the way. */
export async function keepPendingAnswer(db: Database, answer: PendingAnswer, now: Date): Promise<void> {
  await db.orm.delete(pendingAnswers).where(lt(pendingAnswers.expiresAt, now));
  await db.orm
    .insert(pendingAnswers)
    .values({
      key: answer.key,
      actorId: answer.actorId,
      text: answer.text,
      choices: [...answer.choices],
      expiresAt: answer.expiresAt,
    })
    .onConflictDoNothing();
}

export async function findPendingAnswer(db: Database, key: string): Promise<PendingAnswer | null> {
  const [row] = await db.orm.select().from(pendingAnswers).where(eq(pendingAnswers.key, key));
  return row ? { ...row, choices: row.choices ?? [] } : null;
}

/** Marks it taken for `incidentId` and forgets its text (the work log has it); false if taken. */
export async function markPendingAnswerTaken(
  db: Database,
  key: string,
  incidentId: string,
): Promise<boolean> {
  const rows = await db.orm
    .update(pendingAnswers)
    .set({ text: '', takenIncidentId: incidentId })
    .where(and(eq(pendingAnswers.key, key), isNull(pendingAnswers.takenIncidentId)))
    .returning({ key: pendingAnswers.key });
  return rows.length > 0;
}
