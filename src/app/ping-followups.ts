// "Every person already pinged hears when the incident is accepted or resolved": when a command
// accepts (IM2.12) or resolves (IM4.1) an incident, everyone a deadline timer pinged so far
// (read from the audit trail, in the command's own transaction) gets a follow-up effect.

import type { CommandType } from '../core/commands.js';
import type { Decision, Effect } from '../core/decision.js';
import { pingedTargets, TIMER_ACTIONS } from '../core/steps/timers.js';
import type { AuditRecord, UnitOfWork } from './ports.js';

const FOLLOWED = [
  { step: 'IM2.12', action: 'accepted', event: 'accepted' },
  { step: 'IM4.1', action: 'resolved', event: 'resolved' },
] as const;

/**
 * The commands whose decision can carry a followed event (accept; resolve and apply_match;
 * decline straight from the assignment card records IM2.12 first): their timer audit is worth
 * reading with the incident, by the load itself (pingAuditActions). A decision of any other
 * command that carries one still works: withPingFollowUps then reads the audit itself. A click
 * in one statement decides on the held copy's timer audit instead (HeldIncident.timerAudit).
 */
const MAY_FOLLOW: ReadonlySet<CommandType> = new Set(['accept', 'decline', 'resolve', 'apply_match']);

/**
 * The audit actions withPingFollowUps reads, for a command that may need them, else undefined:
 * for lockIncidentTakingKey, whose load reads them once the lock is held (no ping committed
 * before is missed), in the load's statement rather than one of its own.
 */
export function pingAuditActions(command: CommandType): readonly string[] | undefined {
  return MAY_FOLLOW.has(command) ? TIMER_ACTIONS : undefined;
}

/** Whether `decision` carries an event whose pinged people hear of it: withPingFollowUps then
 *  reads the timer audit, which only a transaction holding the incident's lock may do. */
export function followsPings(decision: Decision): boolean {
  return FOLLOWED.some((f) => decision.events.some((e) => e.step === f.step && e.action === f.action));
}

/** `audit`: pingAuditFor's, when it was read (else read here when the decision needs it). */
export async function withPingFollowUps(
  uow: UnitOfWork,
  decision: Decision,
  audit?: readonly AuditRecord[],
): Promise<Decision> {
  if (!followsPings(decision)) return decision;
  return pingFollowUpsFrom(decision, audit ?? (await uow.listAudit([decision.incident.id], TIMER_ACTIONS)));
}

/**
 * withPingFollowUps with the incident's timer audit already known: `audit` must be every timer
 * record of the incident as of the row the decision was made on (HeldIncident.timerAudit).
 */
export function pingFollowUpsFrom(decision: Decision, audit: readonly AuditRecord[]): Decision {
  const events = FOLLOWED.filter((f) =>
    decision.events.some((e) => e.step === f.step && e.action === f.action),
  );
  if (events.length === 0) return decision;
  const targets = pingedTargets(audit);
  if (targets.length === 0) return decision;
  // Appended last: the other effects keep their index, hence their outbox dedupe keys.
  const followUps = events.map(
    (f): Effect => ({ type: 'notify_pinged', step: f.step, event: f.event, targets }),
  );
  return { ...decision, effects: [...decision.effects, ...followUps] };
}
