// IM2.7–IM2.10: matching, ready solution?, the desk's own attempt with a work log,
// asking second line for advice, and "other solution found?".
import type { CommandOf } from '../commands.js';
import type { WorklogSource } from '../decision.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { partiesOf } from '../guards.js';
import { findTeam } from '../routing.js';
import { worklogStep } from '../rules.js';
import type { Actor } from '../types.js';
import { resolveWith } from './resolution.js';

/** IM2.8 yes: a found solution or workaround fits → IM4.1 with a link to what was applied. */
export function applyMatch(d: DecisionBuilder, cmd: CommandOf<'apply_match'>, actor: Actor): void {
  const matchRef = requireText(cmd.matchRef, 'matchRef', 500);
  d.event('IM2.8', 'ready_solution', { matchRef, code: cmd.code });
  resolveWith(d, actor, { code: cmd.code, solution: cmd.solution, tested: false, matchRef });
}

/** IM2.8 no: nothing fits → IM2.9 the desk attempts a resolution. */
export function noMatch(d: DecisionBuilder): void {
  d.set({ status: 'attempting' })
    .event('IM2.8', 'no_ready_solution', {})
    .event('IM2.9', 'attempt_started', {});
}

/** IM2.9 ask second line for advice without assigning the incident. */
export function askAdvice(d: DecisionBuilder, cmd: CommandOf<'ask_advice'>): void {
  const team = findTeam(d.cfg, cmd.team).id;
  const question = requireText(cmd.question, 'question');
  d.event('IM2.9', 'advice_requested', { team, question })
    .assignment('IM2.9', team, 'advice_requested', question)
    .note('IM2.9', 'desk', question)
    .effect({ type: 'request_advice', step: 'IM2.9', team, question });
}

/** IM2.9: the asked team's answer, kept in the work log and relayed to the desk's thread. Only
 *  members of that team (or the desk) answer for it. */
export function answerAdvice(d: DecisionBuilder, cmd: CommandOf<'answer_advice'>, actor: Actor): void {
  const team = findTeam(d.cfg, cmd.team).id;
  if (!actor.teams.includes(team) && !partiesOf(d.incident, actor).has('desk'))
    throw new DomainError('forbidden', { action: 'answer_advice', role: team });
  const text = requireText(cmd.text, 'text');
  d.note('IM2.9', 'team', text)
    .event('IM2.9', 'advice_answered', { team })
    .effect({ type: 'relay_advice', step: 'IM2.9', team, author: actor.name, text });
}

/** The description holds at most this much; a supplement that would pass it is refused. */
export const MAX_DESCRIPTION = 8000;

/**
 * IM2.5 "update the description" (the desk) / IM2.12 "supplement it" (the team that took it):
 * appended, never rewritten, under who added it and when (UTC, so the record reads the same in
 * every zone); the audit trail keeps the words too.
 */
export function supplementDescription(
  d: DecisionBuilder,
  cmd: CommandOf<'supplement_description'>,
  actor: Actor,
): void {
  const step = ['assigned', 'accepted', 'investigating'].includes(d.incident.status) ? 'IM2.12' : 'IM2.5';
  const stamp = d.now.toISOString().slice(0, 16).replace('T', ' ');
  const prefix = `${d.incident.description ? `${d.incident.description}\n\n` : ''}[${actor.name} · ${stamp} UTC] `;
  // What still fits, so a refusal can say how much may be added.
  const text = requireText(cmd.text, 'text', Math.max(0, MAX_DESCRIPTION - prefix.length));
  const description = `${prefix}${text}`;
  d.set({ description }).event(step, 'description_supplemented', { text });
}

/**
 * A work-log entry (IM2.9 output, IM2.12 symptoms, IM3.1 diagnosis). While a team holds the
 * incident, desk and team entries are relayed to the other side's thread.
 */
export function addWorklog(d: DecisionBuilder, cmd: CommandOf<'add_worklog'>, actor: Actor): void {
  const text = requireText(cmd.text, 'text');
  const step = worklogStep(d.incident.status);
  const source = sourceOf(d, actor);
  d.note(step, source, text).event(step, 'worklog_added', { source });
  const team = d.incident.assignedTeam;
  if (team === null) return;
  if (source === 'team') d.effect({ type: 'relay_to_desk', step, text });
  else if (source === 'desk') d.effect({ type: 'relay_to_team', step, team, text });
}

function sourceOf(d: DecisionBuilder, actor: Actor): WorklogSource {
  const parties = partiesOf(d.incident, actor);
  if (parties.has('team')) return 'team';
  if (parties.has('desk')) return 'desk';
  return 'onsite';
}
