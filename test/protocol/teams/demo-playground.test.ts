// The demo (`npm run demo`) over the Bot Framework protocol, as the Agents Playground drives it:
// config/demo.yaml, and the users and channel of .m365agentsplayground.yml. Rui reports, Dana
// (service desk) triages from the desk card in the playground's one channel, Sam (network team)
// accepts from the assignment card there. The playground itself is started by
// test/integration/demo.test.ts; driving its web UI headless is not covered (see docs/teams.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load.js';
import type { Incident } from '../../../src/core/types.js';
import {
  actionsOf,
  channelConversation,
  commandAction,
  type Harness,
  type Json,
  personalChat,
  startHarness,
  TEAM_ID,
} from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const playground = parse(readFileSync(join(ROOT, '.m365agentsplayground.yml'), 'utf8'));
type PlaygroundUser = { id: string; name: string; aadObjectId: string };
const as = (name: string): PlaygroundUser => {
  const u = [playground.currentUser, ...playground.users].find((x: PlaygroundUser) => x.name === name);
  return { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
};
const CHANNEL: string = playground.team.channels[0].id;

describe('demo over the Teams protocol with the playground’s people', () => {
  let h: Harness;
  let incident: Incident;
  const rui = as('Rui Reporter');
  const dana = as('Dana Desk');
  const sam = as('Sam Network');

  beforeAll(async () => {
    h = await startHarness(loadConfig(join(ROOT, 'config', 'demo.yaml')));
    h.connector.channels = [{ id: CHANNEL, name: 'IT operations' }];
    await h.post(h.activity('installationUpdate', dana, channelConversation(TEAM_ID), { action: 'add' }));
  });
  afterAll(() => h?.close());

  it('Rui (the playground’s starting user) reports a problem and it is registered', async () => {
    const chat = personalChat(rui);
    await h.post(h.activity('installationUpdate', rui, chat, { action: 'add' }));
    await h.message(rui, chat, 'VPN connects but no internal site opens');
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    const r = await h.execute(rui, { conversation: chat, messageId: offer?.id ?? '' }, form, submit, {
      'report.title': 'VPN connects but no internal site opens',
      'report.description': 'From home, since this morning.',
    });
    expect(r.status).toBe(200);
    const mine = await h.storage.listIncidents({ reporterId: 'rui' });
    expect(mine).toHaveLength(1);
    incident = mine[0] as Incident;
    expect(incident.status).toBe('registered');
  });

  it('Dana (service desk) finds the desk card in the playground channel and triages it', async () => {
    await h.drain();
    const desk = h.connector.cardMessage(CHANNEL, incident.number);
    expect(desk).toBeDefined();
    const where = { conversation: channelConversation(CHANNEL), messageId: desk?.id ?? '' };
    let r = await h.click(dana, where, desk?.card as Json, 'classify', {
      nature: 'fault',
      category: 'network.vpn',
    });
    r = await h.click(dana, where, r.body.value as Json, 'prioritise', { impact: '2', urgency: '2' });
    r = await h.click(dana, where, r.body.value as Json, 'decide_onsite');
    r = await h.click(dana, where, r.body.value as Json, 'no_match');
    r = await h.click(dana, where, r.body.value as Json, 'assign', {
      team: 'network',
      worklog: 'Checked the VPN client log: handshake fails',
    });
    expect(await h.storage.getIncident(incident.id)).toMatchObject({
      status: 'assigned',
      assignedTeam: 'network',
    });
  });

  it('Sam (network team) accepts from the assignment card in the same channel', async () => {
    await h.drain();
    const post = h.connector
      .postedTo(CHANNEL)
      .find(
        (m) =>
          m.card &&
          commandAction(m.card as Json, 'accept') &&
          JSON.stringify(m.card).includes(incident.number),
      );
    expect(post).toBeDefined();
    const where = { conversation: channelConversation(CHANNEL), messageId: post?.id ?? '' };
    await h.click(sam, where, post?.card as Json, 'accept');
    expect((await h.storage.getIncident(incident.id))?.status).toBe('accepted');
  });
});
