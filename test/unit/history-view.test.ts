// The incident history's mapping (src/app/history/history-view.ts), pure: records written by the
// real core decisions (register, decide) become the timeline one reader sees, in their language
// and zone, with notes, hand-overs, declines, deadlines, pings and on-site tasks.
import { describe, expect, it } from 'vitest';
import { buildHistoryView, type HistoryEntry } from '../../src/app/history/history-view.js';
import { incidentChange } from '../../src/app/incident-change.js';
import type { AuditRecord, HistoryRecords } from '../../src/app/ports.js';
import type { Command } from '../../src/core/commands.js';
import type { Locale, TriageConfig } from '../../src/core/config.js';
import type { Decision } from '../../src/core/decision.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const reporter: Actor = { id: 'slack:UWANG', name: 'Wang Fang', roles: [], teams: [] };
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);

/** Runs decisions like TriageService.record does and keeps what they write, as storage would. */
class Trail {
  records: HistoryRecords = { audit: [], worklog: [], assignments: [], onsite: [] };
  incident: Incident;
  private ids = 0;

  constructor(readonly cfg: TriageConfig) {
    const decision = register(
      {
        id: 'inc-h1',
        sequence: 7,
        title: 'VPN drops',
        description: 'd',
        service: 'VPN',
        severity: null,
        reporter,
      },
      REPORTED_AT,
      cfg,
    );
    this.incident = decision.incident;
    this.keep(decision, reporter, REPORTED_AT);
  }

  run(minutes: number, who: Actor, command: Command): this {
    const now = at(minutes);
    const decision = decide(this.incident, command, who, now, this.cfg);
    this.incident = decision.incident;
    this.keep(decision, who, now);
    return this;
  }

  keep(decision: Decision, who: Pick<Actor, 'id' | 'name'>, now: Date): void {
    const change = incidentChange(decision, who, now, {
      expectedVersion: null,
      idempotency: null,
      outbox: [],
    });
    const id = () => ++this.ids;
    this.records.audit.push(...change.audit.map((r) => ({ ...r, id: id() })));
    this.records.worklog.push(...change.worklog.map((r) => ({ ...r, id: id() })));
    this.records.assignments.push(...change.assignments.map((r) => ({ ...r, id: id() })));
    this.records.onsite = [...decision.incident.onsite];
  }

  view(locale: Locale, timeZone = this.cfg.calendar.timeZone) {
    return buildHistoryView(this.incident, this.records, { cfg: this.cfg, locale, timeZone });
  }
}

const detail = (e: HistoryEntry | undefined, key: string) => e?.details.find((d) => d.key === key)?.value;
const find = (entries: readonly HistoryEntry[], action: string) => entries.find((e) => e.action === action);

describe('incident history view', () => {
  const cfg = testConfig();
  const alice = actorFor('alice');
  const nick = actorFor('nick');
  const toAttempting: Command[] = [
    { type: 'classify', nature: 'fault', category: 'vpn' },
    { type: 'prioritise', impact: 2, urgency: 2 },
    { type: 'decide_onsite', needed: false },
    { type: 'no_match' },
  ];
  const declined = () => {
    const trail = new Trail(cfg);
    for (const [i, c] of toAttempting.entries()) trail.run(5 + i, alice, c);
    trail
      // IM2.9's work log goes with the assignment out of the attempt.
      .run(30, alice, { type: 'assign', team: 'network', worklog: 'Gateway logs show resets' })
      .run(40, nick, {
        type: 'decline',
        reason: 'Not a network fault',
        suggestedTeam: 'identity',
        suggestion: null,
      });
    return trail;
  };

  it('lists every audit event in order with its ITSS step, who (as configured) and when in the zone', () => {
    const view = declined().view('en');
    const steps = view.entries.map((e) => `${e.step} ${e.action}`);
    expect(steps[0]).toBe('IM1 registered');
    expect(steps).toContain('IM2.11 assigned');
    expect(steps.at(-1)).toBe('IM2.14 declined');
    const times = view.entries.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const assigned = find(view.entries, 'assigned');
    expect(assigned).toMatchObject({ who: 'Alice Zhang', kind: 'assignment', text: 'assigned it to a team' });
    expect(assigned?.stepLabel).toBe('IM2.11 Select second line and assign');
    expect(assigned?.atText).toBe('Mon 8 Jun 2026 09:30 UTC+8');
    expect(detail(assigned, 'team')).toBe('Network');
    expect(find(view.entries, 'registered')?.who).toBe('Wang Fang');
  });

  it('shows a decline with its reason and suggestion, and the note once, in Chinese', () => {
    const view = declined().view('zh-CN');
    const decline = find(view.entries, 'declined');
    expect(decline).toMatchObject({ who: 'Nick Zhao', kind: 'decline', text: '退回了事件' });
    expect(detail(decline, 'reason')).toBe('Not a network fault');
    expect(detail(decline, 'suggested')).toBe('身份与账号组');
    expect(decline?.details.filter((d) => d.value === 'Not a network fault')).toHaveLength(1);
    expect(decline?.details.find((d) => d.key === 'reason')?.label).toBe('原因');
    const note = find(view.entries, 'worklog_added');
    expect(detail(note, 'note')).toBe('Gateway logs show resets');
    // Every note is on an event: no entry of its own.
    expect(view.entries.filter((e) => e.action === 'worklog_added')).toHaveLength(1);
  });

  // Declined straight from the assignment card: IM2.12 stays on the trail (the seed's path), but
  // nobody "accepted" what they declined, in either language.
  it('words the IM2.12 of a decline from the card as received to check, never accepted', () => {
    for (const [locale, text] of [
      ['en', 'received it to check'],
      ['zh-CN', '接收并查看了事件'],
    ] as const) {
      const view = declined().view(locale);
      const im212 = view.entries.filter((e) => e.step === 'IM2.12');
      expect(im212.map((e) => [e.who, e.action, e.text])).toEqual([['Nick Zhao', 'received', text]]);
      expect(view.entries.map((e) => e.text)).not.toContain(t(locale, 'audit.accepted'));
    }
  });

  it('shows the deadlines as set at registration and at IM2.3, and how a pause moved them', () => {
    const trail = declined();
    trail.run(50, alice, { type: 'assign', team: 'identity' });
    const ivan = actorFor('ivan');
    trail
      .run(60, ivan, { type: 'accept' })
      .run(70, ivan, { type: 'wait_for_reporter', question: 'Which client version?' })
      .run(190, reporter, { type: 'reporter_replied', text: '5.1' });
    const view = trail.view('en');
    const registered = find(view.entries, 'registered');
    const prioritised = find(view.entries, 'prioritised');
    expect(detail(registered, 'respond_by')).toMatch(/2026 \d\d:\d\d UTC\+8$/);
    expect(detail(prioritised, 'priority')).toBe(t('en', `priority.${trail.incident.priority}`));
    expect(detail(prioritised, 'resolve_by')).toBeDefined();
    const replied = find(view.entries, 'reporter_replied');
    expect(replied?.kind).toBe('pause');
    expect(detail(replied, 'note')).toBe('5.1');
    // The pause lasted two hours: the resolution deadline moved by as much.
    expect(detail(replied, 'resolve_by')).not.toBe(detail(prioritised, 'resolve_by'));
    expect(detail(find(view.entries, 'waiting_for_reporter'), 'question')).toBe('Which client version?');
  });

  it('names the reader zone: the same instant reads in Berlin time for someone who set it', () => {
    const view = declined().view('en', 'Europe/Berlin');
    expect(find(view.entries, 'assigned')?.atText).toBe('Mon 8 Jun 2026 03:30 UTC+2');
    expect(view.timeZone).toBe('Europe/Berlin');
  });

  it('shows on-site tasks with engineers and window, and a ping with whom it reached', () => {
    const trail = new Trail(cfg);
    const dispatch = {
      taskId: 'task-h',
      engineers: ['oscar'],
      windowStart: new Date('2026-06-08T14:00:00+08:00'),
      windowEnd: new Date('2026-06-08T15:00:00+08:00'),
      note: 'Rack B3',
    };
    trail
      .run(5, alice, toAttempting[0] as Command)
      .run(6, alice, toAttempting[1] as Command)
      .run(7, alice, { type: 'decide_onsite', needed: true, dispatch })
      .run(8, actorFor('oscar'), { type: 'acknowledge_onsite', taskId: 'task-h' });
    const ping: AuditRecord = {
      id: 999,
      incidentId: trail.incident.id,
      step: 'IM2.3',
      action: 'escalated',
      actorId: 'system',
      actorName: 'ITSS bot',
      at: at(9),
      payload: {
        timer: 'esc-respond-1',
        due: at(9).toISOString(),
        deadlineAt: at(30).toISOString(),
        deadline: 'respond',
        reason: 'threshold',
        threshold: 1,
        targets: [
          { kind: 'team', team: 'network' },
          { kind: 'person', person: 'nora', as: 'lead' },
          { kind: 'desk' },
        ],
      },
    };
    trail.records.audit.push(ping);
    const view = trail.view('en');
    const dispatched = find(view.entries, 'onsite_dispatched');
    expect(detail(dispatched, 'engineers')).toBe('Oscar Hu');
    expect(detail(dispatched, 'window')).toBe('Mon 8 Jun 2026 14:00 UTC+8 – Mon 8 Jun 2026 15:00 UTC+8');
    expect(detail(dispatched, 'note')).toBe('Rack B3');
    const ack = find(view.entries, 'onsite_acknowledged');
    expect(ack).toMatchObject({ who: 'Oscar Hu', kind: 'onsite' });
    expect(detail(ack, 'engineers')).toBe('Oscar Hu');
    const escalated = find(view.entries, 'escalated');
    expect(escalated).toMatchObject({ who: 'ITSS bot', kind: 'escalation', text: 'escalated it' });
    expect(detail(escalated, 'pinged')).toBe('Network, Nora Wu (team lead), the service desk');
    expect(detail(escalated, 'deadline')).toBe('Response');
  });

  it('gives each of two notes written in the same minute by the same person its own entry', () => {
    const trail = declined();
    trail
      .run(45, alice, { type: 'add_worklog', text: 'first' })
      .run(45, alice, { type: 'add_worklog', text: 'second' });
    const notes = trail.view('en').entries.filter((e) => e.action === 'worklog_added');
    expect(notes.map((e) => detail(e, 'note'))).toEqual(['Gateway logs show resets', 'first', 'second']);
  });

  it('keeps records without an event as entries of their own, and an unknown action as "changed it"', () => {
    const trail = new Trail(cfg);
    trail.records.worklog.push({
      id: 500,
      incidentId: trail.incident.id,
      step: 'IM2.9',
      source: 'desk',
      authorId: 'bob',
      authorName: 'Bob (old name)',
      at: at(3),
      text: 'A note written before its event kind existed',
    });
    trail.records.audit.push({
      ...(trail.records.audit[0] as AuditRecord),
      id: 501,
      action: 'future_thing',
      at: at(4),
    });
    const view = trail.view('zh-CN');
    const note = view.entries.find((e) => e.at.getTime() === at(3).getTime());
    expect(note).toMatchObject({ who: 'Bob Li', kind: 'note', step: 'IM2.9' });
    expect(detail(note, 'note')).toBe('A note written before its event kind existed');
    expect(view.entries.at(-1)).toMatchObject({ action: 'future_thing', text: '更改了事件', details: [] });
  });
});
