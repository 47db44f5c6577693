import { describe, expect, it } from 'vitest';
import { deadlineLines } from '../../adapters/slack/blocks.js';
import { incidentCard } from '../../adapters/teams/cards.js';
import { sortQueue } from '../../src/app/queue.js';
import { parseCommand } from '../../src/app/views/forms.js';
import { buildIncidentView, formTitle } from '../../src/app/views/incident-view.js';
import { html } from '../../src/app/web/html.js';
import { incidentPage } from '../../src/app/web/incident-page.js';
import { DomainError } from '../../src/core/errors.js';
import { decide } from '../../src/core/process.js';
import { RULES } from '../../src/core/rules.js';
import { register } from '../../src/core/steps/register.js';
import { actorFor, anIncident, anOnsiteTask, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const reporter = { id: 'u-wangfang', name: 'Wang Fang', roles: [], teams: [] };
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);

describe('IncidentView', () => {
  it('shows the desk the triage form with the routing hint, in Chinese', () => {
    const view = buildIncidentView(anIncident(), actorFor('bob'), cfg, 'zh-CN', at(10));
    expect(view).toMatchObject({ statusLabel: '已登记', step: 'IM2.1', number: 'INC-000001' });
    expect(view.stepLabel).toBe('IM2.1 确认事件性质与分类');
    const classify = view.actions.find((a) => a.command === 'classify');
    expect(classify?.style).toBe('primary');
    const category = classify?.inputs.find((i) => i.name === 'category');
    expect(category?.kind === 'select' && category.options.find((o) => o.value === 'vpn')?.label).toBe(
      '网络 › VPN → 网络组',
    );
    expect(view.deadlines.map((d) => [d.kind, d.state])).toEqual([
      ['respond', 'running'],
      ['resolve', 'running'],
    ]);
    expect(view.notices).toContain('优先级为根据报告暂定，服务台将在 IM2.3 确定正式优先级。');
  });

  it('shows on the card whether the resolution was tested (IM4.1), in both languages', () => {
    const resolved = (tested: boolean) =>
      anIncident({
        status: 'resolved',
        resolution: {
          code: 'solved',
          solution: 'Restarted the VPN gateway',
          tested,
          by: 'p-nick',
          at: at(30),
          matchRef: null,
          savedAs: null,
        },
      });
    const text = (tested: boolean, locale: 'en' | 'zh-CN') =>
      buildIncidentView(resolved(tested), actorFor('bob'), cfg, locale, at(40)).fields.find(
        (f) => f.key === 'resolution',
      )?.value;
    expect(text(true, 'en')).toContain('Tested: the service works again');
    expect(text(false, 'en')).toContain('Not tested: the reporter is asked to confirm');
    expect(text(true, 'zh-CN')).toContain('已测试');
    expect(text(false, 'zh-CN')).toContain('未测试');
  });

  it('gives an incident manager the triage forms a desk agent gets (managers may triage)', () => {
    const agent = buildIncidentView(anIncident(), actorFor('bob'), cfg, 'en', at(10));
    const manager = buildIncidentView(anIncident(), actorFor('mia'), cfg, 'en', at(10));
    expect(manager.actions.map((a) => a.command)).toEqual(agent.actions.map((a) => a.command));
    expect(manager.actions.map((a) => a.command)).toContain('classify');
  });

  it('titles every form within a Slack modal title (24 characters), in both languages', () => {
    for (const command of Object.keys(RULES) as (keyof typeof RULES)[])
      for (const locale of ['en', 'zh-CN'] as const)
        expect(Array.from(formTitle(locale, command)).length, `${locale} ${command}`).toBeLessThanOrEqual(24);
    expect(formTitle('en', 'decide_onsite')).toBe('On-site service');
  });

  it('shows the reporter only what the reporter may do, in English', () => {
    const view = buildIncidentView(anIncident(), reporter, cfg, 'en', at(10));
    expect(view.actions.map((a) => a.command)).toEqual(['cancel']);
    expect(view.deadlines[0]?.text).toBe('1 business hour 50 min left'); // P3: business clock
  });

  it('shows a decline with reason and suggestion, and offers the suggested team first', () => {
    const declined = anIncident({
      status: 'declined',
      category: 'vpn',
      declines: [
        {
          team: 'network',
          by: 'nick',
          at: at(30),
          reason: 'Account lockout',
          suggestedTeam: 'identity',
          suggestion: null,
        },
      ],
    });
    const view = buildIncidentView(declined, actorFor('alice'), cfg, 'en', at(40));
    expect(view.notices).toContain('Network declined: Account lockout (suggested: Identity)');
    const assign = view.actions.find((a) => a.command === 'assign');
    expect(assign?.inputs[0]).toMatchObject({ name: 'team', initial: 'identity' });
    // A re-dispatch: the record already carries the attempt's work log.
    expect(assign?.inputs.map((i) => i.name)).toEqual(['team']);
    // Out of the desk's attempt (IM2.9 → IM2.11) the same form asks for the work log, required.
    const attempting = anIncident({ status: 'attempting', category: 'vpn' });
    const fromAttempt = buildIncidentView(attempting, actorFor('alice'), cfg, 'en', at(40)).actions.find(
      (a) => a.command === 'assign',
    );
    expect(fromAttempt?.inputs.find((i) => i.name === 'worklog')).toMatchObject({
      kind: 'text',
      required: true,
      label: 'Work log: what was tried (IM2.9)',
    });
    // After the next assignment the new team still sees why the last one sent it back.
    const reassigned = { ...declined, status: 'assigned' as const, assignedTeam: 'identity' };
    expect(buildIncidentView(reassigned, actorFor('alice'), cfg, 'en', at(50)).notices).toContain(
      'Declined once before; last by Network: Account lockout (suggested: Identity)',
    );
    // Counts read as words, not "1 time(s)" (trial).
    const notices = (n: number) =>
      buildIncidentView({ ...reassigned, reopenCount: n }, actorFor('alice'), cfg, 'en', at(50)).notices;
    expect(notices(1)).toContain('Reopened once.');
    expect(notices(2)).toContain('Reopened 2 times.');
  });

  it("keeps the desk's internal work off the reporter's card: declines, the engineer's note, escalations (trial 1)", () => {
    // Declined by the network team, re-dispatched, an engineer sent with the desk's note, a P1
    // whose deadlines escalated and whose acceptance was breached.
    const worked = anIncident({
      priority: 1,
      reportedSeverity: 1,
      status: 'assigned',
      assignedTeam: 'network',
      declines: [
        {
          team: 'network',
          by: 'nick',
          at: at(3),
          reason: 'Not ours.',
          suggestedTeam: 'identity',
          suggestion: null,
        },
      ],
      onsite: [anOnsiteTask({ note: 'Bring the spare token, floor 5' })],
      breaches: ['respond', 'acceptance'],
    });
    for (const locale of ['en', 'zh-CN'] as const) {
      const staff = buildIncidentView(worked, actorFor('alice'), cfg, locale, at(40)).notices.join('\n');
      const mine = buildIncidentView(worked, reporter, cfg, locale, at(40)).notices.join('\n');
      // The desk (and the teams) read all of it …
      expect(staff).toContain('Not ours.');
      expect(staff).toContain('Bring the spare token');
      expect(staff).toMatch(/escalated|升级至/);
      // … the reporter reads their report's progress: who comes and when, their own deadlines.
      expect(mine).not.toContain('Not ours.');
      expect(mine).not.toContain('Bring the spare token');
      expect(mine).not.toMatch(/escalated|升级至|declined|退回|Acceptance|受理/i);
      expect(mine).toContain(locale === 'en' ? 'Oscar' : 'Oscar');
      expect(mine).toMatch(locale === 'en' ? /Response overdue by/ : /响应时限已超时/);
    }
    // A reporter who also has a part (here on the network team) reads it as that part.
    const nick = { ...actorFor('nick') };
    const own = { ...worked, reporterId: nick.id };
    expect(buildIncidentView(own, nick, cfg, 'en', at(40)).notices.join('\n')).toContain('Not ours.');
  });

  it('shows a response made after its deadline as late, not "Met", on every surface (trial)', () => {
    const alice = actorFor('alice');
    const registered = anIncident();
    const deadline = registered.respondBy?.getTime() ?? 0;
    const late = new Date(deadline + 7 * 60_000);
    const classify = { type: 'classify', nature: 'fault', category: 'vpn' } as const;
    const responded = decide(registered, classify, alice, late, cfg).incident;
    const view = (locale: 'en' | 'zh-CN') =>
      buildIncidentView(responded, alice, cfg, locale, late).deadlines[0];
    expect(view('en')).toMatchObject({ kind: 'respond', state: 'met_late' });
    expect(view('en')?.text).toMatch(/^Met .+ late$/);
    expect(view('zh-CN')?.text).toMatch(/^超时.+后达成$/);
    const en = view('en');
    if (!en) throw new Error('no response deadline');
    expect(deadlineLines([en], 'en')).toContain(':heavy_exclamation_mark:');
    // Late by seconds: "< 1 min", not "0 min".
    const bySeconds = decide(registered, classify, alice, new Date(deadline + 20_000), cfg).incident;
    expect(buildIncidentView(bySeconds, alice, cfg, 'en', late).deadlines[0]?.text).not.toMatch(/\b0\b/);
    // Responded in time, it stays "Met".
    const onTime = decide(registered, classify, alice, new Date(deadline - 60_000), cfg).incident;
    expect(buildIncidentView(onTime, alice, cfg, 'en', late).deadlines[0]).toMatchObject({
      state: 'met',
      text: 'Met',
    });
  });

  it('keeps a met response with its time on the card while the desk waits on the reporter', () => {
    const alice = actorFor('alice');
    const classify = { type: 'classify', nature: 'fault', category: 'vpn' } as const;
    const responded = decide(anIncident(), classify, alice, at(2), cfg).incident;
    const question = { type: 'wait_for_reporter', question: '哪一层？' } as const;
    const paused = decide(responded, question, alice, at(5), cfg).incident;
    const [respond, resolve] = buildIncidentView(paused, alice, cfg, 'zh-CN', at(30)).deadlines;
    expect(respond).toMatchObject({ state: 'met', text: '已达成' });
    expect(respond?.at?.toISOString()).toBe(responded.respondBy?.toISOString());
    expect(respond?.atText).not.toBe('—');
    expect(resolve).toMatchObject({ state: 'paused', atText: '—' });
    // Rendered, a deadline without a time is its state alone, not "— — 等待报告人回复".
    const slack = deadlineLines(
      [respond, resolve].filter((d) => d !== undefined),
      'zh-CN',
    );
    const resolveLine = slack.split('\n').at(-1);
    expect(resolveLine).toContain('等待报告人回复');
    expect(resolveLine).not.toContain('—');
    const teams = JSON.stringify(
      incidentCard(buildIncidentView(paused, alice, cfg, 'zh-CN', at(30)), {
        purpose: 'desk_card',
        timeZone: 'Asia/Shanghai',
        hint: '',
      }),
    );
    expect(teams).not.toContain('"— "');
    expect(teams).not.toContain('— —');
  });

  it('marks an overdue response', () => {
    const view = buildIncidentView(anIncident(), actorFor('alice'), cfg, 'en', at(180));
    expect(view.deadlines[0]).toMatchObject({ state: 'overdue', text: 'Overdue by 1 business hour' });
  });
});

describe('form values → commands', () => {
  it('parses the triage and on-site forms', () => {
    expect(parseCommand('prioritise', { impact: '2', urgency: '1' }, () => 'x')).toEqual({
      type: 'prioritise',
      impact: 2,
      urgency: 1,
    });
    const onsite = parseCommand(
      'decide_onsite',
      {
        needed: true,
        engineers: ['oscar'],
        windowStart: '2026-06-08T14:00:00+08:00',
        windowEnd: '1780912800',
      },
      () => 'task-9',
    );
    expect(onsite).toMatchObject({
      type: 'decide_onsite',
      needed: true,
      dispatch: { taskId: 'task-9', engineers: ['oscar'] },
    });
  });

  it('rejects bad values with a field name', () => {
    const bad = [
      () => parseCommand('prioritise', { impact: '5', urgency: '1' }, () => 'x'),
      () => parseCommand('resolve', { code: 'maybe', solution: 'x' }, () => 'x'),
      () =>
        parseCommand(
          'dispatch_onsite',
          { engineers: 'oscar', windowStart: 'soon', windowEnd: '' },
          () => 'x',
        ),
    ];
    for (const fn of bad) expect(fn).toThrow(DomainError);
  });
});

describe('desk queue', () => {
  it('orders by priority, then nature rank, then the nearest deadline', () => {
    const a = anIncident({ id: 'a', priority: 2, nature: 'service_request' });
    const b = anIncident({ id: 'b', priority: 2, nature: 'fault' });
    const c = anIncident({ id: 'c', priority: 1, nature: 'complaint' });
    const d = anIncident({ id: 'd', priority: 2, nature: 'fault', reportedAt: at(-60) });
    expect(sortQueue([a, b, c, d], cfg).map((i) => i.id)).toEqual(['c', 'd', 'b', 'a']);
  });
});

describe('provisional deadlines (a year without official holidays)', () => {
  // Wed 30 Dec 2026 17:00 Shanghai: P4's business days run into 2027, which has no official data.
  const incident = register(
    { id: 'y', sequence: 9, title: 'Slow PC', description: '', service: null, severity: 4, reporter },
    new Date('2026-12-30T09:00:00Z'),
    cfg,
  ).incident;

  it('marks them in the view in both languages, and both renderers show it', () => {
    const en = buildIncidentView(incident, actorFor('alice'), cfg, 'en', new Date('2026-12-30T10:00:00Z'));
    const resolve = en.deadlines.find((d) => d.kind === 'resolve');
    expect(resolve).toMatchObject({ provisional: true, state: 'running' });
    expect(resolve?.atText).toMatch(/\(provisional\)$/);
    expect(
      en.notices.some((n) => n.startsWith('Provisional deadlines: the official holidays for 2027')),
    ).toBe(true);
    const zh = buildIncidentView(incident, actorFor('alice'), cfg, 'zh-CN', new Date('2026-12-30T10:00:00Z'));
    expect(zh.deadlines.find((d) => d.kind === 'resolve')?.atText).toMatch(/（暂定）$/);
    expect(zh.notices.some((n) => n.startsWith('时限为暂定：2027 年'))).toBe(true);
    expect(deadlineLines(en.deadlines, 'en')).toContain('(provisional)');
    const card = JSON.stringify(
      incidentCard(zh, { purpose: 'desk_card', timeZone: 'Asia/Shanghai', hint: '' }),
    );
    expect(card).toContain('（暂定）');
  });

  // Incident-manager trial 2026-12-07: a response deadline of Thu 31 Dec 2026 was marked
  // provisional on the card and the web page because the resolution ran into 2027.
  it('marks only the deadline whose own count crossed into the uncovered year, everywhere', () => {
    const now = new Date('2026-12-30T10:00:00Z');
    expect(incident.respondBy?.toISOString()).toBe('2026-12-31T09:00:00.000Z');
    for (const locale of ['en', 'zh-CN'] as const) {
      const view = buildIncidentView(incident, actorFor('alice'), cfg, locale, now);
      const [respond, resolve] = (['respond', 'resolve'] as const).map((k) =>
        view.deadlines.find((d) => d.kind === k),
      );
      expect(respond?.provisional).toBe(false);
      expect(respond?.atText).not.toMatch(/provisional|暂定/);
      expect(resolve?.provisional).toBe(true);
      const mark = locale === 'en' ? '(provisional)' : '（暂定）';
      const slack = deadlineLines(view.deadlines, locale).split('\n');
      expect(slack.filter((l) => l.includes(mark))).toHaveLength(1);
      expect(slack.find((l) => l.includes(mark))).toContain(resolve?.label);
      const card = JSON.stringify(
        incidentCard(view, { purpose: 'desk_card', timeZone: 'Asia/Shanghai', hint: '' }),
      );
      expect(card.split(mark)).toHaveLength(2);
      const web = incidentPage({ frame: { locale }, view, timeline: html`` }).toString();
      const items = web.match(/<li class="[a-z_]+"><strong>[^<]*<\/strong>[^<]*<\/li>/g) ?? [];
      expect(items).toHaveLength(2);
      expect(items.filter((li) => li.includes(mark))).toEqual([
        expect.stringContaining(resolve?.label ?? '?'),
      ]);
    }
  });

  it('shows official deadlines without the mark', () => {
    const official = { ...incident, respondByProvisional: false, resolveByProvisional: false };
    const view = buildIncidentView(official, actorFor('alice'), cfg, 'en', new Date('2026-12-30T10:00:00Z'));
    expect(view.deadlines.some((d) => d.provisional || d.atText.includes('provisional'))).toBe(false);
    expect(view.notices.some((n) => n.startsWith('Provisional deadlines'))).toBe(false);
  });
});

describe('option lists from the configuration', () => {
  const classifyInputs = (config: typeof cfg) =>
    buildIncidentView(
      anIncident({}, config),
      actorFor('alice', config),
      config,
      'en',
      REPORTED_AT,
    ).actions.find((a) => a.command === 'classify')?.inputs;

  it('follow a reloaded configuration (kept per configuration object)', () => {
    const before = classifyInputs(cfg);
    const renamed = {
      ...cfg,
      teams: cfg.teams.map((team) => ({
        ...team,
        label: { en: `${team.label.en} (new)`, 'zh-CN': team.label['zh-CN'] },
      })),
    };
    const after = classifyInputs(renamed);
    const category = (inputs: typeof before) => inputs?.find((i) => i.name === 'category');
    const labels = (inputs: typeof before) => {
      const input = category(inputs);
      return input && 'options' in input ? input.options.map((o) => o.label) : [];
    };
    expect(labels(before).length).toBeGreaterThan(0);
    expect(labels(before).some((l) => l.includes('(new)'))).toBe(false);
    expect(labels(after).every((l) => !l.includes('→') || l.includes('(new)'))).toBe(true);
    expect(labels(after).some((l) => l.includes('(new)'))).toBe(true);
  });
});
