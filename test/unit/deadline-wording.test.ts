// How long is left or overdue, said one way everywhere (cards, breach notices, pings), and whom
// an escalation reached (Slack desk trial 2026-12-07, finding 5: "Due soon: 0 min left", "Overdue
// by 0 min", a 50 % and an 80 % reminder both reading "due now" with time left, and "escalated to
// the team lead" on an incident no team held while the reminder went to the desk).
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { EscalateEffect } from '../../src/core/decision.js';
import { timerSchedule } from '../../src/core/escalation.js';
import { fireTimer } from '../../src/core/steps/timers.js';
import type { Incident } from '../../src/core/types.js';
import { formatSpan } from '../../src/i18n/index.js';
import { actorFor, anIncident, REPORTED_AT, testConfig } from '../fixtures/config.js';

const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);

describe('formatSpan: one rounding rule for every remaining or overdue span', () => {
  it('counts whole minutes toward zero and never says "0 min"', () => {
    expect(formatSpan('en', 0, '24x7')).toBe('< 1 min');
    expect(formatSpan('en', 0.99, '24x7')).toBe('< 1 min');
    expect(formatSpan('en', -0.2, '24x7')).toBe('< 1 min');
    expect(formatSpan('zh-CN', 0.4, '24x7')).toBe('不到1分钟');
    expect(formatSpan('zh-CN', 0, 'business')).toBe('不到1分钟');
    expect(formatSpan('en', 7.9, '24x7')).toBe('7 min');
    expect(formatSpan('en', -3.5, '24x7')).toBe('3 min');
    expect(formatSpan('en', 61.7, 'business')).toBe('1 business hour 1 min');
  });
});

describe('deadlines on the card', () => {
  const cfg = testConfig();
  const p1 = (o: Partial<Incident> = {}) => anIncident({ priority: 1, reportedSeverity: 1, ...o }, cfg);
  const response = (i: Incident, now: Date, locale: 'en' | 'zh-CN' = 'en') =>
    buildIncidentView(i, actorFor('alice'), cfg, locale, now).deadlines.find((d) => d.kind === 'respond')
      ?.text;

  it('seconds left read "< 1 min left", not "0 min left"', () => {
    expect(response(p1(), at(14.6))).toBe('Due soon: < 1 min left');
    expect(response(p1(), at(14.6), 'zh-CN')).toBe('即将到期，剩余不到1分钟');
    expect(response(p1(), at(13.5))).toBe('Due soon: 1 min left');
  });

  it('seconds overdue read "Overdue by < 1 min", and a breach notice the same', () => {
    expect(response(p1(), at(15))).toBe('Overdue by < 1 min');
    expect(response(p1(), at(15.5))).toBe('Overdue by < 1 min');
    expect(response(p1(), at(16.5))).toBe('Overdue by 1 min');
    const view = buildIncidentView(p1({ breaches: ['respond'] }), actorFor('alice'), cfg, 'en', at(15.2));
    expect(view.notices).toContain('Response overdue by < 1 min');
  });

  it('met seconds late reads "< 1 min late", in the breach notice too', () => {
    expect(response(p1({ respondedAt: at(15.2) }), at(20))).toBe('Met < 1 min late');
    const late = p1({ respondedAt: at(15.2), breaches: ['respond'] });
    expect(buildIncidentView(late, actorFor('alice'), cfg, 'en', at(20)).notices).toContain(
      'Response deadline missed by < 1 min',
    );
  });
});

describe('escalation reminders', () => {
  // The trial's P1: respond within 2 min, so the 50 % and 80 % reminders fire with seconds left.
  const cfg: TriageConfig = {
    ...testConfig(),
    sla: { ...testConfig().sla, 1: { ...testConfig().sla[1], respond: { value: 2, unit: 'minutes' } } },
  };
  const incident = anIncident({ priority: 1, reportedSeverity: 1 }, cfg);

  const reminder = (suffix: string, firedAt: Date, locale: 'en' | 'zh-CN' = 'en') => {
    const key = `${incident.id}.${suffix}`;
    const spec = timerSchedule(incident, cfg, firedAt).find((t) => t.key === key);
    if (!spec) throw new Error(`no timer ${key}`);
    const d = fireTimer(incident, key, spec.at, firedAt, cfg, new Set());
    const effect = d?.effects.find((e): e is EscalateEffect => e.type === 'escalate');
    if (!effect) throw new Error('no escalation');
    const [note] = notificationsFor(effect, incident, cfg);
    if (!note) throw new Error('no notification');
    return { note, text: renderText(locale, note.text, cfg.calendar.timeZone) };
  };

  it('with seconds left say "in < 1 min", not "due now", and which point each marks', () => {
    const half = reminder('esc.respond.1', at(1.01));
    const late = reminder('esc.respond.2', at(1.61));
    expect(half.note.recipient).toEqual({ kind: 'desk' });
    expect(half.text).toContain('Response deadline in < 1 min');
    expect(half.text).toContain('50% of its time used');
    expect(late.text).toContain('Response deadline in < 1 min');
    expect(late.text).toContain('80% of its time used');
    expect(half.text).not.toBe(late.text);
    expect(half.text).not.toContain('due now');
    expect(reminder('esc.respond.1', at(1.01), 'zh-CN').text).toContain('响应时限还剩不到1分钟');
    expect(reminder('esc.respond.1', at(1.01), 'zh-CN').text).toContain('时限已用去50%');
  });

  it('at 100 % says "due now" once the deadline is reached', () => {
    const due = reminder('esc.respond.3', at(2));
    expect(due.text).toContain('Response deadline due now');
    expect(due.text).toContain('100% of its time used');
  });
});

describe('the card names whom an escalation reached', () => {
  const cfg = testConfig();
  const p1 = (o: Partial<Incident> = {}) => anIncident({ priority: 1, reportedSeverity: 1, ...o }, cfg);
  const escalated = (i: Incident, now: Date, locale: 'en' | 'zh-CN' = 'en') =>
    buildIncidentView(i, actorFor('alice'), cfg, locale, now).notices.filter((n) =>
      locale === 'en' ? n.includes('escalated') : n.includes('升级至'),
    );

  it('no team holds it: the service desk, not "the team lead"', () => {
    expect(escalated(p1(), at(13))).toEqual([
      'Response: escalated to the service desk at Mon 8 Jun 2026 09:12 UTC+8',
    ]);
    expect(escalated(p1(), at(13), 'zh-CN')).toEqual(['响应时限：已于2026-06-08 09:12 UTC+8升级至服务台']);
  });

  it('a team holding it: its lead by name; its channel at the team level', () => {
    const held = p1({
      status: 'investigating',
      respondedAt: at(1),
      assignedTeam: 'erp',
      assignedAt: at(2),
      firstAssignedAt: at(2),
    });
    // Resolution (4 h): 50 % at 2 h → the team, 80 % at 3 h 12 min → the lead.
    expect(escalated(held, at(121))).toEqual(['Resolution: escalated to ERP at Mon 8 Jun 2026 11:00 UTC+8']);
    expect(escalated(held, at(193))).toEqual([
      'Resolution: escalated to Erin Lin (team lead) at Mon 8 Jun 2026 12:12 UTC+8',
    ]);
    expect(escalated(held, at(193), 'zh-CN')).toEqual([
      '解决时限：已于2026-06-08 12:12 UTC+8升级至组长Erin Lin',
    ]);
  });

  it('a team assigned after the escalation did not hear it; one that declined since did', () => {
    const later = p1({
      status: 'investigating',
      respondedAt: at(1),
      assignedTeam: 'erp',
      assignedAt: at(200),
      firstAssignedAt: at(200),
    });
    expect(escalated(later, at(201))[0]).toContain('escalated to the service desk at');
    const decline = {
      team: 'network',
      by: 'nora',
      at: at(195),
      reason: 'not ours',
      suggestedTeam: 'erp',
      suggestion: null,
    };
    const sentBack = { ...later, firstAssignedAt: at(2), declines: [decline] };
    expect(escalated(sentBack, at(201))[0]).toContain('escalated to Nora Wu (team lead)');
  });
});
