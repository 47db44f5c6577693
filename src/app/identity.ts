// Chat identities → domain actors. Roles and team membership come only from configuration,
// so a chat workspace admin cannot grant themselves desk rights.
import {
  accountOn,
  type Locale,
  type PersonDef,
  type PlatformId,
  type TriageConfig,
} from '../core/config.js';
import { personByAccount, personById, teamIdsOf } from '../core/directory-index.js';
import type { Actor } from '../core/types.js';

export interface ChatUser {
  /** Any platform id: people's accounts are keyed by it (docs/platforms.md). */
  platform: PlatformId;
  userId: string;
  name: string;
}

export function findPerson(cfg: TriageConfig, user: ChatUser): PersonDef | undefined {
  return personByAccount(cfg, user.platform, user.userId);
}

/** A configured person's user id on one platform, or null when they have none there. */
export function accountOf(cfg: TriageConfig, personId: string, platform: PlatformId): string | null {
  const person = personById(cfg, personId);
  return person ? accountOn(person.accounts, platform) : null;
}

/** Teams a person belongs to, as member or as lead. */
export function teamsOf(cfg: TriageConfig, personId: string): readonly string[] {
  return teamIdsOf(cfg, personId);
}

export function actorFor(cfg: TriageConfig, user: ChatUser): Actor {
  const person = findPerson(cfg, user);
  if (!person) return { id: `${user.platform}:${user.userId}`, name: user.name, roles: [], teams: [] };
  return { id: person.id, name: person.name, roles: person.roles, teams: teamsOf(cfg, person.id) };
}

/** A configured person as an actor (tests, system jobs, benchmarks). */
export function actorById(cfg: TriageConfig, personId: string): Actor {
  const person = personById(cfg, personId);
  if (!person) return { id: personId, name: personId, roles: [], teams: [] };
  return { id: person.id, name: person.name, roles: person.roles, teams: teamsOf(cfg, person.id) };
}

export function localeFor(cfg: TriageConfig, personId: string): Locale {
  return personById(cfg, personId)?.locale ?? cfg.locale;
}

/** The zone a person reads times in: their own if configured, else the desk's calendar zone. */
export function zoneFor(cfg: TriageConfig, personId: string): string {
  return personById(cfg, personId)?.timeZone ?? cfg.calendar.timeZone;
}
