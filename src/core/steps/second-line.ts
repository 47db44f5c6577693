// IM2.10 (not found) → IM2.11 assign, IM2.12 accept and learn symptoms, IM2.13 in scope?,
// IM2.14 decline with a reason and a suggestion, back to IM2.11.
import type { CommandOf } from '../commands.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { assignNeedsWorklog } from '../guards.js';
import { defaultTeamFor, findTeam } from '../routing.js';
import type { Actor } from '../types.js';

/** IM2.11: the team comes from the classification rules unless the agent picks another. */
export function assign(d: DecisionBuilder, cmd: CommandOf<'assign'>): void {
  const before = d.original;
  const routed = defaultTeamFor(d.cfg, before.category);
  const teamId = cmd.team ?? routed;
  if (teamId === null) throw new DomainError('invalid_input', { field: 'team', reason: 'no_default_team' });
  const team = findTeam(d.cfg, teamId).id;
  const log = worklogOf(cmd, assignNeedsWorklog(before));
  const logStep = before.status === 'attempting' ? 'IM2.9' : 'IM2.11';
  if (log !== null) d.note(logStep, 'desk', log).event(logStep, 'worklog_added', { source: 'desk' });
  if (before.status === 'attempting') d.event('IM2.10', 'no_solution_found', {});
  // After an IM2.14 decline the incident holds no team: the previous one is the decliner.
  const previousTeam = before.assignedTeam ?? lastDecliner(before);
  d.set({
    status: 'assigned',
    assignedTeam: team,
    assignedAt: d.now,
    firstAssignedAt: before.firstAssignedAt ?? d.now,
    acceptedBy: null,
    acceptedAt: null,
  })
    .event('IM2.11', 'assigned', { team, byClassificationRule: team === routed, previousTeam })
    .assignment('IM2.11', team, 'assigned')
    .effect({ type: 'post_assignment', step: 'IM2.11', team });
  // The reporter was told which team has it; the same team again (back after its decline, which
  // is the desk's business) changes nothing for them: told once per team change, not per dispatch.
  if (previousTeam !== team) d.effect({ type: 'notify_reporter', step: 'IM2.11', event: 'assigned' });
}

/** The team whose IM2.14 decline this re-dispatch answers, if the incident is back from one. */
function lastDecliner(incident: DecisionBuilder['original']): string | null {
  return incident.status === 'declined' ? (incident.declines.at(-1)?.team ?? null) : null;
}

/** The work log given with the assignment: IM2.9's, required out of the desk's attempt (a stale
 *  card without the field is refused); on a re-dispatch it is kept if written. */
function worklogOf(cmd: CommandOf<'assign'>, required: boolean): string | null {
  if ((cmd.worklog ?? '').trim()) return requireText(cmd.worklog, 'worklog');
  if (required) throw new DomainError('invalid_input', { field: 'worklog', reason: 'worklog_required' });
  return null;
}

/** IM2.12: a member of the assigned team takes it and starts learning the symptoms. */
export function accept(d: DecisionBuilder, actor: Actor): void {
  const team = d.incident.assignedTeam ?? '';
  d.set({ status: 'accepted', acceptedBy: actor.id, acceptedAt: d.now })
    .event('IM2.12', 'accepted', { team })
    .assignment('IM2.12', team, 'accepted')
    .effect({ type: 'notify_reporter', step: 'IM2.12', event: 'accepted' });
}

/** IM2.13 yes → IM3.1 investigation and diagnosis. */
export function inScope(d: DecisionBuilder): void {
  d.set({ status: 'investigating' })
    .event('IM2.13', 'in_scope', { team: d.incident.assignedTeam })
    .event('IM3.1', 'investigation_started', {});
}

/** IM2.13 no → IM2.14: why it is declined and whom to send it to next, for the desk. */
export function decline(d: DecisionBuilder, cmd: CommandOf<'decline'>, actor: Actor): void {
  const team = d.incident.assignedTeam ?? '';
  const reason = requireText(cmd.reason, 'reason');
  const suggested = cmd.suggestedTeam ? findTeam(d.cfg, cmd.suggestedTeam).id : null;
  if (suggested === team)
    throw new DomainError('invalid_input', { field: 'suggestedTeam', reason: 'same_team' });
  // IM2.14 outputs "a suggestion for the next dispatch": a configured team, or words.
  if (!suggested && !(cmd.suggestion ?? '').trim())
    throw new DomainError('invalid_input', { field: 'suggestedTeam', reason: 'suggestion_required' });
  // Both may come: a team and, in words, why or whom there (kept, not dropped for the team).
  const suggestion = (cmd.suggestion ?? '').trim() ? requireText(cmd.suggestion, 'suggestion', 500) : null;
  // Straight from the assignment card: the seed's IM2.12 (the team received it and looked at it)
  // comes before its IM2.13 "not ours", all in this one change. It is `received`, not `accepted`,
  // and has no `accepted` assignment row: nobody accepted it, and the report's "taken up" counts
  // `accepted` rows (docs/reports.md). The reporter hears only the outcome.
  if (d.incident.status === 'assigned') d.event('IM2.12', 'received', { team });
  d.set({
    status: 'declined',
    assignedTeam: null,
    assignedAt: null,
    acceptedBy: null,
    acceptedAt: null,
    declines: [
      ...d.incident.declines,
      { team, by: actor.id, at: d.now, reason, suggestedTeam: suggested, suggestion },
    ],
  })
    .event('IM2.13', 'not_in_scope', { team })
    .event('IM2.14', 'declined', { team, reason, suggestedTeam: suggested, suggestion })
    .assignment('IM2.14', team, 'declined', reason, suggested, suggestion)
    .note('IM2.14', 'team', reason)
    .effect({ type: 'post_decline', step: 'IM2.14', team, reason, suggestedTeam: suggested, suggestion });
}
