// What a reply in the thread of one of our messages means — one rule for every chat platform
// (issue 11, item 2). Under an advice request it is the asked team's answer (IM2.9, kept in the
// work log and relayed to the desk on every platform); from the reporter while the clock waits on
// them it is their answer (the clock resumes); from the reporter otherwise a note of theirs (kept,
// and shown to whoever holds the incident); from anyone else under an incident's card it is a work-log entry (IM2.9, IM2.12, IM3.1).
// Each becomes a command with its audit and outbox rows, idempotent under the platform's key.

import type { Command, WrittenIn } from '../core/commands.js';
import { DomainError } from '../core/errors.js';
import { partiesOf } from '../core/guards.js';
import type { Actor, Incident } from '../core/types.js';
import type { MessageKey } from '../i18n/index.js';
import { PURPOSE, purposeArg, purposeKind } from './card-places.js';
import type { ChatPlaces } from './chat-places.js';
import type { AuditRecord, ChatPlatform } from './ports.js';
import type { CommandResult, TriageService } from './triage-service.js';

export interface ThreadReply {
  platform: ChatPlatform;
  conversationId: string;
  /** The message replied to: Slack's thread_ts, the Teams root activity id. */
  threadRoot: string;
  actor: Actor;
  /** Already cleaned at the platform's edge. */
  text: string;
  /** The platform's id for this reply, so a redelivered reply is one entry. */
  idempotencyKey: string;
}

export type ThreadReplyMeaning = 'advice_answer' | 'reporter_answer' | 'reporter_note' | 'worklog';

export type ThreadReplyOutcome =
  /** Not under any message of ours: the platform treats it as ordinary chat. */
  | { kind: 'not_ours' }
  /** Under one of ours, but it asks nothing of the incident (a blank, someone in the reporter's DM). */
  | { kind: 'ignored' }
  | { kind: ThreadReplyMeaning; result: CommandResult };

export class ThreadReplies {
  constructor(
    private readonly places: ChatPlaces,
    private readonly service: TriageService,
  ) {}

  /** Throws what the command throws (domain errors for the person, outages). */
  async handle(reply: ThreadReply): Promise<ThreadReplyOutcome> {
    const card = await this.places.card(reply.platform, reply.conversationId, reply.threadRoot);
    if (!card) return { kind: 'not_ours' };
    const incident = await this.service.current(card.incidentId);
    const text = reply.text.trim();
    if (!incident || text === '') return { kind: 'ignored' };
    const meant = meaningOf(card.purpose, incident, reply.actor, text);
    if (!meant) return { kind: 'ignored' };
    const result = await this.service.execute(incident.id, meant.command, reply.actor, {
      idempotencyKey: reply.idempotencyKey,
    });
    return { kind: meant.kind, result };
  }

  /**
   * A plain message (not in a thread) in the reporter's direct chat with the bot while one of
   * their incidents waits on them: their answer to the question put to them. People answer where
   * they read the question, not in its thread, and Teams' personal chats have no threads at all.
   * With several waiting the bot does not guess: the message is kept (pending_answers, only for
   * its writer and the incidents offered) and they choose (`chooseAnswer`). With none it is
   * `not_ours`: the platform offers the report form as for any message (and beside the choice,
   * for a report meant as new; not beside a taken answer: offersReportForm).
   */
  async directAnswer(
    reply: Omit<ThreadReply, 'conversationId' | 'threadRoot'>,
  ): Promise<DirectAnswerOutcome> {
    const text = reply.text.trim();
    if (text === '') return { kind: 'not_ours' };
    const open = await this.service.reportedBy(reply.actor, { open: true, limit: 100 });
    const waiting = open.filter((i) => i.pauses.at(-1)?.to === null);
    const [only] = waiting;
    if (!only) return { kind: 'not_ours' };
    if (waiting.length > 1) return this.offerChoice(reply, waiting.slice(0, MAX_CHOICES), text);
    const command: Command = { type: 'reporter_replied', text };
    const result = await this.service.execute(only.id, command, reply.actor, {
      idempotencyKey: reply.idempotencyKey,
    });
    return { kind: 'reporter_answer', result };
  }

  /**
   * The reporter chose which incident their kept message answers: recorded as a direct answer
   * would be (the same command, authorised by the core, under the message's own idempotency key,
   * so one message is at most one answer). Only its writer may choose, only among the incidents
   * offered; a second or late click is told what became of it.
   */
  async chooseAnswer(choice: { actor: Actor; key: string; incidentId: string }): Promise<ChosenAnswer> {
    const storage = this.service.storage;
    const kept = await storage.findPendingAnswer(choice.key);
    if (!kept) return { kind: 'choice_gone' };
    if (kept.actorId !== choice.actor.id)
      throw new DomainError('forbidden', { action: 'reporter_replied', role: 'reporter' });
    if (kept.takenIncidentId) return this.alreadyTaken(kept.takenIncidentId);
    if (kept.expiresAt <= this.service.clock.now()) return { kind: 'choice_gone' };
    if (!kept.choices.includes(choice.incidentId))
      throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
    const command: Command = { type: 'reporter_replied', text: kept.text };
    const result = await this.service.execute(choice.incidentId, command, choice.actor, {
      idempotencyKey: kept.key,
    });
    await storage.markPendingAnswerTaken(kept.key, result.incident.id);
    // Two clicks at once: the second replays the first, which may have been another incident.
    if (result.incident.id !== choice.incidentId)
      return { kind: 'already_taken', number: result.incident.number };
    return { kind: 'reporter_answer', result };
  }

  private async offerChoice(
    reply: Omit<ThreadReply, 'conversationId' | 'threadRoot'>,
    waiting: readonly Incident[],
    text: string,
  ): Promise<DirectAnswerOutcome> {
    const storage = this.service.storage;
    const now = this.service.clock.now();
    await storage.keepPendingAnswer(
      {
        key: reply.idempotencyKey,
        actorId: reply.actor.id,
        text,
        choices: waiting.map((i) => i.id),
        expiresAt: new Date(now.getTime() + PENDING_ANSWER_MS),
        takenIncidentId: null,
      },
      now,
    );
    const choices = await Promise.all(
      waiting.map(async (i) => ({
        incidentId: i.id,
        number: i.number,
        title: i.title,
        question: questionOf(await storage.listAudit(i.id)),
      })),
    );
    return { kind: 'choose', key: reply.idempotencyKey, choices };
  }

  private async alreadyTaken(incidentId: string): Promise<ChosenAnswer> {
    const incident = await this.service.current(incidentId);
    return incident ? { kind: 'already_taken', number: incident.number } : { kind: 'choice_gone' };
  }
}

/** How long a kept message may still be chosen: after that the reporter writes again. */
export const PENDING_ANSWER_MS = 24 * 60 * 60 * 1000;
/** Choices offered at most (a chat message or card stays short); the newest reports first. */
const MAX_CHOICES = 10;

/** One incident waiting on the reporter, as offered to choose from. */
export interface AnswerChoice {
  incidentId: string;
  number: string;
  title: string;
  /** The question put to them last ('' if none was recorded). */
  question: string;
}

/**
 * Whether the report form is offered beside what became of a plain DM (every platform): not when
 * it was taken as the reporter's answer — it answered a question, it was no new report, and the
 * reply says so. With a choice still to make (or nothing waiting) it may be a new report: offered.
 */
export const offersReportForm = (outcome: DirectAnswerOutcome | null): boolean =>
  outcome?.kind !== 'reporter_answer';

export type DirectAnswerOutcome =
  | ThreadReplyOutcome
  /** Several incidents wait on them: the message is kept under `key` until they choose. */
  | { kind: 'choose'; key: string; choices: AnswerChoice[] };

export type ChosenAnswer =
  | { kind: 'reporter_answer'; result: CommandResult }
  /** This message was taken already, as the answer on `number` (a second click). */
  | { kind: 'already_taken'; number: string }
  /** Expired or unknown: nothing recorded, they write their answer again. */
  | { kind: 'choice_gone' };

/** What the reporter is told of their choice, on every platform. */
export function chosenAnswerText(outcome: ChosenAnswer): { key: MessageKey; params: Record<string, string> } {
  switch (outcome.kind) {
    case 'reporter_answer':
      return { key: 'reply.answer_taken', params: { number: outcome.result.incident.number } };
    case 'already_taken':
      return { key: 'reply.choice.taken_already', params: { number: outcome.number } };
    case 'choice_gone':
      return { key: 'reply.choice.gone', params: {} };
  }
}

/**
 * What the reporter is told once a command of theirs was taken as their answer, however it came —
 * a DM, the card's Reply form, a Teams card: the words the DM path says, on every platform (trial
 * 7k: the form's answer used to be met with silence). Null for any other command.
 */
export function answerTakenText(
  command: Command,
  result: CommandResult,
): { key: MessageKey; params: Record<string, string> } | null {
  if (command.type !== 'reporter_replied') return null;
  return { key: 'reply.answer_taken', params: { number: result.incident.number } };
}

/** The last question put to the reporter, from the audit trail. */
function questionOf(audit: readonly AuditRecord[]): string {
  const asked = audit.findLast((a) => a.action === 'waiting_for_reporter');
  const question = asked?.payload.question;
  return typeof question === 'string' ? question : '';
}

/** The rule itself, pure: which command a reply under a message with this purpose gives. */
export function meaningOf(
  purpose: string,
  incident: Incident,
  actor: Actor,
  text: string,
): { kind: ThreadReplyMeaning; command: Command } | null {
  if (purposeKind(purpose) === 'advice')
    return { kind: 'advice_answer', command: { type: 'answer_advice', team: purposeArg(purpose), text } };
  const parties = partiesOf(incident, actor);
  const onlyReporter = parties.has('reporter') && !parties.has('desk') && !parties.has('team');
  // In the reporter's own DM (their card, the question put to them) a reporter who is also on
  // the desk or a team speaks as the reporter: their answer must not be dropped for their role.
  const inReporterDm = purpose === PURPOSE.reporter || purpose === PURPOSE.question;
  if (onlyReporter || (inReporterDm && parties.has('reporter'))) {
    const waiting = incident.pauses.at(-1)?.to === null;
    // Written in the desk's or a team's thread: not relayed back into it (core/steps/waiting.ts).
    const writtenIn = writtenInOf(purpose);
    const where = writtenIn ? { writtenIn } : {};
    return waiting
      ? { kind: 'reporter_answer', command: { type: 'reporter_replied', text, ...where } }
      : { kind: 'reporter_note', command: { type: 'reporter_note', text, ...where } };
  }
  if (inReporterDm) return null; // the reporter's own DM: nobody else writes there
  return { kind: 'worklog', command: { type: 'add_worklog', text } };
}

/** The desk's or a team's card thread, as the core names where the reporter wrote. */
function writtenInOf(purpose: string): WrittenIn | null {
  if (purpose === PURPOSE.desk) return 'desk';
  if (purposeKind(purpose) === 'team_card') return `team:${purposeArg(purpose)}`;
  return null;
}
