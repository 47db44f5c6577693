// The Teams side of the directory (issue 16 item 1) through the real CloudAdapter in proactive
// turns, rosters answered by the local connector: paged team rosters with names and e-mails, a
// YAML person named by e-mail found by UPN, and one person across Slack and Teams by e-mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsDirectory } from '../../../adapters/teams/directory.js';
import type { ProactiveTurns } from '../../../adapters/teams/proactive.js';
import { type DirectorySource, readDirectory } from '../../../src/app/directory/read.js';
import { emptySnapshot, withDirectory } from '../../../src/app/directory/snapshot.js';
import { actorFor } from '../../../src/app/identity.js';
import type { TriageConfig } from '../../../src/core/config.js';
import { testConfig } from '../../fixtures/config.js';
import { type Harness, personalChat, startHarness, user } from './harness.js';

const ROSTER = '19:itdesk@thread.tacv2';
const base = testConfig();
const cfg: TriageConfig = {
  ...base,
  people: [
    ...base.people,
    { id: 'zoe', name: 'Zoe Tang', roles: ['manager'], accounts: {}, locale: null, email: 'zoe@example.com' },
  ],
  directory: { refreshMinutes: 15, desk: { teams: [ROSTER] }, managers: {}, onsite: {} },
};

describe('Teams directory', () => {
  let h: Harness;
  let source: DirectorySource;

  beforeAll(async () => {
    h = await startHarness();
    // 1,201 members: three pages of pagedmembers.
    const crowd = Array.from({ length: 1_200 }, (_, i) => ({
      id: `29:c${i}`,
      name: `C${i}`,
      email: `c${i}@example.com`,
    }));
    h.connector.rosters.set(ROSTER, [
      { id: '29:dana', name: 'Dana Xu', email: 'Dana@Example.com', userPrincipalName: 'dana@example.com' },
      ...crowd,
    ]);
    h.connector.rosters.set('19:other@thread.tacv2', [
      { id: '29:zoe', name: 'Zoe Tang', userPrincipalName: 'zoe@example.com' },
    ]);
    // Any message teaches the bot its service endpoint (proactive turns need it).
    await h.message(user('alice'), personalChat(user('alice')), 'help');
    source = teamsDirectory({
      adapter: h.teams.adapter as unknown as ProactiveTurns,
      appId: '',
      conversations: h.teams.conversations,
      lookIn: () => [ROSTER, '19:other@thread.tacv2'],
    });
  });
  afterAll(() => h.close());

  it('reads a paged roster; its members get the role; a YAML person is found by UPN', async () => {
    const merged = withDirectory(cfg, await readDirectory(cfg, [source], emptySnapshot, () => {}));
    const paged = h.connector.calls.filter((c) => c.path.endsWith('/pagedmembers'));
    expect(paged).toHaveLength(3);
    expect(actorFor(merged, { platform: 'teams', userId: '29:dana', name: '' })).toMatchObject({
      id: 'teams:29:dana',
      name: 'Dana Xu',
      roles: ['agent'],
    });
    expect(actorFor(merged, { platform: 'teams', userId: '29:zoe', name: '' })).toMatchObject({
      id: 'zoe',
      roles: ['manager'],
    });
  });

  it('one person across Slack and Teams when the e-mails match', async () => {
    const slack: DirectorySource = {
      platform: 'slack',
      members: async () => ['UDANA'],
      profiles: async () => new Map([['UDANA', { name: 'Dana Xu', email: 'dana@example.com' }]]),
      byEmail: async () => null,
    };
    const both = {
      ...cfg,
      directory: { ...cfg.directory, desk: { teams: [ROSTER], slack: ['S0DESK'] } },
    } as TriageConfig;
    const merged = withDirectory(both, await readDirectory(both, [slack, source], emptySnapshot, () => {}));
    const onSlack = actorFor(merged, { platform: 'slack', userId: 'UDANA', name: '' });
    expect(actorFor(merged, { platform: 'teams', userId: '29:dana', name: '' })).toEqual(onSlack);
    expect(onSlack.id).toBe('slack:UDANA');
  });

  it('a roster the connector does not know is an error for the caller', async () => {
    await expect(source.members('19:gone@thread.tacv2')).rejects.toThrow();
  });
});
