// Slack user ids ⇄ configured people. Roles and teams come only from configuration.
import { actorFor, localeFor } from '../../src/app/identity.js';
import { type Accounts, accountOn, type Locale, type TriageConfig } from '../../src/core/config.js';
import type { Actor } from '../../src/core/types.js';

/** Slack's key in people's and channels' accounts (the core does not list platforms). */
export const SLACK = 'slack';

/** The Slack id among a person's or a channel's accounts, if any. */
export const onSlack = (accounts: Accounts | undefined): string | null =>
  accounts ? accountOn(accounts, SLACK) : null;

export interface SlackUserRef {
  id: string;
  name?: string;
  username?: string;
}

/** The actor behind a Slack user: roles and teams come only from configuration. */
export function slackActor(cfg: TriageConfig, user: SlackUserRef, displayName?: string): Actor {
  const name = displayName ?? user.name ?? user.username ?? user.id;
  return actorFor(cfg, { platform: SLACK, userId: user.id, name });
}

export const isConfigured = (cfg: TriageConfig, slackUserId: string): boolean =>
  cfg.people.some((p) => onSlack(p.accounts) === slackUserId);

export const localeOf = (cfg: TriageConfig, actor: Actor): Locale => localeFor(cfg, actor.id);

export function slackIdOf(cfg: TriageConfig, personId: string): string | null {
  if (personId.startsWith('slack:')) return personId.slice('slack:'.length);
  return onSlack(cfg.people.find((p) => p.id === personId)?.accounts);
}

/** Members and lead of a team, as Slack ids (for mentions). */
export function teamSlackIds(cfg: TriageConfig, teamId: string): string[] {
  const team = cfg.teams.find((t) => t.id === teamId);
  if (!team) return [];
  const ids = [team.lead, ...team.members].filter((x): x is string => x !== null);
  return [...new Set(ids.map((id) => slackIdOf(cfg, id)).filter((x): x is string => x !== null))];
}

export const teamChannel = (cfg: TriageConfig, teamId: string): string | null =>
  onSlack(cfg.teams.find((t) => t.id === teamId)?.channels);
