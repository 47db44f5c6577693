// Rows of the history tables ⇄ the port's record types. Text columns holding closed sets
// (step codes, sources, actions, platforms) are trusted on the way out: only we write them.
import type {
  AssignmentRecord,
  AuditRecord,
  ChatPlatform,
  ChatRef,
  OutboxMessage,
  OutboxRecord,
  WorklogRecord,
} from '../src/app/ports.js';
import type { AssignmentAction, WorklogSource } from '../src/core/decision.js';
import type { StepCode } from '../src/core/types.js';
import type { AssignmentRow } from './incident-mapper.js';
import { assignments, auditEvents, type chatRefs, outbox, worklog } from './schema.js';
import { jsonRowWriter } from './sql-rows.js';

export const toAuditRecord = (r: typeof auditEvents.$inferSelect): AuditRecord => ({
  id: r.id,
  incidentId: r.incidentId,
  step: r.step as StepCode,
  action: r.action,
  actorId: r.actorId,
  actorName: r.actorName,
  at: r.at,
  payload: r.payload,
  ...(r.version === null ? {} : { version: r.version }),
});

export const toWorklogRecord = (r: typeof worklog.$inferSelect): WorklogRecord => ({
  id: r.id,
  incidentId: r.incidentId,
  step: r.step as StepCode,
  source: r.source as WorklogSource,
  authorId: r.authorId,
  authorName: r.authorName,
  at: r.at,
  text: r.text,
});

export const toAssignmentRecord = (r: AssignmentRow): AssignmentRecord => ({
  id: r.id,
  incidentId: r.incidentId,
  step: r.step as StepCode,
  team: r.team,
  action: r.action as AssignmentAction,
  actorId: r.actorId,
  actorName: r.actorName,
  at: r.at,
  reason: r.reason,
  suggestedTeam: r.suggestedTeam,
  suggestion: r.suggestion,
});

export const toOutboxRecord = (r: typeof outbox.$inferSelect): OutboxRecord => ({
  id: r.id,
  incidentId: r.incidentId,
  topic: r.topic,
  payload: r.payload,
  dedupeKey: r.dedupeKey,
  availableAt: r.availableAt,
  createdAt: r.createdAt,
  processedAt: r.processedAt,
  attempts: r.attempts,
  lastError: r.lastError,
});

export const toChatRef = (r: typeof chatRefs.$inferSelect): ChatRef => ({
  incidentId: r.incidentId,
  platform: r.platform as ChatPlatform,
  purpose: r.purpose,
  conversationId: r.conversationId,
  messageId: r.messageId,
  threadId: r.threadId,
  caption: r.caption ?? null,
});

// Records as rows for jsonb_populate_recordset (the one-statement write in unit-of-work.ts).
// Ids are bigserial; the outbox bookkeeping columns keep their defaults, as on enqueueOutbox.
export const auditJson = jsonRowWriter<Omit<AuditRecord, 'id'>>(auditEvents, ['id']);
export const worklogJson = jsonRowWriter<Omit<WorklogRecord, 'id'>>(worklog, ['id']);
export const assignmentJson = jsonRowWriter<Omit<AssignmentRecord, 'id'>>(assignments, ['id']);
export const outboxJson = jsonRowWriter<OutboxMessage>(outbox, [
  'id',
  'leasedUntil',
  'createdAt',
  'processedAt',
  'attempts',
  'lastError',
]);
