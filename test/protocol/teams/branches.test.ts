// The unhappy and the proactive branches through Teams: a second-line team declines through a
// dialog (IM2.14) and the desk re-dispatches; a P1 reaches the incident manager proactively
// (a 1:1 chat the bot creates) and deadline pings arrive; the message action, mentions, lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimerService } from '../../../src/app/timer-service.js';
import type { TimerSpec } from '../../../src/core/decision.js';
import { pendingTimers } from '../../../src/core/steps/timers.js';
import type { Incident } from '../../../src/core/types.js';
import {
  actionsOf,
  channelConversation,
  commandAction,
  dataOf,
  type Harness,
  inputIdsOf,
  inputOf,
  type Json,
  personalChat,
  prefixed,
  startHarness,
  TEAM_ID,
  textsOf,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const NETWORK = '19:network@thread.tacv2';
const IDENTITY = '19:identity@thread.tacv2';
const MANAGERS = '19:managers@thread.tacv2';
const GENERAL = TEAM_ID;

let h: Harness;
const alice = user('alice');
const nick = user('nick');
const ivan = user('ivan');
const mia = user('mia');
const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };

beforeAll(async () => {
  h = await startHarness();
  h.connector.channels = [
    { id: GENERAL, name: 'General' },
    { id: DESK, name: 'Service desk' },
    { id: NETWORK, name: 'Network' },
    { id: IDENTITY, name: 'Identity' },
    { id: MANAGERS, name: 'Incident managers' },
  ];
  await h.post(h.activity('installationUpdate', alice, channelConversation(GENERAL), { action: 'add' }));
});
afterAll(() => h?.close());

const reload = async (id: string): Promise<Incident> => {
  const i = await h.storage.getIncident(id);
  if (!i) throw new Error('incident gone');
  return i;
};

/** Report as `who` in personal chat through the offered form; the desk card it made. */
async function reportInChat(who: typeof lee, title: string, inputs: Record<string, string> = {}) {
  const chat = personalChat(who);
  await h.message(who, chat, title);
  const offer = h.connector.postedTo(chat.id).at(-1);
  const form = offer?.card as Json;
  const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
  await h.execute(who, { conversation: chat, messageId: offer?.id ?? '' }, form, submit, {
    'report.title': title,
    ...inputs,
  });
  const [incident] = (await h.storage.listIncidents({ reporterId: `teams:${who.id}` })).filter(
    (i) => i.title === title,
  );
  if (!incident) throw new Error('not registered');
  await h.drain();
  const desk = h.connector.cardMessage(DESK, incident.number);
  const where = { conversation: channelConversation(DESK), messageId: desk?.id ?? '' };
  return { incident, desk, where };
}

/** Report as `who` in personal chat and triage to assignment with the desk card's buttons. */
async function reportAndAssign(
  who: typeof lee,
  title: string,
  severity: string,
  impact: string,
  urgency: string,
) {
  const { incident, desk, where } = await reportInChat(who, title, { 'report.severity': severity });
  let r = await h.click(alice, where, desk?.card as Json, 'classify', { nature: 'fault', category: 'vpn' });
  r = await h.click(alice, where, r.body.value as Json, 'prioritise', { impact, urgency });
  return { incident, desk, where, card: r.body.value as Json };
}

describe('Teams: the decline path (IM2.13 no → IM2.14 → IM2.11 again)', () => {
  let incident: Incident;
  let deskId = '';

  it('a team member declines through a dialog, with a reason and a suggested team', async () => {
    const triaged = await reportAndAssign(lee, 'Cannot log in to the VPN portal', '3', '3', '3');
    incident = triaged.incident;
    deskId = triaged.desk?.id ?? '';
    let r = await h.click(alice, triaged.where, triaged.card, 'decide_onsite');
    r = await h.click(alice, triaged.where, r.body.value as Json, 'no_match');
    await h.click(alice, triaged.where, r.body.value as Json, 'assign', {
      team: 'network',
      worklog: 'Reset the VPN password; still refused',
    });
    await h.drain();
    const teamPost = h.connector.cardMessage(NETWORK, incident.number);
    const card = teamPost?.card as Json;
    const opener = commandAction(card, 'decline');
    expect(opener).toMatchObject({ type: 'Action.Submit', data: { msteams: { type: 'task/fetch' } } });
    // The dialog: task/fetch answers with the form.
    const fetched = await h.invoke(
      'task/fetch',
      { data: dataOf(opener as Json) },
      nick,
      channelConversation(NETWORK),
    );
    const task = fetched.body.task as Json;
    expect(task.type).toBe('continue');
    const form = ((task.value as Json).card as Json).content as Json;
    expect(inputIdsOf(form)).toEqual(['decline.reason', 'decline.suggestedTeam', 'decline.suggestion']);
    // An empty reason comes back with the form and why; nothing changes.
    const submit = actionsOf(form).find((a) => a.type === 'Action.Submit') as Json;
    const empty = await h.invoke(
      'task/submit',
      { data: { ...dataOf(submit), 'decline.reason': ' ' } },
      nick,
      channelConversation(NETWORK),
    );
    expect((empty.body.task as Json).type).toBe('continue');
    expect(JSON.stringify(empty.body)).toContain('Please check');
    expect((await reload(incident.id)).status).toBe('assigned');
    // A reason but no suggestion for the next dispatch (IM2.14): the form again, saying so.
    const unsuggested = await h.invoke(
      'task/submit',
      { data: { ...dataOf(submit), 'decline.reason': 'Not ours' } },
      nick,
      channelConversation(NETWORK),
    );
    expect((unsuggested.body.task as Json).type).toBe('continue');
    expect(JSON.stringify(unsuggested.body)).toMatch(
      /choose a team, or write it in words|选择一个团队，或用文字说明/,
    );
    expect((await reload(incident.id)).status).toBe('assigned');
    // The real submit.
    const reason = 'Portal login is **SSO**, not network <at>all</at> [click](http://evil.example)';
    const done = await h.invoke(
      'task/submit',
      { data: { ...dataOf(submit), 'decline.reason': reason, 'decline.suggestedTeam': 'identity' } },
      nick,
      channelConversation(NETWORK),
    );
    expect(done.body.task).toMatchObject({ type: 'message' });
    // A sentence, not "Decline: done for INC-…" (Teams trial).
    expect(String((done.body.task as Json).value)).toBe(
      `${incident.number}: “Decline” is recorded, and the incident’s card shows it.`,
    );
    expect(await reload(incident.id)).toMatchObject({
      status: 'declined',
      assignedTeam: null,
      declines: [{ team: 'network', by: 'nick', reason, suggestedTeam: 'identity' }],
    });
    const audit = (await h.storage.listAudit(incident.id)).map((a) => `${a.step}:${a.action}`);
    // Declined from the assignment card: the seed's IM2.12 → IM2.13 → IM2.14, in that order; its
    // IM2.12 is "received", nobody accepted it.
    const tail = audit.slice(audit.indexOf('IM2.12:received'));
    expect(tail.slice(0, 3)).toEqual(['IM2.12:received', 'IM2.13:not_in_scope', 'IM2.14:declined']);
    expect(audit).not.toContain('IM2.12:accepted');
  });

  it('is posted as a reply under both cards, escaped, and shown on the desk card', async () => {
    await h.drain();
    const deskReply = h.connector.thread(DESK, deskId).find((m) => (m.text ?? '').includes('SSO'));
    expect(deskReply?.text).toContain(
      'Portal login is \\*\\*SSO\\*\\*, not network &lt;at&gt;all&lt;/at&gt; \\[click\\](http://evil.example)',
    );
    expect(deskReply?.text).not.toContain('<at>');
    const teamPost = h.connector.cardMessage(NETWORK, incident.number);
    const teamReply = h.connector
      .thread(NETWORK, teamPost?.id ?? '')
      .find((m) => (m.text ?? '').includes('SSO'));
    expect(teamReply).toBeDefined();
    // The desk card (updated in place) shows the reason and the suggestion, as plain text runs.
    const deskCard = h.connector.messages.get(deskId)?.card as Json;
    const notice = textsOf(deskCard).find((x) => x.includes('Portal login is **SSO**'));
    expect(notice).toContain('身份与账号组');
    // The suggested team is preselected for IM2.11.
    expect(inputOf(deskCard, 'assign.team')?.value).toBe('identity');
  });

  it('the desk re-dispatches to the suggested team, whose channel gets the card', async () => {
    const where = { conversation: channelConversation(DESK), messageId: deskId };
    const deskCard = h.connector.messages.get(deskId)?.card as Json;
    // A re-dispatch after IM2.14: the record already carries the attempt's work log.
    expect(inputOf(deskCard, 'assign.worklog')).toBeUndefined();
    await h.click(alice, where, deskCard, 'assign', { team: 'identity' });
    expect(await reload(incident.id)).toMatchObject({ status: 'assigned', assignedTeam: 'identity' });
    await h.drain();
    const post = h.connector.cardMessage(IDENTITY, incident.number);
    expect(post?.entities?.map((e) => (e.mentioned as Json).id)).toEqual(['29:ivan', '29:iris']);
    // The network card no longer offers Network anything to do (only to read its history).
    const old = h.connector.cardMessage(NETWORK, incident.number)?.card as Json;
    const asNick = await h.execute(
      nick,
      { conversation: channelConversation(NETWORK) },
      old,
      (old.refresh as Json).action as Json,
    );
    const toDo = actionsOf(asNick.body.value as Json).filter((a) => dataOf(a).dlg !== 'history');
    expect(toDo).toEqual([]);
    // Ivan accepts from his channel.
    const r = await h.click(
      ivan,
      { conversation: channelConversation(IDENTITY), messageId: post?.id ?? '' },
      post?.card as Json,
      'accept',
    );
    expect(r.status).toBe(200);
    expect((await reload(incident.id)).acceptedBy).toBe('ivan');
  });

  it('keeps a redelivered work-log reply once', async () => {
    const post = h.connector.cardMessage(IDENTITY, incident.number);
    const activity = h.activity('message', ivan, channelConversation(IDENTITY, post?.id), {
      text: 'Looking at the SSO logs now.',
      textFormat: 'plain',
    });
    await h.post(activity);
    await h.post(activity); // Teams retries with the same activity id
    const notes = (await h.storage.listWorklog(incident.id)).filter(
      (w) => w.text === 'Looking at the SSO logs now.',
    );
    expect(notes).toMatchObject([{ source: 'team', step: 'IM2.12', authorId: 'ivan' }]);
  });

  it('offers the team’s solution to the next similar incident (IM2.7 → IM2.8 → IM4.1)', async () => {
    await h.drain(); // the team's card, updated in place after the acceptance
    const post = h.connector.cardMessage(IDENTITY, incident.number);
    const where = { conversation: channelConversation(IDENTITY), messageId: post?.id ?? '' };
    let r = await h.click(ivan, where, post?.card as Json, 'in_scope');
    r = await h.click(ivan, where, r.body.value as Json, 'resolve', {
      code: 'workaround',
      solution: 'Reset the SSO session in the portal.',
    });
    expect((await reload(incident.id)).status).toBe('resolved');
    // Resolutions become candidates through the knowledge sync (a worker job in production).
    expect((await h.knowledge.indexResolvedIncidents()).indexed).toBeGreaterThan(0);
    const next = await reportAndAssign(lee, 'VPN portal rejects my login again', '3', '3', '3');
    r = await h.click(alice, next.where, next.card, 'decide_onsite');
    const card = r.body.value as Json;
    expect(textsOf(card)).toContain('Cannot log in to the VPN portal');
    const apply = actionsOf(card).find((a) => a.title === 'Apply') as Json;
    expect(dataOf(apply)).toMatchObject({ c: 'apply_match', pre: { matchRef: incident.number } });
    const done = await h.dialog(alice, channelConversation(DESK), apply, 'apply_match', {
      solution: 'Reset the SSO session in the portal.',
      code: 'workaround',
      matchRef: incident.number,
    });
    expect(done.body.task).toMatchObject({ type: 'message' });
    expect(await reload(next.incident.id)).toMatchObject({
      status: 'resolved',
      resolution: { matchRef: incident.number, code: 'workaround' },
    });
  });

  it('lets the reporter say it is still broken, with a reason (reopen)', async () => {
    await h.drain();
    const [later] = (await h.storage.listIncidents({ reporterId: 'teams:29:lee' })).filter(
      (i) => i.title === 'VPN portal rejects my login again',
    );
    const chat = personalChat(lee);
    const dm = h.connector
      .postedTo(chat.id)
      .findLast((m) => m.card && (m.text ?? '').includes(later?.number ?? '?'));
    const card = dm?.card as Json;
    const stillBroken = actionsOf(card).find((a) => a.title === 'Still broken') as Json;
    expect(stillBroken.type).toBe('Action.ShowCard');
    const submit = ((stillBroken.card as Json).actions as Json[])[0] as Json;
    await h.execute(lee, { conversation: chat, messageId: dm?.id ?? '' }, card, submit, {
      'reopen.reason': 'Still rejected after the reset.',
    });
    expect(await reload(later?.id ?? '')).toMatchObject({ reopenCount: 1, resolution: null });
  });

  it('sent only valid Adaptive Cards', () => {
    expect(h.cardProblems()).toEqual([]);
  });
});

describe('Teams: on-site dispatch (IM2.5 → IM2.6)', () => {
  it('dispatches an engineer with a service window read in the desk’s time zone', async () => {
    const triaged = await reportAndAssign(lee, 'Meeting room screen dead', '3', '3', '3');
    const opener = actionsOf(triaged.card).find((a) => a.title === 'On-site service needed…');
    expect(opener?.type).toBe('Action.ShowCard');
    const form = opener?.card as Json;
    expect(inputIdsOf(form)).toEqual([
      'decide_onsite.engineers',
      'decide_onsite.windowStart.date',
      'decide_onsite.windowStart.time',
      'decide_onsite.windowEnd.date',
      'decide_onsite.windowEnd.time',
      'decide_onsite.note',
    ]);
    const submit = (form.actions as Json[])[0] as Json;
    expect(dataOf(submit)).toMatchObject({ c: 'decide_onsite', pre: { needed: 'true' } });
    const r = await h.execute(
      alice,
      triaged.where,
      triaged.card,
      submit,
      prefixed('decide_onsite', {
        engineers: 'oscar',
        'windowStart.date': '2026-06-08',
        'windowStart.time': '14:00',
        'windowEnd.date': '2026-06-08',
        'windowEnd.time': '15:30',
        note: 'Room 5, bring a spare HDMI cable',
      }),
    );
    expect(r.status).toBe(200);
    const incident = await reload(triaged.incident.id);
    expect(incident.status).toBe('matching');
    expect(incident.onsite).toMatchObject([
      {
        engineers: ['oscar'],
        windowStart: new Date('2026-06-08T06:00:00Z'),
        windowEnd: new Date('2026-06-08T07:30:00Z'),
        state: 'dispatched',
      },
    ]);
  });

  it('the engineer gets the task by direct message and acknowledges and reports back from it', async () => {
    await h.drain();
    const oscar = user('oscar');
    const ref = await h.storage.getConversationRef('teams', 'personal', oscar.id);
    const chat = String(((ref?.reference.conversation ?? {}) as Json).id);
    const dm = h.connector.postedTo(chat).at(-1);
    const card = dm?.card as Json;
    const conversation = { id: chat, conversationType: 'personal' as const, tenantId: 'tenant-1' };
    // IM2.6 receipt and feedback are the engineer's: the desk card offers neither, and a desk
    // agent clicking the engineer's button (a forwarded card) is refused, changing nothing.
    const [mine] = (await h.storage.listIncidents({ reporterId: 'teams:29:lee' })).filter(
      (i) => i.title === 'Meeting room screen dead',
    );
    const deskCard = h.connector.cardMessage(DESK, mine?.number ?? '?')?.card as Json;
    expect(commandAction(deskCard, 'acknowledge_onsite')).toBeUndefined();
    expect(commandAction(deskCard, 'onsite_feedback')).toBeUndefined();
    const refused = await h.click(
      alice,
      { conversation, messageId: dm?.id ?? '' },
      card,
      'acknowledge_onsite',
    );
    expect(JSON.stringify(refused.body)).toContain('Only the engineer this on-site task was sent to');
    expect((await reload(mine?.id ?? '')).onsite[0]?.state).toBe('dispatched');
    let r = await h.click(oscar, { conversation, messageId: dm?.id ?? '' }, card, 'acknowledge_onsite');
    r = await h.click(
      oscar,
      { conversation, messageId: dm?.id ?? '' },
      r.body.value as Json,
      'onsite_feedback',
      {
        taskId: 'task-1',
        feedback: 'Replaced the HDMI switch; screen works.',
      },
    );
    expect(r.status).toBe(200);
    const [incident] = (await h.storage.listIncidents({ reporterId: 'teams:29:lee' })).filter(
      (i) => i.title === 'Meeting room screen dead',
    );
    expect(incident?.onsite[0]).toMatchObject({
      state: 'feedback',
      feedbackBy: 'oscar',
      acknowledgedBy: 'oscar',
    });
  });
});

describe('Teams: a P1 reaches the incident manager proactively', () => {
  let incident: Incident;

  it('notifies the managers channel and opens a 1:1 chat with the manager to tell them', async () => {
    expect(await h.storage.getConversationRef('teams', 'personal', mia.id)).toBeNull();
    const triaged = await reportAndAssign(lee, 'Core switch down, whole floor offline', '1', '1', '1');
    incident = triaged.incident;
    expect(await reload(incident.id)).toMatchObject({ priority: 1, status: 'prioritised' });
    const before = h.connector.creations().length;
    await h.drain();
    // The managers' channel: the notice with the card.
    const notice = h.connector.cardMessage(MANAGERS, incident.number);
    expect(notice?.text).toContain('最高优先级'); // the managers' channel reads the default language
    // Mia never messaged the bot: it creates the 1:1 chat, then posts there, and keeps it.
    const created = h.connector.creations().slice(before);
    expect(created).toHaveLength(1);
    expect(created[0]?.body).toMatchObject({
      isGroup: false,
      members: [{ id: mia.id }],
      tenantId: 'tenant-1',
    });
    const ref = await h.storage.getConversationRef('teams', 'personal', mia.id);
    const chatId = String(((ref?.reference.conversation ?? {}) as Json).id);
    const dm = h.connector.postedTo(chatId).at(-1);
    expect(dm?.text).toContain('最高优先级'); // Mia reads the default language, Chinese
    expect(dm?.card && JSON.stringify(dm.card)).toContain(incident.number);
    // The reporter hears in their own (client) language.
    const reporterDms = h.connector.postedTo(personalChat(lee).id).map((m) => m.text ?? '');
    expect(reporterDms.some((t) => t.includes('has reviewed'))).toBe(true);
    // IM2.3: then the priority and both deadlines the desk confirmed.
    expect(reporterDms.at(-1)).toMatch(
      /set INC-\d+ to priority P1: first response by .+, resolution by .+\./,
    );
  });

  it('delivers deadline pings into Teams when a timer fires', async () => {
    // What the relay arms: the schedule of the incident as it is now (a timer.changed row is only
    // the signal that it changed).
    const timers = pendingTimers(await reload(incident.id), h.config, h.clock.now(), new Set())
      .map((x) => ({ ...x, at: new Date(x.at) }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const resolveEscalation = timers.find((x) => x.kind === 'escalation' && x.key.includes('resolve'));
    expect(resolveEscalation).toBeDefined();
    const timer = resolveEscalation as TimerSpec & { at: Date };
    const sent = h.connector.messages.size;
    h.clock.current = new Date(timer.at.getTime() + 1_000);
    const outcome = await new TimerService(h.storage, h.config, h.clock).fire(
      incident.id,
      timer.key,
      timer.at,
    );
    expect(outcome).toBe('fired');
    await h.drain();
    const pings = [...h.connector.messages.values()]
      .slice(sent)
      .map((m) => m.text ?? '')
      .filter((x) => x.includes(incident.number) && (x.includes('⏰') || x.includes('🚨')));
    expect(pings.length).toBeGreaterThan(0);
  });
});

describe('Teams: other ways in', () => {
  it('reports from the "Report incident" message action, prefilled from the message', async () => {
    const conversation = channelConversation(GENERAL);
    const messagePayload = {
      id: '1700000000000',
      body: {
        contentType: 'html',
        content: '<p>Printer on floor 3 jams &amp; shows E-42</p><p>Since Monday</p>',
      },
      from: { user: { id: '29:someone', displayName: 'Zhou Min' } },
    };
    const fetched = await h.invoke(
      'composeExtension/fetchTask',
      { commandId: 'reportIncident', commandContext: 'message', messagePayload },
      lee,
      conversation,
    );
    const form = (((fetched.body.task as Json).value as Json).card as Json).content as Json;
    const title = (form.body as Json[]).find((b) => b.id === 'report.title');
    expect(title?.value).toBe('Printer on floor 3 jams & shows E-42');
    const description = (form.body as Json[]).find((b) => b.id === 'report.description');
    expect(String(description?.value)).toContain('Zhou Min');
    const submitted = await h.invoke(
      'composeExtension/submitAction',
      {
        commandId: 'reportIncident',
        data: { itss: 1, dlg: 'report', 'report.title': String(title?.value), 'report.severity': '3' },
      },
      lee,
      conversation,
    );
    expect(submitted.body.task).toMatchObject({ type: 'message' });
    const [incident] = (await h.storage.listIncidents({ reporterId: 'teams:29:lee' })).filter((i) =>
      i.title.startsWith('Printer'),
    );
    expect(String((submitted.body.task as Json).value)).toContain(incident?.number ?? '???');
  });

  it('answers an @mention in a channel with the report form in the thread', async () => {
    await h.mention(lee, channelConversation(GENERAL), 'Wi-Fi in meeting room 5 keeps dropping');
    const reply = h.connector.postedTo(GENERAL).at(-1);
    const title = ((reply?.card?.body ?? []) as Json[]).find((b) => b.id === 'report.title');
    expect(title?.value).toBe('Wi-Fi in meeting room 5 keeps dropping');
  });

  it('ignores channel messages that do not mention it', async () => {
    const before = h.connector.messages.size;
    await h.message(lee, channelConversation(GENERAL), 'lunch anyone?');
    expect(h.connector.messages.size).toBe(before);
  });

  it('lists the reporter’s incidents and, for the desk only, the queue', async () => {
    await h.message(lee, personalChat(lee), 'my incidents');
    const mine = h.connector.postedTo(personalChat(lee).id).at(-1)?.card as Json;
    expect(textsOf(mine)).toContain('Incidents you reported');
    expect(actionsOf(mine).filter((a) => a.verb === 'itss.open').length).toBeGreaterThanOrEqual(2);
    await h.message(lee, personalChat(lee), 'queue');
    const refused = h.connector.postedTo(personalChat(lee).id).at(-1)?.card as Json;
    expect(textsOf(refused)).toContain('Only the service desk can see the queue.');
    await h.message(alice, personalChat(alice), '队列');
    const queue = h.connector.postedTo(personalChat(alice).id).at(-1)?.card as Json;
    const first = actionsOf(queue).find((a) => a.verb === 'itss.open') as Json;
    // A P1 comes first in the desk's queue.
    expect(first.title).toMatch(/^INC-/);
    const opened = await h.execute(alice, { conversation: personalChat(alice) }, queue, first);
    expect(opened.status).toBe(200);
    const shown = h.connector.postedTo(personalChat(alice).id).at(-1)?.card as Json;
    expect(textsOf(shown)).toContain(`${String(first.title)} · `);
  });

  it('refuses a desk action to someone without the role, in their language, changing nothing', async () => {
    await h.drain();
    const desk = h.connector
      .postedTo(DESK)
      .find((m) => JSON.stringify(m.card ?? {}).includes('Printer on floor 3'));
    const card = desk?.card as Json;
    const incidentId = String(dataOf((card.refresh as Json).action as Json).i);
    const before = await reload(incidentId);
    const where = { conversation: channelConversation(DESK), messageId: desk?.id ?? '' };
    const refused = await h.click(nick, where, card, 'classify', { nature: 'fault', category: 'vpn' });
    expect(textsOf(refused.body.value as Json)).toContain('Only the service desk may classify.');
    const opener = commandAction(card, 'cancel') as Json;
    expect(opener.type).toBe('Action.Submit');
    const fetched = await h.invoke('task/fetch', { data: dataOf(opener) }, nick, channelConversation(DESK));
    expect(fetched.body.task).toMatchObject({ type: 'message' });
    expect(String((fetched.body.task as Json).value)).toMatch(
      /^Only the reporter or the service desk may cancel/,
    );
    expect((await reload(incidentId)).version).toBe(before.version);
  });

  it('answers help in the person’s language', async () => {
    await h.message(lee, personalChat(lee), 'help');
    expect(h.connector.postedTo(personalChat(lee).id).at(-1)?.text).toContain('my incidents');
    const bob = user('bob');
    await h.message(bob, personalChat(bob), '帮助');
    expect(h.connector.postedTo(personalChat(bob).id).at(-1)?.text).toContain('我的事件');
    // The web pages are off here: "web" is not offered (Slack trial 7f, same rule in Teams).
    expect(h.connector.postedTo(personalChat(bob).id).at(-1)?.text).not.toContain('网页');
    expect(h.connector.postedTo(personalChat(lee).id).at(-1)?.text ?? '').not.toContain('web pages');
  });

  it('sent only valid Adaptive Cards', () => {
    expect(h.cardProblems()).toEqual([]);
  });
});

describe('Teams: the Cancel dialog', () => {
  it('asks the desk “Duplicate of”, never the reporter withdrawing their own report', async () => {
    const { incident, desk } = await reportInChat(lee, 'Scanner on 2F offline');
    await h.drain();
    const dialogOf = async (who: typeof lee, card: Json, conversation: ReturnType<typeof personalChat>) => {
      const opener = commandAction(card, 'cancel') as Json;
      const fetched = await h.invoke('task/fetch', { data: dataOf(opener) }, who, conversation);
      expect(fetched.body.task).toMatchObject({ type: 'continue' });
      return JSON.stringify(fetched.body.task);
    };
    const mine = h.connector.cardMessage(personalChat(lee).id, incident.number);
    const asReporter = await dialogOf(lee, mine?.card as Json, personalChat(lee));
    expect(asReporter).toContain('cancel.reason');
    expect(asReporter).not.toContain('cancel.duplicateOf');
    const asDesk = await dialogOf(alice, desk?.card as Json, channelConversation(DESK));
    expect(asDesk).toContain('cancel.duplicateOf');
  });

  it('tells the desk thread when the reporter withdraws, with their reason', async () => {
    const { incident, desk } = await reportInChat(lee, 'Projector in room 5 dim');
    await h.drain();
    const reporter = { id: `teams:${lee.id}`, name: lee.name, roles: [], teams: [] };
    await h.service.execute(
      incident.id,
      { type: 'cancel', reason: 'Bulb replaced by facilities', duplicateOf: null },
      reporter,
    );
    await h.drain();
    const said = h.connector.thread(DESK, desk?.id ?? '').map((m) => m.text ?? '');
    expect(said.some((t) => t.includes(incident.number) && t.includes('Bulb replaced by facilities'))).toBe(
      true,
    );
  });
});

describe('Teams: IM2.2 the desk verifies a complaint before the manager hears of it', () => {
  it('refuses the classification without the note, then carries the note to the managers', async () => {
    const { incident, desk, where } = await reportInChat(lee, 'Nobody answers the service desk phone');
    const refused = await h.click(alice, where, desk?.card as Json, 'classify', {
      nature: 'complaint',
      category: 'email',
    });
    // The refusal itself, in Alice's language (not just the field on the form).
    expect(JSON.stringify(refused.body)).toMatch(
      /Please check “Verification \(complaints and suggestions\): what the desk checked”: this is required\.|请检查“核实情况（投诉与建议必填）”：不能为空。/,
    );
    expect((await reload(incident.id)).nature).toBeNull();
    const classified = await h.click(alice, where, desk?.card as Json, 'classify', {
      nature: 'complaint',
      category: 'email',
      verification: 'Queue shows 14 missed calls this morning',
    });
    await h.drain();
    expect((await reload(incident.id)).nature).toBe('complaint');
    const managers = h.connector.postedTo(MANAGERS).map((m) => m.text ?? '');
    expect(
      managers.some((t) => t.includes(incident.number) && t.includes('Queue shows 14 missed calls')),
    ).toBe(true);
    // A later change re-renders the managers' card; a Teams update replaces the whole message, so
    // the note above the card must be sent again or it is gone from the managers' channel.
    const notice = h.connector
      .postedTo(MANAGERS)
      .find((m) => m.card && (m.text ?? '').includes('Queue shows 14 missed calls'));
    expect(notice).toBeDefined();
    const updates = notice?.updates ?? 0;
    await h.click(alice, where, classified.body.value as Json, 'prioritise', { impact: '2', urgency: '2' });
    await h.drain();
    const after = h.connector.messages.get(notice?.id ?? '');
    expect(after?.updates).toBeGreaterThan(updates);
    expect(after?.text).toContain('Queue shows 14 missed calls');
    expect(after?.text).toContain(incident.number);
  });
});
