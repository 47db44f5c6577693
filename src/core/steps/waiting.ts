// Waiting on the reporter: the spec pauses the deadline clock meanwhile.
import type { CommandOf } from '../commands.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { worklogStep } from '../rules.js';
import type { Actor } from '../types.js';

export const isPaused = (d: DecisionBuilder): boolean => d.incident.pauses.at(-1)?.to === null;

export function waitForReporter(d: DecisionBuilder, cmd: CommandOf<'wait_for_reporter'>): void {
  if (isPaused(d)) throw new DomainError('invalid_input', { field: 'pause', reason: 'already_paused' });
  const question = requireText(cmd.question, 'question');
  const step = worklogStep(d.incident.status);
  d.set({ pauses: [...d.incident.pauses, { from: d.now, to: null }] })
    .recomputeDeadlines()
    .event(step, 'waiting_for_reporter', { question })
    .note(step, d.incident.assignedTeam ? 'team' : 'desk', question)
    .effect({ type: 'notify_reporter', step, event: 'info_requested', detail: question });
}

export function reporterReplied(d: DecisionBuilder, cmd: CommandOf<'reporter_replied'>, actor: Actor): void {
  if (!isPaused(d)) throw new DomainError('invalid_input', { field: 'pause', reason: 'not_paused' });
  const text = requireText(cmd.text, 'text');
  const step = worklogStep(d.incident.status);
  endPause(d);
  d.event(step, 'reporter_replied', {}).note(
    step,
    actor.id === d.incident.reporterId ? 'reporter' : 'desk',
    text,
  );
  const team = d.incident.assignedTeam;
  if (team) d.effect({ type: 'relay_to_team', step, team, text });
}

/** Closes an open pause (on reply, resolution or cancellation) and recomputes deadlines. */
export function endPause(d: DecisionBuilder): void {
  if (!isPaused(d)) return;
  const pauses = d.incident.pauses.map((p) => (p.to === null ? { from: p.from, to: d.now } : p));
  d.set({ pauses }).recomputeDeadlines();
}
