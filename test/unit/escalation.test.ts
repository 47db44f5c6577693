import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import type { TimerSpec } from '../../src/core/decision.js';
import { computeSchedule, timerKey, timerSchedule } from '../../src/core/escalation.js';
import { escalationTargets } from '../../src/core/steps/timers.js';
import { type Incident, type PausedInterval, STATUSES } from '../../src/core/types.js';
import { anIncident, anOnsiteTask, REPORTED_AT, testConfig } from '../fixtures/config.js';

// Local times are Asia/Shanghai (UTC+8): "10:00+08:00" is 02:00Z.
const t = (s: string) => new Date(s);
const cfg = testConfig();
const NOW = t('2026-06-08T09:05:00+08:00');
const schedule = (overrides: Partial<Incident>, config = cfg, now = NOW) =>
  timerSchedule(anIncident(overrides, config), config, now);
const brief = (timers: TimerSpec[]) => timers.map((x) => [x.key, x.at.toISOString()]);
const pause = (from: string, to: string | null): PausedInterval => ({ from: t(from), to: to ? t(to) : null });

describe('respond and resolve deadlines with their escalations', () => {
  it('P3 registered Mon 2026-06-08 09:00 (business clock)', () => {
    // respond 120 → Mon 11:00; P3 escalates respond at 100 % to the lead.
    // resolve 1440 → Wed 06-10 18:00; 80 % = 1152 → Mon 480, Tue 480, Wed 09–12 180, 13:00 + 12
    //   = Wed 13:12 (lead); 100 % = Wed 18:00 (manager).
    expect(brief(schedule({}))).toEqual([
      ['inc-0001.esc.respond.1', '2026-06-08T03:00:00.000Z'],
      ['inc-0001.respond', '2026-06-08T03:00:00.000Z'],
      ['inc-0001.esc.resolve.1', '2026-06-10T05:12:00.000Z'],
      ['inc-0001.esc.resolve.2', '2026-06-10T10:00:00.000Z'],
      ['inc-0001.resolve', '2026-06-10T10:00:00.000Z'],
    ]);
  });

  it('P1 on the 24x7 clock: escalations at 50 %, 80 % and 100 % of each limit', () => {
    // Reported 10:00 (02:00Z). respond 15 min: 7.5 → 02:07:30, 12 → 02:12, 15 → 02:15.
    // resolve 240 min: 120 → 04:00, 192 → 05:12, 240 → 06:00.
    const timers = schedule({
      priority: 1,
      priorityConfirmed: true,
      status: 'prioritised',
      reportedAt: t('2026-10-01T10:00:00+08:00'),
    });
    expect(brief(timers)).toEqual([
      ['inc-0001.esc.respond.1', '2026-10-01T02:07:30.000Z'],
      ['inc-0001.esc.respond.2', '2026-10-01T02:12:00.000Z'],
      ['inc-0001.esc.respond.3', '2026-10-01T02:15:00.000Z'],
      ['inc-0001.respond', '2026-10-01T02:15:00.000Z'],
      ['inc-0001.esc.resolve.1', '2026-10-01T04:00:00.000Z'],
      ['inc-0001.esc.resolve.2', '2026-10-01T05:12:00.000Z'],
      ['inc-0001.esc.resolve.3', '2026-10-01T06:00:00.000Z'],
      ['inc-0001.resolve', '2026-10-01T06:00:00.000Z'],
    ]);
    expect(timers.map((x) => x.kind)).toEqual([
      'escalation',
      'escalation',
      'escalation',
      'respond',
      'escalation',
      'escalation',
      'escalation',
      'resolve',
    ]);
  });

  it('carries what is needed to act in detail', () => {
    const timers = schedule({
      priority: 1,
      assignedTeam: 'network',
      reportedAt: t('2026-10-01T10:00:00+08:00'),
    });
    expect(timers.find((x) => x.key === 'inc-0001.esc.resolve.2')?.detail).toEqual({
      deadline: 'resolve',
      priority: 1,
      team: 'network',
      threshold: 2,
      fraction: 0.8,
      targets: ['lead'],
      due: '2026-10-01T06:00:00.000Z',
    });
    expect(timers.find((x) => x.key === 'inc-0001.respond')?.detail).toEqual({
      deadline: 'respond',
      priority: 1,
      team: 'network',
    });
  });

  it('thresholds move with pauses exactly like the deadline', () => {
    // P1 from 10:00, pause 10:10–10:20 (10 min). 50 % = 10:07:30 is before the pause: unmoved.
    // 80 % = 10:12 → 10:22; 100 % = 10:15 → 10:25. Resolve thresholds all move by 10 min.
    const timers = schedule({
      priority: 1,
      reportedAt: t('2026-10-01T10:00:00+08:00'),
      pauses: [pause('2026-10-01T10:10:00+08:00', '2026-10-01T10:20:00+08:00')],
    });
    expect(brief(timers)).toEqual([
      ['inc-0001.esc.respond.1', '2026-10-01T02:07:30.000Z'],
      ['inc-0001.esc.respond.2', '2026-10-01T02:22:00.000Z'],
      ['inc-0001.esc.respond.3', '2026-10-01T02:25:00.000Z'],
      ['inc-0001.respond', '2026-10-01T02:25:00.000Z'],
      ['inc-0001.esc.resolve.1', '2026-10-01T04:10:00.000Z'],
      ['inc-0001.esc.resolve.2', '2026-10-01T05:22:00.000Z'],
      ['inc-0001.esc.resolve.3', '2026-10-01T06:10:00.000Z'],
      ['inc-0001.resolve', '2026-10-01T06:10:00.000Z'],
    ]);
  });

  it('a paused deadline has neither a timer nor escalations, even ones that passed before the pause', () => {
    // P1 paused from 10:10 (open): the respond 50 % point 10:07:30 is skipped too.
    const timers = schedule({
      priority: 1,
      reportedAt: t('2026-10-01T10:00:00+08:00'),
      pauses: [pause('2026-10-01T10:10:00+08:00', null)],
    });
    expect(timers).toEqual([]);
  });

  it('a {minutes} threshold is that many clock minutes from registration, pauses included', () => {
    const minutes = testConfig({
      escalation: { ...cfg.escalation, 3: [{ deadline: 'resolve', at: { minutes: 60 }, targets: ['lead'] }] },
    });
    // Mon 09:00 + 60 working minutes = 10:00; a pause 09:30–10:30 (60) moves it to 11:00.
    const plain = schedule({}, minutes);
    expect(plain.find((x) => x.kind === 'escalation')?.at.toISOString()).toBe('2026-06-08T02:00:00.000Z');
    const paused = schedule(
      { pauses: [pause('2026-06-08T09:30:00+08:00', '2026-06-08T10:30:00+08:00')] },
      minutes,
    );
    const esc = paused.find((x) => x.kind === 'escalation');
    expect(esc?.at.toISOString()).toBe('2026-06-08T03:00:00.000Z');
    expect(esc?.detail).toMatchObject({ deadline: 'resolve', threshold: 1, minutes: 60, targets: ['lead'] });
  });

  it('stops the respond deadline once responded, keeps the resolve deadline', () => {
    const timers = schedule({ status: 'classified', respondedAt: t('2026-06-08T09:10:00+08:00') });
    expect(timers.map((x) => x.key)).toEqual([
      'inc-0001.esc.resolve.1',
      'inc-0001.esc.resolve.2',
      'inc-0001.resolve',
    ]);
  });

  it('returns deadlines that already passed, for the caller to fire now', () => {
    const late = schedule({}, cfg, t('2026-07-01T00:00:00Z'));
    expect(late.map((x) => x.key)).toContain('inc-0001.respond');
    expect(late.find((x) => x.key === 'inc-0001.respond')?.at.toISOString()).toBe('2026-06-08T03:00:00.000Z');
  });

  it('recomputes on a priority change: P3 → P1 measures from registration', () => {
    const raised = schedule({ priority: 1, priorityConfirmed: true, status: 'prioritised' });
    // Reported Mon 09:00 (01:00Z): P1 respond 01:15Z, resolve 05:00Z.
    expect(raised.find((x) => x.key === 'inc-0001.respond')?.at.toISOString()).toBe(
      '2026-06-08T01:15:00.000Z',
    );
    expect(raised.find((x) => x.key === 'inc-0001.resolve')?.at.toISOString()).toBe(
      '2026-06-08T05:00:00.000Z',
    );
  });
});

describe('acceptance by the second line (IM2.12), 24x7', () => {
  const assigned = {
    status: 'assigned',
    assignedTeam: 'network',
    assignedAt: t('2026-06-06T11:00:00+08:00'),
  } as const;
  const acceptance = (timers: TimerSpec[]) => timers.filter((x) => x.kind === 'acceptance');

  it('re-pings the team once, then escalates to lead and manager (repings = 1)', () => {
    // Assigned Sat 11:00 (03:00Z): the acceptance limit ignores the business calendar.
    const timers = acceptance(schedule(assigned));
    expect(brief(timers)).toEqual([
      ['inc-0001.accept.1', '2026-06-06T03:30:00.000Z'],
      ['inc-0001.accept.2', '2026-06-06T04:00:00.000Z'],
    ]);
    expect(timers.map((x) => x.detail)).toEqual([
      { deadline: 'acceptance', ping: 1, final: false, team: 'network', targets: ['team'] },
      { deadline: 'acceptance', ping: 2, final: true, team: 'network', targets: ['lead', 'manager'] },
    ]);
  });

  it('re-pings as often as configured', () => {
    const config = testConfig({ limits: { ...cfg.limits, acceptanceRepings: 2, acceptanceMinutes: 20 } });
    expect(brief(acceptance(schedule(assigned, config)))).toEqual([
      ['inc-0001.accept.1', '2026-06-06T03:20:00.000Z'],
      ['inc-0001.accept.2', '2026-06-06T03:40:00.000Z'],
      ['inc-0001.accept.3', '2026-06-06T04:00:00.000Z'],
    ]);
  });

  it('escalates straight away at the limit without re-pings', () => {
    const config = testConfig({ limits: { ...cfg.limits, acceptanceRepings: 0 } });
    const timers = acceptance(schedule(assigned, config));
    expect(brief(timers)).toEqual([['inc-0001.accept.1', '2026-06-06T03:30:00.000Z']]);
    expect(timers[0]?.detail).toMatchObject({ final: true, targets: ['lead', 'manager'] });
  });

  it('stops once the team accepted', () => {
    expect(acceptance(schedule({ ...assigned, status: 'accepted', acceptedBy: 'nick' }))).toEqual([]);
  });
});

describe('on-site feedback (IM2.6), 24x7', () => {
  const onsite = (timers: TimerSpec[]) => timers.filter((x) => x.kind === 'onsite_feedback');

  it('expects feedback within the limit after each open task window', () => {
    // Window ends 15:00 (07:00Z) + 60 min; the second task's window ends Sat 20:00 (12:00Z) + 60.
    const tasks = [
      anOnsiteTask(),
      anOnsiteTask({
        id: 'task-2',
        engineers: ['olga', 'oscar'],
        state: 'acknowledged',
        windowEnd: t('2026-06-13T20:00:00+08:00'),
      }),
      anOnsiteTask({ id: 'task-3', state: 'feedback' }),
      anOnsiteTask({ id: 'task-4', state: 'cancelled' }),
    ];
    const timers = onsite(schedule({ status: 'matching', onsiteNeeded: true, onsite: tasks }));
    expect(brief(timers)).toEqual([
      ['inc-0001.onsite.task-1', '2026-06-08T08:00:00.000Z'],
      ['inc-0001.onsite.task-2', '2026-06-13T13:00:00.000Z'],
    ]);
    expect(timers[1]?.detail).toEqual({
      deadline: 'onsite_feedback',
      taskId: 'task-2',
      engineers: ['olga', 'oscar'],
      state: 'acknowledged',
    });
  });

  it('drops on-site timers of a closed incident', () => {
    expect(onsite(schedule({ status: 'closed', onsite: [anOnsiteTask()] }))).toEqual([]);
  });
});

describe('auto-close after the reporter stays silent', () => {
  const resolution = {
    code: 'solved',
    solution: 'Replaced the VPN profile.',
    tested: true,
    by: 'alice',
    at: t('2026-06-10T15:00:00+08:00'), // Wed 15:00
    matchRef: null,
    savedAs: null,
  } as const;
  const resolved = { status: 'resolved', respondedAt: t('2026-06-08T09:10:00+08:00'), resolution } as const;

  it('counts days as business days', () => {
    // 3 × 480 = 1440 from Wed 15:00: Wed 180 (1260), Thu 480 (780), Fri 480 (300), weekend,
    // Mon 06-15 09–12 180 (120), 13:00 + 120 = 15:00 (07:00Z).
    const timers = schedule(resolved);
    expect(timers).toEqual([
      {
        key: 'inc-0001.auto_close',
        kind: 'auto_close',
        at: t('2026-06-15T07:00:00.000Z'),
        detail: { resolvedAt: '2026-06-10T07:00:00.000Z' },
      },
    ]);
  });

  it('counts hours as wall time', () => {
    const config = testConfig({ limits: { ...cfg.limits, autoCloseAfter: { value: 48, unit: 'hours' } } });
    expect(brief(schedule(resolved, config))).toEqual([['inc-0001.auto_close', '2026-06-12T07:00:00.000Z']]);
  });

  it('is not armed once the reporter confirmed', () => {
    expect(schedule({ ...resolved, reporterConfirmedAt: t('2026-06-10T16:00:00+08:00') })).toEqual([]);
  });

  it('treats resolving as responding: no respond timer on a resolved incident', () => {
    expect(schedule({ ...resolved, respondedAt: null }).map((x) => x.key)).toEqual(['inc-0001.auto_close']);
  });
});

describe('finished incidents', () => {
  it.each(['closed', 'cancelled'] as const)('%s: nothing to wake up for', (status) => {
    expect(schedule({ status, assignedAt: t('2026-06-08T10:00:00+08:00') })).toEqual([]);
  });
});

describe('timer keys', () => {
  it('are free of ":" even when ids carry them', () => {
    expect(timerKey('teams:29:abc', 'onsite', 'task:1')).toBe('teams_29_abc.onsite.task_1');
    const timers = schedule({
      id: 'slack:T1:42',
      status: 'assigned',
      assignedAt: t('2026-06-08T10:00:00+08:00'),
      onsite: [anOnsiteTask({ id: 'a:b' })],
    });
    expect(timers.length).toBeGreaterThan(5);
    for (const timer of timers) expect(timer.key).not.toContain(':');
  });

  it('are stable for the same facts, whatever the time and version', () => {
    const incident = anIncident({ status: 'assigned', assignedAt: t('2026-06-08T10:00:00+08:00') });
    const first = timerSchedule(incident, cfg, NOW);
    const later = timerSchedule({ ...incident, version: 7 }, cfg, t('2026-06-09T00:00:00Z'));
    expect(later).toEqual(first);
    expect(new Set(first.map((x) => x.key)).size).toBe(first.length);
  });
});

describe('escalation target next_team: "the assigned or next team"', () => {
  const decline = (suggestedTeam: string | null) => ({
    team: 'network',
    by: 'nick',
    at: REPORTED_AT,
    reason: 'Not network',
    suggestedTeam,
    suggestion: null,
  });
  it('is the assigned team while one holds the incident', () => {
    const held = anIncident({ status: 'assigned', assignedTeam: 'erp', category: 'vpn' });
    expect(escalationTargets(held, cfg, ['next_team'])).toEqual([{ kind: 'team', team: 'erp' }]);
  });
  it('after a decline, the team the decline suggested', () => {
    const declined = anIncident({
      status: 'declined',
      assignedTeam: null,
      category: 'vpn',
      declines: [decline('identity')],
    });
    expect(escalationTargets(declined, cfg, ['next_team'])).toEqual([{ kind: 'team', team: 'identity' }]);
  });
  it("without a suggestion, the category's team; without that, the service desk", () => {
    const noSuggestion = anIncident({
      status: 'declined',
      assignedTeam: null,
      category: 'vpn',
      declines: [decline(null)],
    });
    expect(escalationTargets(noSuggestion, cfg, ['next_team'])).toEqual([{ kind: 'team', team: 'network' }]);
    const unclassified = anIncident({
      status: 'declined',
      assignedTeam: null,
      category: null,
      declines: [decline(null)],
    });
    expect(escalationTargets(unclassified, cfg, ['next_team'])).toEqual([{ kind: 'desk' }]);
  });
  it('is accepted in the configuration, and named in the error that lists the targets', () => {
    const text = (targets: string) =>
      `escalation:\n  P1:\n    - { deadline: respond, at: 50%, targets: [${targets}] }\n`;
    expect(parseConfigText(text('next_team'), 'x.yaml').escalation[1]?.[0]?.targets).toEqual(['next_team']);
    expect(() => parseConfigText(text('nobody'), 'x.yaml')).toThrow(/next_team/);
  });
});

describe('memoised schedules', () => {
  const at = (s: string) => t(`2026-06-08T${s}:00+08:00`);
  const resolution = (when: string) => ({
    code: 'solved' as const,
    solution: 'Restarted',
    tested: true,
    by: 'bob',
    at: at(when),
    matchRef: null,
    savedAs: null,
  });
  // Each differs from the one before in one fact the schedule reads: a key that left it out
  // would hand back the previous schedule.
  const variants: Partial<Incident>[] = [
    {},
    { id: 'inc-0002' },
    { priority: 1 },
    { reportedAt: at('10:00') },
    { respondedAt: at('09:30') },
    { pauses: [pause('2026-06-08T09:30:00+08:00', null)] },
    { pauses: [pause('2026-06-08T09:30:00+08:00', '2026-06-08T10:30:00+08:00')] },
    { pauses: [pause('2026-06-08T09:30:00+08:00', '2026-06-08T11:30:00+08:00')] },
    { status: 'assigned', assignedTeam: 'network', assignedAt: at('09:10') },
    { status: 'assigned', assignedTeam: 'network', assignedAt: at('09:20') },
    { status: 'assigned', assignedTeam: 'apps', assignedAt: at('09:20') },
    { status: 'investigating', onsite: [anOnsiteTask()] },
    { status: 'investigating', onsite: [anOnsiteTask({ windowEnd: at('16:00') })] },
    { status: 'investigating', onsite: [anOnsiteTask({ engineers: ['olga'] })] },
    { status: 'investigating', onsite: [anOnsiteTask({ id: 'task-2' })] },
    { status: 'investigating', onsite: [anOnsiteTask({ state: 'feedback' })] },
    { status: 'cancelled', onsite: [anOnsiteTask({ state: 'feedback' })] },
    { status: 'resolved', resolution: resolution('11:00') },
    { status: 'resolved', resolution: resolution('12:00') },
    { status: 'resolved', resolution: resolution('12:00'), reporterConfirmedAt: at('12:30') },
  ];

  it('are the schedule computed afresh, whichever fact changed', () => {
    for (const v of variants) {
      const incident = anIncident(v, cfg);
      expect(timerSchedule(incident, cfg, NOW), JSON.stringify(v)).toEqual(computeSchedule(incident, cfg));
    }
  });

  it('are shared by statuses the rules read alike, and only by those', () => {
    // One incident with every fact a status could switch on: a running deadline, an assignment,
    // a dispatched on-site task, a resolution. The memo is filled in one order of statuses and
    // read in the reverse: a status class that merged two statuses with different timers
    // (assigned with accepted, resolved with closed …) hands back the other's schedule.
    const facts: Partial<Incident> = {
      assignedTeam: 'network',
      assignedAt: at('09:10'),
      onsite: [anOnsiteTask()],
      resolution: resolution('11:00'),
    };
    const of = (status: Incident['status']) => anIncident({ ...facts, id: 'inc-status', status }, cfg);
    for (const order of [[...STATUSES], [...STATUSES].reverse()])
      for (const status of order)
        expect(timerSchedule(of(status), cfg, NOW), status).toEqual(computeSchedule(of(status), cfg));
    // What the classes are for: a step between open statuses reuses the schedule computed before it.
    expect(timerSchedule(of('prioritised'), cfg, NOW)[0]).toBe(timerSchedule(of('classified'), cfg, NOW)[0]);
  });

  it('are per configuration: a reloaded one with other limits gets its own schedule', () => {
    const incident = anIncident(
      { status: 'assigned', assignedTeam: 'network', assignedAt: at('09:10') },
      cfg,
    );
    const other = { ...cfg, limits: { ...cfg.limits, acceptanceMinutes: cfg.limits.acceptanceMinutes * 2 } };
    timerSchedule(incident, cfg, NOW);
    expect(timerSchedule(incident, other, NOW)).toEqual(computeSchedule(incident, other));
    expect(timerSchedule(incident, other, NOW)).not.toEqual(timerSchedule(incident, cfg, NOW));
  });
});
