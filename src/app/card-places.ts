// Where an incident's cards live (the `purpose` of a chat_refs row) and whose eyes each card is
// rendered for. Platform-neutral: every chat adapter shows the same card in the same places, and
// a card in a channel shows the actions of the role that channel serves (desk, team, managers).
// Who clicks is checked again when the click arrives.
import type { Locale, TriageConfig } from '../core/config.js';
import { personById } from '../core/directory-index.js';
import type { Actor, Incident } from '../core/types.js';
import { actorById, localeFor } from './identity.js';
import type { ChatPlatform } from './ports.js';

/** chat_refs `purpose` values, one per place an incident is shown. */
export const PURPOSE = {
  desk: 'desk_card',
  managers: 'managers_card',
  reporter: 'reporter_card',
  team: (teamId: string) => `team_card:${teamId}`,
  dm: (personId: string) => `dm_card:${personId}`,
  /** The advice request posted in a team's channel (IM2.9); not a card, its thread is relayed. */
  advice: (teamId: string) => `advice:${teamId}`,
  /** The question DM'd to the reporter (IM2.9 wait): not a card, its thread is their answer. */
  question: 'reporter_question',
} as const;

export const purposeKind = (purpose: string): string => purpose.split(':')[0] ?? purpose;
export const purposeArg = (purpose: string): string => purpose.slice(purpose.indexOf(':') + 1);

/** The actor and language a card in this place is rendered for; null: not a card. */
export interface CardViewer {
  viewer: Actor;
  locale: Locale;
}

/** Synthetic viewers get ids like `teams:~desk` that never match a person or a reporter. */
export function viewerFor(
  platform: ChatPlatform,
  purpose: string,
  incident: Incident,
  cfg: TriageConfig,
): CardViewer | null {
  const synthetic = (suffix: string, roles: Actor['roles'], teams: string[] = []): Actor => ({
    id: `${platform}:~${suffix}`,
    name: '',
    roles,
    teams,
  });
  const arg = purposeArg(purpose);
  switch (purposeKind(purpose)) {
    case PURPOSE.desk:
      return { viewer: synthetic('desk', ['agent']), locale: cfg.locale };
    case PURPOSE.managers:
      return { viewer: synthetic('managers', ['manager']), locale: cfg.locale };
    case 'team_card':
      return { viewer: synthetic(`team:${arg}`, [], [arg]), locale: cfg.locale };
    case PURPOSE.reporter:
      return { viewer: reporterViewer(cfg, incident), locale: localeFor(cfg, incident.reporterId) };
    case 'dm_card':
      return { viewer: actorById(cfg, arg), locale: localeFor(cfg, arg) };
    default:
      return null;
  }
}

/** The reporter as an actor: a configured person, or the raw chat identity they reported with. */
export function reporterViewer(cfg: TriageConfig, incident: Incident): Actor {
  if (personById(cfg, incident.reporterId)) return actorById(cfg, incident.reporterId);
  return { id: incident.reporterId, name: incident.reporterName, roles: [], teams: [] };
}
