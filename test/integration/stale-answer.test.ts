// What a command that lost its race is told, against both storage backends: audit records carry
// the incident version their change made (a timer's, the version it kept), and the answer names
// the change since the card that moved the incident on, read with one statement under the lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_BEHIND_MAX } from '../../src/app/race.js';
import { TimerService } from '../../src/app/timer-service.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import { DomainError } from '../../src/core/errors.js';
import { timerSchedule } from '../../src/core/escalation.js';
import { SYSTEM_ACTOR } from '../../src/core/steps/timers.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { watchStatementsOf } from '../support/statements.js';

const cfg = testConfig();
const alice = actorFor('alice');
const bob = actorFor('bob');
const nora = actorFor('nora');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const TO_ATTEMPTING: Command[] = [
  { type: 'classify', nature: 'fault', category: 'vpn' },
  { type: 'prioritise', impact: 3, urgency: 3 },
  { type: 'decide_onsite', needed: false },
  { type: 'no_match' },
];
const assign: Command = { type: 'assign', team: 'network', worklog: 'Reset the VPN profile' };
const note: Command = { type: 'add_worklog', text: 'Looking at the gateway logs' };

describe.each(backends)('a stale card’s answer on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  let now = new Date('2026-06-08T09:00:00+08:00');
  const clock = { now: () => now };
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, clock);
  });
  afterAll(() => backend.close());

  async function attempting(): Promise<Incident> {
    let { incident } = await service.report(
      { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null },
      reporter,
    );
    for (const c of TO_ATTEMPTING) incident = (await service.execute(incident.id, c, alice)).incident;
    return incident;
  }

  it('writes each change’s records with the version it made', async () => {
    const card = await attempting();
    tick();
    await service.execute(card.id, assign, alice);
    tick();
    const after = (await service.execute(card.id, note, nora)).incident;
    const trail = await backend.storage.listAudit(card.id);
    expect(trail.at(0)).toMatchObject({ action: 'registered', version: 1 });
    expect(trail.filter((r) => (r.version ?? 0) > card.version).map((r) => [r.action, r.version])).toEqual([
      ['worklog_added', card.version + 1],
      ['no_solution_found', card.version + 1],
      ['assigned', card.version + 1],
      ['worklog_added', card.version + 2],
    ]);
    expect(after.version).toBe(card.version + 2);
  });

  it('a command from a card two changes behind is told the assignment, from one read of the trail', async () => {
    const card = await attempting();
    tick();
    const assignedAt = now.toISOString();
    await service.execute(card.id, assign, alice);
    tick();
    await service.execute(card.id, note, nora);
    const watch = watchStatementsOf(backend.db);
    const lost = await service
      .execute(card.id, { type: 'wait_for_reporter', question: 'Since when?' }, bob, {
        expectedVersion: card.version,
      })
      .catch((e: unknown) => e);
    watch.stop();
    expect(lost).toBeInstanceOf(DomainError);
    expect({ code: (lost as DomainError).code, ...(lost as DomainError).params }).toEqual({
      code: 'stale_version',
      by: 'Alice Zhang',
      byId: 'alice',
      change: 'assigned',
      at: assignedAt,
      more: 1,
    });
    const auditReads = watch.all.filter(
      (s) => /from "audit_events"/i.test(s.text) && /^\s*select/i.test(s.text),
    );
    expect(auditReads).toHaveLength(1);
    // One version behind (the assignment alone): the "still good?" check and the answer share
    // that read (they were a read each).
    const next = await attempting();
    await service.execute(next.id, assign, alice);
    const watchOne = watchStatementsOf(backend.db);
    const lostOne = await service
      .execute(next.id, { type: 'wait_for_reporter', question: 'Since when?' }, bob, {
        expectedVersion: next.version,
      })
      .catch((e: unknown) => e);
    watchOne.stop();
    expect(lostOne).toMatchObject({ code: 'stale_version', params: { change: 'assigned' } });
    expect((lostOne as DomainError).params).not.toHaveProperty('more');
    expect(watchOne.all.filter((s) => /from "audit_events"/i.test(s.text))).toHaveLength(1);
    // The card's own Assign, lost the same way, is "already done by" Alice.
    const again = await service
      .execute(card.id, { ...assign, team: 'network' }, bob, { expectedVersion: card.version })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'already_done', params: { by: 'Alice Zhang' } });
  });

  it('a timer’s ping keeps the version on its record, and a card a note behind stays good after it', async () => {
    const card = await attempting();
    tick();
    const assigned = (await service.execute(card.id, assign, alice)).incident;
    tick();
    const noted = (await service.execute(card.id, note, alice)).incident;
    // The acceptance time limit passes: its ping is written by the bot, the version kept.
    const acceptance = timerSchedule(noted, cfg, now).find((t) => t.kind === 'acceptance');
    if (!acceptance) throw new Error('no acceptance timer');
    now = new Date(Math.max(now.getTime(), acceptance.at.getTime()));
    expect(
      await new TimerService(backend.storage, cfg, clock).fire(card.id, acceptance.key, acceptance.at),
    ).toBe('fired');
    const trail = await backend.storage.listAudit(card.id);
    const pings = trail.filter((r) => r.actorId === SYSTEM_ACTOR.id);
    expect(pings.length).toBeGreaterThan(0);
    for (const p of pings) expect(p.version).toBe(noted.version);
    expect((await backend.storage.getIncident(card.id))?.version).toBe(noted.version);
    // Nora's card from before the desk's note: the note, and the ping after it, leave it good.
    const accepted = await service.execute(card.id, { type: 'accept' }, nora, {
      expectedVersion: assigned.version,
    });
    expect(accepted.incident).toMatchObject({ status: 'accepted', version: noted.version + 1 });
  });

  it('a card several notes behind (a ping among them) is used as a current one; the core still decides who may', async () => {
    const card = await attempting();
    tick();
    const assigned = (await service.execute(card.id, assign, alice)).incident;
    for (const who of [alice, bob]) {
      tick();
      await service.execute(card.id, note, who);
    }
    const acceptance = timerSchedule(assigned, cfg, now).find((t) => t.kind === 'acceptance');
    if (!acceptance) throw new Error('no acceptance timer');
    now = new Date(Math.max(now.getTime(), acceptance.at.getTime()));
    expect(
      await new TimerService(backend.storage, cfg, clock).fire(card.id, acceptance.key, acceptance.at),
    ).toBe('fired');
    tick();
    const noted = (await service.execute(card.id, note, alice)).incident;
    expect(noted.version).toBe(assigned.version + 3);
    // Before a form opens (the click on the card), then the command itself.
    await expect(service.checkCardCurrent(noted, 'accept', assigned.version, nora)).resolves.toBeUndefined();
    // Someone the step is not for is refused by the core, not told "out of date".
    const notTheirs = await service
      .execute(card.id, { type: 'accept' }, bob, { expectedVersion: assigned.version })
      .catch((e: unknown) => e);
    expect(notTheirs).toBeInstanceOf(DomainError);
    expect((notTheirs as DomainError).code).not.toBe('stale_version');
    const accepted = await service.execute(card.id, { type: 'accept' }, nora, {
      expectedVersion: assigned.version,
    });
    expect(accepted.incident).toMatchObject({ status: 'accepted', version: noted.version + 1 });
  });

  it('notes then a real change, or more notes than NOTES_BEHIND_MAX, leave the card out of date', async () => {
    const card = await attempting();
    tick();
    await service.execute(card.id, note, alice);
    tick();
    await service.execute(card.id, assign, alice);
    tick();
    await service.execute(card.id, note, bob);
    const lost = await service
      .execute(card.id, { type: 'wait_for_reporter', question: 'Since when?' }, bob, {
        expectedVersion: card.version,
      })
      .catch((e: unknown) => e);
    expect(lost).toMatchObject({ code: 'stale_version', params: { change: 'assigned' } });

    const many = await attempting();
    let current = many;
    for (let n = 0; n < NOTES_BEHIND_MAX; n++)
      current = (await service.execute(many.id, note, alice)).incident;
    // NOTES_BEHIND_MAX notes behind: still good (checked before the form opens).
    await expect(service.checkCardCurrent(current, 'assign', many.version, bob)).resolves.toBeUndefined();
    current = (await service.execute(many.id, note, alice)).incident;
    const tooOld = await service
      .execute(many.id, assign, bob, { expectedVersion: many.version })
      .catch((e: unknown) => e);
    expect(tooOld).toMatchObject({ code: 'stale_version', params: { change: 'worklog_added' } });
    await expect(service.checkCardCurrent(current, 'assign', many.version, bob)).rejects.toMatchObject({
      code: 'stale_version',
    });
  });
});
