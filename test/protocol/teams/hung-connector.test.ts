// A hung Teams connector (issue 10 item 6): the bot used to send its replies inline, so a
// connector that never answers held the HTTP answer for as long as it hung (11–60 s measured).
// Here the local connector holds every request unanswered: each activity must still get its
// HTTP answer (the test would time out otherwise), the work must be committed, and the replies
// must arrive — once — after the connector comes back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import {
  actionsOf,
  channelConversation,
  dataOf,
  type Harness,
  type Json,
  personalChat,
  startHarness,
  TEAM_ID,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const alice = user('alice');
const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK, name: 'Service desk' },
  ];
  await h.post(h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }));
  await h.post(h.activity('conversationUpdate', lee, personalChat(lee)));
});
afterEach(() => h.connector.recover());
afterAll(() => h?.close());

/** Brings the connector back and waits for the queued replies. */
async function recover(): Promise<void> {
  h.connector.recover();
  await h.teams.replies.settled();
}

describe('Teams: a hung connector does not hold the answer; replies follow when it is back', () => {
  it('a message in personal chat: answered while the connector hangs, the reply delivered after', async () => {
    const chat = personalChat(lee);
    const before = h.connector.postedTo(chat.id).length;
    h.connector.hanging = true;
    const answer = await h.answerOf(h.activity('message', lee, chat, { text: 'help', textFormat: 'plain' }));
    expect(answer.status).toBe(200);
    expect(h.connector.postedTo(chat.id)).toHaveLength(before);
    await recover();
    const replies = h.connector.postedTo(chat.id).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('report');
  });

  it('a failing connector (503): answered at once, the reply retried and delivered once', async () => {
    const chat = personalChat(lee);
    const before = h.connector.postedTo(chat.id).length;
    h.connector.failing = 2;
    const answer = await h.answerOf(h.activity('message', lee, chat, { text: 'help', textFormat: 'plain' }));
    expect(answer.status).toBe(200);
    await h.teams.replies.settled();
    expect(h.connector.failing).toBe(0);
    expect(h.connector.postedTo(chat.id).slice(before)).toHaveLength(1);
  });

  it('a work-log reply in a card thread: committed and answered while it hangs, acknowledged once after', async () => {
    const desk = actorById(h.config, 'alice');
    const reporter = { id: `teams:${lee.id}`, name: lee.name, roles: [], teams: [] };
    const { incident } = await h.service.report(
      { title: 'Mail delayed', description: '', service: null, severity: null },
      reporter,
    );
    await h.service.execute(incident.id, { type: 'classify', nature: 'fault', category: 'vpn' }, desk);
    await h.drain();
    const deskCard = h.connector.cardMessage(DESK, incident.number);
    h.connector.hanging = true;
    const answer = await h.answerOf(
      h.activity('message', alice, channelConversation(DESK, deskCard?.id), {
        text: 'Checked the mail relay',
        textFormat: 'plain',
      }),
    );
    expect(answer.status).toBe(200);
    expect((await h.storage.listWorklog(incident.id)).map((w) => w.text)).toContain('Checked the mail relay');
    await recover();
    const acks = h.connector
      .thread(DESK, deskCard?.id ?? '')
      .filter((m) => (m.text ?? '').includes('Added to the work log'));
    expect(acks).toHaveLength(1);
  });

  it('an invoke (open from a list): answered with the list while it hangs; the card posted and tracked after', async () => {
    const chat = personalChat(lee);
    const reporter = { id: `teams:${lee.id}`, name: lee.name, roles: [], teams: [] };
    await h.service.report(
      { title: 'Scanner offline', description: '', service: null, severity: null },
      reporter,
    );
    await h.message(lee, chat, 'my incidents');
    const list = h.connector.postedTo(chat.id).at(-1)?.card as Json;
    const open = actionsOf(list).find((a) => a.verb === 'itss.open') as Json;
    const before = h.connector.postedTo(chat.id).length;
    h.connector.hanging = true;
    const answer = await h.answerOf(
      h.activity('invoke', lee, chat, {
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: open.verb, data: dataOf(open) }, trigger: 'manual' },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(h.connector.postedTo(chat.id)).toHaveLength(before);
    await recover();
    const posted = h.connector.postedTo(chat.id).slice(before);
    expect(posted).toHaveLength(1);
    const incidentId = String(dataOf(open).i);
    const refs = await h.storage.listChatRefs(incidentId);
    expect(refs.map((r) => r.messageId)).toContain(posted[0]?.id);
  });
});

describe('Teams: installing into a team while the connector hangs', () => {
  it('is answered at once; the team’s channels are listed and remembered once it is back', async () => {
    const later = '19:later-channel@thread.tacv2';
    h.connector.channels = [{ id: later, name: 'Added later' }];
    const known = async () => h.backend.storage.getConversationRef('teams', 'channel', later);
    expect(await known()).toBeNull();
    h.connector.hanging = true;
    const answer = await h.answerOf(
      h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }),
    );
    expect(answer.status).toBe(200);
    expect(await known()).toBeNull();
    await recover();
    expect(await known()).not.toBeNull();
  });
});

describe('Teams: a failed proactive send is a failure, not a delivery', () => {
  it('a card update the connector refuses (503) stays in the outbox and is sent on the retry', async () => {
    const desk = actorById(h.config, 'alice');
    const reporter = { id: `teams:${lee.id}`, name: lee.name, roles: [], teams: [] };
    const { incident } = await h.service.report(
      { title: 'Printer offline', description: '', service: null, severity: null },
      reporter,
    );
    await h.drain();
    const before = h.connector.cardMessage(DESK, incident.number);
    const updates = before?.updates ?? 0;
    h.connector.failing = 100;
    await h.service.execute(incident.id, { type: 'classify', nature: 'fault', category: 'vpn' }, desk);
    // The adapter's onTurnError used to swallow the connector's 503: the refresh looked done.
    await expect(h.drain()).rejects.toThrow(/delivery failed/);
    h.connector.failing = 0;
    h.clock.current = new Date(h.clock.current.getTime() + 10 * 60_000);
    await h.drain();
    expect(h.connector.cardMessage(DESK, incident.number)?.updates).toBeGreaterThan(updates);
  });
});
