// "Every person already pinged hears when the incident is accepted or resolved": when a command
// accepts (IM2.12) or resolves (IM4.1) an incident, everyone a deadline timer pinged so far
// (read from the audit trail, in the command's own transaction) gets a follow-up effect.
import type { Decision, Effect } from '../core/decision.js';
import { pingedTargets, TIMER_ACTIONS } from '../core/steps/timers.js';
import type { UnitOfWork } from './ports.js';

const FOLLOWED = [
  { step: 'IM2.12', action: 'accepted', event: 'accepted' },
  { step: 'IM4.1', action: 'resolved', event: 'resolved' },
] as const;

export async function withPingFollowUps(uow: UnitOfWork, decision: Decision): Promise<Decision> {
  const events = FOLLOWED.filter((f) =>
    decision.events.some((e) => e.step === f.step && e.action === f.action),
  );
  if (events.length === 0) return decision;
  const targets = pingedTargets(await uow.listAudit([decision.incident.id], TIMER_ACTIONS));
  if (targets.length === 0) return decision;
  // Appended last: the other effects keep their index, hence their outbox dedupe keys.
  const followUps = events.map(
    (f): Effect => ({ type: 'notify_pinged', step: f.step, event: f.event, targets }),
  );
  return { ...decision, effects: [...decision.effects, ...followUps] };
}
