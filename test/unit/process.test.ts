import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core/commands.js';
import { defaultPriorityMatrix } from '../../src/core/config.js';
import type { Decision } from '../../src/core/decision.js';
import { DomainError } from '../../src/core/errors.js';
import { allowedCommands } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const alice = actorFor('alice');
const nick = actorFor('nick'); // network team member
const ivan = actorFor('ivan'); // identity team lead
const oscar = actorFor('oscar'); // on-site engineer
const reporter: Actor = { id: 'u-wangfang', name: 'Wang Fang', roles: [], teams: [] };
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);

function registered(): Incident {
  return register(
    {
      id: 'inc-1',
      sequence: 42,
      title: ' VPN drops ',
      description: 'every 10 minutes',
      service: 'VPN',
      severity: null,
      reporter: { id: reporter.id, name: reporter.name },
    },
    REPORTED_AT,
    cfg,
  ).incident;
}

/** Runs commands in order, returning every decision. */
function run(start: Incident, steps: [Command, Actor][]): Decision[] {
  let incident = start;
  return steps.map(([command, actor], i) => {
    const decision = decide(incident, command, actor, at(i + 1), cfg);
    incident = decision.incident;
    return decision;
  });
}

const last = (ds: Decision[]) => ds.at(-1) as Decision;
const stepsOf = (ds: Decision[]) => ds.flatMap((d) => d.events.map((e) => `${e.step} ${e.action}`));
const effectsOf = (ds: Decision[], type: string) =>
  ds.flatMap((d) => d.effects.filter((e) => e.type === type));

const triage: [Command, Actor][] = [
  [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
  [{ type: 'prioritise', impact: 2, urgency: 3 }, alice],
  [{ type: 'decide_onsite', needed: false }, alice],
];

function expectError(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    return e as DomainError;
  }
  throw new Error(`expected DomainError ${code}`);
}

describe('IM1 registration', () => {
  it('creates the record with a number, provisional priority and running clocks', () => {
    const d = register(
      {
        id: 'x',
        sequence: 123,
        title: 'Printer',
        description: '',
        service: null,
        severity: 1,
        reporter: { id: 'r', name: 'R' },
      },
      REPORTED_AT,
      cfg,
    );
    expect(d.incident.number).toBe('INC-000123');
    expect(d.incident.status).toBe('registered');
    expect(d.incident.priority).toBe(1);
    expect(d.incident.respondBy?.toISOString()).toBe(at(15).toISOString());
    expect(d.events.map((e) => e.step)).toEqual(['IM1']);
    expect(d.effects.map((e) => e.type)).toContain('timers_changed');
  });

  it('rejects an empty title', () => {
    expectError(
      () =>
        register(
          { id: 'x', sequence: 1, title: '  ', description: '', service: null, severity: null, reporter },
          REPORTED_AT,
          cfg,
        ),
      'invalid_input',
    );
  });
});

describe('IM2.1–IM2.5 triage', () => {
  it('walks nature, complaint check, priority, highest check, on-site and matching', () => {
    const ds = run(registered(), triage);
    expect(stepsOf(ds)).toEqual([
      'IM2.1 classified',
      'IM2.2 not_complaint',
      'IM2.3 prioritised',
      'IM2.4 not_highest',
      'IM2.5 onsite_decided',
      'IM2.7 matching_started',
    ]);
    const inc = last(ds).incident;
    expect(inc.status).toBe('matching');
    expect(inc.priority).toBe(2); // floor((2 + 3) / 2)
    expect(inc.respondedAt?.toISOString()).toBe(at(1).toISOString());
    expect(inc.version).toBe(4);
    expect(effectsOf(ds, 'notify_manager')).toEqual([]);
  });

  it('IM2.3 with the default matrix sets floor((impact + urgency) / 2) for every one of the 16 pairs', () => {
    // The seed's common rule, written out by hand (rows impact 1..4, columns urgency 1..4):
    // a matrix such as min(impact, urgency) differs in six cells and must fail here.
    const expected = [
      [1, 1, 2, 2],
      [1, 2, 2, 3],
      [2, 2, 3, 3],
      [2, 3, 3, 4],
    ];
    const cfg = { ...testConfig(), priorityMatrix: defaultPriorityMatrix() };
    for (const impact of [1, 2, 3, 4] as const)
      for (const urgency of [1, 2, 3, 4] as const) {
        const classified = decide(
          registered(),
          { type: 'classify', nature: 'fault', category: 'email' },
          alice,
          at(1),
          cfg,
        );
        const d = decide(classified.incident, { type: 'prioritise', impact, urgency }, alice, at(2), cfg);
        expect({ impact, urgency, priority: d.incident.priority }).toEqual({
          impact,
          urgency,
          priority: expected[impact - 1]?.[urgency - 1],
        });
      }
  });

  it("IM2.1/IM2.3 a nature's cap (natures[].highest_priority) holds whichever step comes last", () => {
    const base = testConfig();
    const cfg = {
      ...base,
      natures: base.natures.map((n) =>
        n.id === 'service_request' ? { ...n, highestPriority: 2 as const } : n,
      ),
    };
    const prioritise = { type: 'prioritise', impact: 1, urgency: 1 } as const;
    const request = decide(
      registered(),
      { type: 'classify', nature: 'service_request', category: 'email' },
      alice,
      at(1),
      cfg,
    );
    const capped = decide(request.incident, prioritise, alice, at(2), cfg);
    expect(capped.incident.priority).toBe(2); // the matrix says P1
    expect(capped.effects.filter((e) => e.type === 'notify_manager')).toEqual([]); // no IM2.4 notice
    // A fault is not capped: reclassifying lifts it to the matrix's P1 (IM2.3 again, IM2.4 told).
    const fault = decide(
      capped.incident,
      { type: 'classify', nature: 'fault', category: 'email' },
      alice,
      at(3),
      cfg,
    );
    expect(fault.incident.priority).toBe(1);
    expect(fault.events.map((e) => `${e.step} ${e.action}`)).toContain('IM2.3 prioritised');
    expect(fault.effects).toContainEqual({
      type: 'notify_manager',
      step: 'IM2.4',
      reason: 'highest_priority',
    });
    // And back: a P1 fault reclassified as a service request is held to P2.
    const back = decide(
      fault.incident,
      { type: 'classify', nature: 'service_request', category: 'email' },
      alice,
      at(4),
      cfg,
    );
    expect(back.incident.priority).toBe(2);
    // Without a cap the matrix decides.
    expect(
      decide(
        decide(
          registered(),
          { type: 'classify', nature: 'service_request', category: 'email' },
          alice,
          at(1),
          base,
        ).incident,
        prioritise,
        alice,
        at(2),
        base,
      ).incident.priority,
    ).toBe(1);
  });

  it('IM2.2: the desk verifies a complaint (note required), then the manager hears it with the note, once', () => {
    expectError(
      () =>
        decide(registered(), { type: 'classify', nature: 'complaint', category: 'email' }, alice, at(1), cfg),
      'invalid_input',
    );
    const note = 'Called the reporter: the mail team closed their ticket twice without a fix';
    const ds = run(registered(), [
      [{ type: 'classify', nature: 'complaint', category: 'email', verification: note }, alice],
      [{ type: 'classify', nature: 'complaint', category: 'erp' }, alice], // same nature: done already
    ]);
    expect(effectsOf(ds, 'notify_manager')).toEqual([
      { type: 'notify_manager', step: 'IM2.2', reason: 'complaint', verification: note },
    ]);
    expect(stepsOf(ds)).toEqual(expect.arrayContaining(['IM2.2 verified', 'IM2.2 manager_notified']));
    expect(ds[0]?.events.find((e) => e.action === 'verified')?.payload).toMatchObject({ verification: note });
  });

  it('IM2.2 reports a suggestion as a suggestion', () => {
    const ds = run(registered(), [
      [{ type: 'classify', nature: 'suggestion', category: 'email', verification: 'Checked with HR' }, alice],
    ]);
    expect(effectsOf(ds, 'notify_manager')).toEqual([
      { type: 'notify_manager', step: 'IM2.2', reason: 'suggestion', verification: 'Checked with HR' },
    ]);
  });

  it('IM2.4 notifies the manager at once for P1 and recomputes deadlines on 24x7', () => {
    const ds = run(registered(), [
      [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
      [{ type: 'prioritise', impact: 1, urgency: 2 }, alice],
      [{ type: 'prioritise', impact: 1, urgency: 1 }, alice],
    ]);
    expect(effectsOf(ds, 'notify_manager')).toEqual([
      { type: 'notify_manager', step: 'IM2.4', reason: 'highest_priority' },
    ]);
    const inc = last(ds).incident;
    expect(inc.priority).toBe(1);
    expect(inc.respondBy?.toISOString()).toBe(at(15).toISOString());
    expect(inc.resolveBy?.toISOString()).toBe(at(240).toISOString());
  });

  it('honours an explicit priority matrix', () => {
    const matrix = [
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [4, 4, 4, 4],
    ] as const;
    const custom = testConfig({ priorityMatrix: matrix.map((r) => [...r]) as never });
    const inc = decide(
      decide(registered(), { type: 'classify', nature: 'fault', category: 'vpn' }, alice, at(1), custom)
        .incident,
      { type: 'prioritise', impact: 4, urgency: 1 },
      alice,
      at(2),
      custom,
    ).incident;
    expect(inc.priority).toBe(4);
  });

  it('IM2.5 yes dispatches on-site (IM2.6) while matching goes on', () => {
    const ds = run(registered(), [
      ...triage.slice(0, 2),
      [
        {
          type: 'decide_onsite',
          needed: true,
          dispatch: {
            taskId: 't1',
            engineers: ['oscar'],
            windowStart: at(60),
            windowEnd: at(120),
            note: 'rack B3',
          },
        },
        alice,
      ],
      [{ type: 'acknowledge_onsite', taskId: 't1' }, oscar],
      [{ type: 'onsite_feedback', taskId: 't1', feedback: 'Replaced the cable' }, oscar],
    ]);
    const inc = last(ds).incident;
    expect(last(ds).effects).toContainEqual({
      type: 'relay_to_desk',
      step: 'IM2.6',
      text: 'Replaced the cable',
      from: 'onsite',
    });
    expect(inc.status).toBe('matching');
    expect(inc.onsite[0]).toMatchObject({
      state: 'feedback',
      acknowledgedBy: 'oscar',
      feedback: 'Replaced the cable',
    });
    expect(stepsOf(ds)).toContain('IM2.6 onsite_dispatched');
    expect(effectsOf(ds, 'dispatch_onsite')).toHaveLength(1);
    expect(last(ds).worklog).toEqual([{ step: 'IM2.6', source: 'onsite', text: 'Replaced the cable' }]);
  });

  it('IM2.6: only an engineer the task was sent to acknowledges it or reports back (not the desk)', () => {
    const olga = actorFor('olga'); // on-site, but of the other task
    const dispatch = (taskId: string, engineer: string): [Command, Actor] => [
      {
        type: 'dispatch_onsite',
        taskId,
        engineers: [engineer],
        windowStart: at(60),
        windowEnd: at(120),
        note: '',
      },
      alice,
    ];
    const ds = run(registered(), [...triage, dispatch('t1', 'oscar'), dispatch('t2', 'olga')]);
    const inc = last(ds).incident;
    for (const who of [alice, olga]) {
      expectError(
        () => decide(inc, { type: 'acknowledge_onsite', taskId: 't1' }, who, at(6), cfg),
        'forbidden',
      );
      const fb: Command = { type: 'onsite_feedback', taskId: 't1', feedback: 'done' };
      expectError(() => decide(inc, fb, who, at(6), cfg), 'forbidden');
    }
    expect(allowedCommands(inc, alice)).not.toContain('acknowledge_onsite');
    expect(allowedCommands(inc, alice)).not.toContain('onsite_feedback');
  });

  it('IM2.6 refuses non-engineers and an inverted window', () => {
    const prioritised = run(registered(), triage.slice(0, 2));
    const inc = last(prioritised).incident;
    expectError(
      () =>
        decide(
          inc,
          {
            type: 'decide_onsite',
            needed: true,
            dispatch: { taskId: 't', engineers: ['nick'], windowStart: at(60), windowEnd: at(120), note: '' },
          },
          alice,
          at(5),
          cfg,
        ),
      'unknown_person',
    );
    expectError(
      () =>
        decide(
          inc,
          {
            type: 'decide_onsite',
            needed: true,
            dispatch: {
              taskId: 't',
              engineers: ['oscar'],
              windowStart: at(120),
              windowEnd: at(60),
              note: '',
            },
          },
          alice,
          at(5),
          cfg,
        ),
      'invalid_input',
    );
  });
});

describe('IM2.7–IM2.10 the desk resolves', () => {
  it('IM2.8 yes: a ready solution resolves through IM4.1', () => {
    const ds = run(registered(), [
      ...triage,
      [
        { type: 'apply_match', matchRef: 'KB-12', solution: 'Update the VPN client', code: 'workaround' },
        alice,
      ],
    ]);
    const inc = last(ds).incident;
    expect(inc.status).toBe('resolved');
    expect(inc.resolution).toMatchObject({ code: 'workaround', matchRef: 'KB-12', by: 'alice' });
    expect(stepsOf([last(ds)])).toEqual(['IM2.8 ready_solution', 'IM4.1 resolved']);
  });

  it('IM2.8 no → IM2.9 attempt with a work log → IM2.10 found → IM4.1', () => {
    const ds = run(registered(), [
      ...triage,
      [{ type: 'no_match' }, alice],
      [{ type: 'add_worklog', text: 'Ran the VPN diagnostics' }, alice],
      [{ type: 'ask_advice', team: 'network', question: 'Seen this before?' }, alice],
      [{ type: 'resolve', code: 'solved', solution: 'Reset the MTU', tested: true }, alice],
    ]);
    expect(stepsOf(ds.slice(3))).toEqual([
      'IM2.8 no_ready_solution',
      'IM2.9 attempt_started',
      'IM2.9 worklog_added',
      'IM2.9 advice_requested',
      'IM2.10 solution_found',
      'IM4.1 resolved',
    ]);
    expect(ds[4]?.worklog).toEqual([{ step: 'IM2.9', source: 'desk', text: 'Ran the VPN diagnostics' }]);
    expect(ds[5]?.assignments).toEqual([
      {
        step: 'IM2.9',
        team: 'network',
        action: 'advice_requested',
        reason: 'Seen this before?',
        suggestedTeam: null,
        suggestion: null,
      },
    ]);
    expect(last(ds).incident.assignedTeam).toBeNull(); // advice is not an assignment
  });
});

describe('IM2.11–IM2.14 second line', () => {
  const toAttempt: [Command, Actor][] = [...triage, [{ type: 'no_match' }, alice]];

  it('IM2.11 records a team the desk chose over the classification rule as not by the rule', () => {
    const ds = run(registered(), [
      ...toAttempt,
      [
        { type: 'assign', team: 'erp', worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
    ]);
    const assigned = last(ds).events.find((e) => e.step === 'IM2.11');
    expect(assigned?.payload).toMatchObject({ team: 'erp', byClassificationRule: false });
  });

  it('IM4.1 records whether the resolution was tested, as given', () => {
    for (const tested of [true, false]) {
      const ds = run(registered(), [
        ...toAttempt,
        [
          { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
          alice,
        ],
        [{ type: 'accept' }, nick],
        [{ type: 'in_scope' }, nick],
        [{ type: 'resolve', code: 'solved', solution: 'Firmware fixed', tested }, nick],
      ]);
      expect(last(ds).incident.resolution?.tested).toBe(tested);
      expect(last(ds).events.find((e) => e.action === 'resolved')?.payload).toMatchObject({ tested });
    }
  });

  it('IM2.11 routes by the category rule, IM2.12 accept, IM2.13 in scope → IM3.1 → IM4.1', () => {
    const ds = run(registered(), [
      ...toAttempt,
      [
        { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
      [{ type: 'accept' }, nick],
      [{ type: 'add_worklog', text: 'Which client version?' }, nick],
      [{ type: 'in_scope' }, nick],
      [{ type: 'resolve', code: 'solved', solution: 'Firmware fixed', tested: true }, nick],
    ]);
    expect(ds[4]?.incident).toMatchObject({ status: 'assigned', assignedTeam: 'network' }); // vpn inherits network
    expect(ds[4]?.events.find((e) => e.step === 'IM2.11')).toMatchObject({
      step: 'IM2.11',
      payload: { team: 'network', byClassificationRule: true },
    });
    expect(ds[6]?.effects).toContainEqual({
      type: 'relay_to_desk',
      step: 'IM2.12',
      text: 'Which client version?',
    });
    expect(stepsOf(ds.slice(4))).toEqual([
      'IM2.9 worklog_added',
      'IM2.10 no_solution_found',
      'IM2.11 assigned',
      'IM2.12 accepted',
      'IM2.12 worklog_added',
      'IM2.13 in_scope',
      'IM3.1 investigation_started',
      'IM3.1 diagnosed',
      'IM4.1 resolved',
    ]);
    expect(last(ds).incident.status).toBe('resolved');
  });

  it('IM2.14 after accepting records no second acceptance; resolving what it accepted records the scope decision', () => {
    const accepted: [Command, Actor][] = [
      ...toAttempt,
      [
        { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
      [{ type: 'accept' }, nick],
    ];
    const declined = run(registered(), [
      ...accepted,
      [
        { type: 'decline', reason: 'Not network', suggestedTeam: null, suggestion: 'Facilities (power)' },
        nick,
      ],
    ]);
    expect(stepsOf([last(declined)])).toEqual(['IM2.13 not_in_scope', 'IM2.14 declined']);
    const resolved = run(registered(), [
      ...accepted,
      [{ type: 'resolve', code: 'solved', solution: 'Firmware fixed', tested: true }, nick],
    ]);
    expect(stepsOf([last(resolved)])).toEqual([
      'IM2.13 in_scope',
      'IM3.1 investigation_started',
      'IM3.1 diagnosed',
      'IM4.1 resolved',
    ]);
  });

  it('IM2.14 decline with reason and suggestion returns the incident to IM2.11', () => {
    const ds = run(registered(), [
      ...toAttempt,
      [
        { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
      [{ type: 'decline', reason: 'Account lockout, not network', suggestedTeam: 'identity' }, nick],
      [{ type: 'assign', team: 'identity' }, alice],
      [{ type: 'accept' }, ivan],
    ]);
    expect(ds[5]?.incident).toMatchObject({ status: 'declined', assignedTeam: null });
    expect(ds[5]?.incident.declines).toEqual([
      {
        team: 'network',
        by: 'nick',
        at: at(6),
        reason: 'Account lockout, not network',
        suggestedTeam: 'identity',
        suggestion: null,
      },
    ]);
    // Straight from the assignment card: the seed's IM2.12 → IM2.13 → IM2.14, in one change. Its
    // IM2.12 is `received` (looked at), never `accepted`, and writes no accepted assignment row:
    // the report's "taken up" must not count a decline (docs/reports.md).
    expect(stepsOf([ds[5] as Decision])).toEqual([
      'IM2.12 received',
      'IM2.13 not_in_scope',
      'IM2.14 declined',
    ]);
    expect(ds[5]?.assignments.map((a) => `${a.step} ${a.action}`)).toEqual(['IM2.14 declined']);
    // The re-dispatch names the team that declined as the previous one (the incident held none).
    expect(ds[6]?.events.find((e) => e.step === 'IM2.11')?.payload).toMatchObject({
      team: 'identity',
      previousTeam: 'network',
    });
    expect(ds[5]?.effects.filter((e) => e.type === 'notify_reporter' && e.event === 'accepted')).toEqual([]);
    expect(ds[5]?.effects).toContainEqual({
      type: 'post_decline',
      step: 'IM2.14',
      team: 'network',
      reason: 'Account lockout, not network',
      suggestedTeam: 'identity',
      suggestion: null,
    });
    expect(last(ds).incident).toMatchObject({
      status: 'accepted',
      assignedTeam: 'identity',
      acceptedBy: 'ivan',
    });
  });

  it('tells the reporter of a team once per real change: not again when it goes back to the team that declined (trial 7b)', () => {
    const toldOfTeam = (d: Decision | undefined) =>
      (d?.effects ?? []).filter((e) => e.type === 'notify_reporter' && e.event === 'assigned').length;
    const ds = run(registered(), [
      ...toAttempt,
      [{ type: 'assign', team: 'network', worklog: 'Checked the gateway' }, alice],
      [{ type: 'decline', reason: 'Not network', suggestedTeam: 'identity' }, nick],
      [{ type: 'assign', team: 'network' }, alice],
      [{ type: 'decline', reason: 'Still not network', suggestedTeam: 'identity' }, nick],
      [{ type: 'assign', team: 'identity' }, alice],
    ]);
    expect([ds[4], ds[6], ds[8]].map(toldOfTeam)).toEqual([1, 0, 1]);
    // The team is told each time: it is a new assignment for them.
    expect(ds[6]?.effects).toContainEqual({ type: 'post_assignment', step: 'IM2.11', team: 'network' });
  });

  it('a decline needs a reason and a suggestion for the next dispatch (IM2.14): a team, or words', () => {
    const assigned = last(
      run(registered(), [
        ...toAttempt,
        [
          { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
          alice,
        ],
      ]),
    ).incident;
    expectError(
      () => decide(assigned, { type: 'decline', reason: ' ', suggestedTeam: null }, nick, at(9), cfg),
      'invalid_input',
    );
    expectError(
      () => decide(assigned, { type: 'decline', reason: 'no', suggestedTeam: 'network' }, nick, at(9), cfg),
      'invalid_input',
    );
    expectError(
      () => decide(assigned, { type: 'decline', reason: 'no', suggestedTeam: 'nope' }, nick, at(9), cfg),
      'unknown_team',
    );
    // Neither a team nor words: refused, never "Suggested team: ."
    expectError(
      () =>
        decide(
          assigned,
          { type: 'decline', reason: 'no', suggestedTeam: null, suggestion: '  ' },
          nick,
          at(9),
          cfg,
        ),
      'invalid_input',
    );
    const inWords = decide(
      assigned,
      { type: 'decline', reason: 'Not IT', suggestedTeam: null, suggestion: 'Facilities (power)' },
      nick,
      at(9),
      cfg,
    );
    expect(inWords.incident.declines.at(-1)).toMatchObject({
      suggestedTeam: null,
      suggestion: 'Facilities (power)',
    });
    expect(inWords.assignments.at(-1)).toMatchObject({
      action: 'declined',
      suggestion: 'Facilities (power)',
    });
  });

  it('refuses an unknown team and a category without a routing rule', () => {
    const attempt = last(run(registered(), toAttempt)).incident;
    expectError(() => decide(attempt, { type: 'assign', team: 'ghosts' }, alice, at(9), cfg), 'unknown_team');
    const noRule = testConfig({
      categories: [{ id: 'vpn', label: { 'zh-CN': 'v', en: 'v' }, parent: null, team: null }],
    });
    expectError(() => decide(attempt, { type: 'assign', team: null }, alice, at(9), noRule), 'invalid_input');
  });

  it("IM2.9 → IM2.11: assigning out of the attempt needs its work log, kept as the desk's IM2.9 note", () => {
    const attempt = last(run(registered(), toAttempt)).incident;
    for (const worklog of [undefined, null, '  '])
      expect(
        expectError(
          () => decide(attempt, { type: 'assign', team: null, worklog }, alice, at(9), cfg),
          'invalid_input',
        ).params,
      ).toEqual({ field: 'worklog', reason: 'worklog_required' });
    const d = decide(attempt, { type: 'assign', team: null, worklog: 'Reset the token' }, alice, at(9), cfg);
    expect(d.worklog).toEqual([{ step: 'IM2.9', source: 'desk', text: 'Reset the token' }]);
    expect(d.events.map((e) => `${e.step} ${e.action}`).slice(0, 3)).toEqual([
      'IM2.9 worklog_added',
      'IM2.10 no_solution_found',
      'IM2.11 assigned',
    ]);
  });

  it('a re-dispatch after IM2.14 needs no new work log (the record already carries the attempt)', () => {
    const declined = last(
      run(registered(), [
        ...toAttempt,
        [{ type: 'assign', team: null, worklog: 'Reset the token' }, alice],
        [{ type: 'decline', reason: 'Not ours', suggestedTeam: 'identity' }, nick],
      ]),
    ).incident;
    const d = decide(declined, { type: 'assign', team: 'identity' }, alice, at(9), cfg);
    expect(d.incident.status).toBe('assigned');
    expect(d.worklog).toEqual([]);
  });
});

describe('guards: who may do what, in which state', () => {
  it('only the desk triages, only the assigned team accepts, only the reporter confirms', () => {
    const inc = registered();
    expectError(
      () => decide(inc, { type: 'classify', nature: 'fault', category: 'vpn' }, nick, at(1), cfg),
      'forbidden',
    );
    const assigned = last(
      run(inc, [
        ...triage,
        [{ type: 'no_match' }, alice],
        [
          { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
          alice,
        ],
      ]),
    ).incident;
    expectError(() => decide(assigned, { type: 'accept' }, ivan, at(9), cfg), 'forbidden'); // other team
    expectError(() => decide(assigned, { type: 'accept' }, alice, at(9), cfg), 'forbidden'); // desk
    const resolved = last(
      run(assigned, [
        [{ type: 'accept' }, nick],
        [{ type: 'resolve', code: 'solved', solution: 'ok', tested: false }, nick],
      ]),
    ).incident;
    expectError(() => decide(resolved, { type: 'confirm' }, alice, at(20), cfg), 'forbidden');
    expect(decide(resolved, { type: 'confirm' }, reporter, at(20), cfg).incident.reporterConfirmedAt).toEqual(
      at(20),
    );
  });

  it('refuses a command in the wrong state', () => {
    const err = expectError(() => decide(registered(), { type: 'accept' }, nick, at(1), cfg), 'forbidden');
    expect(err.params.action).toBe('accept');
    const inc = registered();
    const e2 = expectError(
      () => decide(inc, { type: 'prioritise', impact: 1, urgency: 1 }, alice, at(1), cfg),
      'wrong_state',
    );
    expect(e2.params).toEqual({ action: 'prioritise', status: 'registered' });
  });

  it('offers each person only the actions they may take', () => {
    const inc = registered();
    expect(allowedCommands(inc, alice)).toEqual(['classify', 'supplement_description', 'cancel']);
    expect(allowedCommands(inc, reporter)).toEqual(['cancel']);
    expect(allowedCommands(inc, nick)).toEqual([]);
  });
});

describe('IM5.1 closure, reopen, cancel', () => {
  const toResolved: [Command, Actor][] = [
    ...triage,
    [{ type: 'apply_match', matchRef: 'KB-1', solution: 'Restart', code: 'solved' }, alice],
  ];

  it('the desk closes after the reporter confirms', () => {
    const ds = run(registered(), [
      ...toResolved,
      [{ type: 'confirm' }, reporter],
      [{ type: 'close', code: null }, alice],
    ]);
    expect(last(ds).incident).toMatchObject({ status: 'closed', closureCode: 'solved', closedBy: 'alice' });
  });

  it('the desk cannot close before confirmation or the configured silence', () => {
    const resolved = last(run(registered(), toResolved)).incident;
    expectError(() => decide(resolved, { type: 'close', code: null }, alice, at(10), cfg), 'invalid_input');
    const later = new Date(REPORTED_AT.getTime() + 10 * 86_400_000); // > 3 business days later
    expect(decide(resolved, { type: 'close', code: null }, alice, later, cfg).incident.status).toBe('closed');
  });

  it('"still broken" reopens to the desk, or to the team that had accepted it', () => {
    const desk = run(registered(), [...toResolved, [{ type: 'reopen', reason: 'Still drops' }, reporter]]);
    expect(last(desk).incident).toMatchObject({ status: 'attempting', resolution: null, reopenCount: 1 });
    const team = run(registered(), [
      ...triage,
      [{ type: 'no_match' }, alice],
      [
        { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
      [{ type: 'accept' }, nick],
      [{ type: 'in_scope' }, nick],
      [{ type: 'resolve', code: 'solved', solution: 'x', tested: true }, nick],
      [{ type: 'reopen', reason: 'Still drops' }, reporter],
    ]);
    expect(last(team).incident.status).toBe('investigating');
    // The reason reaches the desk's thread too, whichever side takes it up (trial: only "Reopened 1 time").
    for (const ds of [desk, team])
      expect(last(ds).effects).toContainEqual({
        type: 'relay_to_desk',
        step: 'IM5.1',
        text: 'Still drops',
        from: 'reopen',
      });
    expect(last(team).effects).toContainEqual({
      type: 'relay_to_team',
      step: 'IM5.1',
      team: 'network',
      text: 'Still drops',
      // The team reads it as the reporter's reopen, not as the desk's words (Teams trial).
      from: 'reopen',
    });
  });

  it('the reporter withdraws; the desk closes a duplicate', () => {
    const withdrawn = decide(
      registered(),
      { type: 'cancel', reason: 'Works now', duplicateOf: null },
      reporter,
      at(3),
      cfg,
    );
    expect(withdrawn.incident).toMatchObject({ status: 'cancelled', closureCode: 'cancelled' });
    const dup = decide(
      registered(),
      { type: 'cancel', reason: 'Same', duplicateOf: 'INC-000007' },
      alice,
      at(3),
      cfg,
    );
    expect(dup.incident).toMatchObject({
      status: 'cancelled',
      closureCode: 'duplicate',
      duplicateOf: 'INC-000007',
    });
  });

  it('closed incidents accept nothing more', () => {
    const closed = last(
      run(registered(), [
        ...toResolved,
        [{ type: 'confirm' }, reporter],
        [{ type: 'close', code: null }, alice],
      ]),
    ).incident;
    expect(allowedCommands(closed, alice)).toEqual([]);
    expectError(() => decide(closed, { type: 'reopen', reason: 'x' }, reporter, at(30), cfg), 'wrong_state');
  });
});

describe('waiting on the reporter: who asked is recorded with the question', () => {
  const toTeam: [Command, Actor][] = [
    ...triage,
    [{ type: 'no_match' }, alice],
    [{ type: 'assign', team: null, worklog: 'Restarted the client: no change' }, alice],
    [{ type: 'accept' }, nick],
  ];
  const asked = (d: Decision) => ({
    event: d.events.find((e) => e.action === 'waiting_for_reporter')?.payload.asker,
    note: d.worklog.at(-1)?.source,
    effect: d.effects.find((e) => e.type === 'notify_reporter'),
  });

  it('the desk at IM2.5, before any team holds the incident', () => {
    const p = last(run(registered(), triage.slice(0, 2))).incident;
    const d = decide(p, { type: 'wait_for_reporter', question: 'Which site?' }, alice, at(10), cfg);
    expect(asked(d)).toMatchObject({ event: 'desk', note: 'desk', effect: { step: 'IM2.5', asker: 'desk' } });
  });

  it('the team holding it when one of the team asks; the desk when a desk agent does meanwhile', () => {
    const held = last(run(registered(), toTeam)).incident;
    expect(held.assignedTeam).toBe('network');
    const byTeam = decide(held, { type: 'wait_for_reporter', question: 'Which client?' }, nick, at(20), cfg);
    expect(asked(byTeam)).toMatchObject({ event: 'team', note: 'team', effect: { asker: 'team' } });
    const byDesk = decide(held, { type: 'wait_for_reporter', question: 'Which client?' }, alice, at(20), cfg);
    expect(asked(byDesk)).toMatchObject({ event: 'desk', note: 'desk', effect: { asker: 'desk' } });
  });

  it('the answer reaches whoever asked as well as the team holding it (Teams trial)', () => {
    const held = last(run(registered(), toTeam)).incident;
    const relays = (asker: Actor) => {
      const paused = decide(held, { type: 'wait_for_reporter', question: 'Which seat?' }, asker, at(20), cfg);
      const answer = { type: 'reporter_replied', text: 'Seat 12' } as const;
      return decide(paused.incident, answer, reporter, at(25), cfg)
        .effects.filter((e) => e.type === 'relay_to_team' || e.type === 'relay_to_desk')
        .map((e) => e.type);
    };
    expect(relays(alice)).toEqual(['relay_to_team', 'relay_to_desk']);
    expect(relays(nick)).toEqual(['relay_to_team']);
  });
});

describe('waiting on the reporter pauses the clock', () => {
  it('pauses and resumes, pushing the deadlines by the paused time', () => {
    const ds = run(registered(), [
      [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
      [{ type: 'prioritise', impact: 1, urgency: 1 }, alice], // P1: resolve 4 h after report on 24x7
    ]);
    const p1 = last(ds).incident;
    const paused = decide(p1, { type: 'wait_for_reporter', question: 'Which site?' }, alice, at(10), cfg);
    expect(paused.incident.resolveBy).toBeNull();
    expect(paused.effects).toContainEqual({
      type: 'notify_reporter',
      step: 'IM2.5', // asked while deciding on-site support (status prioritised), not IM2.9
      event: 'info_requested',
      detail: 'Which site?',
      asker: 'desk',
    });
    const resumed = decide(
      paused.incident,
      { type: 'reporter_replied', text: 'Shanghai' },
      reporter,
      at(40),
      cfg,
    );
    expect(resumed.incident.resolveBy?.toISOString()).toBe(at(240 + 30).toISOString());
    expectError(
      () => decide(resumed.incident, { type: 'reporter_replied', text: 'again' }, reporter, at(41), cfg),
      'invalid_input',
    );
  });

  it('keeps a response already made on time, with its deadline, through a pause and its end', () => {
    const responded = decide(
      registered(),
      { type: 'classify', nature: 'fault', category: 'vpn' },
      alice,
      at(2),
      cfg,
    ).incident;
    const respondBy = responded.respondBy?.toISOString();
    expect(respondBy).toBeDefined();
    const paused = decide(
      responded,
      { type: 'wait_for_reporter', question: 'Which site?' },
      alice,
      at(5),
      cfg,
    );
    expect(paused.incident.respondBy?.toISOString()).toBe(respondBy);
    expect(paused.incident.resolveBy).toBeNull(); // the resolution clock is the one that stops
    const resumed = decide(
      paused.incident,
      { type: 'reporter_replied', text: 'Shanghai' },
      reporter,
      at(60),
      cfg,
    );
    expect(resumed.incident.respondBy?.toISOString()).toBe(respondBy);
  });

  it('announces changed timers so the scheduler can re-arm', () => {
    const d = decide(registered(), { type: 'classify', nature: 'fault', category: 'vpn' }, alice, at(1), cfg);
    const timers = d.effects.find((e) => e.type === 'timers_changed');
    expect(timers).toBeDefined(); // responding removed the respond deadline timers
  });
});

describe('a year the holiday data does not cover', () => {
  it('registers the report with provisional deadlines and arms their timers', () => {
    const late = new Date('2026-12-30T17:00:00+08:00'); // P4's 8 business hours run into 2027
    const d = register(
      { id: 'y', sequence: 9, title: 'Slow PC', description: '', service: null, severity: 4, reporter },
      late,
      cfg,
    );
    expect(d.incident.status).toBe('registered');
    // Respond 8 h: Wed 17–18, then 7 h on Thu 31 Dec — ends 17:00, still in 2026.
    expect(d.incident.respondBy?.toISOString()).toBe('2026-12-31T09:00:00.000Z');
    // Resolve 40 h: Wed 1 + Thu 8; Fri 1 Jan (New Year's Day by rule) and the weekend off;
    // Mon 4 – Wed 6 Jan 24 (33); Thu 7 Jan 7 h — ends 17:00.
    expect(d.incident.resolveBy?.toISOString()).toBe('2027-01-07T09:00:00.000Z');
    // Each deadline for itself: the response, counted within 2026, is settled.
    expect(d.incident.respondByProvisional).toBe(false);
    expect(d.incident.resolveByProvisional).toBe(true);
    const timers = d.effects.find((e) => e.type === 'timers_changed');
    expect(timers && 'timers' in timers ? timers.timers.length : 0).toBeGreaterThan(0);
  });
});

describe('IM2.5 / IM2.12 the description is supplemented, never rewritten', () => {
  it('appends under who and when, records it, and lets only the desk or the team holding it', () => {
    const inc = registered();
    const d = decide(
      inc,
      { type: 'supplement_description', text: 'Only on the 3rd floor' },
      alice,
      at(1),
      cfg,
    );
    expect(d.incident.description).toBe(
      `every 10 minutes\n\n[Alice Zhang · ${at(1).toISOString().slice(0, 16).replace('T', ' ')} UTC] Only on the 3rd floor`,
    );
    expect(d.events).toEqual([
      { step: 'IM2.5', action: 'description_supplemented', payload: { text: 'Only on the 3rd floor' } },
    ]);
    expectError(
      () => decide(inc, { type: 'supplement_description', text: 'x' }, nick, at(1), cfg),
      'forbidden',
    );
    const accepted = last(
      run(inc, [
        ...triage,
        [{ type: 'no_match' }, alice],
        [
          { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
          alice,
        ],
        [{ type: 'accept' }, nick],
      ]),
    ).incident;
    const byTeam = decide(
      accepted,
      { type: 'supplement_description', text: 'Switch port 12' },
      nick,
      at(20),
      cfg,
    );
    expect(byTeam.events[0]?.step).toBe('IM2.12');
    expect(byTeam.incident.description.endsWith('Switch port 12')).toBe(true);
    expectError(
      () =>
        decide(
          { ...inc, description: 'y'.repeat(7000) },
          { type: 'supplement_description', text: 'x'.repeat(1200) },
          alice,
          at(1),
          cfg,
        ),
      'invalid_input',
    );
  });
});

describe('IM2.3 the reporter hears the confirmed priority and deadlines', () => {
  const told = (d: Decision) =>
    d.effects.filter((e) => e.type === 'notify_reporter' && e.event === 'prioritised').length;

  it('on the first confirmation and on every change, never when nothing moved', () => {
    const classified = decide(
      registered(),
      { type: 'classify', nature: 'fault', category: 'vpn' },
      alice,
      at(1),
      cfg,
    ).incident;
    const first = decide(classified, { type: 'prioritise', impact: 3, urgency: 3 }, alice, at(2), cfg);
    expect(told(first)).toBe(1);
    const same = decide(first.incident, { type: 'prioritise', impact: 3, urgency: 3 }, alice, at(3), cfg);
    expect(told(same)).toBe(0);
    const raised = decide(first.incident, { type: 'prioritise', impact: 1, urgency: 1 }, alice, at(3), cfg);
    expect(told(raised)).toBe(1);
  });
});
