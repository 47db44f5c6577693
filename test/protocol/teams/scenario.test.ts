// A whole incident through Teams, from a personal-chat report to closed, driven exactly as Teams
// drives the bot: activities posted to /api/messages, clicks built from the cards it sent, and
// everything it sent checked at the connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE } from '../../../src/app/card-places.js';
import type { Incident } from '../../../src/core/types.js';
import { t } from '../../../src/i18n/index.js';
import { chatRows } from '../../support/chat-rows.js';
import {
  actionsOf,
  channelConversation,
  commandAction,
  type Harness,
  inputIdsOf,
  inputOf,
  type Json,
  personalChat,
  startHarness,
  TEAM_ID,
  TENANT,
  textsOf,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const NETWORK = '19:network@thread.tacv2';

describe('Teams: a personal-chat report carried through IM2 to closed', () => {
  let h: Harness;
  const wang = { id: '29:wang', name: 'Wang Fang', aadObjectId: 'aad-wang' };
  const alice = user('alice');
  const bob = user('bob');
  const nora = user('nora');
  let incident: Incident;
  let deskCardId = '';
  let firstDeskCard: Json;

  const deskCard = () => {
    const m = h.connector.messages.get(deskCardId);
    if (!m?.card) throw new Error('no desk card');
    return m.card;
  };
  const current = async () => {
    const i = await h.storage.getIncident(incident.id);
    if (!i) throw new Error('incident gone');
    return i;
  };

  beforeAll(async () => {
    h = await startHarness();
    h.connector.channels = [
      { id: TEAM_ID, name: 'General' },
      { id: DESK, name: 'Service desk' },
      { id: NETWORK, name: 'Network' },
    ];
  });
  afterAll(() => h?.close());

  it('is installed in the team and keeps the conversation references it needs', async () => {
    const res = await h.post(
      h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }),
    );
    expect(res.status).toBe(200);
    const listed = h.connector.calls.find((c) => c.method === 'GET' && c.path.startsWith('/v3/teams/'));
    expect(decodeURIComponent(listed?.path ?? '')).toBe(`/v3/teams/${TEAM_ID}/conversations`);
    for (const channel of [DESK, NETWORK])
      expect(await h.storage.getConversationRef('teams', 'channel', channel)).toMatchObject({
        reference: { serviceUrl: h.serviceUrl, conversation: { id: channel, tenantId: TENANT } },
      });
    expect(await h.storage.getConversationRef('teams', 'team', TEAM_ID)).not.toBeNull();
    const welcome = h.connector.postedTo(TEAM_ID).at(-1);
    expect(welcome?.text).toContain('ITSS');
  });

  it('offers the report form in personal chat, prefilled from what the reporter wrote', async () => {
    const chat = personalChat(wang);
    await h.post(h.activity('installationUpdate', wang, chat, { action: 'add' }));
    expect(await h.storage.getConversationRef('teams', 'personal', wang.id)).toMatchObject({
      reference: { conversation: { id: chat.id }, user: { id: wang.id } },
    });
    expect(await h.storage.getConversationRef('teams', 'personal', wang.aadObjectId)).not.toBeNull();
    await h.message(wang, chat, 'VPN drops every 10 minutes\nSince this morning, on the office Wi-Fi.');
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    expect(inputIdsOf(form)).toEqual([
      'report.title',
      'report.description',
      'report.service',
      'report.severity',
    ]);
    const title = (form.body as Json[]).find((b) => b.id === 'report.title');
    expect(title?.value).toBe('VPN drops every 10 minutes');
  });

  it('registers the report once, even when Teams redelivers the click', async () => {
    const chat = personalChat(wang);
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    const inputs = {
      'report.title': 'VPN drops every 10 minutes',
      'report.description': 'Since this morning, on the office Wi-Fi. **not bold** <at>everyone</at>',
      'report.severity': '2',
    };
    const first = await h.execute(
      wang,
      { conversation: chat, messageId: offer?.id ?? '' },
      form,
      submit,
      inputs,
      'act-report-1',
    );
    const again = await h.execute(
      wang,
      { conversation: chat, messageId: offer?.id ?? '' },
      form,
      submit,
      inputs,
      'act-report-1',
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const mine = await h.storage.listIncidents({ reporterId: 'teams:29:wang' });
    expect(mine).toHaveLength(1);
    incident = mine[0] as Incident;
    expect(incident).toMatchObject({ status: 'registered', reportedSeverity: 2, reporterName: 'Wang Fang' });
    const card = first.body.value as Json;
    expect(textsOf(card)).toContain(`${incident.number} · `);
    expect(JSON.stringify(again.body.value)).toContain(incident.number);
    // The form message is now the reporter's card, kept up to date from here on.
    expect(await h.storage.listChatRefs(incident.id)).toMatchObject([
      { platform: 'teams', purpose: PURPOSE.reporter, conversationId: chat.id, messageId: offer?.id },
    ]);
  });

  it('posts the triage card to the desk channel and tells the reporter', async () => {
    await h.drain();
    const desk = h.connector.cardMessage(DESK, incident.number);
    expect(desk).toBeDefined();
    deskCardId = desk?.id ?? '';
    firstDeskCard = deskCard();
    // Role-specific views: the desk and the reporter get their own card when they look at it.
    const refresh = firstDeskCard.refresh as Json;
    expect(refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'itss.refresh' } });
    expect(refresh.userIds).toEqual(expect.arrayContaining([alice.id, bob.id, wang.id]));
    // IM2.1 right on the card: nature and category.
    expect(inputIdsOf(firstDeskCard)).toEqual(
      expect.arrayContaining(['classify.nature', 'classify.category']),
    );
    const dm = h.connector.postedTo(personalChat(wang).id).at(-1);
    expect(dm?.text).toContain(`${incident.number.replace('-', '-')}`);
    expect(dm?.text).toContain('registered');
    // The reporter's text is never markup: only in TextRuns on the card.
    const runs = JSON.stringify(firstDeskCard);
    expect(runs).toContain('**not bold** <at>everyone</at>');
    expect(JSON.stringify(firstDeskCard)).not.toContain('"type":"TextBlock"');
  });

  it('answers a refresh on view with the viewer’s own card', async () => {
    const refresh = (firstDeskCard.refresh as Json).action as Json;
    const asNora = await h.execute(
      nora,
      { conversation: channelConversation(DESK), messageId: deskCardId },
      firstDeskCard,
      refresh,
    );
    expect(actionsOf(asNora.body.value as Json)).toEqual([]); // nothing Nora may do yet
    const asBob = await h.execute(
      bob,
      { conversation: channelConversation(DESK), messageId: deskCardId },
      firstDeskCard,
      refresh,
    );
    expect(textsOf(asBob.body.value as Json)).toContain(t('zh-CN', 'action.classify')); // Bob reads Chinese
  });

  it('runs IM2.1 to IM2.11 from the desk card', async () => {
    const where = { conversation: channelConversation(DESK), messageId: deskCardId };
    let r = await h.click(alice, where, deskCard(), 'classify', { nature: 'fault', category: 'vpn' });
    expect((await current()).status).toBe('classified');
    r = await h.click(alice, where, r.body.value as Json, 'prioritise', { impact: '2', urgency: '2' });
    expect(await current()).toMatchObject({ status: 'prioritised', priority: 2 });
    // IM2.5: "no on-site service" is one click.
    r = await h.click(alice, where, r.body.value as Json, 'decide_onsite');
    expect((await current()).status).toBe('matching');
    // IM2.7/2.8: the matching section; nothing in the (empty) knowledge base fits.
    expect(textsOf(r.body.value as Json)).toEqual(
      expect.arrayContaining([t('en', 'match.heading'), t('en', 'match.no_good_match')]),
    );
    r = await h.click(alice, where, r.body.value as Json, 'no_match');
    expect((await current()).status).toBe('attempting');
    // IM2.11 with the classification rule's team preselected.
    const card = r.body.value as Json;
    expect(inputOf(card, 'assign.team')?.value).toBe('network');
    // IM2.9's work log goes with it: a required field the client checks before sending anything.
    expect(inputOf(card, 'assign.worklog')).toMatchObject({ isRequired: true, isMultiline: true });
    const refused = await h.click(alice, where, card, 'assign', { team: 'network' });
    expect(refused.body).toEqual({ refusedByClient: ['assign.worklog'] });
    expect((await current()).status).toBe('attempting');
    // A card rendered before the rule has no such field: the bot refuses, in the clicker's language.
    const stale = JSON.parse(JSON.stringify(card), (_k, v) =>
      Array.isArray(v) ? v.filter((x) => (x as Json)?.id !== 'assign.worklog') : v,
    ) as Json;
    expect(inputOf(stale, 'assign.worklog')).toBeUndefined();
    for (const [who, words] of [
      [alice, 'write down what the desk tried (the IM2.9 work log) before assigning to second line'],
      [bob, '派给二线前，请先填写服务台尝试解决的工作日志（IM2.9）'],
    ] as const) {
      const answer = await h.click(who, where, stale, 'assign', { team: 'network' });
      expect(textsOf(answer.body.value as Json).join(' ')).toContain(words);
    }
    expect((await current()).status).toBe('attempting');
    r = await h.click(alice, where, card, 'assign', { team: 'network', worklog: 'Reset the VPN profile' });
    expect(await current()).toMatchObject({ status: 'assigned', assignedTeam: 'network' });
    expect((await h.storage.listWorklog(incident.id)).at(-1)).toMatchObject({
      step: 'IM2.9',
      source: 'desk',
      text: 'Reset the VPN profile',
    });
  });

  it('drops the report form’s offer line from the reporter’s card it became, at its first update', async () => {
    await h.drain();
    const [ref] = (await h.storage.listChatRefs(incident.id)).filter((r) => r.purpose === PURPOSE.reporter);
    const message = h.connector.messages.get(ref?.messageId ?? '');
    // Teams replaces the whole activity on a PUT: "Do you want to report an incident?" is a call
    // to action answered by the submission, so no update repeats it (src/app/card-caption.ts).
    expect(message?.updates).toBeGreaterThan(0);
    expect(message?.text).toBeUndefined();
    expect(JSON.stringify(message?.card)).toContain(incident.number);
  });

  // Alice classified it and then took it on to the assignment: the classification is why Bob's
  // card no longer applies, and the steps after it are counted (src/app/race.ts). "Already done by"
  // is for a change that did this with nothing after it (test/protocol/teams/stale-answer.test.ts).
  it('answers a stale click with the change that made it stale, in the clicker’s language, changing nothing', async () => {
    const before = await current();
    const r = await h.click(
      bob,
      { conversation: channelConversation(DESK), messageId: deskCardId },
      firstDeskCard,
      'classify',
      {
        nature: 'service_request',
        category: 'email',
      },
    );
    expect(textsOf(r.body.value as Json)).toContain(
      '此卡片已过期：Alice Zhang 于 2026-06-08 09:00 UTC+8 确认了性质与分类，此后还有 4 项变更，卡片已刷新。',
    );
    expect((await current()).version).toBe(before.version);
  });

  it('posts the assignment card in the team channel, mentioning the team', async () => {
    await h.drain();
    const post = h.connector.cardMessage(NETWORK, incident.number);
    expect(post?.entities?.map((e) => (e.mentioned as Json).id)).toEqual(['29:nora', '29:nick']);
    expect(post?.text).toMatch(/^<at>Nora Wu<\/at> <at>Nick Zhao<\/at> /);
    const card = post?.card as Json;
    expect(commandAction(card, 'accept')).toBeDefined();
    expect(commandAction(card, 'decline')?.type).toBe('Action.Submit'); // IM2.14 through a dialog
    // The desk card was updated in place.
    expect(h.connector.messages.get(deskCardId)?.updates).toBeGreaterThan(0);
    expect(JSON.stringify(deskCard())).toContain('网络组'); // the desk channel's language
  });

  it('keeps replies to the desk card as work log and relays them to the team', async () => {
    const reply = await h.message(
      alice,
      channelConversation(DESK, deskCardId),
      'Checked the VPN concentrator: no errors.',
    );
    expect(reply.status).toBe(200);
    const log = await h.storage.listWorklog(incident.id);
    expect(log.at(-1)).toMatchObject({
      step: 'IM2.12',
      source: 'desk',
      text: 'Checked the VPN concentrator: no errors.',
    });
    expect(h.connector.thread(DESK, deskCardId).at(-1)?.text).toContain('Added to the work log');
    await h.drain();
    const teamCard = h.connector.cardMessage(NETWORK, incident.number);
    const relayed = h.connector.thread(NETWORK, teamCard?.id ?? '').at(-1);
    expect(relayed?.text).toContain('Checked the VPN concentrator: no errors.');
  });

  it("the reporter's words in the team card's thread stay there, not relayed back into it (Slack trial 7a)", async () => {
    const teamCard = h.connector.cardMessage(NETWORK, incident.number);
    const before = h.connector.thread(NETWORK, teamCard?.id ?? '').length;
    const reply = await h.message(
      wang,
      channelConversation(NETWORK, teamCard?.id ?? ''),
      'It drops on Wi-Fi too.',
    );
    expect(reply.status).toBe(200);
    await h.drain();
    const log = await h.storage.listWorklog(incident.id);
    expect(log.at(-1)).toMatchObject({ source: 'reporter', text: 'It drops on Wi-Fi too.' });
    const after = h.connector.thread(NETWORK, teamCard?.id ?? '').slice(before);
    expect(after.filter((m) => (m.text ?? '').includes('It drops on Wi-Fi too.'))).toEqual([]);
  });

  it('lets the team accept, investigate and resolve from its card', async () => {
    const teamCard = h.connector.cardMessage(NETWORK, incident.number);
    const where = { conversation: channelConversation(NETWORK), messageId: teamCard?.id ?? '' };
    let r = await h.click(nora, where, teamCard?.card as Json, 'accept');
    expect((await current()).status).toBe('accepted');
    r = await h.click(nora, where, r.body.value as Json, 'in_scope');
    expect((await current()).status).toBe('investigating');
    r = await h.click(nora, where, r.body.value as Json, 'resolve', {
      code: 'solved',
      solution: 'Replaced the failing access point.',
      tested: 'true',
    });
    expect(await current()).toMatchObject({
      status: 'resolved',
      resolution: {
        code: 'solved',
        tested: true,
        by: 'nora',
        solution: 'Replaced the failing access point.',
      },
    });
  });

  it('drops the notice and its mentions above the team and desk cards once the incident moved on', async () => {
    await h.drain();
    // Teams replaces the whole activity on update: "<at>Nora</at> <at>Nick</at> … Please accept or
    // decline" and the desk's "new incident" are true only for the version they were posted with.
    const post = h.connector.cardMessage(NETWORK, incident.number);
    expect(post?.updates).toBeGreaterThan(0);
    expect(post?.text).toBeUndefined();
    expect(post?.entities).toBeUndefined();
    expect(JSON.stringify(post?.card)).toContain(incident.number);
    const desk = h.connector.messages.get(deskCardId);
    expect(desk?.updates).toBeGreaterThan(0);
    expect(desk?.text).toBeUndefined();
  });

  it('asks the reporter in personal chat: fixed or still broken', async () => {
    await h.drain();
    const chat = personalChat(wang);
    const dm = h.connector
      .postedTo(chat.id)
      .find((m) => m.card && (m.text ?? '').includes('has been resolved'));
    expect(dm).toBeDefined();
    const card = dm?.card as Json;
    expect(commandAction(card, 'confirm')?.title).toBe('Fixed');
    expect(actionsOf(card).map((a) => a.title)).toContain('Still broken');
    const r = await h.click(wang, { conversation: chat, messageId: dm?.id ?? '' }, card, 'confirm');
    expect(r.status).toBe(200);
    expect((await current()).reporterConfirmedAt).not.toBeNull();
  });

  it('is closed by the desk, with the whole trail recorded', async () => {
    await h.drain();
    const where = { conversation: channelConversation(DESK), messageId: deskCardId };
    await h.click(alice, where, deskCard(), 'close', { code: 'solved' });
    expect(await current()).toMatchObject({ status: 'closed', closureCode: 'solved', closedBy: 'alice' });
    await h.drain();
    const steps = (await h.storage.listAudit(incident.id)).map((a) => a.step);
    for (const step of [
      'IM1',
      'IM2.1',
      'IM2.3',
      'IM2.5',
      'IM2.8',
      'IM2.11',
      'IM2.12',
      'IM2.13',
      'IM4.1',
      'IM5.1',
    ])
      expect(steps).toContain(step);
    expect(JSON.stringify(deskCard())).toContain(t('zh-CN', 'status.closed'));
    expect(await chatRows(h.storage, { pendingOnly: true })).toEqual([]);
  });

  it('sent only valid Adaptive Cards', () => {
    expect(h.connector.cards.length + h.answeredCards.length).toBeGreaterThan(15);
    expect(h.cardProblems()).toEqual([]);
  });
});
