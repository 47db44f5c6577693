// The Slack side of the directory (issue 16 item 1) over the Web API at the local recorder: user
// group and channel members (paged), profiles with e-mail, bots left out, a YAML person named by
// e-mail given their Slack account; then merged into the configuration.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDirectory } from '../../../adapters/slack/directory.js';
import { readDirectory } from '../../../src/app/directory/read.js';
import { emptySnapshot, withDirectory } from '../../../src/app/directory/snapshot.js';
import { actorFor } from '../../../src/app/identity.js';
import type { TriageConfig } from '../../../src/core/config.js';
import { testConfig } from '../../fixtures/config.js';
import { Recorder } from './harness.js';

const base = testConfig();
const cfg: TriageConfig = {
  ...base,
  people: [
    ...base.people,
    { id: 'zoe', name: 'Zoe Tang', roles: ['manager'], accounts: {}, locale: null, email: 'zoe@example.com' },
  ],
  directory: {
    refreshMinutes: 15,
    desk: { slack: ['S0DESK'] },
    managers: {},
    onsite: { slack: ['C0ONSITE'] },
  },
  teams: base.teams.map((t) => (t.id === 'erp' ? { ...t, membersFrom: { slack: ['S0ERP'] } } : t)),
};

describe('Slack directory', () => {
  const recorder = new Recorder();
  let client: webApi.WebClient;

  beforeAll(async () => {
    await recorder.start();
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: recorder.url, retryConfig: { retries: 0 } });
    recorder.usergroups.set('S0DESK', ['UDANA', 'UBOTX']);
    recorder.usergroups.set('S0ERP', ['UERLING']);
    // 2,500 members: three pages of conversations.members.
    const crowd = Array.from({ length: 2_499 }, (_, i) => `UCROWD${i}`);
    recorder.channelMembers.set('C0ONSITE', ['UOTTO', ...crowd]);
    recorder.people.set('UDANA', { name: 'Dana Xu', email: 'dana@example.com' });
    recorder.people.set('UBOTX', { name: 'Deploy bot', is_bot: true });
    recorder.people.set('UERLING', { name: 'Erling Ma', email: 'erling@example.com' });
    recorder.people.set('UOTTO', { name: 'Otto Li' });
    for (const id of crowd) recorder.people.set(id, { name: id, deleted: true });
    recorder.people.set('UZOE', { name: 'Zoe Tang', email: 'zoe@example.com' });
  });
  afterAll(() => recorder.stop());

  it('reads groups and channels, leaves bots and deactivated accounts out, finds people by e-mail', async () => {
    const source = slackDirectory(client, 60_000);
    const snap = await readDirectory(cfg, [source], emptySnapshot, () => {});
    const merged = withDirectory(cfg, snap);
    const who = (userId: string) => actorFor(merged, { platform: 'slack', userId, name: userId });
    expect(who('UDANA')).toMatchObject({ id: 'slack:UDANA', name: 'Dana Xu', roles: ['agent'] });
    expect(who('UBOTX').roles).toEqual([]);
    expect(who('UOTTO').roles).toEqual(['onsite']);
    expect(who('UERLING').teams).toEqual(['erp']);
    expect(who('UZOE')).toMatchObject({ id: 'zoe', roles: ['manager'] });
    expect(recorder.callsTo('conversations.members')).toHaveLength(3);
    // Thousands of unknown people: the workspace list, paged, not one users.info each.
    expect(recorder.callsTo('users.list')).toHaveLength(3);
    expect(recorder.callsTo('users.info').length).toBeLessThan(10);
    expect(merged.people.some((p) => p.id.startsWith('slack:UCROWD'))).toBe(false);
  });

  it('asks again about a profile only after the cache interval', async () => {
    let now = 0;
    const source = slackDirectory(client, 60_000, () => now);
    const infos = () => recorder.callsTo('users.info').length;
    await source.profiles(['UDANA']);
    const after = infos();
    expect((await source.profiles(['UDANA'])).get('UDANA')?.email).toBe('dana@example.com');
    expect(infos()).toBe(after);
    now = 60_001;
    await source.profiles(['UDANA']);
    expect(infos()).toBe(after + 1);
  });

  it('an unknown group is an error for the caller (which keeps the last answer)', async () => {
    await expect(slackDirectory(client, 1).members('S0GONE')).rejects.toThrow(/no_such_subteam/);
    expect(await slackDirectory(client, 1).byEmail('nobody@example.com')).toBeNull();
  });
});
