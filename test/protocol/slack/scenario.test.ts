// A whole incident through Slack, from "/incident" to closed: the reporter's modal, the desk's
// triage card (selects, buttons, thread), the team's assignment card (accept, symptoms relayed
// both ways, in scope, resolve), the reporter's "Fixed", the desk closes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems, type Harness, injected, startHarness, textOf, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');
const alice = user('UALICE', 'alice'); // desk agent, English
const nora = user('UNORA', 'nora'); // network lead
const teamMentions = ['UNORA', 'UNICK'];

describe('Slack: report to closure over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(blockKitProblems(h.recorder.calls)).toEqual([]);
    expect(injected(h.recorder.calls, teamMentions)).toEqual([]);
  });

  let number = '';
  let incidentId = '';
  const desk = () => h.recorder.card('CDESK', number);
  const teamCard = () => h.recorder.card('CNETWORK', number);
  const incident = async () => {
    const i = await h.storage.getIncident(incidentId);
    if (!i) throw new Error('incident gone');
    return i;
  };

  it('IM1: /incident opens the report modal prefilled; submitting registers and DMs the reporter', async () => {
    const res = await h.command(
      reporter,
      'VPN drops every ten minutes\nSince this morning, on the Shanghai office Wi-Fi.',
    );
    expect(res.status).toBe(200);
    await h.settle();
    const modal = h.recorder.lastView();
    expect(modal.view.callback_id).toBe('itss_report');
    const title = modal.view.blocks.find((b) => b.block_id === 'title');
    expect(title?.element?.initial_value).toBe('VPN drops every ten minutes');
    expect(modal.view.blocks.find((b) => b.block_id === 'description')?.element?.initial_value).toContain(
      'Shanghai office',
    );

    expect((await h.submit(reporter, { service: 'VPN', severity: '2' })).status).toBe(200);
    await h.settle();
    const [created] = await h.storage.listIncidents({ reporterId: 'slack:UREPORTER' });
    expect(created).toMatchObject({
      title: 'VPN drops every ten minutes',
      service: 'VPN',
      reportedSeverity: 2,
    });
    expect(created?.reporterName).toBe('Wang Fang'); // from users.info: not a configured person
    number = created?.number ?? '';
    incidentId = created?.id ?? '';
    // The reporter hears the number by DM; the desk channel gets the triage card (zh-CN: config).
    const dm = h.recorder.posted('DUREPORTER');
    expect(dm.map((m) => m.text).join('\n')).toContain(number);
    const card = desk();
    expect(textOf(card)).toContain('确认事件性质与分类');
    expect(card.blocks.some((b) => b.block_id?.startsWith('itss:sel:classify:'))).toBe(true);
  });

  it('IM2.1/IM2.3: the selects on the card classify and prioritise; priority and deadlines appear', async () => {
    // Nature first: the card asks for the category too and nothing changes yet.
    await h.click(alice, desk(), 'itss:sel:nature', { select: 'fault' });
    await h.settle();
    expect(h.recorder.ephemerals('UALICE').at(-1)).toContain('Category');
    expect((await incident()).status).toBe('registered');
    // The category select carries the nature chosen before (state.values), as Slack sends it.
    await h.click(alice, desk(), 'itss:sel:category', {
      select: 'vpn',
      state: { 'itss:sel:nature': 'fault' },
    });
    await h.settle();
    expect(await incident()).toMatchObject({ status: 'classified', nature: 'fault', category: 'vpn' });
    const category = desk()
      .blocks.flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'itss:sel:category');
    expect(category?.options?.find((o) => o.value === 'vpn')?.text.text).toContain('→ 网络组'); // routing hint

    await h.click(alice, desk(), 'itss:sel:impact', { select: '2' });
    await h.click(alice, desk(), 'itss:sel:urgency', { select: '2', state: { 'itss:sel:impact': '2' } });
    await h.settle();
    const i = await incident();
    expect(i).toMatchObject({ status: 'prioritised', priority: 2, priorityConfirmed: true });
    const text = textOf(desk());
    expect(text).toContain('二级');
    // Both deadlines, in the configured zone (Asia/Shanghai → UTC+8).
    expect(text).toMatch(/响应[^\n]*2026-06-08 09:30 UTC\+8/);
    expect(text).toMatch(/解决[^\n]*2026-06-08 17:00 UTC\+8/);
    // The reporter heard about the classification.
    expect(h.recorder.posted('DUREPORTER').length).toBeGreaterThanOrEqual(2);
  });

  it('IM2.5–IM2.9: no on-site, no candidate fits, a work-log line by replying in the thread', async () => {
    await h.click(alice, desk(), 'itss:do:decide_onsite');
    await h.settle();
    expect((await incident()).status).toBe('matching');
    // IM2.7/IM2.8: the matching section says plainly that nothing fits (empty knowledge base).
    expect(textOf(desk())).toContain('相似解决方案');
    expect(textOf(desk())).toContain('没有合适的匹配');
    await h.click(alice, desk(), 'itss:do:no_match');
    await h.settle();
    expect((await incident()).status).toBe('attempting');

    await h.reply(alice, desk(), 'Restarted the VPN concentrator <!channel>, no change.');
    await h.settle();
    const log = await h.storage.listWorklog(incidentId);
    expect(log.at(-1)).toMatchObject({ step: 'IM2.9', source: 'desk', authorId: 'alice' });
    expect(log.at(-1)?.text).toContain('<!channel>'); // stored as written, escaped when shown
  });

  it('IM2.11: "assign" defaults to the category\'s team, posts its card and mentions its members', async () => {
    await h.click(alice, desk(), 'itss:open:assign');
    await h.settle();
    const modal = h.recorder.lastView();
    expect(modal.view.blocks.find((b) => b.block_id === 'team')?.element?.initial_option?.value).toBe(
      'network',
    );
    // IM2.9's work log goes with it: an input Slack requires before it lets the modal be sent.
    const worklog = modal.view.blocks.find((b) => b.block_id === 'worklog');
    expect(worklog).toMatchObject({ type: 'input', optional: false, element: { multiline: true } });
    await h.submit(alice, { worklog: 'Restarted the VPN concentrator, no change' });
    await h.settle();
    expect(await incident()).toMatchObject({ status: 'assigned', assignedTeam: 'network' });
    const posts = h.recorder.posted('CNETWORK');
    expect(posts.some((m) => m.text.includes('<@UNORA>') && m.text.includes('<@UNICK>'))).toBe(true);
    expect(elementsText(teamCard())).toEqual(expect.arrayContaining(['受理', '退回重新派单']));
  });

  it('IM2.12: the team accepts, asks for symptoms in its thread; replies are relayed both ways and logged', async () => {
    await h.click(nora, teamCard(), 'itss:do:accept');
    await h.settle();
    expect(await incident()).toMatchObject({ status: 'accepted', acceptedBy: 'nora' });

    await h.reply(nora, teamCard(), 'Which VPN client version is installed?');
    await h.settle();
    const deskThread = h.recorder.thread('CDESK', desk().ts).map((m) => m.text);
    expect(deskThread.at(-1)).toContain('Which VPN client version is installed?');

    await h.reply(alice, desk(), 'Client 5.1 on Windows 11');
    await h.settle();
    const teamThread = h.recorder.thread('CNETWORK', teamCard().ts).map((m) => m.text);
    expect(teamThread.at(-1)).toContain('Client 5.1 on Windows 11');
    const log = await h.storage.listWorklog(incidentId);
    expect(log.slice(-2).map((w) => [w.step, w.source])).toEqual([
      ['IM2.12', 'team'],
      ['IM2.12', 'desk'],
    ]);
  });

  it('IM2.13 → IM3.1 → IM4.1: in scope, then the resolve modal; the reporter gets Fixed / Still broken', async () => {
    await h.click(nora, teamCard(), 'itss:do:in_scope');
    await h.settle();
    expect((await incident()).status).toBe('investigating');
    await h.click(nora, teamCard(), 'itss:open:resolve');
    await h.settle();
    await h.submit(nora, {
      code: 'solved',
      solution: 'Raised the DPD timeout on the concentrator',
      tested: true,
    });
    await h.settle();
    expect(await incident()).toMatchObject({
      status: 'resolved',
      resolution: expect.objectContaining({ code: 'solved', tested: true }),
    });
    const reporterCard = h.recorder.card('DUREPORTER', number);
    expect(elementsText(reporterCard)).toEqual(expect.arrayContaining(['已解决', '仍未解决']));
  });

  it('IM5.1: only the reporter confirms; the desk closes; every card shows it closed', async () => {
    // Alice is not the reporter: she is told so, nothing changes.
    await h.click(alice, h.recorder.card('DUREPORTER', number), 'itss:do:confirm');
    await h.settle();
    expect(h.recorder.ephemerals('UALICE').at(-1)).toContain('Only the reporter may confirm the resolution');
    expect((await incident()).reporterConfirmedAt).toBeNull();

    await h.click(reporter, h.recorder.card('DUREPORTER', number), 'itss:do:confirm', { text: '已解决' });
    await h.settle();
    expect((await incident()).reporterConfirmedAt).not.toBeNull();

    await h.click(alice, desk(), 'itss:open:close');
    await h.settle();
    await h.submit(alice, {});
    await h.settle();
    expect(await incident()).toMatchObject({ status: 'closed', closureCode: 'solved', closedBy: 'alice' });
    // Closed: nothing left to do but, for the desk and the team that solved it, keeping the
    // solution as knowledge; everyone may still read its history.
    const actionIds = (card: ReturnType<typeof desk>) =>
      card.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id) : []));
    for (const card of [desk(), teamCard(), h.recorder.card('DUREPORTER', number)])
      expect(textOf(card)).toContain('已关闭');
    expect(actionIds(desk())).toEqual(['itss:kb:save', 'itss:history']);
    expect(actionIds(teamCard())).toEqual(['itss:kb:save', 'itss:history']);
    // The reporter, who confirmed, is left the one-click satisfaction rating (IM5.1) and History.
    expect(actionIds(h.recorder.card('DUREPORTER', number))).toEqual([
      ...[1, 2, 3, 4, 5].map((n) => `itss:do:rate#${n}`),
      'itss:history',
    ]);
    expect(h.recorder.posted('DUREPORTER').at(-1)?.text ?? '').toContain('已关闭');
    const steps = new Set((await h.storage.listAudit(incidentId)).map((a) => a.step));
    for (const step of [
      'IM1',
      'IM2.1',
      'IM2.2',
      'IM2.3',
      'IM2.4',
      'IM2.5',
      'IM2.7',
      'IM2.8',
      'IM2.9',
      'IM2.10',
      'IM2.11',
      'IM2.12',
      'IM2.13',
      'IM3.1',
      'IM4.1',
      'IM5.1',
    ])
      expect(steps, step).toContain(step);
  });
});

function elementsText(m: { blocks: { type: string; elements?: { text?: { text: string } }[] }[] }): string[] {
  return m.blocks.flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).map((e) => e.text?.text ?? '') : [],
  );
}
