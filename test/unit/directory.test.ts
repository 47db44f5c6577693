// People and roles from the platforms merged into the configuration (src/app/directory): one
// person across Slack and Teams by e-mail, YAML people keep their ids and gain accounts, groups
// grant roles and team places, a failing platform keeps its last answer.
import { describe, expect, it } from 'vitest';
import { type DirectorySource, readDirectory } from '../../src/app/directory/read.js';
import { emptySnapshot, withDirectory } from '../../src/app/directory/snapshot.js';
import { actorFor } from '../../src/app/identity.js';
import type { TriageConfig } from '../../src/core/config.js';
import { testConfig } from '../fixtures/config.js';

function source(
  platform: string,
  groups: Record<string, string[]>,
  profiles: Record<string, { name: string; email: string | null } | null>,
): DirectorySource & { calls: string[] } {
  const calls: string[] = [];
  return {
    platform,
    calls,
    async members(groupId) {
      calls.push(`members ${groupId}`);
      const list = groups[groupId];
      if (!list) throw new Error(`no group ${groupId}`);
      return list;
    },
    async profiles(userIds) {
      return new Map(userIds.map((id) => [id, profiles[id] ?? null]));
    },
    async byEmail(email) {
      calls.push(`byEmail ${email}`);
      return Object.entries(profiles).find(([, p]) => p?.email === email)?.[0] ?? null;
    },
  };
}

const base = testConfig();
const cfg: TriageConfig = {
  ...base,
  // Alice is named by e-mail only on Teams (no teams account in YAML).
  people: base.people.map((p) =>
    p.id === 'alice' ? { ...p, accounts: { slack: 'UALICE' }, email: 'alice@example.com' } : p,
  ),
  directory: {
    refreshMinutes: 15,
    desk: { slack: ['S_DESK'], teams: ['19:desk'] },
    managers: {},
    onsite: {},
  },
  teams: base.teams.map((t) => (t.id === 'network' ? { ...t, membersFrom: { slack: ['C_NET'] } } : t)),
};

const slack = source(
  'slack',
  { S_DESK: ['UBEN', 'UBOT'], C_NET: ['UNEW'] },
  { UBEN: { name: 'Ben Qian', email: 'Ben@Example.com' }, UNEW: { name: 'New Hire', email: null } },
);
const teams = source(
  'teams',
  { '19:desk': ['29:ben'] },
  {
    '29:ben': { name: 'Ben Qian', email: 'ben@example.com' },
    '29:alice': { name: 'Alice', email: 'alice@example.com' },
  },
);

describe('the directory', () => {
  it('makes one person of the same e-mail on Slack and Teams, with the role the group grants', async () => {
    const snap = await readDirectory(cfg, [slack, teams], emptySnapshot, () => {});
    const merged = withDirectory(cfg, snap);
    const onSlack = actorFor(merged, { platform: 'slack', userId: 'UBEN', name: 'x' });
    const onTeams = actorFor(merged, { platform: 'teams', userId: '29:ben', name: 'x' });
    expect(onSlack).toEqual(onTeams);
    expect(onSlack).toMatchObject({ id: 'slack:UBEN', name: 'Ben Qian', roles: ['agent'] });
    // A bot (no profile) is nobody.
    expect(merged.people.some((p) => p.id === 'slack:UBOT')).toBe(false);
  });

  it('gives a YAML person named by e-mail their account, keeping their id and roles', async () => {
    const merged = withDirectory(cfg, await readDirectory(cfg, [slack, teams], emptySnapshot, () => {}));
    expect(actorFor(merged, { platform: 'teams', userId: '29:alice', name: 'x' })).toMatchObject({
      id: 'alice',
      roles: ['agent'],
    });
  });

  it('adds group members to second-line teams; YAML members stay', async () => {
    const merged = withDirectory(cfg, await readDirectory(cfg, [slack, teams], emptySnapshot, () => {}));
    const network = merged.teams.find((t) => t.id === 'network');
    expect(network?.members).toEqual(expect.arrayContaining(['nora', 'nick', 'slack:UNEW']));
    expect(actorFor(merged, { platform: 'slack', userId: 'UNEW', name: 'x' }).teams).toEqual(['network']);
  });

  it('a platform that fails keeps its last answer; nobody loses a role to an outage', async () => {
    const first = await readDirectory(cfg, [slack, teams], emptySnapshot, () => {});
    const down: DirectorySource = { ...teams, members: async () => Promise.reject(new Error('503')) };
    const failed: string[] = [];
    const again = await readDirectory(cfg, [slack, down], first, (platform) => failed.push(platform));
    expect(failed).toEqual(['teams']);
    const merged = withDirectory(cfg, again);
    expect(actorFor(merged, { platform: 'teams', userId: '29:ben', name: 'x' }).roles).toEqual(['agent']);
  });

  it('without a directory section the configuration is unchanged', async () => {
    const snap = await readDirectory(base, [slack], emptySnapshot, () => {});
    expect(withDirectory(base, snap)).toEqual(base);
  });
});
