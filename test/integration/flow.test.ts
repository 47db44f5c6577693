// Every branch of the spec's flow diagram, through the use cases, on PostgreSQL and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, notifyTopic, topicOf } from '../../src/app/outbox.js';
import type { Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import { DomainError } from '../../src/core/errors.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const bob = actorFor('bob');
const nick = actorFor('nick');
const ivan = actorFor('ivan');
const oscar = actorFor('oscar');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

class TestClock {
  current = REPORTED_AT;
  now = () => this.current;
  advance(minutes: number) {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

describe.each(backends)('IM2 flow on $name', ({ open }) => {
  let backend: OpenBackend;
  let storage: Storage;
  let clock: TestClock;
  let service: TriageService;

  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
    clock = new TestClock();
    service = new TriageService(storage, cfg, clock);
  });
  afterAll(() => backend.close());

  async function report(title = 'VPN drops every 10 minutes'): Promise<Incident> {
    const r = await service.report(
      { title, description: 'since 9am', service: 'VPN', severity: null },
      reporter,
    );
    return r.incident;
  }

  async function steps(incident: Incident, list: [Command, Actor][]): Promise<Incident> {
    let current = incident;
    for (const [command, actor] of list) {
      clock.advance(1);
      current = (await service.execute(current.id, command, actor)).incident;
    }
    return current;
  }

  const auditSteps = async (id: string) => (await storage.listAudit(id)).map((a) => `${a.step} ${a.action}`);
  /** The incident's effects written so far, in order, whichever rows carry them. */
  const outboxEffects = async (id: string) =>
    (await storage.listOutbox({ limit: 1000 })).filter((o) => o.incidentId === id).flatMap(effectsOf);
  const outboxTopics = async (id: string) => (await outboxEffects(id)).map(topicOf);

  const triage = (
    nature = 'fault',
    impact: 1 | 2 | 3 | 4 = 2,
    urgency: 1 | 2 | 3 | 4 = 3,
  ): [Command, Actor][] => [
    [{ type: 'classify', nature, category: 'vpn', verification: 'Checked with the reporter' }, alice],
    [{ type: 'prioritise', impact, urgency }, alice],
    [{ type: 'decide_onsite', needed: false }, alice],
  ];

  it('IM1 → IM2.8 ready solution → IM4.1 → confirmed → closed, every step in the audit trail', async () => {
    const inc = await report();
    expect(inc.number).toMatch(/^INC-\d{6}$/);
    const done = await steps(inc, [
      ...triage(),
      [{ type: 'apply_match', matchRef: 'KB-7', solution: 'Reinstall client 5.2', code: 'solved' }, alice],
      [{ type: 'confirm' }, reporter],
      [{ type: 'close', code: null }, bob],
    ]);
    expect(done).toMatchObject({ status: 'closed', closureCode: 'solved', version: 7 });
    expect(await auditSteps(inc.id)).toEqual([
      'IM1 registered',
      'IM2.1 classified',
      'IM2.2 not_complaint',
      'IM2.3 prioritised',
      'IM2.4 not_highest',
      'IM2.5 onsite_decided',
      'IM2.7 matching_started',
      'IM2.8 ready_solution',
      'IM4.1 resolved',
      'IM5.1 reporter_confirmed',
      'IM5.1 closed',
    ]);
    const audit = await storage.listAudit(inc.id);
    expect(audit.at(-1)).toMatchObject({ actorId: 'bob', actorName: 'Bob Li' });
    expect(await storage.getIncident(inc.id)).toEqual(done);
  });

  it('IM2.2 complaint and IM2.4 highest priority each notify the incident manager via the outbox', async () => {
    const inc = await steps(await report('Rude answer on the phone'), triage('complaint', 1, 1));
    const notices = (await outboxEffects(inc.id)).filter((e) => e.type === 'notify_manager');
    expect(notices.map((n) => n.reason)).toEqual(['complaint', 'highest_priority']);
    expect(inc.priority).toBe(1);
  });

  it('IM2.5 yes → IM2.6 on-site task acknowledged and fed back, matching meanwhile', async () => {
    let inc = await steps(await report(), triage().slice(0, 2));
    clock.advance(1);
    const dispatch = {
      taskId: 'task-a',
      engineers: ['oscar'],
      windowStart: new Date(clock.current.getTime() + 3600_000),
      windowEnd: new Date(clock.current.getTime() + 7200_000),
      note: 'Floor 3',
    };
    inc = (await service.execute(inc.id, { type: 'decide_onsite', needed: true, dispatch }, alice)).incident;
    expect(inc.status).toBe('matching');
    inc = await steps(inc, [
      [{ type: 'acknowledge_onsite', taskId: 'task-a' }, oscar],
      [{ type: 'onsite_feedback', taskId: 'task-a', feedback: 'Cable replaced' }, oscar],
    ]);
    const stored = await storage.getIncident(inc.id);
    expect(stored?.onsite).toEqual([
      expect.objectContaining({
        id: 'task-a',
        state: 'feedback',
        feedback: 'Cable replaced',
        acknowledgedBy: 'oscar',
      }),
    ]);
    const log = (await storage.listWorklog(inc.id)).map((w) => [w.step, w.source, w.text]);
    expect(log.filter(([, source]) => source === 'onsite')).toEqual([['IM2.6', 'onsite', 'Cable replaced']]);
    expect(await outboxTopics(inc.id)).toContain(notifyTopic('dispatch_onsite'));
  });

  it('IM2.8 none fits → IM2.9 attempt with work log → IM2.10 found → IM4.1', async () => {
    const inc = await steps(await report(), [
      ...triage(),
      [{ type: 'no_match' }, alice],
      [{ type: 'add_worklog', text: 'Checked the gateway logs' }, alice],
      [{ type: 'ask_advice', team: 'network', question: 'Known issue?' }, alice],
      [{ type: 'resolve', code: 'workaround', solution: 'Use the backup gateway', tested: true }, alice],
    ]);
    expect(inc.status).toBe('resolved');
    expect((await auditSteps(inc.id)).slice(7)).toEqual([
      'IM2.8 no_ready_solution',
      'IM2.9 attempt_started',
      'IM2.9 worklog_added',
      'IM2.9 advice_requested',
      'IM2.10 solution_found',
      'IM4.1 resolved',
    ]);
    expect((await storage.listAssignments(inc.id)).map((a) => a.action)).toEqual(['advice_requested']);
  });

  it('IM2.10 not found → IM2.11 → IM2.12 → IM2.13 in scope → IM3.1 → IM4.1, reopen, resolve, close', async () => {
    const inc = await steps(await report(), [
      ...triage(),
      [{ type: 'no_match' }, alice],
      [
        { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
      [{ type: 'accept' }, nick],
      [{ type: 'add_worklog', text: 'Which office?' }, nick],
      [{ type: 'in_scope' }, nick],
      [{ type: 'resolve', code: 'solved', solution: 'Replaced switch port', tested: true }, nick],
      [{ type: 'reopen', reason: 'Still drops' }, reporter],
      [{ type: 'resolve', code: 'solved', solution: 'Firmware upgrade', tested: true }, nick],
      [{ type: 'confirm' }, reporter],
      [{ type: 'close', code: null }, alice],
    ]);
    expect(inc).toMatchObject({
      status: 'closed',
      assignedTeam: 'network',
      acceptedBy: 'nick',
      reopenCount: 1,
    });
    const trail = await auditSteps(inc.id);
    for (const step of [
      'IM2.11 assigned',
      'IM2.12 accepted',
      'IM2.13 in_scope',
      'IM3.1 investigation_started',
    ]) {
      expect(trail).toContain(step);
    }
    expect(trail.filter((s) => s === 'IM4.1 resolved')).toHaveLength(2);
    expect(await outboxTopics(inc.id)).toEqual(
      expect.arrayContaining([notifyTopic('post_assignment'), notifyTopic('relay_to_desk')]),
    );
  });

  it('the desk asks the reporter while a team holds it: the stored pause keeps who asked, and the answer reaches both', async () => {
    const inc = await steps(await report(), [
      ...triage(),
      [{ type: 'no_match' }, alice],
      [{ type: 'assign', team: null, worklog: 'Restarted the client: no change' }, alice],
      [{ type: 'accept' }, nick],
      [{ type: 'wait_for_reporter', question: 'Which seat?' }, alice],
    ]);
    expect((await storage.getIncident(inc.id))?.pauses.at(-1)?.askedBy).toBe('desk');
    const before = (await outboxTopics(inc.id)).filter((t) => t === notifyTopic('relay_to_desk')).length;
    await steps(inc, [[{ type: 'reporter_replied', text: 'Seat 12' }, reporter]]);
    const topics = await outboxTopics(inc.id);
    expect(topics.filter((t) => t === notifyTopic('relay_to_desk'))).toHaveLength(before + 1);
    expect(topics).toContain(notifyTopic('relay_to_team'));
  });

  it('IM2.13 not ours → IM2.14 reason and suggestion → IM2.11 again, kept in the assignment history', async () => {
    const inc = await steps(await report(), [
      ...triage(),
      [{ type: 'no_match' }, alice],
      [
        { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
        alice,
      ],
      [{ type: 'decline', reason: 'Account lockout, not network', suggestedTeam: 'identity' }, nick],
      [{ type: 'assign', team: 'identity' }, alice],
      [{ type: 'accept' }, ivan],
    ]);
    expect(inc).toMatchObject({ status: 'accepted', assignedTeam: 'identity' });
    expect(inc.declines).toEqual([
      expect.objectContaining({
        team: 'network',
        reason: 'Account lockout, not network',
        suggestedTeam: 'identity',
      }),
    ]);
    const history = await storage.listAssignments(inc.id);
    expect(history.map((a) => [a.step, a.team, a.action, a.reason, a.suggestedTeam])).toEqual([
      ['IM2.11', 'network', 'assigned', null, null],
      // Declined straight from the assignment card: its IM2.12 is the audit's `received`, no
      // accepted row (nobody accepted it).
      ['IM2.14', 'network', 'declined', 'Account lockout, not network', 'identity'],
      ['IM2.11', 'identity', 'assigned', null, null],
      ['IM2.12', 'identity', 'accepted', null, null],
    ]);
  });

  it('cancel by the reporter and duplicate by the desk close the incident with their codes', async () => {
    const a = await steps(await report(), [
      [{ type: 'cancel', reason: 'Works again', duplicateOf: null }, reporter],
    ]);
    expect(a).toMatchObject({ status: 'cancelled', closureCode: 'cancelled' });
    const b = await steps(await report(), [
      [{ type: 'cancel', reason: 'Same', duplicateOf: a.number }, alice],
    ]);
    expect(b).toMatchObject({ status: 'cancelled', closureCode: 'duplicate', duplicateOf: a.number });
  });

  describe('bad input changes nothing', () => {
    async function expectRejected(
      inc: Incident,
      command: Command,
      actor: Actor,
      code: string,
      version?: number,
    ) {
      const before = {
        audit: (await storage.listAudit(inc.id)).length,
        outbox: (await storage.listOutbox({ limit: 1000 })).filter((o) => o.incidentId === inc.id).length,
      };
      const error = await service
        .execute(inc.id, command, actor, version === undefined ? {} : { expectedVersion: version })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
      expect(await storage.getIncident(inc.id)).toEqual(inc);
      expect((await storage.listAudit(inc.id)).length).toBe(before.audit);
      expect((await storage.listOutbox({ limit: 1000 })).filter((o) => o.incidentId === inc.id).length).toBe(
        before.outbox,
      );
      return error as DomainError;
    }

    it('wrong state, wrong role, unknown category or team, stale version, unknown incident', async () => {
      const inc = await report();
      await expectRejected(inc, { type: 'accept' }, nick, 'forbidden');
      await expectRejected(inc, { type: 'prioritise', impact: 1, urgency: 1 }, alice, 'wrong_state');
      await expectRejected(
        inc,
        { type: 'classify', nature: 'fault', category: 'mainframe' },
        alice,
        'unknown_category',
      );
      await expectRejected(
        inc,
        { type: 'classify', nature: 'gripe', category: 'vpn' },
        alice,
        'unknown_nature',
      );
      const classified = await steps(inc, [[{ type: 'classify', nature: 'fault', category: 'vpn' }, alice]]);
      const stale = await expectRejected(
        classified,
        { type: 'prioritise', impact: 2, urgency: 2 },
        bob,
        'stale_version',
        inc.version,
      );
      expect(stale.params.by).toBe('Alice Zhang');
      await expect(
        service.execute('00000000-0000-0000-0000-000000000000', { type: 'accept' }, nick),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });

  it('a redelivered command (same idempotency key) changes the incident once', async () => {
    const inc = await report();
    const command: Command = { type: 'classify', nature: 'fault', category: 'vpn' };
    const first = await service.execute(inc.id, command, alice, { idempotencyKey: `slack-evt-${inc.id}` });
    const again = await service.execute(inc.id, command, alice, { idempotencyKey: `slack-evt-${inc.id}` });
    expect(again.replayed).toBe(true);
    expect(again.incident.version).toBe(first.incident.version);
    expect((await auditSteps(inc.id)).filter((s) => s === 'IM2.1 classified')).toHaveLength(1);
  });

  it('the same command delivered twice at the same moment changes the incident once', async () => {
    const inc = await report();
    const command: Command = { type: 'classify', nature: 'fault', category: 'vpn' };
    const key = `slack-evt-twice-${inc.id}`;
    const both = await Promise.all(
      [1, 2].map(() => service.execute(inc.id, command, alice, { idempotencyKey: key })),
    );
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(both.map((r) => r.incident.version)).toEqual([inc.version + 1, inc.version + 1]);
    expect((await auditSteps(inc.id)).filter((s) => s === 'IM2.1 classified')).toHaveLength(1);
  });

  it('a work-log note does not make the card out of date; a real change does', async () => {
    const inc = await steps(await report(), [
      [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
    ]);
    const seen = inc.version;
    clock.advance(1);
    await service.execute(inc.id, { type: 'add_worklog', text: 'Called the reporter back' }, alice);
    clock.advance(1);
    const prioritised = await service.execute(inc.id, { type: 'prioritise', impact: 2, urgency: 2 }, alice, {
      expectedVersion: seen,
    });
    expect(prioritised.incident.priority).toBe(2);
    // The card from before the note is now two changes old, and one of them set the priority.
    const stale = await service
      .execute(inc.id, { type: 'cancel', reason: 'duplicate', duplicateOf: null }, bob, {
        expectedVersion: seen,
      })
      .catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'stale_version', params: { change: 'prioritised' } });
  });

  it("one person's quick second click on the same card goes ahead; someone else's is told why", async () => {
    const inc = await steps(await report(), [
      [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
    ]);
    const seen = inc.version;
    await service.execute(inc.id, { type: 'prioritise', impact: 3, urgency: 3 }, alice, {
      expectedVersion: seen,
    });
    // Alice clicks on, from the card drawn before her own prioritising: meant, so done.
    const next = await service.execute(inc.id, { type: 'decide_onsite', needed: false }, alice, {
      expectedVersion: seen,
    });
    expect(next.incident.onsiteNeeded).toBe(false);
    // The same command again is a double click (already done), and Bob's old card is out of date.
    const twice = await service
      .execute(inc.id, { type: 'decide_onsite', needed: false }, alice, { expectedVersion: seen + 1 })
      .catch((e: unknown) => e);
    expect(twice).toMatchObject({ code: 'already_done' });
    const bobs = await service
      .execute(inc.id, { type: 'no_match' }, bob, { expectedVersion: seen + 1 })
      .catch((e: unknown) => e);
    expect(bobs).toMatchObject({ code: 'stale_version' });
  });

  it('two agents click at once on the same card: exactly one wins, the other is told who', async () => {
    const inc = await steps(await report(), [
      [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
    ]);
    const results = await Promise.allSettled([
      service.execute(inc.id, { type: 'prioritise', impact: 2, urgency: 2 }, alice, {
        expectedVersion: inc.version,
      }),
      service.execute(inc.id, { type: 'prioritise', impact: 3, urgency: 3 }, bob, {
        expectedVersion: inc.version,
      }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(DomainError);
    expect(lost[0]?.reason.code).toBe('already_done');
    const winner = (won[0] as PromiseFulfilledResult<{ incident: Incident }>).value.incident;
    expect(lost[0]?.reason.params.by).toBe(winner.priority === 2 ? 'Alice Zhang' : 'Bob Li');
    expect((await auditSteps(inc.id)).filter((s) => s === 'IM2.3 prioritised')).toHaveLength(1);
  });
});
