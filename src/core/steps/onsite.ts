// IM2.6 dispatch on-site staff: a parallel task with engineers, an agreed service time window,
// acknowledgement and feedback. Matching (IM2.7) goes on meanwhile.
import type { CommandOf, OnsiteDispatch } from '../commands.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { isEngineerOfTask } from '../guards.js';
import type { Actor, OnsiteState, OnsiteTask } from '../types.js';

/** IM2.6: notify the engineers (by chat; the card offers phone/e-mail as a way out). */
export function dispatch(d: DecisionBuilder, order: OnsiteDispatch): void {
  const engineers = checkEngineers(d, order.engineers);
  checkWindow(d, order.windowStart, order.windowEnd);
  if (d.incident.onsite.some((t) => t.id === order.taskId)) {
    throw new DomainError('invalid_input', { field: 'taskId', reason: 'duplicate' });
  }
  const task: OnsiteTask = {
    id: order.taskId,
    engineers,
    windowStart: order.windowStart,
    windowEnd: order.windowEnd,
    note: order.note.trim(),
    state: 'dispatched',
    dispatchedAt: d.now,
    acknowledgedBy: null,
    acknowledgedAt: null,
    feedback: null,
    feedbackBy: null,
    feedbackAt: null,
  };
  d.putOnsite(task)
    .set({ onsiteNeeded: true })
    .event('IM2.6', 'onsite_dispatched', {
      taskId: task.id,
      engineers,
      windowStart: task.windowStart.toISOString(),
      windowEnd: task.windowEnd.toISOString(),
      ...(task.note ? { note: task.note } : {}),
    })
    .effect({ type: 'dispatch_onsite', step: 'IM2.6', taskId: task.id, engineers });
  // The desk's note for the engineers is part of the record, not only of their message.
  if (task.note) d.note('IM2.6', 'desk', task.note);
}

/** A window that ends after it starts, and not one that is already over. */
function checkWindow(d: DecisionBuilder, start: Date, end: Date): void {
  if (!(end.getTime() > start.getTime()))
    throw new DomainError('invalid_input', { field: 'window', reason: 'window_order' });
  if (end.getTime() <= d.now.getTime())
    throw new DomainError('invalid_input', { field: 'window', reason: 'window_past' });
}

/** IM2.6: the agreed service time moves; recorded, and the engineers are told the new window. */
export function reschedule(d: DecisionBuilder, cmd: CommandOf<'reschedule_onsite'>): void {
  const task = taskIn(d, cmd.taskId, ['dispatched', 'acknowledged']);
  checkWindow(d, cmd.windowStart, cmd.windowEnd);
  d.putOnsite({ ...task, windowStart: cmd.windowStart, windowEnd: cmd.windowEnd })
    .event('IM2.6', 'onsite_rescheduled', {
      taskId: task.id,
      from: { windowStart: task.windowStart.toISOString(), windowEnd: task.windowEnd.toISOString() },
      windowStart: cmd.windowStart.toISOString(),
      windowEnd: cmd.windowEnd.toISOString(),
    })
    .effect({ type: 'notify_onsite_rescheduled', step: 'IM2.6', taskId: task.id, engineers: task.engineers });
}

export function dispatchMore(d: DecisionBuilder, cmd: CommandOf<'dispatch_onsite'>): void {
  dispatch(d, cmd);
}

/** IM2.6: the engineer confirms the task was received in time. */
export function acknowledge(d: DecisionBuilder, cmd: CommandOf<'acknowledge_onsite'>, actor: Actor): void {
  const task = taskIn(d, cmd.taskId, ['dispatched']);
  checkEngineer(task, actor, 'acknowledge_onsite');
  d.putOnsite({ ...task, state: 'acknowledged', acknowledgedBy: actor.id, acknowledgedAt: d.now }).event(
    'IM2.6',
    'onsite_acknowledged',
    { taskId: task.id },
  );
}

/** IM2.6 output: "on-site staff feedback after handling", kept in the work log too. */
export function feedback(d: DecisionBuilder, cmd: CommandOf<'onsite_feedback'>, actor: Actor): void {
  const task = taskIn(d, cmd.taskId, ['dispatched', 'acknowledged']);
  checkEngineer(task, actor, 'onsite_feedback');
  const text = requireText(cmd.feedback, 'feedback');
  d.putOnsite({ ...task, state: 'feedback', feedback: text, feedbackBy: actor.id, feedbackAt: d.now })
    .event('IM2.6', 'onsite_feedback', { taskId: task.id, feedback: text })
    .note('IM2.6', 'onsite', text)
    // IM2.6 → IM2.7/IM2.10: the desk goes on from what was found, so it reads it in its thread.
    .effect({ type: 'relay_to_desk', step: 'IM2.6', text, from: 'onsite' });
  // A team already holding it goes on from what was found too (Teams trial).
  const team = d.incident.assignedTeam;
  if (team) d.effect({ type: 'relay_to_team', step: 'IM2.6', team, text, from: 'onsite' });
}

export function cancelTask(d: DecisionBuilder, cmd: CommandOf<'cancel_onsite'>): void {
  const task = taskIn(d, cmd.taskId, ['dispatched', 'acknowledged']);
  d.putOnsite({ ...task, state: 'cancelled' })
    .event('IM2.6', 'onsite_cancelled', { taskId: task.id })
    .effect({ type: 'notify_onsite_cancelled', step: 'IM2.6', taskId: task.id, engineers: task.engineers });
}

/** Cancels every open on-site task, e.g. when the incident is resolved or withdrawn. */
export function cancelOpenTasks(d: DecisionBuilder): void {
  for (const task of d.incident.onsite) {
    if (task.state === 'dispatched' || task.state === 'acknowledged')
      cancelTask(d, { type: 'cancel_onsite', taskId: task.id });
  }
}

function checkEngineers(d: DecisionBuilder, ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new DomainError('invalid_input', { field: 'engineers', reason: 'required' });
  for (const id of unique) {
    const person = d.cfg.people.find((p) => p.id === id);
    if (!person?.roles.includes('onsite'))
      throw new DomainError('unknown_person', { value: id, role: 'onsite' });
  }
  return unique;
}

function taskIn(d: DecisionBuilder, taskId: string, states: readonly OnsiteState[]): OnsiteTask {
  const task = d.incident.onsite.find((t) => t.id === taskId);
  if (!task) throw new DomainError('not_found', { what: 'onsite_task', value: taskId });
  if (!states.includes(task.state)) {
    throw new DomainError('wrong_state', { action: 'onsite', status: `onsite_${task.state}` });
  }
  return task;
}

/** The party check (RULES) says "an engineer of some task"; this one says "of this task". */
function checkEngineer(
  task: OnsiteTask,
  actor: Actor,
  action: 'acknowledge_onsite' | 'onsite_feedback',
): void {
  if (!isEngineerOfTask(task, actor)) throw new DomainError('forbidden', { action, role: 'onsite' });
}
