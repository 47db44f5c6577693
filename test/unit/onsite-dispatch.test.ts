// IM2.6 on-site dispatch (issue 12, item 4): the desk's note is recorded and shown, an engineer
// no chat can reach is named to the desk with phone and e-mail, windows in the past are refused,
// and a window can be moved (recorded, engineers told).
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import type { Command } from '../../src/core/commands.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { Effect } from '../../src/core/decision.js';
import { DomainError } from '../../src/core/errors.js';
import { allowedCommands } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const base = testConfig();
// Olga has no chat account: only a phone and an e-mail address.
const cfg: TriageConfig = {
  ...base,
  people: base.people.map((p) =>
    p.id === 'olga' ? { ...p, accounts: {}, phone: '+86 21 5555 0101', email: 'olga@example.com' } : p,
  ),
};
const alice = actorFor('alice');
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);
const tz = cfg.calendar.timeZone;

function prioritised(): Incident {
  const report = {
    id: 'inc-9',
    sequence: 9,
    title: 'Docking station dead',
    description: '',
    service: null,
    severity: null,
  };
  let incident = register(
    { ...report, reporter: { id: 'slack:UREP', name: 'Wang Fang' } },
    REPORTED_AT,
    cfg,
  ).incident;
  for (const [i, c] of (
    [
      { type: 'classify', nature: 'fault', category: 'printers' },
      { type: 'prioritise', impact: 3, urgency: 3 },
    ] as Command[]
  ).entries())
    incident = decide(incident, c, alice, at(i + 1), cfg).incident;
  return incident;
}

const dispatch = (start: number, end: number, note = 'Bring a spare dock') =>
  ({
    type: 'decide_onsite',
    needed: true,
    dispatch: {
      taskId: 't1',
      engineers: ['oscar', 'olga'],
      windowStart: at(start),
      windowEnd: at(end),
      note,
    },
  }) as const;

const render = (locale: 'en' | 'zh-CN', n: { text: Parameters<typeof renderText>[1] } | undefined) =>
  renderText(locale, n?.text ?? { key: 'view.not_set', params: {} }, tz);

describe('IM2.6 dispatch', () => {
  it("records the desk's note and shows it with the window to the engineers and on the card", () => {
    const d = decide(prioritised(), dispatch(60, 180), alice, at(10), cfg);
    expect(d.events.find((e) => e.action === 'onsite_dispatched')?.payload).toMatchObject({
      note: 'Bring a spare dock',
    });
    expect(d.worklog).toContainEqual(
      expect.objectContaining({ step: 'IM2.6', source: 'desk', text: 'Bring a spare dock' }),
    );
    const effect = d.effects.find((e) => e.type === 'dispatch_onsite') as Effect;
    const notes = notificationsFor(effect, d.incident, cfg);
    const toOscar = notes.find((n) => n.recipient.kind === 'person' && n.recipient.personId === 'oscar');
    expect(render('en', toOscar)).toContain('Note from the service desk: Bring a spare dock');
    expect(render('en', toOscar)).toMatch(/between .+ and .+\./);
    expect(render('zh-CN', toOscar)).toContain('服务台说明：Bring a spare dock');
    const view = buildIncidentView(d.incident, alice, cfg, 'en', at(11));
    expect(view.notices.join('\n')).toContain('Note: Bring a spare dock');
  });

  it('tells the desk at once about an engineer no chat reaches, with phone and e-mail', () => {
    const d = decide(prioritised(), dispatch(60, 180), alice, at(10), cfg);
    const effect = d.effects.find((e) => e.type === 'dispatch_onsite') as Effect;
    const desk = notificationsFor(effect, d.incident, cfg).filter((n) => n.kind === 'onsite_unreachable');
    expect(desk).toHaveLength(1);
    expect(desk[0]?.recipient).toEqual({ kind: 'desk' });
    expect(render('en', desk[0])).toContain('Olga Gao has no chat account');
    expect(render('en', desk[0])).toContain('+86 21 5555 0101');
    expect(render('zh-CN', desk[0])).toContain('olga@example.com');
  });

  it('refuses a window that is already over, accepts one that has begun', () => {
    expect(() => decide(prioritised(), dispatch(-120, -60), alice, at(10), cfg)).toThrow(
      expect.objectContaining({ code: 'invalid_input', params: { field: 'window', reason: 'window_past' } }),
    );
    expect(decide(prioritised(), dispatch(-30, 60), alice, at(10), cfg).incident.onsite).toHaveLength(1);
  });

  it('moves a window: recorded with the old one, the engineers told, never into the past', () => {
    const dispatched = decide(prioritised(), dispatch(60, 180), alice, at(10), cfg).incident;
    expect(allowedCommands(dispatched, alice)).toContain('reschedule_onsite');
    const move: Command = {
      type: 'reschedule_onsite',
      taskId: 't1',
      windowStart: at(240),
      windowEnd: at(300),
    };
    const d = decide(dispatched, move, alice, at(20), cfg);
    expect(d.incident.onsite[0]).toMatchObject({
      windowStart: at(240),
      windowEnd: at(300),
      state: 'dispatched',
    });
    expect(d.events[0]).toMatchObject({ step: 'IM2.6', action: 'onsite_rescheduled' });
    expect(d.events[0]?.payload.from).toEqual({
      windowStart: at(60).toISOString(),
      windowEnd: at(180).toISOString(),
    });
    const told = notificationsFor(
      d.effects.find((e) => e.type === 'notify_onsite_rescheduled') as Effect,
      d.incident,
      cfg,
    );
    expect(told.map((n) => n.recipient)).toEqual([
      { kind: 'person', personId: 'oscar' },
      { kind: 'person', personId: 'olga' },
      { kind: 'reporter' },
    ]);
    const past: Command = { type: 'reschedule_onsite', taskId: 't1', windowStart: at(0), windowEnd: at(5) };
    expect(() => decide(dispatched, past, alice, at(20), cfg)).toThrow(DomainError);
  });

  it('tells the reporter who comes and when, and a team holding it; feedback reaches that team (Teams trial)', () => {
    const dispatched = decide(prioritised(), dispatch(60, 180), alice, at(10), cfg);
    const told = (incident: Incident) =>
      notificationsFor(dispatched.effects.find((e) => e.type === 'dispatch_onsite') as Effect, incident, cfg);
    const toReporter = told(dispatched.incident).find((n) => n.recipient.kind === 'reporter');
    const words = toReporter && renderText('en', toReporter.text, tz);
    expect(words).toContain('Oscar Hu, Olga Gao');
    expect(words).not.toContain('Bring a spare dock'); // the desk's note is for the engineers
    expect(told(dispatched.incident).some((n) => n.recipient.kind === 'team')).toBe(false);
    const held = { ...dispatched.incident, assignedTeam: 'network' };
    expect(told(held).find((n) => n.recipient.kind === 'team')?.recipient).toEqual({
      kind: 'team',
      teamId: 'network',
      mention: false,
    });
    const oscar = actorFor('oscar');
    const feedback: Command = { type: 'onsite_feedback', taskId: 't1', feedback: 'Dock replaced' };
    const relays = decide(held, feedback, oscar, at(70), cfg).effects.filter((e) =>
      e.type.startsWith('relay_'),
    );
    expect(relays.map((e) => e.type)).toEqual(['relay_to_desk', 'relay_to_team']);
  });

  it("offers open tasks by the engineers' names, the only one chosen already", () => {
    const dispatched = decide(prioritised(), dispatch(60, 180), alice, at(10), cfg).incident;
    const view = buildIncidentView(dispatched, alice, cfg, 'en', at(11));
    const input = view.actions.find((a) => a.command === 'reschedule_onsite')?.inputs[0];
    expect(input).toMatchObject({ name: 'taskId', initial: 't1' });
    expect(input?.kind === 'select' && input.options[0]?.label).toContain('Oscar Hu, Olga Gao');
  });
});

describe('what the cards offer (issue 12 item 18)', () => {
  it('IM2.5 comes first: no "Dispatch on-site staff" beside "On-site service needed?"', () => {
    const before = prioritised();
    expect(allowedCommands(before, alice)).toContain('decide_onsite');
    expect(allowedCommands(before, alice)).not.toContain('dispatch_onsite');
    const decided = decide(before, { type: 'decide_onsite', needed: false }, alice, at(10), cfg).incident;
    expect(allowedCommands(decided, alice)).toContain('dispatch_onsite');
  });

  it('invites thread replies only where a reply is taken (not at IM1)', () => {
    const report = { id: 'inc-x', sequence: 1, title: 'x', description: '', service: null, severity: null };
    const fresh = register(
      { ...report, reporter: { id: 'slack:UREP', name: 'W' } },
      REPORTED_AT,
      cfg,
    ).incident;
    expect(buildIncidentView(fresh, alice, cfg, 'en', at(1)).repliesAccepted).toBe(false);
    expect(buildIncidentView(prioritised(), alice, cfg, 'en', at(3)).repliesAccepted).toBe(true);
  });
});
