// What a reply in the thread of one of our messages means — one rule for every chat platform
// (issue 11, item 2). Under an advice request it is the asked team's answer (IM2.9, kept in the
// work log and relayed to the desk on every platform); from the reporter while the clock waits on
// them it is their answer (the clock resumes); from the reporter otherwise a note of theirs (kept,
// and shown to whoever holds the incident); from anyone else under an incident's card it is a work-log entry (IM2.9, IM2.12, IM3.1).
// Each becomes a command with its audit and outbox rows, idempotent under the platform's key.

import type { Command } from '../core/commands.js';
import { partiesOf } from '../core/guards.js';
import type { Actor, Incident } from '../core/types.js';
import { PURPOSE, purposeArg, purposeKind } from './card-places.js';
import type { ChatPlaces } from './chat-places.js';
import type { ChatPlatform } from './ports.js';
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
   * A plain message (not in a thread) in the reporter's direct chat with the bot while exactly
   * one of their incidents waits on them: their answer to the question put to them. People
   * answer where they read the question, not in its thread, and Teams' personal chats have no
   * threads at all. With none or several waiting it is `not_ours`: the platform offers the report
   * form as for any message (it also does so beside the answer, for a report meant as new).
   */
  async directAnswer(reply: Omit<ThreadReply, 'conversationId' | 'threadRoot'>): Promise<ThreadReplyOutcome> {
    const text = reply.text.trim();
    if (text === '') return { kind: 'not_ours' };
    const open = await this.service.reportedBy(reply.actor, { open: true, limit: 100 });
    const waiting = open.filter((i) => i.pauses.at(-1)?.to === null);
    const [only] = waiting;
    if (waiting.length !== 1 || !only) return { kind: 'not_ours' };
    const command: Command = { type: 'reporter_replied', text };
    const result = await this.service.execute(only.id, command, reply.actor, {
      idempotencyKey: reply.idempotencyKey,
    });
    return { kind: 'reporter_answer', result };
  }
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
    return waiting
      ? { kind: 'reporter_answer', command: { type: 'reporter_replied', text } }
      : { kind: 'reporter_note', command: { type: 'reporter_note', text } };
  }
  if (inReporterDm) return null; // the reporter's own DM: nobody else writes there
  return { kind: 'worklog', command: { type: 'add_worklog', text } };
}
