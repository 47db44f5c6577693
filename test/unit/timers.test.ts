// Firing deadline timers (src/core/steps/timers.ts), their notifications and card notices.
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import type { Decision, EscalateEffect } from '../../src/core/decision.js';
import { timerSchedule } from '../../src/core/escalation.js';
import { decide } from '../../src/core/process.js';
import {
  firedTimers,
  fireTimer,
  firingId,
  pendingTimers,
  pingedTargets,
  stepInProgress,
} from '../../src/core/steps/timers.js';
import type { Incident } from '../../src/core/types.js';
import { actorFor, anIncident, anOnsiteTask, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);
const NONE = new Set<string>();
const tz = cfg.calendar.timeZone;

/** A P1 reported by the reporter as severity 1: respond 15 min, resolve 4 h, 24×7. */
const p1 = (overrides: Partial<Incident> = {}) =>
  anIncident({ priority: 1, reportedSeverity: 1, ...overrides });

function fire(
  incident: Incident,
  suffix: string,
  now: Date,
  fired: ReadonlySet<string> = NONE,
): Decision | null {
  const key = `${incident.id}.${suffix}`;
  const spec = timerSchedule(incident, cfg, now).find((t) => t.key === key);
  if (!spec) throw new Error(`no timer ${key}`);
  return fireTimer(incident, key, spec.at, now, cfg, fired);
}

const escalation = (d: Decision | null) => d?.effects.find((e): e is EscalateEffect => e.type === 'escalate');

describe('fireTimer: the response ladder of an unanswered P1', () => {
  const incident = p1();

  // Recorded at the step the incident is at (still IM2.1: nobody classified it), not at IM2.3
  // where the limit is set (Teams trial 2026-12-07).
  it('at 50 % pings the service desk (no team holds it yet), recorded at IM2.1 where it stands', () => {
    expect(incident.status).toBe('registered');
    const d = fire(incident, 'esc.respond.1', at(8));
    expect(d?.events).toEqual([
      {
        step: 'IM2.1',
        action: 'escalated',
        payload: expect.objectContaining({
          timer: 'inc-0001.esc.respond.1',
          due: at(7.5).toISOString(),
          deadline: 'respond',
          reason: 'threshold',
          threshold: 1,
          levels: ['team'],
          targets: [{ kind: 'desk' }],
        }),
      },
    ]);
    expect(escalation(d)).toMatchObject({ reason: 'threshold', threshold: 1, targets: [{ kind: 'desk' }] });
    // A ping changes no deadline and keeps the version: nobody's open card goes stale.
    expect(d?.incident.version).toBe(incident.version);
    expect(d?.incident.breaches).toEqual([]);
    expect(d?.effects.map((e) => e.type)).toEqual(['escalate', 'refresh_views']);
  });

  it('at 100 % pings each incident manager by DM and records the breach once', () => {
    const manager = fire(incident, 'esc.respond.3', at(15));
    expect(escalation(manager)?.targets).toEqual([{ kind: 'person', person: 'mia', as: 'manager' }]);
    const breach = fire(incident, 'respond', at(15));
    expect(breach?.incident.breaches).toEqual(['respond']);
    expect(breach?.events[0]).toMatchObject({ step: 'IM2.1', action: 'deadline_breached' });
    expect(escalation(breach)).toMatchObject({ reason: 'breach', deadline: 'respond' });
    const again = fire({ ...incident, breaches: ['respond'] }, 'respond', at(16));
    expect(again?.incident.breaches).toEqual(['respond']);
  });

  it('does nothing when the timer is not due, already fired, moved or gone', () => {
    expect(fire(incident, 'esc.respond.1', at(7))).toBeNull();
    const fired = new Set([firingId('inc-0001.esc.respond.1', at(7.5))]);
    expect(fire(incident, 'esc.respond.1', at(8), fired)).toBeNull();
    // Armed for 10:07:30 but now due elsewhere (a stale job): nothing.
    expect(fireTimer(incident, 'inc-0001.esc.respond.1', at(5), at(8), cfg, NONE)).toBeNull();
    // Responded: the response timers left the schedule.
    const responded = { ...incident, respondedAt: at(3) };
    expect(fireTimer(responded, 'inc-0001.respond', at(15), at(16), cfg, NONE)).toBeNull();
    expect(fireTimer(incident, 'inc-0001.nope', at(15), at(16), cfg, NONE)).toBeNull();
  });
});

describe('fireTimer: team, lead and acceptance', () => {
  const assigned = p1({
    status: 'assigned',
    respondedAt: at(1),
    category: 'erp',
    assignedTeam: 'erp',
    assignedAt: at(2),
  });

  it('pings the assigned team channel, then its lead, on the resolution ladder (step in progress)', () => {
    const team = fire({ ...assigned, status: 'investigating', acceptedAt: at(3) }, 'esc.resolve.1', at(121));
    expect(team?.events[0]?.step).toBe('IM3.1');
    expect(escalation(team)?.targets).toEqual([{ kind: 'team', team: 'erp' }]);
    const lead = fire(assigned, 'esc.resolve.2', at(193));
    expect(lead?.events[0]?.step).toBe('IM2.12');
    expect(escalation(lead)?.targets).toEqual([{ kind: 'person', person: 'erin', as: 'lead' }]);
  });

  it('re-pings the team at the acceptance limit (a breach), then escalates to lead and manager', () => {
    const first = fire(assigned, 'accept.1', at(32));
    expect(first?.incident.breaches).toEqual(['acceptance']);
    expect(first?.events[0]).toMatchObject({ step: 'IM2.12', action: 'deadline_breached' });
    expect(escalation(first)).toMatchObject({
      reason: 'breach',
      deadline: 'acceptance',
      targets: [{ kind: 'team', team: 'erp' }],
    });
    const last = fire(assigned, 'accept.2', at(62));
    expect(escalation(last)).toMatchObject({
      reason: 'acceptance_escalated',
      targets: [
        { kind: 'person', person: 'erin', as: 'lead' },
        { kind: 'person', person: 'mia', as: 'manager' },
      ],
    });
  });

  it('a new assignment re-arms the same key at another instant: a new firing', () => {
    const firstFiring = fire(assigned, 'accept.1', at(32));
    const fired = firedTimers(firstFiring?.events ?? []);
    const again = {
      ...assigned,
      assignedTeam: 'network',
      assignedAt: at(40),
      breaches: ['acceptance' as const],
    };
    expect(fire(again, 'accept.1', at(71), fired)?.events[0]?.payload).toMatchObject({
      team: 'network',
      due: at(70).toISOString(),
    });
    expect(pendingTimers(again, cfg, at(71), fired).map((t) => t.key)).toContain('inc-0001.accept.1');
  });

  it('reminds the on-site engineers and the desk when feedback is overdue', () => {
    const task = anOnsiteTask();
    const onsite = p1({ status: 'matching', respondedAt: at(1), onsite: [task] });
    const due = new Date(task.windowEnd.getTime() + 60 * 60_000);
    const d = fireTimer(onsite, 'inc-0001.onsite.task-1', due, due, cfg, NONE);
    expect(d?.events[0]).toMatchObject({ step: 'IM2.6', action: 'deadline_breached' });
    expect(d?.incident.breaches).toEqual(['onsite_feedback']);
    expect(escalation(d)?.targets).toEqual([
      { kind: 'person', person: 'oscar', as: 'onsite' },
      { kind: 'desk' },
    ]);
  });
});

describe('what was fired and pinged, from the audit trail', () => {
  it('reads firings and every target once', () => {
    const events = [
      {
        action: 'escalated',
        payload: { timer: 'a.x', due: '2026-01-01T00:00:00.000Z', targets: [{ kind: 'desk' }] },
      },
      {
        action: 'deadline_breached',
        payload: {
          timer: 'a.y',
          due: '2026-01-01T00:05:00.000Z',
          targets: [{ kind: 'desk' }, { kind: 'person', person: 'mia', as: 'manager' }],
        },
      },
      { action: 'classified', payload: { timer: 'not-a-firing', due: 'x', targets: [{ kind: 'managers' }] } },
    ];
    expect([...firedTimers(events)]).toEqual([
      'a.x@2026-01-01T00:00:00.000Z',
      'a.y@2026-01-01T00:05:00.000Z',
    ]);
    expect(pingedTargets(events)).toEqual([
      { kind: 'desk' },
      { kind: 'person', person: 'mia', as: 'manager' },
    ]);
  });

  it('names the step being worked on in every state', () => {
    expect(stepInProgress('registered')).toBe('IM2.1');
    expect(stepInProgress('investigating')).toBe('IM3.1');
    expect(stepInProgress('declined')).toBe('IM2.11');
  });
});

describe('ping notifications and card notices', () => {
  it('tells the team channel (members mentioned) how long is left, in both languages', () => {
    const incident = p1({
      status: 'investigating',
      respondedAt: at(1),
      assignedTeam: 'erp',
      assignedAt: at(2),
    });
    const d = fire(incident, 'esc.resolve.1', at(121));
    const effect = escalation(d) as EscalateEffect;
    const [note] = notificationsFor(effect, incident, cfg);
    expect(note).toMatchObject({ kind: 'ping', recipient: { kind: 'team', teamId: 'erp', mention: true } });
    const en = renderText('en', note?.text ?? { key: 'view.unassigned', params: {} }, tz);
    expect(en).toContain('INC-000001 (P1)');
    expect(en).toContain('Resolution deadline in 1 h 59 min');
    const zh = renderText('zh-CN', note?.text ?? { key: 'view.unassigned', params: {} }, tz);
    expect(zh).toContain('解决时限还剩1小时59分钟');
  });

  it('a ping fired at the deadline instant, or seconds after it, says "due now", not "1 min ago"', () => {
    const incident = p1({
      status: 'investigating',
      respondedAt: at(1),
      assignedTeam: 'erp',
      assignedAt: at(2),
    });
    const effect = escalation(fire(incident, 'esc.resolve.1', at(121))) as EscalateEffect;
    const due = new Date(effect.deadlineAt ?? effect.due).getTime();
    const said = (firedAt: number) => {
      const [note] = notificationsFor({ ...effect, firedAt: new Date(firedAt).toISOString() }, incident, cfg);
      return renderText('en', note?.text ?? { key: 'view.unassigned', params: {} }, tz);
    };
    expect(said(due)).toContain('Resolution deadline due now');
    expect(said(due + 2_000)).toContain('Resolution deadline due now');
    expect(said(due + 90_000)).toContain('Resolution deadline passed 1 min ago');
    expect(said(due - 90_000)).toContain('Resolution deadline in 1 min');
  });

  it("tells the managers' channel and every incident manager of a complaint (IM2.2) and of a P1 (IM2.4)", () => {
    const incident = p1();
    for (const effect of [
      { type: 'notify_manager', step: 'IM2.2', reason: 'complaint' },
      { type: 'notify_manager', step: 'IM2.4', reason: 'highest_priority' },
    ] as const) {
      const recipients = notificationsFor(effect, incident, cfg).map((n) => n.recipient);
      expect(recipients).toContainEqual({ kind: 'managers' });
      const managers = cfg.people.filter((p) => p.roles.includes('manager'));
      expect(managers.length).toBeGreaterThan(0);
      for (const m of managers) expect(recipients).toContainEqual({ kind: 'person', personId: m.id });
    }
  });

  it('sends breaches as breach notices and follow-ups without mentions', () => {
    const incident = p1();
    const breach = escalation(fire(incident, 'respond', at(15))) as EscalateEffect;
    const notes = notificationsFor(breach, incident, cfg);
    expect(notes.map((n) => [n.kind, n.recipient.kind])).toEqual([['breach', 'desk']]);
    expect(renderText('en', notes[0]?.text ?? { key: 'view.unassigned', params: {} }, tz)).toContain(
      'the Response deadline',
    );
    const follow = notificationsFor(
      {
        type: 'notify_pinged',
        step: 'IM2.12',
        event: 'accepted',
        targets: [
          { kind: 'team', team: 'erp' },
          { kind: 'person', person: 'mia', as: 'manager' },
        ],
      },
      { ...incident, assignedTeam: 'erp' },
      cfg,
    );
    expect(follow.map((n) => n.recipient)).toEqual([
      { kind: 'team', teamId: 'erp', mention: false },
      { kind: 'person', personId: 'mia' },
    ]);
    expect(renderText('en', follow[0]?.text ?? { key: 'view.unassigned', params: {} }, tz)).toBe(
      '✅ INC-000001 (P1) VPN 每 10 分钟断开一次 has been accepted by ERP.',
    );
  });

  it('shows a recorded breach on the card: overdue while it runs, how late once met', () => {
    const breached = p1({ breaches: ['respond'] });
    const view = buildIncidentView(breached, actorFor('alice'), cfg, 'en', at(27));
    expect(view.notices).toContain('Response overdue by 12 min');
    const zh = buildIncidentView(breached, actorFor('alice'), cfg, 'zh-CN', at(27));
    expect(zh.notices).toContain('响应时限已超时12分钟');
    const met = buildIncidentView({ ...breached, respondedAt: at(20) }, actorFor('alice'), cfg, 'en', at(27));
    expect(met.notices).toContain('Response deadline missed by 5 min');
  });

  it('shows how far a running deadline has escalated, and to whom (no team yet: the desk)', () => {
    const view = buildIncidentView(p1(), actorFor('alice'), cfg, 'en', at(13));
    expect(view.notices).toContain('Response: escalated to the service desk at Mon 8 Jun 2026 09:12 UTC+8');
    const zh = buildIncidentView(p1(), actorFor('alice'), cfg, 'zh-CN', at(13));
    expect(zh.notices).toContain('响应时限：已于2026-06-08 09:12 UTC+8升级至服务台');
    const early = buildIncidentView(p1(), actorFor('alice'), cfg, 'en', at(5));
    expect(early.notices.filter((n) => n.includes('escalated'))).toEqual([]);
  });

  it("takes the schedule from the command's decision instead of computing it again", () => {
    const classify = { type: 'classify', nature: 'fault', category: 'vpn' } as const;
    const decision = decide(p1(), classify, actorFor('alice'), at(13), cfg);
    expect(decision.timers).toEqual(timerSchedule(decision.incident, cfg, at(13)));
    const view = (timers?: Decision['timers']) =>
      buildIncidentView(p1(), actorFor('alice'), cfg, 'en', at(13), timers);
    const given = view(timerSchedule(p1(), cfg, at(13)));
    expect(given).toEqual(view());
    expect(given.notices.filter((n) => n.includes('escalated'))).not.toEqual([]);
    // The schedule handed in is the one used: none, so no escalation is shown.
    expect(view([]).notices.filter((n) => n.includes('escalated'))).toEqual([]);
  });
});
