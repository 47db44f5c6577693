// IM4.1 resolution and recovery, then IM5.1 closure: reporter confirmation, closure code,
// reopen, cancel. The seed stops at IM2; a real desk needs these to finish an incident.
import type { CommandOf } from '../commands.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { closeWithoutReporterAt, mayCloseNow } from '../guards.js';
import type { Actor, ResolutionCode } from '../types.js';
import { cancelOpenTasks } from './onsite.js';
import { endPause } from './waiting.js';

interface ResolutionInput {
  code: ResolutionCode;
  solution: string;
  tested: boolean;
  matchRef: string | null;
}

/** IM4.1: the incident is resolved; the reporter is asked to confirm. */
export function resolveWith(d: DecisionBuilder, actor: Actor, input: ResolutionInput): void {
  const solution = requireText(input.solution, 'solution');
  endPause(d);
  d.set({
    status: 'resolved',
    resolution: {
      code: input.code,
      solution,
      tested: input.tested,
      by: actor.id,
      at: d.now,
      matchRef: input.matchRef,
      savedAs: null,
    },
  })
    .markResponded()
    .event('IM4.1', 'resolved', {
      code: input.code,
      solution,
      tested: input.tested,
      matchRef: input.matchRef,
    })
    .effect({ type: 'notify_reporter', step: 'IM4.1', event: 'resolved' });
  cancelOpenTasks(d);
}

/** IM2.10 found (desk) or IM3.1 done (second line) → IM4.1. */
export function resolve(d: DecisionBuilder, cmd: CommandOf<'resolve'>, actor: Actor): void {
  // A team that resolves what it accepted has decided it is theirs: IM2.13 and IM3.1 on the trail,
  // in the seed's order, as if it had said "in scope" first.
  if (d.incident.status === 'accepted')
    d.event('IM2.13', 'in_scope', { team: d.incident.assignedTeam }).event(
      'IM3.1',
      'investigation_started',
      {},
    );
  const step = d.incident.status === 'attempting' ? 'IM2.10' : 'IM3.1';
  d.event(step, step === 'IM2.10' ? 'solution_found' : 'diagnosed', { tested: cmd.tested });
  resolveWith(d, actor, { code: cmd.code, solution: cmd.solution, tested: cmd.tested, matchRef: null });
}

export function confirm(d: DecisionBuilder): void {
  d.set({ reporterConfirmedAt: d.now })
    .event('IM5.1', 'reporter_confirmed', {})
    .effect({ type: 'notify_reporter', step: 'IM5.1', event: 'confirmed' });
}

/** "Still broken": back to whoever held it, resolution cleared; the clocks keep running. */
export function reopen(d: DecisionBuilder, cmd: CommandOf<'reopen'>): void {
  const reason = requireText(cmd.reason, 'reason');
  const team = d.incident.acceptedBy !== null ? d.incident.assignedTeam : null;
  d.set({
    status: team ? 'investigating' : 'attempting',
    resolution: null,
    reporterConfirmedAt: null,
    reopenCount: d.incident.reopenCount + 1,
  })
    .event('IM5.1', 'reopened', { reason, backTo: team ?? 'desk' })
    .note('IM5.1', 'reporter', reason)
    .effect({ type: 'notify_reporter', step: 'IM5.1', event: 'reopened' })
    // The desk reads why on its card's thread, whoever takes it up again.
    .effect({ type: 'relay_to_desk', step: 'IM5.1', text: reason, from: 'reopen' });
  // The holding team reads it as the reporter's reopen too, not as the desk's words.
  if (team) d.effect({ type: 'relay_to_team', step: 'IM5.1', team, text: reason, from: 'reopen' });
}

/** Only the desk closes: after the reporter confirms, or after the configured silence. */
export function close(d: DecisionBuilder, cmd: CommandOf<'close'>, actor: Actor): void {
  const resolution = d.incident.resolution;
  if (!resolution) throw new DomainError('wrong_state', { action: 'close', status: d.incident.status });
  if (!mayCloseNow(d.incident, d.cfg, d.now)) {
    // A stale card's Close: say to wait for the reporter, and from when it may close without them.
    const until = closeWithoutReporterAt(d.incident, d.cfg, d.now);
    throw new DomainError('invalid_input', {
      field: 'confirmation',
      reason: 'not_confirmed',
      ...(until ? { until: until.toISOString() } : {}),
    });
  }
  const code = cmd.code ?? resolution.code;
  d.set({ status: 'closed', closureCode: code, closedAt: d.now, closedBy: actor.id })
    .event('IM5.1', 'closed', { code, confirmedByReporter: d.incident.reporterConfirmedAt !== null })
    .effect({ type: 'notify_reporter', step: 'IM5.1', event: 'closed' });
}

/** Withdrawn by the reporter (cancelled) or closed by the desk as a duplicate. */
export function cancel(d: DecisionBuilder, cmd: CommandOf<'cancel'>, actor: Actor): void {
  const reason = requireText(cmd.reason, 'reason');
  const duplicateOf = cmd.duplicateOf?.trim() || null;
  const code = duplicateOf ? 'duplicate' : 'cancelled';
  endPause(d);
  cancelOpenTasks(d);
  const byReporter = actor.id === d.incident.reporterId;
  d.set({ status: 'cancelled', closureCode: code, closedAt: d.now, closedBy: actor.id, duplicateOf })
    .event('IM5.1', 'cancelled', { code, reason, duplicateOf })
    .note('IM5.1', byReporter ? 'reporter' : 'desk', reason)
    // The reason is the reporter's to read (the history gives it to them too); the cancel form
    // says so to the desk.
    .effect({ type: 'notify_reporter', step: 'IM5.1', event: 'cancelled', detail: reason });
  // The desk holds the incident's thread: a withdrawal it did not do is said there, with why.
  if (byReporter) d.effect({ type: 'relay_to_desk', step: 'IM5.1', text: reason, from: 'withdrawn' });
}
