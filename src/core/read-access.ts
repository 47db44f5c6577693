// Who may read an incident (its title, description, card, work log): the people who have a part
// in it. One rule for every read path on every platform; src/app applies it (TriageService.read).
// Pure: the caller passes the teams the incident's assignment history names (IM2.9 advice
// requests, IM2.11 assignments, IM2.12/IM2.14 answers), which the Incident itself does not keep.
import type { Actor, Incident, Role } from './types.js';

/** Service-desk agents and incident managers: the desk's roles, who work the whole queue. The
 *  test of it for every guard, queue and card that depends on it; `readPart` below tells the two
 *  apart, as the trail names the part a person read by. */
export const isDeskStaff = (who: { readonly roles: readonly Role[] }): boolean =>
  who.roles.includes('agent') || who.roles.includes('manager');

/** The part that lets a person read; the first that applies, in this order. */
export type ReadPart = 'desk' | 'manager' | 'reporter' | 'team' | 'onsite';

/**
 * - `desk` / `manager`: service-desk agents and incident managers work the whole queue;
 * - `reporter`: the person who reported it (IM1);
 * - `team`: a member or lead (Actor.teams holds both) of the team that holds it now, or of any
 *   team it was assigned to, that declined it or was asked for advice;
 * - `onsite`: an engineer named on an on-site task (IM2.6), even one cancelled since — they were
 *   sent the incident already, and their card must keep refreshing.
 */
export function readPart(incident: Incident, actor: Actor, historyTeams: readonly string[]): ReadPart | null {
  if (actor.roles.includes('agent')) return 'desk';
  if (actor.roles.includes('manager')) return 'manager';
  if (actor.id === incident.reporterId) return 'reporter';
  return workPart(incident, actor, historyTeams);
}

/** A second-line or on-site part: the teams it went through, the tasks that name them. */
function workPart(
  incident: Incident,
  actor: Actor,
  historyTeams: readonly string[],
): 'team' | 'onsite' | null {
  if (teamsOf(incident, historyTeams).some((team) => actor.teams.includes(team))) return 'team';
  if (incident.onsite.some((task) => task.engineers.includes(actor.id))) return 'onsite';
  return null;
}

/**
 * The reporter with no other part (not desk, manager, team or on-site): they read what concerns
 * them — their report, its progress and outcome — not the desk's internal notes and hand-overs.
 */
export function readsOnlyAsReporter(
  incident: Incident,
  actor: Actor,
  historyTeams: readonly string[],
): boolean {
  return (
    readPart(incident, actor, historyTeams) === 'reporter' && workPart(incident, actor, historyTeams) === null
  );
}

export const mayRead = (incident: Incident, actor: Actor, historyTeams: readonly string[]): boolean =>
  readPart(incident, actor, historyTeams) !== null;

function teamsOf(incident: Incident, historyTeams: readonly string[]): string[] {
  const held = incident.assignedTeam === null ? [] : [incident.assignedTeam];
  return [...held, ...incident.declines.map((d) => d.team), ...historyTeams];
}
