// The incident history (issue 13 item 1) through the use case, on PostgreSQL and PGlite: the query
// module reads one incident's audit trail, work log, assignment history and on-site tasks in the
// order written (and nothing of another incident); the use case refuses a reader without a part.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimerService } from '../../src/app/timer-service.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import { timerSchedule } from '../../src/core/escalation.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const nick = actorFor('nick');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

class TestClock {
  current = REPORTED_AT;
  now = () => this.current;
}

describe.each(backends)('incident history on $name', ({ open }) => {
  let backend: OpenBackend;
  let clock: TestClock;
  let service: TriageService;
  let incident: Incident;
  let other: Incident;

  const run = async (i: Incident, list: [Command, Actor][]) => {
    let current = i;
    for (const [command, actor] of list) {
      clock.current = new Date(clock.current.getTime() + 5 * 60_000);
      current = (await service.execute(current.id, command, actor)).incident;
    }
    return current;
  };

  beforeAll(async () => {
    backend = await open();
    clock = new TestClock();
    service = new TriageService(backend.storage, cfg, clock);
    const report = (title: string) =>
      service.report({ title, description: 'since 9am', service: 'VPN', severity: null }, reporter);
    incident = (await report('VPN drops')).incident;
    other = (await report('Printer jams')).incident;
    const dispatch = {
      taskId: 'task-hist-1',
      engineers: ['oscar'],
      windowStart: new Date('2026-06-08T14:00:00+08:00'),
      windowEnd: new Date('2026-06-08T15:00:00+08:00'),
      note: 'Rack B3',
    };
    incident = await run(incident, [
      [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
      [{ type: 'prioritise', impact: 3, urgency: 3 }, alice],
      [{ type: 'decide_onsite', needed: true, dispatch }, alice],
      [{ type: 'no_match' }, alice],
      // IM2.9's work log goes with the assignment out of the attempt.
      [{ type: 'assign', team: 'network', worklog: 'Gateway logs show resets' }, alice],
      [{ type: 'decline', reason: 'Not ours', suggestedTeam: 'identity', suggestion: null }, nick],
    ]);
    await run(other, [[{ type: 'classify', nature: 'fault', category: 'vpn' }, alice]]);
  });
  afterAll(() => backend.close());

  it('reads the four record lists of one incident, each in the order written', async () => {
    const records = await backend.storage.history.incidentRecords(incident.id);
    const audit = await backend.storage.listAudit(incident.id);
    expect(records.audit.map((r) => r.id)).toEqual(audit.map((r) => r.id));
    expect(records.audit.every((r) => r.incidentId === incident.id)).toBe(true);
    expect(records.audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['registered', 'onsite_dispatched', 'assigned', 'declined']),
    );
    expect(records.worklog.map((w) => w.text)).toEqual(['Rack B3', 'Gateway logs show resets', 'Not ours']);
    expect(records.assignments.map((a) => [a.action, a.team, a.reason])).toEqual([
      ['assigned', 'network', null],
      // A decline straight from "assigned": its IM2.12 is the audit's `received`, no accepted row.
      ['declined', 'network', 'Not ours'],
    ]);
    expect(records.assignments[1]?.suggestedTeam).toBe('identity');
    expect(records.onsite).toMatchObject([{ id: 'task-hist-1', engineers: ['oscar'], note: 'Rack B3' }]);
    expect(records.onsite[0]?.windowStart).toEqual(new Date('2026-06-08T14:00:00+08:00'));
    const ids = records.audit.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('an incident with nothing but its registration has one event and no other records', async () => {
    const fresh = (
      await service.report({ title: 'New', description: '', service: null, severity: null }, reporter)
    ).incident;
    const records = await backend.storage.history.incidentRecords(fresh.id);
    expect(records.audit.map((r) => r.action)).toEqual(['registered']);
    expect(records.worklog).toEqual([]);
    expect(records.assignments).toEqual([]);
    expect(records.onsite).toEqual([]);
  });

  it('gives the declining team the whole timeline and the reporter what concerns them, in their language', async () => {
    incident = await run(incident, [
      [{ type: 'reporter_note', text: 'Still down after a reboot' }, reporter],
    ]);
    const theirs = await service.history(incident.id, nick, 'en');
    expect(theirs.forReporter).toBe(false);
    const decline = theirs.entries.find((e) => e.action === 'declined');
    expect(decline?.text).toBe('declined it');
    expect(decline?.details.map((d) => [d.key, d.value])).toEqual([
      ['team', 'Network'],
      ['reason', 'Not ours'],
      ['suggested', 'Identity'],
    ]);
    expect(theirs.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['worklog_added', 'assigned', 'declined', 'onsite_dispatched']),
    );

    const mine = await service.history(incident.id, reporter);
    expect(mine.locale).toBe('zh-CN');
    expect(mine.forReporter).toBe(true);
    expect(mine.entries[0]).toMatchObject({ step: 'IM1', action: 'registered', who: 'Wang Fang' });
    const actions = mine.entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'registered',
        'classified',
        'prioritised',
        'onsite_dispatched',
        'reporter_note_added',
      ]),
    );
    // The desk's work log, hand-overs and matching stay with the desk.
    for (const internal of ['worklog_added', 'assigned', 'declined', 'no_good_match'])
      expect(actions).not.toContain(internal);
    const words = mine.entries.flatMap((e) => e.details.map((d) => d.value));
    expect(words).not.toContain('Gateway logs show resets');
    expect(words).not.toContain('Rack B3');
    expect(words).toContain('Still down after a reboot');

    // The reporter who is also in the team that declined it reads as that team: everything.
    const colleague: Actor = { ...reporter, teams: ['network'] };
    const full = await service.history(incident.id, colleague, 'en');
    expect(full.forReporter).toBe(false);
    expect(full.entries.map((e) => e.action)).toContain('declined');
  });

  it('shows the breaches and escalation pings the timers recorded, with whom they reached', async () => {
    const fresh = (
      await service.report({ title: 'Mail down', description: '', service: null, severity: null }, reporter)
    ).incident;
    const timers = new TimerService(backend.storage, cfg, clock);
    const due = timerSchedule(fresh, cfg, clock.now()).filter(
      (t) => t.kind === 'escalation' || t.kind === 'respond',
    );
    expect(due.length).toBeGreaterThan(1);
    for (const timer of due) {
      clock.current = new Date(Math.max(clock.current.getTime(), timer.at.getTime()));
      expect(await timers.fire(fresh.id, timer.key, timer.at)).toBe('fired');
    }
    const view = await service.history(fresh.id, alice, 'en');
    const pings = view.entries.filter((e) => e.kind === 'escalation' || e.kind === 'breach');
    expect(pings.map((e) => e.action)).toEqual(expect.arrayContaining(['escalated', 'deadline_breached']));
    for (const ping of pings) {
      expect(ping.who).toBe('ITSS bot');
      expect(['Response', 'Resolution']).toContain(ping.details.find((d) => d.key === 'deadline')?.value);
      expect(ping.details.find((d) => d.key === 'pinged')?.value).toBeTruthy();
    }
    const pinged = (e: (typeof pings)[number] | undefined) =>
      e?.details.find((d) => d.key === 'pinged')?.value;
    expect(pinged(pings.find((e) => e.action === 'deadline_breached'))).toContain('the service desk');
    expect(pings.map(pinged)).toContain('Mia Chen (incident manager)');
  });

  it('refuses someone with no part, as every read is refused', async () => {
    await expect(service.history(incident.id, actorFor('iris'))).rejects.toMatchObject({
      code: 'not_yours',
      params: { number: incident.number },
    });
    await expect(service.history('no-such-incident', alice)).rejects.toMatchObject({ code: 'not_found' });
  });
});
