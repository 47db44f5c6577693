// Who may do what, in which state. Roles come from configuration (resolved into the Actor).
import type { CommandType } from './commands.js';
import type { TriageConfig } from './config.js';
import { DomainError } from './errors.js';
import { sharedSchedule } from './escalation.js';
import { isDeskStaff } from './read-access.js';
import { type Party, RULES, type Rule } from './rules.js';
import type { Actor, Incident, OnsiteTask } from './types.js';

/** IM2.6: only an engineer the task was dispatched to acknowledges it or reports back. */
export const isEngineerOfTask = (task: OnsiteTask, actor: Actor): boolean =>
  task.engineers.includes(actor.id);

export const isOnsiteEngineerOf = (incident: Incident, actor: Actor): boolean =>
  incident.onsite.some((task) => task.state !== 'cancelled' && isEngineerOfTask(task, actor));

/** The parts this actor plays on this incident. */
export function partiesOf(incident: Incident, actor: Actor): Set<Party> {
  const parties = new Set<Party>();
  if (isDeskStaff(actor)) parties.add('desk');
  if (incident.assignedTeam !== null && actor.teams.includes(incident.assignedTeam)) parties.add('team');
  if (actor.id === incident.reporterId) parties.add('reporter');
  if (isOnsiteEngineerOf(incident, actor)) parties.add('onsite');
  if (actor.teams.length > 0) parties.add('second_line');
  return parties;
}

/** Throws `forbidden` or `wrong_state`; returns the rule so the step code is at hand. */
export function checkAllowed(incident: Incident, actor: Actor, command: CommandType): Rule {
  const rule = RULES[command];
  const parties = partiesOf(incident, actor);
  if (!rule.by.some((party) => parties.has(party))) {
    throw new DomainError('forbidden', { action: command, role: rule.by.join('|') });
  }
  if (!rule.from.includes(incident.status)) {
    throw new DomainError('wrong_state', { action: command, status: incident.status });
  }
  return rule;
}

/**
 * IM2.9 → IM2.11: assigning out of the desk's own attempt carries the work log of that attempt.
 * The seed (Chinese, authoritative): IM2.9 outputs 记录尝试解决过程的事件工作日志, which is IM2.10's
 * input, and IM2.11's input is 带有服务台寻求解决方案/变通方法处理工作日志的事件记录单. A re-dispatch
 * after IM2.14 (declined) or before acceptance (assigned) already went through it. The assign
 * step and the assign form (required input) both ask this.
 */
export const assignNeedsWorklog = (i: Incident): boolean => i.status === 'attempting';

/** After the reporter confirmed, or once closed without them; and only once. */
export const mayRateNow = (i: Incident): boolean =>
  i.satisfaction === null && (i.reporterConfirmedAt !== null || i.status === 'closed');

const paused = (i: Incident) => i.pauses.at(-1)?.to === null;
const openTask = (i: Incident, states: readonly string[]) => i.onsite.some((t) => states.includes(t.state));

/** Facts beyond state and role that decide whether offering a command makes sense. */
const OFFERED_WHEN: Partial<Record<CommandType, (i: Incident) => boolean>> = {
  acknowledge_onsite: (i) => openTask(i, ['dispatched']),
  onsite_feedback: (i) => openTask(i, ['dispatched', 'acknowledged']),
  cancel_onsite: (i) => openTask(i, ['dispatched', 'acknowledged']),
  reschedule_onsite: (i) => openTask(i, ['dispatched', 'acknowledged']),
  // Before IM2.5 is decided, dispatching is part of that decision, not a button beside it.
  dispatch_onsite: (i) => i.onsiteNeeded !== null,
  wait_for_reporter: (i) => !paused(i),
  reporter_replied: paused,
  // Given by replying under the advice request (src/app/thread-replies.ts), never a button.
  answer_advice: () => false,
  reporter_note: () => false,
  // Once the reporter said "Fixed", their card stops asking (the desk closes, IM5.1).
  confirm: (i) => i.reporterConfirmedAt === null,
  reopen: (i) => i.reporterConfirmedAt === null,
  rate: (i) => mayRateNow(i),
};

/**
 * IM5.1: when the desk may close a resolved incident without the reporter's word (the
 * auto_close_after silence has passed); null once the reporter confirmed (close any time) or
 * when there is no such time. The close step and the Close button both ask this.
 */
export function closeWithoutReporterAt(i: Incident, cfg: TriageConfig, _now: Date): Date | null {
  if (i.reporterConfirmedAt !== null) return null;
  // The memoised schedule itself (read only): no copy per card.
  return sharedSchedule(i, cfg).find((t) => t.kind === 'auto_close')?.at ?? null;
}

/** The reporter confirmed, or their silence has lasted auto_close_after. */
export function mayCloseNow(i: Incident, cfg: TriageConfig, now: Date): boolean {
  if (i.reporterConfirmedAt !== null) return true;
  const at = closeWithoutReporterAt(i, cfg, now);
  return at !== null && at.getTime() <= now.getTime();
}

/**
 * Commands this actor could give now: drives the buttons each person sees. With the
 * configuration and the time, Close waits until it would be accepted (no button to refuse).
 */
export function allowedCommands(
  incident: Incident,
  actor: Actor,
  at?: { cfg: TriageConfig; now: Date },
): CommandType[] {
  const parties = partiesOf(incident, actor);
  const allowed: CommandType[] = [];
  // The state and the parties first: they rule out most commands at the cost of a lookup, and
  // Close's timeliness (the incident's timer schedule, at every card) is then asked only where
  // Close could be offered at all. Each test is pure, so the order does not change the answer.
  for (const command of COMMANDS) {
    const rule = RULES[command];
    if (!rule.from.includes(incident.status) || !rule.by.some((party) => parties.has(party))) continue;
    if (!(OFFERED_WHEN[command]?.(incident) ?? true)) continue;
    if (command === 'close' && at && !mayCloseNow(incident, at.cfg, at.now)) continue;
    allowed.push(command);
  }
  return allowed;
}

/** RULES' commands, in its order (the order buttons are offered in). */
const COMMANDS = Object.keys(RULES) as CommandType[];
