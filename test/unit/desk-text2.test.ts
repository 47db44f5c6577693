// What an independent Chinese desk trial in Teams found next (docs/web.md, 2026-12-07 "desktext2").
import { describe, expect, it } from 'vitest';
import { personName } from '../../src/app/history/names.js';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import { renderText } from '../../src/app/notifier.js';
import { pingNotifications } from '../../src/app/ping-notifications.js';
import { raceError } from '../../src/app/race.js';
import { exportCsv } from '../../src/app/reports/export.js';
import type { ExportQueries, ExportRow } from '../../src/app/reports/export-port.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { buildMatchView, earlyMatchHint } from '../../src/app/views/match-view.js';
import type { Command } from '../../src/core/commands.js';
import type { Locale } from '../../src/core/config.js';
import type { EscalateEffect } from '../../src/core/decision.js';
import { allowedCommands } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import { SYSTEM_ACTOR } from '../../src/core/steps/timers.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { errorMessage, formatClockDuration } from '../../src/i18n/index.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const desk = actorFor('alice');
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);
const REPORTER: Actor = { id: 'teams:29:1a2b3c', name: '29:1a2b3c', roles: [], teams: [] };

function registered(reporter: { id: string; name: string } = REPORTER): Incident {
  const report = {
    id: 'inc-8',
    sequence: 8,
    title: 'VPN drops',
    description: '',
    service: null,
    severity: null,
  };
  return register({ ...report, reporter }, REPORTED_AT, cfg).incident;
}

/** A registered incident after `steps`, each by `actor` (the desk), a minute apart. */
function replay(steps: readonly Command[], i = registered(), actor = desk): Incident {
  for (const [n, c] of steps.entries()) i = decide(i, c, actor, at(n + 1), cfg).incident;
  return i;
}

const P3: readonly Command[] = [
  { type: 'classify', nature: 'fault', category: 'printers' },
  { type: 'prioritise', impact: 3, urgency: 3 },
];
const P1: readonly Command[] = [
  { type: 'classify', nature: 'fault', category: 'printers' },
  { type: 'prioritise', impact: 1, urgency: 1 },
];

describe('remaining time on a business-calendar deadline', () => {
  it('is working hours, said to be working time, never calendar days', () => {
    expect(formatClockDuration('zh-CN', 2400, 'business')).toBe('40小时（工作时间）');
    expect(formatClockDuration('en', 2400, 'business')).toBe('40 business hours');
    expect(formatClockDuration('en', 61, 'business')).toBe('1 business hour 1 min');
    expect(formatClockDuration('en', 25, 'business')).toBe('25 business min');
    expect(formatClockDuration('zh-CN', 25, 'business')).toBe('25分钟（工作时间）');
    // A 24×7 deadline keeps calendar days: they are real days.
    expect(formatClockDuration('zh-CN', 2400, '24x7')).toBe('1天16小时');
  });

  it('reads so on the card (P3, business clock) and stays calendar time on P1 (24×7)', () => {
    const resolveText = (i: Incident, l: Locale) =>
      buildIncidentView(i, desk, cfg, l, at(3)).deadlines.find((d) => d.kind === 'resolve')?.text;
    const p3 = replay(P3);
    expect(resolveText(p3, 'zh-CN')).toMatch(/^剩余\d+小时(\d+分钟)?（工作时间）$/);
    expect(resolveText(p3, 'en')).toMatch(/^\d+ business hours( \d+ min)? left$/);
    expect(resolveText(replay(P1), 'zh-CN')).toMatch(/^剩余3小时5\d分钟$/);
  });

  it('reads so in the breach notice once overdue', () => {
    const i: Incident = { ...replay(P3), breaches: ['resolve'] };
    const late = new Date((i.resolveBy as Date).getTime() + 3 * 86_400_000);
    const notices = (l: Locale) => buildIncidentView(i, desk, cfg, l, late).notices.join('\n');
    expect(notices('zh-CN')).toMatch(/解决时限已超时\d+小时(\d+分钟)?（工作时间）/);
    expect(notices('en')).toMatch(/Resolution overdue by \d+ business hours/);
  });

  it('reads so in an escalation ping before the deadline', () => {
    const i = replay(P3);
    const due = i.resolveBy as Date;
    const effect: EscalateEffect = {
      type: 'escalate',
      step: 'IM2.3',
      timer: 'resolve:1',
      due: due.toISOString(),
      firedAt: at(3).toISOString(),
      deadlineAt: due.toISOString(),
      deadline: 'resolve',
      reason: 'threshold',
      threshold: 1,
      targets: [{ kind: 'desk' }],
    };
    const [n] = pingNotifications(effect, i, cfg);
    const zh = renderText('zh-CN', n?.text as never, 'Asia/Shanghai');
    expect(zh).toMatch(/还剩\d+小时(\d+分钟)?（工作时间）/);
    expect(renderText('en', n?.text as never, 'Asia/Shanghai')).toMatch(/in \d+ business hours/);
  });
});

describe('waiting for the reporter is recorded at the step the incident is at', () => {
  const waitStep = (i: Incident) =>
    decide(i, { type: 'wait_for_reporter', question: '哪个打印机？' }, desk, at(9), cfg).events.find(
      (e) => e.action === 'waiting_for_reporter',
    )?.step;

  it('IM2.5 while deciding on-site support, not IM2.9', () => {
    expect(replay(P3).status).toBe('prioritised');
    expect(waitStep(replay(P3))).toBe('IM2.5');
  });

  it('still IM2.9 during the attempt at resolution', () => {
    const attempting = replay([...P3, { type: 'decide_onsite', needed: false }, { type: 'no_match' }]);
    expect(attempting.status).toBe('attempting');
    expect(waitStep(attempting)).toBe('IM2.9');
  });
});

describe('the bot as actor in Chinese', () => {
  const period = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };
  const rows: ExportRow[] = [
    { number: 'INC-000008', actor_id: 'system', actor_name: 'ITSS bot', action: 'escalated' },
    { number: 'INC-000008', actor_id: 'alice', actor_name: 'Alice Zhang', action: 'classified' },
  ];
  const queries: ExportQueries = {
    incidents: async () => ({ rows, next: null }),
    audit: async () => ({ rows, next: null }),
  };
  const exported = async (locale?: Locale) => {
    let text = '';
    for await (const chunk of exportCsv(queries, 'audit', period as never, {}, undefined, locale))
      text += chunk;
    return text.split('\r\n');
  };

  it('is named in the export language in the audit CSV; the stored id stays', async () => {
    const zh = await exported('zh-CN');
    expect(zh[1]).toContain(',system,ITSS 机器人,');
    expect(zh[2]).toContain(',alice,Alice Zhang,');
    expect((await exported('en'))[1]).toContain(',system,ITSS bot,');
  });

  it('in the history and when a timer won a race against a click', () => {
    expect(personName({ cfg, locale: 'zh-CN', timeZone: 'UTC' }, SYSTEM_ACTOR.id, SYSTEM_ACTOR.name)).toBe(
      'ITSS 机器人',
    );
    const record = {
      id: 1,
      incidentId: 'inc-8',
      step: 'IM2.3' as const,
      action: 'escalated',
      actorId: SYSTEM_ACTOR.id,
      actorName: SYSTEM_ACTOR.name,
      at: at(5),
      payload: {},
    };
    const e = raceError([record], 'prioritise');
    expect(errorMessage('zh-CN', e)).toContain('ITSS 机器人');
    expect(errorMessage('zh-CN', e)).not.toContain('ITSS bot');
    expect(errorMessage('en', e)).toContain('ITSS bot');
  });

  it('names someone outside the configuration by name, or as an unknown person, never by chat id', () => {
    const base = {
      id: 2,
      incidentId: 'inc-8',
      step: 'IM4.1' as const,
      action: 'reporter_confirmed',
      at: at(6),
      payload: {},
    };
    const raw = { ...base, actorId: 'teams:29:1a2b', actorName: '29:1a2b' };
    const stale = errorMessage('zh-CN', raceError([raw], 'close'));
    expect(stale).toContain('未知人员（Teams）');
    expect(stale).not.toContain('29:1a2b');
    const named = { ...base, actorId: 'slack:UREP', actorName: 'Wang Fang' };
    expect(errorMessage('en', raceError([named], 'close'))).toContain('Wang Fang');
  });
});

describe('a reporter outside the configuration', () => {
  const reporterField = (i: Incident, l: Locale) =>
    buildIncidentView(i, desk, cfg, l, at(1)).fields.find((f) => f.key === 'reporter')?.value;

  it('is "unknown person (Teams)" when Teams gave no name, never the raw chat id', () => {
    expect(reporterField(registered(), 'zh-CN')).toBe('未知人员（Teams）');
    expect(reporterField(registered(), 'en')).toBe('unknown person (Teams)');
    const c = { cfg, locale: 'zh-CN' as const, timeZone: 'UTC' };
    expect(personName(c, REPORTER.id, REPORTER.name)).toBe('未知人员（Teams）');
  });

  it('keeps the name the platform gave, and configured people as configured', () => {
    expect(reporterField(registered({ id: 'teams:29:1a2b3c', name: '李雷' }), 'zh-CN')).toBe('李雷');
    expect(reporterField(registered({ id: 'bob', name: 'Bob Li' }), 'zh-CN')).toBe('Bob Li');
  });
});

describe('a weak knowledge suggestion', () => {
  const result = (score: number): MatchResult =>
    ({
      noGoodMatch: true,
      candidates: [
        {
          ref: 'KB-1',
          kind: 'article',
          title: 'Printer offline',
          score,
          confident: false,
          matchedWords: ['打印机'],
          snippet: '',
          sourceUrl: null,
        },
      ],
    }) as unknown as MatchResult;

  it('that rounds to 0% reads "<1%", not "0%"', () => {
    expect(buildMatchView(result(0.004), 'zh-CN').weak[0]?.score).toBe('匹配度 <1%');
    expect(buildMatchView(result(0.004), 'en').weak[0]?.score).toBe('<1% match');
    expect(buildMatchView(result(0.42), 'zh-CN').weak[0]?.score).toBe('匹配度 42%');
    expect(earlyMatchHint(result(0.004), 'zh-CN')).toBeNull();
  });
});

describe('IM5.1 reopen of a resolved incident', () => {
  const resolved = () =>
    replay([
      ...P3,
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'resolve', code: 'solved', solution: '重新插好网线', tested: true },
    ]);

  it('is the reporter’s answer: offered to them, not to the desk, and the step agrees', () => {
    const i = resolved();
    expect(allowedCommands(i, desk, { cfg, now: at(10) })).not.toContain('reopen');
    expect(allowedCommands(i, REPORTER, { cfg, now: at(10) })).toContain('reopen');
    expect(() => decide(i, { type: 'reopen', reason: '还是不行' }, desk, at(10), cfg)).toThrow(/forbidden/);
    const back = decide(i, { type: 'reopen', reason: '还是不行' }, REPORTER, at(10), cfg).incident;
    expect(back).toMatchObject({ status: 'attempting', reopenCount: 1 });
  });
});
