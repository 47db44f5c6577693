// The Slack side of the directory (issue 16 item 1) over the Web API at the local recorder: user
// group and channel members (paged), profiles with e-mail, bots left out, a YAML person named by
// e-mail given their Slack account; then merged into the configuration.
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDirectory } from '../../../adapters/slack/directory.js';
import { DirectoryRefresher } from '../../../src/app/directory/module.js';
import { readDirectory } from '../../../src/app/directory/read.js';
import { emptySnapshot, withDirectory } from '../../../src/app/directory/snapshot.js';
import { actorFor } from '../../../src/app/identity.js';
import type { TriageConfig } from '../../../src/core/config.js';
import { testConfig } from '../../fixtures/config.js';
import { type Harness, Recorder, startHarness, user } from './harness.js';

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

describe('Slack: roles from a user group reach the buttons, and leave them', () => {
  let h: Harness;
  const dana = user('UDANA', 'dana');
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    const directory = { refreshMinutes: 15, desk: { slack: ['S0DESK'] }, managers: {}, onsite: {} };
    h = await startHarness({ config: { ...base, directory } });
    h.recorder.usergroups.set('S0DESK', ['UDANA']);
    h.recorder.people.set('UDANA', { name: 'Dana Xu', email: 'dana@example.com' });
  });
  afterAll(() => h.close());

  const classify = async (number: string) => {
    await h.click(dana, h.recorder.card('CDESK', number), 'itss:sel:category', {
      select: 'wifi',
      state: { 'itss:sel:nature': 'fault' },
    });
    await h.settle();
  };

  it('Dana triages once the directory has her in the desk group, and no longer once she left it', async () => {
    const refresher = new DirectoryRefresher(h.ctx.configs, h.ctx.directories, log);
    const first = await h.incident('Wi-Fi slow in building B');
    await classify(first.number);
    expect(h.recorder.ephemerals('UDANA').at(-1)).toBe('只有服务台才能确认性质与分类。');
    expect((await h.storage.getIncident(first.id))?.status).toBe('registered');

    const snap = await refresher.refresh();
    await classify(first.number);
    expect(snap.members.map((m) => m.userId)).toEqual(['UDANA']);
    expect((await h.storage.getIncident(first.id))?.status).toBe('classified');

    h.recorder.usergroups.set('S0DESK', []);
    await refresher.refresh();
    const second = await h.incident('Wi-Fi slow in building C');
    await classify(second.number);
    expect((await h.storage.getIncident(second.id))?.status).toBe('registered');
  });
});
