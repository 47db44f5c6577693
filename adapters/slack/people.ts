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
