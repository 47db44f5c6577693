// The loser of a race learns who won: "already done by X" when the winning change did what the
// loser asked for, else "out of date: X <did what> at <when>" in words. One rule for the use cases
// and every chat adapter.
//
// Which change is named (raceAnswer): audit records carry the incident version their change
// made, so the changes since the card's version are known. The answer names the first of them
// that moved the incident on (its state, step, assignment, priority…), not merely the last one
// on the trail: an assignment followed by a work-log note is told as the assignment, "and one more
// change followed" (Teams trial, 2026-12-07). Only the first is named: it is why the card's
// buttons no longer apply, and the card is refreshed with the answer, so where things stand
// now is shown beside it; naming the latest too made a second actor and time in one sentence.
import type { CommandType } from '../core/commands.js';
import { DomainError } from '../core/errors.js';
import { TIMER_ACTIONS } from '../core/steps/timers.js';
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

/**
 * The records of the most recent change on `audit` (a whole trail, or its recent tail; oldest
 * first), what a lost race names when the changes since the card cannot be told. A timer's ping
 * is passed over, as raceAnswer does (it keeps the version: it is no change a card lost to),
 * unless the trail holds nothing else. Knowledge records are skipped.
 *
 * A tail may begin partway through a change (recentChanges reads a fixed number of records), so
 * its first change may be partial; it is named only when no other change is on the tail, and
 * then nothing better is known.
 */
export function lastChangeOf(audit: readonly AuditRecord[]): AuditRecord[] {
  const changes = splitChanges(audit.filter(changedIncident));
  return changes.findLast((c) => !timerOnly(c)) ?? changes.at(-1) ?? [];
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
  const done = change.find((r) => r.action === DONE_AS[command]);
  return answer(done ?? mainRecord(change), done !== undefined, command, 0);
}

const MAIN: ReadonlySet<string> = new Set(Object.values(DONE_AS));

/**
 * The record that says what a change was: its last that is a command's own (an assignment writes
 * the desk's work-log note and "no solution found" before "assigned"; resolving what was accepted
 * writes "in scope" before "resolved"), else its first that is not minor, else its first.
 */
function mainRecord(change: readonly AuditRecord[]): AuditRecord | undefined {
  return (
    change.findLast((r) => MAIN.has(r.action) && !MINOR.has(r.action)) ??
    change.find((r) => !MINOR.has(r.action)) ??
    change[0]
  );
}

/** `shown` in words: done, or out of date with `later` changes after it (`more`, when any). */
function answer(
  shown: AuditRecord | undefined,
  done: boolean,
  command: CommandType,
  later: number,
): DomainError {
  const params = {
    by: shown?.actorName ?? '?',
    // The bot's stored name is English, and a raw chat id stored as a name means nothing:
    // errorMessage says both in the reader's language from the id.
    ...(shown ? { byId: shown.actorId } : {}),
    change: shown?.action ?? DONE_AS[command],
    at: shown?.at.toISOString() ?? '',
    ...(!done && later > 0 ? { more: later } : {}),
  };
  return new DomainError(done ? 'already_done' : 'stale_version', params);
}

/**
 * Changes that leave alone what a card's buttons depend on (state, step, assignment, priority,
 * pause, on-site tasks): notes and a rating, a description added to, advice asked and answered
 * (the incident stays where it is), deadlines recomputed by the bot, and a timer's ping (it keeps
 * the version). A stale card's answer names a change of anything else before any of these.
 */
const MINOR: ReadonlySet<string> = new Set([
  'worklog_added',
  'rated',
  'reporter_note_added',
  'description_supplemented',
  'advice_requested',
  'advice_answered',
  'deadlines_recomputed',
  ...TIMER_ACTIONS,
]);

const minor = (change: readonly AuditRecord[]): boolean => change.every((r) => MINOR.has(r.action));
const TIMER: ReadonlySet<string> = new Set(TIMER_ACTIONS);
const timerOnly = (change: readonly AuditRecord[]): boolean => change.every((r) => TIMER.has(r.action));

/**
 * The changes on `trail` (records oldest first: a whole trail, or its tail) since a card drawn at
 * version `seen`, each the records of one change (one version, actor and instant), oldest first.
 * Null when the trail cannot tell: a record from before versions were kept (migration 0024), or
 * the trail's start, comes before the change that made version `seen + 1` is reached (a tail read
 * may stop short). Knowledge records are skipped.
 */
export function changesSince(trail: readonly AuditRecord[], seen: number): AuditRecord[][] | null {
  let from = trail.length;
  let reached = false;
  for (; from > 0; from--) {
    const r = trail[from - 1] as AuditRecord;
    if (!changedIncident(r)) continue;
    if (r.version === undefined) break;
    if (r.version <= seen) {
      reached = true;
      break;
    }
  }
  const records = trail.slice(from).filter(changedIncident);
  if (!reached && records[0]?.version !== seen + 1) return null;
  return splitChanges(records);
}

/** `records` (oldest first) as changes: runs of one version, actor and instant. */
function splitChanges(records: readonly AuditRecord[]): AuditRecord[][] {
  const changes: AuditRecord[][] = [];
  for (const r of records) {
    const current = changes.at(-1);
    const head = current?.[0];
    const same =
      head !== undefined &&
      head.version === r.version &&
      head.actorId === r.actorId &&
      head.at.getTime() === r.at.getTime();
    if (current && same) current.push(r);
    else changes.push([r]);
  }
  return changes;
}

/**
 * The answer to a command that lost its race, from the incident's trail (or its recent tail) and
 * the version its card showed (`seen`; undefined: not known, as for a write that lost under the
 * lock). "Already done by X" when X's change since the card did exactly this and nothing that
 * mattered came after it. Otherwise "out of date", naming the first change since the card that
 * moved the incident on (or, when every one was minor, the first), and how many followed it.
 * When the trail cannot tell what came since the card (older records, a tail that stops short),
 * the last change is named, a timer's ping passed over (lastChangeOf).
 */
export function raceAnswer(
  trail: readonly AuditRecord[],
  seen: number | undefined,
  command: CommandType,
): DomainError {
  // A timer's ping keeps the version: no change the card lost to, nor one that followed.
  const since = seen === undefined ? null : changesSince(trail, seen)?.filter((c) => !timerOnly(c));
  if (!since || since.length === 0) return raceError(lastChangeOf(trail), command);
  for (let i = since.length - 1; i >= 0; i--) {
    const change = since[i] as AuditRecord[];
    const done = change.find((r) => r.action === DONE_AS[command]);
    if (done) return answer(done, true, command, 0);
    if (!minor(change)) break;
  }
  const first = Math.max(
    0,
    since.findIndex((c) => !minor(c)),
  );
  return answer(mainRecord(since[first] ?? []), false, command, since.length - 1 - first);
}

/**
 * stillCurrent for a card one version behind (`seen` = the incident's version − 1), judged on the
 * change that made the incident's version: a timer's ping after it keeps the version and is no
 * part of it. Records from before versions were kept: the last change, a ping passed over.
 */
export function stillCurrentSince(
  trail: readonly AuditRecord[],
  seen: number,
  actorId: string,
  command: CommandType,
): boolean {
  const since = changesSince(trail, seen)?.filter((c) => !timerOnly(c));
  const change = since?.length === 1 ? (since[0] as AuditRecord[]) : lastChangeOf(trail);
  return stillCurrent(change, actorId, command);
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

/**
 * How many versions behind a card may be and still be used after notes alone (cardStillUsable).
 * The changes since it must all be on the trail a click reads: a command's version check reads
 * the incident's last 64 records (UnitOfWork.recentChanges), and each note is one record, a
 * timer's ping another — 20 notes leave room for the pings between them, so the answer is decided
 * on a complete trail, not on a tail that stops short (which is refused anyway: changesSince).
 * Further behind, the card has stood unused through a day's notes and is refreshed with the
 * answer: the person looks again rather than acting on what they read that long ago.
 */
export const NOTES_BEHIND_MAX = 20;

/**
 * Whether a click on a card drawn at version `seen` goes ahead as on a current card, the incident
 * now at `current`. One version behind: after a note, or after the person's own other step
 * (stillCurrentSince). Up to NOTES_BEHIND_MAX behind: when every change since the card only added
 * notes (onlyNotes) or was a timer's ping (it keeps the version) — desks expect notes, however
 * many, not to stale their open card. Every version since must be accounted for by versioned
 * records (migration 0024); a trail that cannot tell (records without a version, a tail that stops
 * short) keeps the one-version rule. The core still checks that the person may.
 */
export function cardStillUsable(
  trail: readonly AuditRecord[],
  seen: number,
  current: number,
  actorId: string,
  command: CommandType,
): boolean {
  if (seen === current) return true;
  if (seen === current - 1 && stillCurrentSince(trail, seen, actorId, command)) return true;
  if (seen >= current || current - seen > NOTES_BEHIND_MAX) return false;
  const since = changesSince(trail, seen)?.filter((c) => !timerOnly(c));
  if (!since?.every(onlyNotes)) return false;
  // Each version since the card made by a note on the trail (none missing, none beyond).
  const versions = new Set(since.map((c) => c[0]?.version));
  for (let v = seen + 1; v <= current; v++) if (!versions.has(v)) return false;
  return versions.size === current - seen;
}
