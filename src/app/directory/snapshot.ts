// People and roles from the chat platforms merged into the configuration (issue 16 item 1).
// Pure: the snapshot (who is in which platform group, whose e-mail is which account) comes from
// read.ts; the result is an ordinary TriageConfig, so everything downstream — identity, delivery,
// read access — works unchanged, and ids in YAML keep working beside it.
import { accountOn, type PersonDef, type PlatformId, type TriageConfig } from '../../core/config.js';
import type { Role } from '../../core/types.js';

/** Membership a platform group confers: a role, or a place in a second-line team. */
export type Grant = { role: Role } | { team: string };

export interface DirectoryMember {
  platform: PlatformId;
  userId: string;
  name: string;
  /** Lower-cased; how one person's Slack and Teams accounts are known to be one person. */
  email: string | null;
  grants: readonly Grant[];
}

export interface DirectorySnapshot {
  members: readonly DirectoryMember[];
  /** Accounts found for configured people named by e-mail only (users.lookupByEmail, roster UPN). */
  accounts: readonly { personId: string; platform: PlatformId; userId: string }[];
}

export const emptySnapshot: DirectorySnapshot = { members: [], accounts: [] };

interface Draft {
  person: PersonDef;
  roles: Set<Role>;
  teams: Set<string>;
}

const lower = (s: string | undefined | null) => (s ? s.trim().toLowerCase() : null);

/** The configuration with the directory's people, accounts, roles and team members added. */
export function withDirectory(cfg: TriageConfig, snap: DirectorySnapshot): TriageConfig {
  const drafts = cfg.people.map(
    (p): Draft => ({
      person: { ...p, accounts: { ...p.accounts } },
      roles: new Set(p.roles),
      teams: new Set(),
    }),
  );
  for (const a of snap.accounts) {
    const d = drafts.find((x) => x.person.id === a.personId);
    if (d && accountOn(d.person.accounts, a.platform) === null) addAccount(d, a.platform, a.userId);
  }
  // Slack before Teams (and so on by name): a person's id is their first platform's, stable
  // across refreshes, and the raw id their earlier reports carry on that platform.
  const members = [...snap.members].sort(
    (a, b) => a.platform.localeCompare(b.platform) || a.userId.localeCompare(b.userId),
  );
  for (const m of members) {
    const d = findDraft(drafts, m) ?? newDraft(drafts, m);
    if (accountOn(d.person.accounts, m.platform) === null) addAccount(d, m.platform, m.userId);
    for (const g of m.grants) {
      if ('role' in g) d.roles.add(g.role);
      else d.teams.add(g.team);
    }
  }
  return {
    ...cfg,
    people: drafts.map((d) => ({ ...d.person, roles: [...d.roles] })),
    teams: cfg.teams.map((t) => {
      const joined = drafts
        .filter((d) => d.teams.has(t.id) && d.person.id !== t.lead)
        .map((d) => d.person.id);
      return { ...t, members: [...new Set([...t.members, ...joined])] };
    }),
  };
}

function addAccount(d: Draft, platform: PlatformId, userId: string): void {
  d.person = { ...d.person, accounts: { ...d.person.accounts, [platform]: userId } };
}

function findDraft(drafts: readonly Draft[], m: DirectoryMember): Draft | undefined {
  return (
    drafts.find((d) => accountOn(d.person.accounts, m.platform) === m.userId) ??
    (m.email ? drafts.find((d) => lower(d.person.email) === m.email) : undefined)
  );
}

function newDraft(drafts: Draft[], m: DirectoryMember): Draft {
  const person: PersonDef = {
    id: `${m.platform}:${m.userId}`,
    name: m.name,
    roles: [],
    accounts: {},
    locale: null,
    ...(m.email ? { email: m.email } : {}),
  };
  const d: Draft = { person, roles: new Set(), teams: new Set() };
  drafts.push(d);
  return d;
}
