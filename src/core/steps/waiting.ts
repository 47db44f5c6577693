// Waiting on the reporter: the spec pauses the deadline clock meanwhile.
import type { CommandOf, WrittenIn } from '../commands.js';
import type { Asker } from '../decision.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { partiesOf } from '../guards.js';
import { worklogStep } from '../rules.js';
import type { Actor, StepCode } from '../types.js';

/** The deadlines as a pause or its end left them: the incident history shows how they moved. */
export const deadlinesNow = (d: DecisionBuilder) => ({
  respondBy: d.incident.respondBy?.toISOString() ?? null,
  resolveBy: d.incident.resolveBy?.toISOString() ?? null,
});

export const isPaused = (d: DecisionBuilder): boolean => d.incident.pauses.at(-1)?.to === null;

export function waitForReporter(d: DecisionBuilder, cmd: CommandOf<'wait_for_reporter'>, actor: Actor): void {
  if (isPaused(d)) throw new DomainError('invalid_input', { field: 'pause', reason: 'already_paused' });
  const question = requireText(cmd.question, 'question');
  const step = worklogStep(d.incident.status);
  const asker = askerOf(d, actor);
  d.set({ pauses: [...d.incident.pauses, { from: d.now, to: null, askedBy: asker }] })
    .recomputeDeadlines()
    .event(step, 'waiting_for_reporter', { question, asker, ...deadlinesNow(d) })
    .note(step, asker, question)
    .effect({ type: 'notify_reporter', step, event: 'info_requested', detail: question, asker });
}

/** The team holding the incident asks when the asker is one of it; otherwise the desk does (at
 *  IM2.5 no team holds it; a desk agent may ask while a team does). */
function askerOf(d: DecisionBuilder, actor: Actor): Asker {
  return partiesOf(d.incident, actor).has('team') ? 'team' : 'desk';
}

export function reporterReplied(d: DecisionBuilder, cmd: CommandOf<'reporter_replied'>, actor: Actor): void {
  if (!isPaused(d)) throw new DomainError('invalid_input', { field: 'pause', reason: 'not_paused' });
  const text = requireText(cmd.text, 'text');
  const step = worklogStep(d.incident.status);
  const askedBy = d.incident.pauses.at(-1)?.askedBy;
  endPause(d);
  d.event(step, 'reporter_replied', deadlinesNow(d)).note(
    step,
    actor.id === d.incident.reporterId ? 'reporter' : 'desk',
    text,
  );
  if (actor.id === d.incident.reporterId) {
    relayFromReporter(d, step, text, cmd.writtenIn);
    // The desk asked while a team holds it: the desk hears the answer too (Teams trial).
    if (askedBy === 'desk' && d.incident.assignedTeam && cmd.writtenIn !== 'desk')
      d.effect({ type: 'relay_to_desk', step, text, from: 'reporter' });
  } else if (d.incident.assignedTeam)
    d.effect({ type: 'relay_to_team', step, team: d.incident.assignedTeam, text });
}

/** Something the reporter adds unasked: kept in the work log, and shown to whoever holds it. */
export function reporterNote(d: DecisionBuilder, cmd: CommandOf<'reporter_note'>): void {
  const text = requireText(cmd.text, 'text');
  const step = worklogStep(d.incident.status);
  d.note(step, 'reporter', text).event(step, 'reporter_note_added', {});
  relayFromReporter(d, step, text, cmd.writtenIn);
}

/**
 * The team holding the incident hears the reporter in its thread; otherwise the desk does —
 * unless the reporter wrote in that very thread: its readers saw the words there, and a relay
 * would only post them again under them (Slack trial 7a).
 */
function relayFromReporter(d: DecisionBuilder, step: StepCode, text: string, writtenIn?: WrittenIn): void {
  const team = d.incident.assignedTeam;
  if (team) {
    if (writtenIn !== `team:${team}`) d.effect({ type: 'relay_to_team', step, team, text, from: 'reporter' });
  } else if (writtenIn !== 'desk') d.effect({ type: 'relay_to_desk', step, text, from: 'reporter' });
}

/** Closes an open pause (on reply, resolution or cancellation) and recomputes deadlines. */
export function endPause(d: DecisionBuilder): void {
  if (!isPaused(d)) return;
  const pauses = d.incident.pauses.map((p) => (p.to === null ? { from: p.from, to: d.now } : p));
  d.set({ pauses }).recomputeDeadlines();
}
