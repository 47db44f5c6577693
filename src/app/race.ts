// The loser of a race learns who won: "already done by X" when the winning change did what the
// loser asked for, else "out of date: X <did what> at <when>" in words. One rule for the use cases
// and every chat adapter.
import type { CommandType } from '../core/commands.js';
import { DomainError } from '../core/errors.js';
import type { AuditRecord } from './ports.js';

/**
 * Audit records the knowledge base writes (IM2.7 searches, IM2.8 "didn't help", saving a
 * resolution as knowledge) leave the incident and its version as they were, so they are never
 * "the change" a stale click lost to.
 */
export const AUDIT_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'matches_found',
  'no_good_match',
  'match_not_helpful',
  'saved_as_knowledge',
  'knowledge_published',
  'knowledge_retired',
]);

export const changedIncident = (r: Pick<AuditRecord, 'action'>): boolean => !AUDIT_ONLY_ACTIONS.has(r.action);

/**
 * A command's last write (UnitOfWork.writeChangeAndCommit) found its incident at another version:
 * nothing of the command was written. Callers answer it as any lost race (raceError).
 */
export class VersionConflict extends Error {
  constructor(cause?: unknown) {
    super('the incident changed before the command was written', { cause });
    this.name = 'VersionConflict';
  }
}

/** The records of the most recent change in a full trail: same actor, same instant. */
export function lastChangeOf(audit: readonly AuditRecord[]): AuditRecord[] {
  const changes = audit.filter(changedIncident);
  const last = changes.at(-1);
  if (!last) return [];
  return changes.filter((r) => r.actorId === last.actorId && r.at.getTime() === last.at.getTime());
}

/** What each command leaves on the audit trail when it is done: "the same thing" for a race. */
const DONE_AS: Readonly<Record<CommandType, string>> = {
  classify: 'classified',
  prioritise: 'prioritised',
  decide_onsite: 'onsite_decided',
  dispatch_onsite: 'onsite_dispatched',
  acknowledge_onsite: 'onsite_acknowledged',
  onsite_feedback: 'onsite_feedback',
  cancel_onsite: 'onsite_cancelled',
  reschedule_onsite: 'onsite_rescheduled',
  apply_match: 'ready_solution',
  no_match: 'no_ready_solution',
  add_worklog: 'worklog_added',
  supplement_description: 'description_supplemented',
  ask_advice: 'advice_requested',
  answer_advice: 'advice_answered',
  reporter_note: 'reporter_note_added',
  resolve: 'resolved',
  assign: 'assigned',
  accept: 'accepted',
  decline: 'declined',
  in_scope: 'in_scope',
  confirm: 'reporter_confirmed',
  reopen: 'reopened',
  close: 'closed',
  cancel: 'cancelled',
  wait_for_reporter: 'waiting_for_reporter',
  reporter_replied: 'reporter_replied',
  rate: 'rated',
};

/**
 * `already_done` only when the winner did exactly this (the desk's Close losing to the
 * reporter's Fixed is not "already done by" whoever confirmed); otherwise `stale_version`,
 * whose `change` parameter is the winner's main audit action, put into words by the catalogs.
 */
export function raceError(change: readonly AuditRecord[], command: CommandType): DomainError {
  const first = change[0];
  const done = change.find((r) => r.action === DONE_AS[command]);
  const shown = done ?? first;
  const params = {
    by: shown?.actorName ?? '?',
    // The bot's stored name is English, and a raw chat id stored as a name means nothing:
    // errorMessage says both in the reader's language from the id.
    ...(shown ? { byId: shown.actorId } : {}),
    change: shown?.action ?? DONE_AS[command],
    at: shown?.at.toISOString() ?? '',
  };
  return new DomainError(done ? 'already_done' : 'stale_version', params);
}

/** Changes that leave everything a card asks about as it was: a work-log note, the reporter's
 *  satisfaction rating (the desk's Close must not go "out of date" because the reporter rated). */
const NOTE_LIKE: ReadonlySet<string> = new Set(['worklog_added', 'rated']);

/**
 * A card may still be used after a change that only added to the work log: a note changes
 * nothing the card asks about (an agent's own note must not make their next click "out of date").
 */
export const onlyNotes = (change: readonly AuditRecord[]): boolean =>
  change.length > 0 && change.every((r) => NOTE_LIKE.has(r.action));

/**
 * The one change since the card was drawn is the person's own, and it was not this command: two
 * quick clicks in a row (classify, then prioritise) are both meant, so the second goes ahead —
 * the core still checks that it may. The same command twice stays a double click.
 */
export const ownOtherChange = (
  change: readonly AuditRecord[],
  actorId: string,
  command: CommandType,
): boolean =>
  change.length > 0 &&
  change.every((r) => r.actorId === actorId) &&
  !change.some((r) => r.action === DONE_AS[command]);

/** A card one version behind is still good after a note, or after the person's own other step. */
export const stillCurrent = (
  change: readonly AuditRecord[],
  actorId: string,
  command: CommandType,
): boolean => onlyNotes(change) || ownOtherChange(change, actorId, command);
