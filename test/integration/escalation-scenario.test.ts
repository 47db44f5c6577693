// Scenario: a P1 nobody acts on. First with a fake clock stepped through the thresholds
// (reconciliation fires what is overdue), on PostgreSQL and PGlite; then in real time with a
// shortened configuration, through the real relay, both schedulers and the delivery queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/app/notifier.js';
import type { AuditRecord, Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { PingTarget } from '../../src/core/decision.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { EmbeddedDelivery } from '../../src/jobs/delivery-queue.js';
import type { Reconciler } from '../../src/jobs/timer-relay.js';
import { actorFor, REPORTED_AT, testCalendar, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier, type SchedulerKind, startTestJobs, type TestJobs } from '../support/jobs.js';
import { minuteClock, overdueReconciler } from '../support/overdue-reconciler.js';
import { waitFor } from '../support/redis.js';

const alice = actorFor('alice');
const erin = actorFor('erin');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

const triageAndAssign: Command[] = [
  { type: 'classify', nature: 'fault', category: 'erp' },
  { type: 'prioritise', impact: 1, urgency: 1 },
  { type: 'decide_onsite', needed: false },
  { type: 'no_match' },
  { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
];

const who = (targets: unknown) =>
  (targets as PingTarget[]).map((t) =>
    t.kind === 'team' ? `#${t.team}` : t.kind === 'person' ? `@${t.person}` : t.kind,
  );

/** System audit events as "action deadline reason → targets". */
const firings = (audit: readonly AuditRecord[]) =>
  audit
    .filter((a) => a.actorId === 'system')
    .map(
      (a) => `${a.action} ${a.payload.deadline} ${a.payload.reason} → ${who(a.payload.targets).join(',')}`,
    );

describe.each(backends)('P1 that nobody acts on, fake clock, on $name', ({ open }) => {
  const cfg = testConfig();
  let backend: OpenBackend;
  let storage: Storage;
  const { clock, at } = minuteClock(REPORTED_AT);
  const notifier = new RecordingNotifier();
  let service: TriageService;
  let reconciler: Reconciler;
  let delivery: EmbeddedDelivery;

  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
    service = new TriageService(storage, cfg, clock);
    reconciler = overdueReconciler(storage, cfg, clock);
    delivery = new EmbeddedDelivery({ storage, config: cfg, notifiers: [notifier], clock }, 200);
  });
  afterAll(() => backend.close());

  async function step(minutes: number) {
    at(minutes);
    const report = await reconciler.run();
    while (await delivery.tick());
    return report.fired;
  }

  it('pings the desk, the lead level, then the manager; then team, lead and manager once assigned', async () => {
    at(0);
    const { incident } = await service.report(
      { title: 'ERP down for everyone', description: '', service: 'ERP', severity: 1 },
      reporter,
    );
    expect(await step(7)).toBe(0);
    expect(await step(8)).toBe(1); // 50 % of 15 min
    expect(await step(8)).toBe(0); // nothing fires twice
    expect(await step(12.5)).toBe(1); // 80 %
    expect(await step(15)).toBe(2); // 100 %: manager, and the breach

    at(16); // the desk finally responds and assigns to ERP; ERP never accepts
    let current: Incident = incident;
    for (const command of triageAndAssign)
      current = (await service.execute(current.id, command, alice)).incident;
    expect(current).toMatchObject({ status: 'assigned', assignedTeam: 'erp', breaches: ['respond'] });
    expect(await step(46)).toBe(1); // acceptance limit (30 min): team re-pinged
    expect(await step(76)).toBe(1); // one limit later: lead and manager
    expect(await step(136)).toBe(1); // 50 % of 4 h: the team
    expect(await step(208)).toBe(1); // 80 %: the lead
    expect(await step(256)).toBe(2); // 100 %: the manager, and the breach

    expect(firings(await storage.listAudit(incident.id))).toEqual([
      'escalated respond threshold → desk',
      'escalated respond threshold → desk',
      'escalated respond threshold → @mia',
      'deadline_breached respond breach → desk',
      'deadline_breached acceptance breach → #erp',
      'escalated acceptance acceptance_escalated → @erin,@mia',
      'escalated resolve threshold → #erp',
      'escalated resolve threshold → @erin',
      'escalated resolve threshold → @mia',
      'deadline_breached resolve breach → desk,#erp',
    ]);
    const audit = await storage.listAudit(incident.id);
    // Recorded at the step the incident is at: nobody classified it yet (IM2.1), then assigned.
    expect(audit.filter((a) => a.actorId === 'system').map((a) => a.step)).toEqual([
      'IM2.1',
      'IM2.1',
      'IM2.1',
      'IM2.1',
      'IM2.12',
      'IM2.12',
      'IM2.12',
      'IM2.12',
      'IM2.12',
      'IM2.12',
    ]);
    const pings = notifier.sent.filter((n) => n.kind === 'ping' || n.kind === 'breach');
    expect(pings.map((n) => `${n.kind} ${JSON.stringify(n.recipient)}`)).toContain(
      'ping {"kind":"team","teamId":"erp","mention":true}',
    );
    expect(pings.length).toBe(12);

    // The card says what was breached and by how much.
    const view = service.viewOf((await storage.getIncident(incident.id)) as Incident, alice, 'en');
    expect(view.notices).toEqual(
      expect.arrayContaining([
        'Response deadline missed by 1 min',
        'Resolution overdue by 16 min',
        'Acceptance by the team overdue by 3 h 30 min',
      ]),
    );

    // ERP accepts: everyone a timer pinged hears it, once each.
    notifier.sent = [];
    at(257);
    await service.execute(incident.id, { type: 'accept' }, erin);
    while (await delivery.tick());
    const followUps = notifier.sent.filter((n) => n.text.key === 'ping.followup.accepted');
    // Delivered side by side: the order they arrive in is not part of the rule.
    expect(followUps.map((n) => JSON.stringify(n.recipient)).sort()).toEqual([
      '{"kind":"desk"}',
      '{"kind":"person","personId":"erin"}',
      '{"kind":"person","personId":"mia"}',
      '{"kind":"team","teamId":"erp","mention":false}',
    ]);
    expect(renderText('en', followUps[0]?.text ?? { key: 'view.not_set', params: {} }, 'UTC')).toContain(
      'has been accepted by ERP',
    );
  });
});

/** Deadlines of seconds: P1 resolves in 6 s (team 3 s, lead 4.8 s, manager 6 s), acceptance 1.8 s. */
function shortConfig() {
  const base = testConfig();
  return testConfig({
    calendar: testCalendar({ holidays: 'none' }),
    sla: {
      ...base.sla,
      1: { respond: { value: 1, unit: 'minutes' }, resolve: { value: 0.1, unit: 'minutes' }, clock: '24x7' },
    },
    limits: { ...base.limits, acceptanceMinutes: 0.03, acceptanceRepings: 1 },
  });
}

const postgres = backends.filter((b) => b.name === 'postgres');
const kinds: SchedulerKind[] = ['bullmq', 'embedded'];

describe.each(postgres)('P1 that nobody accepts, real time, on $name', ({ open }) => {
  describe.each(kinds)('with the %s scheduler', (kind) => {
    const cfg = shortConfig();
    let backend: OpenBackend;
    let jobs: TestJobs;

    beforeAll(async () => {
      backend = await open();
      jobs = await startTestJobs(kind, backend.storage, cfg);
    });
    afterAll(async () => {
      await jobs.dispose();
      await backend.close();
    });

    it('pings the team, its lead, then the manager at the thresholds, and all of them hear the acceptance', async () => {
      const { service, notifier } = jobs;
      const storage = backend.storage;
      let incident = (
        await service.report({ title: 'ERP down', description: '', service: null, severity: 1 }, reporter)
      ).incident;
      for (const command of triageAndAssign)
        incident = (await service.execute(incident.id, command, alice)).incident;

      const audit = await waitFor(async () => {
        const records = await storage.listAudit(incident.id);
        const done = firings(records).filter((f) => f.includes(' resolve '));
        return done.length >= 4 && records;
      }, 'the resolution ladder and breach');
      const fired = firings(audit);
      // In threshold order; the breach falls due with the last threshold (their order is free).
      expect(fired.filter((f) => f.startsWith('escalated resolve'))).toEqual([
        'escalated resolve threshold → #erp',
        'escalated resolve threshold → @erin',
        'escalated resolve threshold → @mia',
      ]);
      expect(fired.filter((f) => f.startsWith('deadline_breached resolve'))).toEqual([
        'deadline_breached resolve breach → desk,#erp',
      ]);
      expect(fired.filter((f) => f.includes(' acceptance '))).toEqual([
        'deadline_breached acceptance breach → #erp',
        'escalated acceptance acceptance_escalated → @erin,@mia',
      ]);
      // Responded at once: no response escalation, and every firing exactly once.
      expect(fired.filter((f) => f.includes(' respond '))).toEqual([]);
      const keys = audit.filter((a) => a.actorId === 'system').map((a) => a.payload.timer);
      expect(new Set(keys).size).toBe(keys.length);

      await waitFor(
        () => notifier.sent.some((n) => n.kind === 'breach' && n.recipient.kind === 'desk'),
        'the breach notice',
      );
      const recipients = notifier.sent
        .filter((n) => n.kind === 'ping')
        .map((n) => JSON.stringify(n.recipient));
      expect(recipients).toEqual(
        expect.arrayContaining([
          '{"kind":"team","teamId":"erp","mention":true}',
          '{"kind":"person","personId":"erin"}',
          '{"kind":"person","personId":"mia"}',
        ]),
      );

      await service.execute(incident.id, { type: 'accept' }, erin);
      const followUps = await waitFor(() => {
        const sent = notifier.sent.filter((n) => n.text.key === 'ping.followup.accepted');
        return sent.length >= 4 && sent;
      }, 'the follow-ups');
      expect(followUps.map((n) => JSON.stringify(n.recipient)).sort()).toEqual(
        [
          '{"kind":"desk"}',
          '{"kind":"person","personId":"erin"}',
          '{"kind":"person","personId":"mia"}',
          '{"kind":"team","teamId":"erp","mention":false}',
        ].sort(),
      );
      expect(notifier.refreshed).toContain(incident.id);
    });
  });
});
