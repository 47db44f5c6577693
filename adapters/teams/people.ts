// Teams users ⇄ configured people. A person's `teams:` in the configuration may be either the
// Bot Framework user id (`29:…`, per bot) or the Entra (AAD) object id (stable, what admins see);
// an activity carries both (`from.id`, `from.aadObjectId`), so both are matched, AAD id first.
// Unconfigured people act as `teams:<29:… id>` with no roles.
import { findPerson, teamsOf } from '../../src/app/identity.js';
import {
  type Accounts,
  accountOn,
  type Locale,
  type PersonDef,
  type TeamDef,
  type TriageConfig,
} from '../../src/core/config.js';
import { personById, teamById } from '../../src/core/directory-index.js';
import { isDeskStaff } from '../../src/core/read-access.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { PLATFORM } from './conversations.js';

/** The Teams id among a person's or a channel's accounts (keyed by PLATFORM), if any. */
export const onTeams = (accounts: Accounts | undefined): string | null =>
  accounts ? accountOn(accounts, PLATFORM) : null;

export interface TeamsUser {
  id: string;
  name?: string;
  aadObjectId?: string;
}

const UNCONFIGURED = 'teams:';

export function personOf(cfg: TriageConfig, user: TeamsUser) {
  const byAad = user.aadObjectId
    ? findPerson(cfg, { platform: PLATFORM, userId: user.aadObjectId, name: '' })
    : undefined;
  return byAad ?? findPerson(cfg, { platform: PLATFORM, userId: user.id, name: '' });
}

export function teamsActor(cfg: TriageConfig, user: TeamsUser): Actor {
  const person = personOf(cfg, user);
  if (!person) return { id: `${UNCONFIGURED}${user.id}`, name: user.name || user.id, roles: [], teams: [] };
  return { id: person.id, name: person.name, roles: person.roles, teams: teamsOf(cfg, person.id) };
}

/** The language for this person: configured, else what their Teams client says, else the default. */
export function localeOf(cfg: TriageConfig, actor: Actor, clientLocale?: string): Locale {
  const configured = personById(cfg, actor.id)?.locale;
  return configured ?? clientLanguage(clientLocale) ?? cfg.locale;
}

export function clientLanguage(locale: string | undefined): Locale | null {
  const l = (locale ?? '').toLowerCase();
  if (l.startsWith('zh')) return 'zh-CN';
  if (l.startsWith('en')) return 'en';
  return null;
}

/** How to reach a person or a reporter in Teams (`29:…` or AAD id); null when we cannot. */
export function teamsIdOf(cfg: TriageConfig, personId: string): string | null {
  if (personId.startsWith(UNCONFIGURED)) return personId.slice(UNCONFIGURED.length);
  return onTeams(personById(cfg, personId)?.accounts);
}

export const isBotFrameworkId = (id: string): boolean => id.startsWith('29:');

/**
 * Who gets their own view of a channel card when they look at it (refresh on view). Teams takes
 * `29:` ids only and at most 60: the desk first, then the team holding it, the on-site engineers
 * and the reporter. People configured by AAD id see the channel's view until they click.
 */
export function refreshUserIds(
  cfg: TriageConfig,
  incident: Incident,
  cardTeam: string | null,
): readonly string[] {
  const known = placeIds(cfg, incident.assignedTeam, cardTeam);
  let out: string[] | null = null;
  for (const personId of [...incident.onsite.flatMap((task) => task.engineers), incident.reporterId]) {
    const id = teamsIdOf(cfg, personId);
    if (!id || !isBotFrameworkId(id) || known.includes(id) || out?.includes(id)) continue;
    out ??= [...known];
    out.push(id);
  }
  return out ? out.slice(0, MAX_REFRESH_IDS) : known;
}

const MAX_REFRESH_IDS = 60;

/**
 * The part of the list every card of one team (and card place) shares: the desk, then the
 * assigned team, then the card's own team, deduplicated. Kept per configuration (its people and
 * teams arrays, new on a reload) and pair of teams; shared, so never changed.
 */
const placeLists = new WeakMap<
  readonly PersonDef[],
  WeakMap<readonly TeamDef[], Map<string, readonly string[]>>
>();
const MAX_PLACE_LISTS = 1000;

function placeIds(
  cfg: TriageConfig,
  assignedTeam: string | null,
  cardTeam: string | null,
): readonly string[] {
  let byTeams = placeLists.get(cfg.people);
  if (!byTeams) {
    byTeams = new WeakMap();
    placeLists.set(cfg.people, byTeams);
  }
  let lists = byTeams.get(cfg.teams);
  if (!lists) {
    lists = new Map();
    byTeams.set(cfg.teams, lists);
  }
  const key = `${(assignedTeam ?? '').length}:${assignedTeam ?? ''}${cardTeam ?? ''}`;
  let ids = lists.get(key);
  if (!ids) {
    const out = new Set<string>();
    const add = (personId: string | null) => {
      const id = personId === null ? null : teamsIdOf(cfg, personId);
      if (id && isBotFrameworkId(id)) out.add(id);
    };
    for (const p of cfg.people) if (isDeskStaff(p)) add(p.id);
    for (const teamId of [assignedTeam, cardTeam]) {
      const team = teamId === null ? undefined : teamById(cfg, teamId);
      if (team) for (const id of [team.lead, ...team.members]) add(id);
    }
    ids = Object.freeze([...out].slice(0, MAX_REFRESH_IDS));
    if (lists.size >= MAX_PLACE_LISTS) lists.clear();
    lists.set(key, ids);
  }
  return ids;
}
