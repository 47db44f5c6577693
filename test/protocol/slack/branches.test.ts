// The unhappy and side branches through Slack: the second line declines with a reason and the
// incident goes back to the desk (IM2.14 → IM2.11), on-site dispatch with acknowledgement and
// feedback (IM2.6), a complaint and a P1 reaching the incident manager (IM2.2, IM2.4), roles,
// long text, App Home, and the three ways to start a report (DM, mention, message shortcut).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems, type Harness, injected, startHarness, TO, textOf, user } from './harness.js';

const alice = user('UALICE', 'alice'); // desk agent, English
const nick = user('UNICK', 'nick'); // network member
const ivan = user('UIVAN', 'ivan'); // identity lead
const oscar = user('UOSCAR', 'oscar'); // on-site engineer
const reporter = user('UREPORTER', 'wang.fang');
const mia = user('UMIA', 'mia'); // incident manager
const mentions = ['UNORA', 'UNICK', 'UIVAN', 'UIRIS'];

describe('Slack branches', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(blockKitProblems(h.recorder.calls)).toEqual([]);
    expect(injected(h.recorder.calls, mentions)).toEqual([]);
  });

  it('IM2.14: a team member declines with a reason and a suggestion; it is back at the desk (IM2.11)', async () => {
    const inc = await h.incident('Cannot log in to the VPN portal', TO.assigned);
    const teamCard = () => h.recorder.card('CNETWORK', inc.number);
    const desk = () => h.recorder.card('CDESK', inc.number);

    // Someone of another team may not decline: told why, no form, nothing changes.
    const viewsBefore = h.recorder.views.length;
    await h.click(ivan, teamCard(), 'itss:open:decline');
    await h.settle();
    expect(h.recorder.views.length).toBe(viewsBefore);
    expect(h.recorder.ephemerals('UIVAN').at(-1)).toContain('只有受派团队成员才能退回重新派单');

    await h.click(nick, teamCard(), 'itss:open:decline');
    await h.settle();
    const modal = h.recorder.lastView();
    const reason = modal.view.blocks.find((b) => b.block_id === 'reason');
    expect(reason?.optional).toBe(false);
    const suggested = modal.view.blocks.find((b) => b.block_id === 'suggestedTeam')?.element?.options ?? [];
    expect(suggested.map((o) => o.value)).not.toContain('network');

    await h.submit(nick, { reason: 'Account locked in AD, not a network fault', suggestedTeam: 'identity' });
    await h.settle();
    const after = await h.storage.getIncident(inc.id);
    expect(after).toMatchObject({ status: 'declined', assignedTeam: null });
    expect(after?.declines.at(-1)).toMatchObject({ team: 'network', by: 'nick', suggestedTeam: 'identity' });
    // Posted in both threads, shown on the desk card, which offers IM2.11 again.
    const deskThread = h.recorder
      .thread('CDESK', desk().ts)
      .map((m) => m.text)
      .join('\n');
    expect(deskThread).toContain('Account locked in AD');
    expect(deskThread).toContain('身份与账号组');
    expect(
      h.recorder
        .thread('CNETWORK', teamCard().ts)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Account locked in AD');
    expect(textOf(desk())).toContain(
      '网络组已退回：Account locked in AD, not a network fault（建议派给：身份与账号组）',
    );
    expect(textOf(desk())).toContain('IM2.11');

    await h.click(alice, desk(), 'itss:open:assign');
    await h.settle();
    const assign = h.recorder.lastView();
    expect(assign.view.blocks.find((b) => b.block_id === 'team')?.element?.initial_option?.value).toBe(
      'identity',
    );
    await h.submit(alice, {});
    await h.settle();
    expect(await h.storage.getIncident(inc.id)).toMatchObject({
      status: 'assigned',
      assignedTeam: 'identity',
    });
    expect(h.recorder.card('CIDENTITY', inc.number)).toBeDefined();
    expect((await h.storage.listAssignments(inc.id)).map((a) => `${a.team}:${a.action}`)).toEqual([
      'network:assigned',
      // Declined from the assignment card: IM2.12 received (audit only, nobody accepted it) →
      // IM2.13 → IM2.14 in one change.
      'network:declined',
      'identity:assigned',
    ]);
  });

  it('IM2.6: on-site needed → the engineer is dispatched by DM, acknowledges, and files feedback', async () => {
    const inc = await h.incident('Printer on floor 3 jams', TO.prioritised);
    const desk = () => h.recorder.card('CDESK', inc.number);
    await h.click(alice, desk(), 'itss:open:decide_onsite');
    await h.settle();
    const modal = h.recorder.lastView();
    expect(modal.view.blocks.find((b) => b.block_id === 'needed')?.element?.initial_options).toHaveLength(1);
    const start = Math.floor(new Date('2026-06-08T14:00:00+08:00').getTime() / 1000);
    await h.submit(alice, {
      engineers: ['oscar'],
      windowStart: start,
      windowEnd: start + 3600,
      note: 'Bring a fuser',
    });
    await h.settle();
    const dispatched = await h.storage.getIncident(inc.id);
    expect(dispatched?.status).toBe('matching');
    expect(dispatched?.onsite[0]).toMatchObject({ engineers: ['oscar'], state: 'dispatched' });

    // The engineer's DM: the notice, then a card with his own buttons.
    const card = h.recorder.card('DUOSCAR', inc.number);
    expect(h.recorder.posted('DUOSCAR').some((m) => m.text.includes('需要现场服务'))).toBe(true);

    // The desk card offers neither of the engineer's buttons (IM2.6: his receipt, his feedback);
    // a desk agent clicking one anyway (a forwarded card) is told whose it is; nothing changes.
    const deskActions = textOf(desk()) + JSON.stringify(desk().blocks);
    expect(deskActions).not.toContain('acknowledge_onsite');
    expect(deskActions).not.toContain('onsite_feedback');
    await h.click(alice, card, 'itss:do:acknowledge_onsite');
    await h.settle();
    expect(h.recorder.ephemerals('UALICE').at(-1)).toContain(
      'Only the engineer this on-site task was sent to',
    );
    expect((await h.storage.getIncident(inc.id))?.onsite[0]?.state).toBe('dispatched');
    const viewsBefore = h.recorder.views.length;
    await h.click(alice, card, 'itss:open:onsite_feedback');
    await h.settle();
    expect(h.recorder.views.length).toBe(viewsBefore);
    expect(h.recorder.ephemerals('UALICE').at(-1)).toContain(
      'Only the engineer this on-site task was sent to',
    );

    await h.click(oscar, card, 'itss:do:acknowledge_onsite');
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.onsite[0]?.state).toBe('acknowledged');
    expect(textOf(desk())).toContain('（已接收）');

    await h.click(oscar, h.recorder.card('DUOSCAR', inc.number), 'itss:open:onsite_feedback');
    await h.settle();
    await h.submit(oscar, { feedback: 'Replaced the fuser unit; prints fine.' });
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.onsite[0]).toMatchObject({
      state: 'feedback',
      feedbackBy: 'oscar',
    });
    expect((await h.storage.listWorklog(inc.id)).at(-1)).toMatchObject({ step: 'IM2.6', source: 'onsite' });
  });

  it('IM2.7/IM2.8: an earlier incident as a candidate; "apply" resolves with its solution and ranks it up', async () => {
    // An earlier resolved VPN incident becomes a candidate once the knowledge sync indexed it.
    const earlier = await h.incident('VPN drops at lunch time', TO.attempting);
    const alice_ = { id: 'alice', name: 'Alice Zhang', roles: ['agent' as const], teams: [] };
    await h.service.execute(
      earlier.id,
      { type: 'resolve', code: 'solved', solution: 'Update the VPN client to 5.2', tested: true },
      alice_,
    );
    await h.ctx.knowledge.indexResolvedIncidents();
    const inc = await h.incident('VPN keeps dropping', TO.matching);
    await h.settle();
    const desk = () => h.recorder.card('CDESK', inc.number);
    expect(textOf(desk())).toContain(earlier.number);
    expect(textOf(desk())).toContain('Update the VPN client to 5.2');
    await h.click(alice, desk(), 'itss:open:apply_match', { text: '采用' });
    await h.settle();
    const modal = h.recorder.lastView();
    expect(modal.view.blocks.find((b) => b.block_id === 'matchRef')?.element?.initial_value).toBe(
      earlier.number,
    );
    // The whole solution with the entry's reference, not the card's snippet.
    expect(modal.view.blocks.find((b) => b.block_id === 'solution')?.element?.initial_value).toBe(
      `[${earlier.number}]\nUpdate the VPN client to 5.2`,
    );
    await h.submit(alice, {});
    await h.settle();
    expect(await h.storage.getIncident(inc.id)).toMatchObject({
      status: 'resolved',
      resolution: expect.objectContaining({
        matchRef: earlier.number,
        solution: `[${earlier.number}]\nUpdate the VPN client to 5.2`,
      }),
    });
    expect((await h.ctx.knowledge.knowledge.getEntry(earlier.number))?.helped).toBe(1);
  });

  it("IM2.9: advice from the second line without assigning; the team answers in the request's thread", async () => {
    const inc = await h.incident('Outlook asks for the password all the time', TO.attempting);
    const desk = () => h.recorder.card('CDESK', inc.number);
    await h.click(alice, desk(), 'itss:open:add_worklog');
    await h.settle();
    await h.submit(alice, { text: 'Cleared the credential manager; still asks.' });
    await h.settle();
    expect((await h.storage.listWorklog(inc.id)).at(-1)).toMatchObject({ step: 'IM2.9', source: 'desk' });

    await h.click(alice, desk(), 'itss:open:ask_advice');
    await h.settle();
    await h.submit(alice, { team: 'identity', question: 'Could modern auth be off for this mailbox?' });
    await h.settle();
    expect(await h.storage.getIncident(inc.id)).toMatchObject({ status: 'attempting', assignedTeam: null });
    const request = h.recorder.posted('CIDENTITY').find((m) => m.text.includes('Could modern auth be off'));
    expect(request?.text).toContain('<@UIVAN>');
    if (!request) throw new Error('no advice request');
    // What the team needs to answer (Slack desk trial finding 7h): the title and priority, and
    // the incident's history a click away, opened for the team asked and refused to others.
    expect(request.text).toContain(`${inc.number}（三级）Outlook asks for the password all the time`);
    const views = h.recorder.views.length;
    await h.click(ivan, request, 'itss:history');
    await h.settle();
    expect(h.recorder.views.length).toBe(views + 1);
    expect(JSON.stringify(h.recorder.lastView().view)).toContain(inc.number);
    await h.click(nick, request, 'itss:history');
    await h.settle();
    expect(h.recorder.views.length).toBe(views + 1);
    expect(h.recorder.ephemerals('UNICK').at(-1)).toContain(inc.number);
    await h.reply(ivan, request, 'Yes, enable it in the admin centre.', { eventId: 'EvADVICE1' });
    await h.settle();
    // Slack retries the event: the inbox drops the repeat by its event_id, so it is relayed once.
    await h.reply(ivan, request, 'Yes, enable it in the admin centre.', {
      eventId: 'EvADVICE1',
      retryNum: 1,
    });
    await h.settle();
    const thread = h.recorder.thread('CDESK', desk().ts).map((m) => m.text);
    expect(thread.at(-1)).toContain('Yes, enable it in the admin centre.');
    expect(thread.at(-1)).toContain('Ivan Sun');
    expect(thread.filter((x) => x.includes('Yes, enable it in the admin centre.'))).toHaveLength(1);
  });

  it('IM5.1: "Still broken" asks why and reopens; the desk works on it again', async () => {
    const inc = await h.incident('Monitor flickers', TO.attempting);
    await h.service.execute(
      inc.id,
      { type: 'resolve', code: 'workaround', solution: 'Use the other port', tested: false },
      { id: 'alice', name: 'Alice Zhang', roles: ['agent'], teams: [] },
    );
    await h.settle();
    const card = h.recorder.card('DUREPORTER', inc.number);
    await h.click(reporter, card, 'itss:open:reopen', { text: '仍未解决' });
    await h.settle();
    await h.submit(reporter, { reason: 'Flickers on the other port too' });
    await h.settle();
    expect(await h.storage.getIncident(inc.id)).toMatchObject({
      status: 'attempting',
      reopenCount: 1,
      resolution: null,
    });
    expect(textOf(h.recorder.card('CDESK', inc.number))).toContain('已重新打开 1 次');
  });

  it("IM2.2: a complaint notifies the incident manager by DM and in the managers' channel", async () => {
    const inc = await h.incident('The desk never calls back');
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:sel:category', {
      select: 'printers',
      state: { 'itss:sel:nature': 'complaint' },
    });
    await h.settle();
    // IM2.2: the desk verifies first. The card's selects open the form asking for the note.
    expect((await h.storage.getIncident(inc.id))?.nature).toBeNull();
    const form = h.recorder.lastView();
    expect(form.view.blocks.map((b) => b.block_id)).toContain('verification');
    const refused = await h.submit(alice, { nature: 'complaint', category: 'printers', verification: ' ' });
    expect(JSON.stringify(await refused.json())).toContain('verification');
    await h.submit(alice, {
      nature: 'complaint',
      category: 'printers',
      verification: 'Three calls logged, none returned',
    });
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.nature).toBe('complaint');
    expect(
      h.recorder
        .posted('CMANAGERS')
        .map((m) => m.text)
        .join('\n'),
    ).toContain('服务台核实情况：Three calls logged, none returned');
    expect(
      h.recorder
        .posted('CMANAGERS')
        .map((m) => m.text)
        .join('\n'),
    ).toContain(`投诉 ${inc.number}`);
    expect(h.recorder.card('CMANAGERS', inc.number)).toBeDefined();
    expect(
      h.recorder
        .posted('DUMIA')
        .map((m) => m.text)
        .join('\n'),
    ).toContain(`投诉 ${inc.number}`);
  });

  it('IM2.4: the highest priority notifies the incident manager at once', async () => {
    const inc = await h.incident('ERP down for the whole company', [
      { type: 'classify', nature: 'fault', category: 'erp' },
    ]);
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:sel:urgency', {
      select: '1',
      state: { 'itss:sel:impact': '1' },
    });
    await h.settle();
    expect(await h.storage.getIncident(inc.id)).toMatchObject({ priority: 1 });
    const notice = h.recorder.posted('CMANAGERS').filter((m) => m.text.includes(inc.number));
    expect(notice.map((m) => m.text).join('\n')).toContain('最高优先级');
    expect(
      h.recorder.posted('DUMIA').some((m) => m.text.includes('最高优先级') && m.text.includes(inc.number)),
    ).toBe(true);
    // IM2.3: the reporter hears the confirmed priority and both deadlines in their DM.
    const reporterDm = h.recorder.posted('DUREPORTER').filter((m) => m.text.includes(inc.number));
    // Wang Fang reads Chinese; times are in the desk's zone.
    expect(reporterDm.at(-1)?.text).toMatch(
      /定为一级：首次响应时限 [\d-]+ [\d:]+ UTC\+8，解决时限 [\d-]+ [\d:]+ UTC\+8。/,
    );
  });

  it('roles: only desk agents triage; others get an explanation in their language and nothing changes', async () => {
    const inc = await h.incident('Wi-Fi slow in building B');
    await h.click(nick, h.recorder.card('CDESK', inc.number), 'itss:sel:category', {
      select: 'wifi',
      state: { 'itss:sel:nature': 'fault' },
    });
    await h.settle();
    expect(h.recorder.ephemerals('UNICK').at(-1)).toBe('只有服务台才能确认性质与分类。');
    expect(await h.storage.getIncident(inc.id)).toMatchObject({ status: 'registered', version: inc.version });
  });

  it("long text is cut on the card with a way to read the rest; people's markup is escaped", async () => {
    // Longer than the card shows (1,200), within what a report may bring (3,000).
    const long = `${'Lots of detail. '.repeat(180)}THE END`;
    const { incident } = await h.service.report(
      {
        title: '<!channel> look <https://evil.example|here> & now',
        description: long,
        service: null,
        severity: null,
      },
      { id: 'slack:UREPORTER', name: 'Wang <b>Fang</b>', roles: [], teams: [] },
    );
    await h.settle();
    const card = h.recorder.card('CDESK', incident.number);
    expect(textOf(card)).not.toContain('THE END');
    expect(textOf(card)).toContain('&lt;!channel&gt;');
    await h.click(alice, card, 'itss:more');
    await h.settle();
    const full = h.recorder.lastView();
    expect(full.view.callback_id).toBe('itss_full_text');
    expect(full.view.blocks.map((b) => b.text?.text ?? '').join('')).toContain('THE END');
  });

  it('App Home: agents see the queue with deadline states, reporters their own incidents', async () => {
    await h.event({ type: 'app_home_opened', user: 'UALICE', channel: 'DUALICE', tab: 'home' });
    await h.settle();
    const home = h.recorder.callsTo('views.publish').at(-1);
    expect(home?.args.user_id).toBe('UALICE');
    const text = JSON.stringify(home?.args.view);
    expect(text).toContain('Service desk queue');
    expect(text).toContain('ERP down for the whole company');
    // P1 first.
    expect(text.indexOf('ERP down')).toBeLessThan(text.indexOf('Wi-Fi slow'));
    expect(text).toMatch(/Response: .* — /);

    await h.event({ type: 'app_home_opened', user: 'UREPORTER', channel: 'DUREPORTER', tab: 'home' });
    await h.settle();
    const mine = JSON.stringify(h.recorder.callsTo('views.publish').at(-1)?.args.view);
    expect(mine).toContain('我报告的事件');
    expect(mine).not.toContain('服务台队列');
  });

  it('IM1 starts: a DM offers the form, a mention offers it privately, the shortcut prefills text and link', async () => {
    await h.event({
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: 'UREPORTER',
      text: 'my mouse is broken',
      ts: '1781000500.000100',
    });
    await h.settle();
    const offer = h.recorder.posted('DUREPORTER').at(-1);
    expect(offer?.blocks.some((b) => b.type === 'actions')).toBe(true);
    if (!offer) throw new Error('no offer');
    await h.click(reporter, offer, 'itss:report');
    await h.settle();
    expect(
      h.recorder.lastView().view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value,
    ).toBe('my mouse is broken');

    await h.event({
      type: 'app_mention',
      channel: 'CGENERAL',
      user: 'UREPORTER',
      text: '<@UBOT> the projector in room 5 is dead',
      ts: '1781000501.000100',
    });
    await h.settle();
    const ephemeral = h.recorder.callsTo('chat.postEphemeral').at(-1);
    expect(ephemeral?.args).toMatchObject({ channel: 'CGENERAL', user: 'UREPORTER' });
    expect(JSON.stringify(ephemeral?.args.blocks)).toContain('the projector in room 5 is dead');

    await h.interact({
      type: 'message_action',
      callback_id: 'report_incident',
      trigger_id: 'trig-shortcut',
      team: { id: 'T1' },
      user: { id: 'UREPORTER', name: 'wang.fang' },
      channel: { id: 'CGENERAL', name: 'general' },
      message: {
        type: 'message',
        ts: '1781000502.000100',
        text: 'Shared drive S: is read-only',
        user: 'UOTHER',
      },
      response_url: 'https://hooks.slack.com/app/T1/1/x',
    });
    await h.settle();
    const modal = h.recorder.lastView();
    expect(modal.trigger_id).toBe('trig-shortcut');
    const description =
      modal.view.blocks.find((b) => b.block_id === 'description')?.element?.initial_value ?? '';
    expect(description).toContain('Shared drive S: is read-only');
    expect(description).toContain('https://test.slack.com/archives/CGENERAL/p1781000502000100');
  });
});

describe('Slack: incident managers triage too (README, docs/slack.md)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a manager acts on the DM copy of a P1 notice (IM2.4), as a desk agent would on the desk card', async () => {
    const inc = await h.incident('Core switch down in building A', [
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 1, urgency: 1 },
    ]);
    await h.settle();
    const copy = h.recorder.card('DUMIA', inc.number);
    await h.click(mia, copy, 'itss:do:decide_onsite');
    await h.settle();
    const after = await h.storage.getIncident(inc.id);
    expect(after?.status).toBe('matching');
    const trail = await h.storage.listAudit(inc.id);
    expect(trail.find((r) => r.action === 'onsite_decided')?.actorId).toBe('mia');
  });
});
