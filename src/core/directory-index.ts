// Lookups of configured people and teams by id, by platform account and by membership, built
// once per configuration instead of scanning `cfg.people` / `cfg.teams` on every card and click
// (a Teams click resolved its person 2–3 times, each card listed who gets a refresh: O(people ×
// ids) per card). Keyed by the configuration's own arrays, which are never changed in place: a
// reload or a directory refresh makes new arrays (config-holder.ts), so it gets a new index.
// Every answer is the one the scan it replaces gave: the first match in configuration order.
import type { PersonDef, PlatformId, TeamDef, TriageConfig } from './config.js';
import { accountOn } from './config.js';

interface PeopleIndex {
  byId: Map<string, PersonDef>;
  /** Per platform, built on first use: user id → the first person with that account. */
  byAccount: Map<PlatformId, Map<string, PersonDef>>;
}

interface TeamsIndex {
  byId: Map<string, TeamDef>;
  /** Person id → the ids of the teams they lead or belong to, in configuration order. */
  ofPerson: Map<string, readonly string[]>;
}

const peopleIndexes = new WeakMap<readonly PersonDef[], PeopleIndex>();
const teamsIndexes = new WeakMap<readonly TeamDef[], TeamsIndex>();
const NO_TEAMS: readonly string[] = Object.freeze([]);

function firstBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (k !== null && !out.has(k)) out.set(k, item);
  }
  return out;
}

function peopleIndex(people: readonly PersonDef[]): PeopleIndex {
  let index = peopleIndexes.get(people);
  if (!index) {
    index = { byId: firstBy(people, (p) => p.id), byAccount: new Map() };
    peopleIndexes.set(people, index);
  }
  return index;
}

function teamsIndex(teams: readonly TeamDef[]): TeamsIndex {
  let index = teamsIndexes.get(teams);
  if (!index) {
    const ofPerson = new Map<string, string[]>();
    for (const team of teams) {
      for (const id of new Set([team.lead, ...team.members])) {
        if (id === null) continue;
        const list = ofPerson.get(id);
        if (list) list.push(team.id);
        else ofPerson.set(id, [team.id]);
      }
    }
    for (const list of ofPerson.values()) Object.freeze(list);
    index = { byId: firstBy(teams, (t) => t.id), ofPerson };
    teamsIndexes.set(teams, index);
  }
  return index;
}

/** The configured person with this id (`cfg.people.find((p) => p.id === id)`). */
export const personById = (cfg: TriageConfig, id: string): PersonDef | undefined =>
  peopleIndex(cfg.people).byId.get(id);

/** The first configured person whose account on `platform` is `userId`. */
export function personByAccount(
  cfg: TriageConfig,
  platform: PlatformId,
  userId: string,
): PersonDef | undefined {
  const index = peopleIndex(cfg.people);
  let accounts = index.byAccount.get(platform);
  if (!accounts) {
    accounts = firstBy(cfg.people, (p) => accountOn(p.accounts, platform));
    index.byAccount.set(platform, accounts);
  }
  return accounts.get(userId);
}

/** The configured team with this id. */
export const teamById = (cfg: TriageConfig, id: string): TeamDef | undefined =>
  teamsIndex(cfg.teams).byId.get(id);

/** The teams a person leads or belongs to, in configuration order (shared: do not change it). */
export const teamIdsOf = (cfg: TriageConfig, personId: string): readonly string[] =>
  teamsIndex(cfg.teams).ofPerson.get(personId) ?? NO_TEAMS;
