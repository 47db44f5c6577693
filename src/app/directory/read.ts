// Asks each chat platform who is in the groups the configuration names (issue 16 item 1), and
// which accounts belong to configured people named by e-mail only. One platform failing keeps its
// previous answer (the caller passes it), so an outage never takes anyone's role away.
import type { MemberSources, PlatformId, TriageConfig } from '../../core/config.js';
import type { DirectoryMember, DirectorySnapshot, Grant } from './snapshot.js';

export interface DirectoryProfile {
  name: string;
  email: string | null;
}

/** What a chat adapter answers about its own users (adapters/slack/directory.ts, teams/…). */
export interface DirectorySource {
  platform: PlatformId;
  /** User ids in one user group, channel or roster, by its configured id. */
  members(groupId: string): Promise<string[]>;
  /** Name and e-mail of each user; null for bots and deactivated accounts. */
  profiles(userIds: readonly string[]): Promise<ReadonlyMap<string, DirectoryProfile | null>>;
  /** The user with this e-mail, or null. */
  byEmail(email: string): Promise<string | null>;
}

/** Every group the configuration takes from the platforms, with what membership grants. */
export function groupsOf(cfg: TriageConfig): { grant: Grant; from: MemberSources }[] {
  const d = cfg.directory;
  const roles: { grant: Grant; from: MemberSources }[] = d
    ? [
        { grant: { role: 'agent' }, from: d.desk },
        { grant: { role: 'manager' }, from: d.managers },
        { grant: { role: 'onsite' }, from: d.onsite },
      ]
    : [];
  const teams = cfg.teams.flatMap((t) =>
    t.membersFrom ? [{ grant: { team: t.id }, from: t.membersFrom }] : [],
  );
  return [...roles, ...teams];
}

/** A group the platform would not list (gone, or the bot not in it): named for the operator. */
export class DirectoryGroupError extends Error {
  constructor(
    readonly groupId: string,
    cause: unknown,
  ) {
    super(`directory group ${groupId} could not be read`, { cause });
    this.name = 'DirectoryGroupError';
  }
}

const membersOf = (source: DirectorySource, groupId: string) =>
  source.members(groupId).catch((err: unknown) => {
    throw new DirectoryGroupError(groupId, err);
  });

/** One platform's part of the snapshot. */
export async function readPlatform(cfg: TriageConfig, source: DirectorySource): Promise<DirectorySnapshot> {
  const grants = new Map<string, Grant[]>();
  for (const { grant, from } of groupsOf(cfg)) {
    for (const groupId of from[source.platform] ?? []) {
      for (const userId of await membersOf(source, groupId))
        grants.set(userId, [...(grants.get(userId) ?? []), grant]);
    }
  }
  const members: DirectoryMember[] = [];
  const profiles = await source.profiles([...grants.keys()]);
  for (const [userId, granted] of grants) {
    const profile = profiles.get(userId);
    if (!profile) continue;
    const email = profile.email ? profile.email.trim().toLowerCase() : null;
    members.push({ platform: source.platform, userId, name: profile.name, email, grants: granted });
  }
  const accounts: DirectorySnapshot['accounts'][number][] = [];
  for (const p of cfg.people) {
    if (!p.email || Object.hasOwn(p.accounts, source.platform)) continue;
    const userId = await source.byEmail(p.email);
    if (userId) accounts.push({ personId: p.id, platform: source.platform, userId });
  }
  return { members, accounts };
}

/** All platforms together; a platform that fails keeps `previous`'s entries for it. */
export async function readDirectory(
  cfg: TriageConfig,
  sources: readonly DirectorySource[],
  previous: DirectorySnapshot,
  onError: (platform: PlatformId, err: unknown) => void,
): Promise<DirectorySnapshot> {
  const parts = await Promise.all(
    sources.map((s) =>
      readPlatform(cfg, s).catch((err: unknown) => {
        onError(s.platform, err);
        return {
          members: previous.members.filter((m) => m.platform === s.platform),
          accounts: previous.accounts.filter((a) => a.platform === s.platform),
        };
      }),
    ),
  );
  return { members: parts.flatMap((p) => p.members), accounts: parts.flatMap((p) => p.accounts) };
}
