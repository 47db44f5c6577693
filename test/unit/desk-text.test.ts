// Texts a Chinese desk tester found wrong in Teams (docs/teams.md, 2026-12-07).
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import type { PriorityFigures } from '../../src/app/reports/report-model.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { backlogLines, priorityLines } from '../../src/app/views/report-summary.js';
import type { Command } from '../../src/core/commands.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { DomainError } from '../../src/core/errors.js';
import { closeWithoutReporterAt } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';
import { errorMessage, interpolate } from '../../src/i18n/index.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = {} as TriageConfig;
const figures = {
  priority: 1,
  reported: 1,
  responseMetPercent: 100,
  resolutionMetPercent: 100,
} as PriorityFigures;

describe('chat report priority lines', () => {
  it('name the priority as the rest of the language does (一级, not P1)', () => {
    const [zh] = priorityLines({ locale: 'zh-CN', cfg }, { byPriority: [figures] });
    expect(zh).toMatch(/^一级：登记 1/);
    const [en] = priorityLines({ locale: 'en', cfg }, { byPriority: [figures] });
    expect(en).toMatch(/^P1: 1 reported/);
  });

  it("name the backlog's priority the same way and keep each count apart from its age", () => {
    const backlog = {
      asOf: REPORTED_AT,
      counts: [
        { priority: 1, bucket: 'lt_1d', count: 1 },
        { priority: 1, bucket: 'd1_3', count: 2 },
      ] as const,
    };
    const r = { backlog: { ...backlog, counts: [...backlog.counts] } };
    expect(backlogLines({ locale: 'zh-CN', cfg }, r)).toEqual(['一级，已开启：不足 1 天 1 件 · 1–3 天 2 件']);
    expect(backlogLines({ locale: 'en', cfg }, r)).toEqual(['P1, open for < 1 day: 1 · 1–3 days: 2']);
  });
});

const desk = actorFor('alice');
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);
const full = testConfig();

function registered(): Incident {
  const report = {
    id: 'inc-7',
    sequence: 7,
    title: 'VPN drops',
    description: '',
    service: null,
    severity: null,
  };
  return register({ ...report, reporter: { id: 'slack:UREP', name: 'Wang Fang' } }, REPORTED_AT, full)
    .incident;
}

/** Every notification text a command gives, rendered in Chinese and English. */
function said(incident: Incident, command: Command, minute: number, actor = desk) {
  const d = decide(incident, command, actor, at(minute), full);
  const texts = d.effects.flatMap((e) => notificationsFor(e, d.incident, full));
  const render = (locale: 'en' | 'zh-CN') => texts.map((n) => renderText(locale, n.text, 'UTC'));
  return { incident: d.incident, zh: render('zh-CN'), en: render('en'), kinds: texts.map((n) => n.kind) };
}

describe('IM2.1 message to the reporter', () => {
  it('calls the priority provisional until the desk prioritises (IM2.3)', () => {
    const c = said(registered(), { type: 'classify', nature: 'fault', category: 'printers' }, 1);
    const zh = c.zh.find((s) => s.includes('完成分类'));
    expect(zh).toContain('暂定优先级');
    expect(c.en.find((s) => s.includes('has reviewed'))).toContain('provisional priority');
    const p = said(c.incident, { type: 'prioritise', impact: 3, urgency: 3 }, 2);
    expect(p.zh.join('\n')).not.toContain('暂定');
  });
});

/** Assigned to the network team (IM2.11), ready for its IM2.13/IM2.14 answer. */
function assigned(): Incident {
  return replay([
    { type: 'classify', nature: 'fault', category: 'printers' },
    { type: 'prioritise', impact: 3, urgency: 3 },
    { type: 'decide_onsite', needed: false },
    { type: 'no_match' },
    { type: 'assign', team: 'network', worklog: 'Restarted the client and checked the gateway: no change' },
  ]);
}

/** A registered incident after `steps`, each by the desk, a minute apart. */
function replay(steps: readonly Command[]): Incident {
  let i = registered();
  for (const [n, c] of steps.entries()) i = said(i, c, n + 1).incident;
  return i;
}

describe("a full stop after people's words", () => {
  it('is not doubled when their words already end a sentence', () => {
    const reason = '线路和交换机均正常。';
    const d = said(assigned(), { type: 'decline', reason, suggestedTeam: 'desktop' }, 9, actorFor('nora'));
    expect(d.zh.join('\n')).toContain('均正常。建议派给');
    expect(d.zh.join('\n')).not.toContain('。。');
  });

  it('keeps their own question mark and still ends an unfinished sentence', () => {
    expect(interpolate('原因：{reason}。', { reason: '为什么？' })).toBe('原因：为什么？');
    expect(interpolate('Reason: {reason}.', { reason: 'cable cut.' })).toBe('Reason: cable cut.');
    expect(interpolate('原因：{reason}。下一步', { reason: '断线' })).toBe('原因：断线。下一步');
    expect(interpolate('{missing}。', { reason: 'x' })).toBe('{missing}。');
    // A Latin full stop stands in for "。": a space before the Chinese that follows (Slack trial 7d).
    expect(interpolate('{s}。请确认', { s: 'Tested with 3 users.' })).toBe('Tested with 3 users. 请确认');
    expect(interpolate('{s}。请确认', { s: '已测试。' })).toBe('已测试。请确认');
  });

  it('in the complaint notice to the incident manager too', () => {
    const c = said(
      registered(),
      { type: 'classify', nature: 'complaint', category: 'printers', verification: '报告人反映三天未处理。' },
      1,
    );
    const zh = c.zh.join('\n');
    expect(zh).toContain('未处理。请跟进');
    expect(zh).not.toContain('。。');
  });
});

describe('IM2.14 decline with a team and words', () => {
  it('keeps both and shows both to the desk', () => {
    const cmd: Command = {
      type: 'decline',
      reason: '不是网络问题',
      suggestedTeam: 'desktop',
      suggestion: '找王工看扩展坞',
    };
    const d = said(assigned(), cmd, 9, actorFor('nora'));
    expect(d.incident.declines.at(-1)).toMatchObject({
      suggestedTeam: 'desktop',
      suggestion: '找王工看扩展坞',
    });
    expect(d.zh.join('\n')).toContain('建议派给：桌面支持组（附言：找王工看扩展坞）。');
    expect(d.en.join('\n')).toContain('Desktop (note: 找王工看扩展坞)');
  });
});

describe('IM5.1 Close on the desk card', () => {
  function resolved(): Incident {
    return replay([
      { type: 'classify', nature: 'fault', category: 'printers' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'resolve', code: 'solved', solution: '重新插好网线', tested: true },
    ]);
  }
  const offers = (i: Incident, now: Date) =>
    buildIncidentView(i, desk, full, 'zh-CN', now).actions.map((a) => a.command);

  it('is not offered until the reporter confirms or the silence has passed', () => {
    const i = resolved();
    expect(offers(i, at(10))).not.toContain('close');
    const until = closeWithoutReporterAt(i, full, at(10));
    expect(until).not.toBeNull();
    expect(offers(i, new Date((until as Date).getTime() + 1))).toContain('close');
    const confirmed = decide(
      i,
      { type: 'confirm' },
      { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] },
      at(11),
      full,
    ).incident;
    expect(offers(confirmed, at(12))).toContain('close');
  });

  it('refused from a stale card, says to wait for the reporter and until when', () => {
    let error: unknown;
    try {
      decide(resolved(), { type: 'close', code: null }, desk, at(10), full);
    } catch (e) {
      error = e;
    }
    const zh = errorMessage('zh-CN', error as DomainError, { timeZone: 'Asia/Shanghai' });
    expect(zh).toMatch(/^报告人尚未确认问题已解决，请等待其确认；如报告人一直未回复，.+ 之后可直接关闭。$/);
    expect(zh).not.toContain('“确认”');
    const en = errorMessage('en', error as DomainError, { timeZone: 'Asia/Shanghai' });
    expect(en).toMatch(/wait for their confirmation, or close without it after .+\.$/);
  });
});
