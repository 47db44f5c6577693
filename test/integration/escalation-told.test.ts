// The card's escalation notice names who the escalation actually told, from the audit trail
// (TriageService.cardView), not who the incident suggests held it then (breaches.ts holderAt).
// The case where that guess was wrong: the incident was back with the desk (declined) when the
// 50 % resolution threshold fired, so the desk was told; a team assigned later that declined too
// is, to the incident, the "first decline after the threshold" — the guess named that team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { Actor, Incident } from '../../src/core/types.js';
import type { Reconciler } from '../../src/jobs/timer-relay.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { minuteClock, overdueReconciler } from '../support/overdue-reconciler.js';
import { watchStatementsOf } from '../support/statements.js';

const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('escalation notice from the trail, on $name', ({ open }) => {
  const cfg = testConfig();
  let backend: OpenBackend;
  let storage: Storage;
  const { clock, at } = minuteClock(REPORTED_AT);
  let service: TriageService;
  let reconciler: Reconciler;

  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
    service = new TriageService(storage, cfg, clock);
    reconciler = overdueReconciler(storage, cfg, clock);
  });
  afterAll(() => backend.close());

  async function run(incident: Incident, who: string, ...commands: Command[]): Promise<Incident> {
    let current = incident;
    for (const c of commands) current = (await service.execute(current.id, c, actorFor(who, cfg))).incident;
    return current;
  }

  it('names the desk the 50 % resolution escalation told, not the team that declined later', async () => {
    at(0);
    let { incident } = await service.report(
      { title: 'ERP posting fails', description: '', service: 'ERP', severity: 1 },
      reporter,
    );
    at(2);
    incident = await run(
      incident,
      'alice',
      { type: 'classify', nature: 'fault', category: 'erp' },
      { type: 'prioritise', impact: 1, urgency: 1 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'assign', team: 'network', worklog: 'Checked the client' },
    );
    at(20);
    incident = await run(incident, 'nora', { type: 'decline', reason: 'Not network', suggestedTeam: 'erp' });
    at(121); // 50 % of 4 h, back with the desk: the escalation goes to the desk
    expect((await reconciler.run()).fired).toBe(1);
    const told = (await storage.listAudit(incident.id)).filter((a) => a.action === 'escalated');
    expect(told.map((a) => a.payload.targets)).toEqual([[{ kind: 'desk' }]]);
    at(130);
    incident = await run(incident, 'alice', { type: 'assign', team: 'erp' });
    at(150);
    incident = await run(incident, 'erin', { type: 'decline', reason: 'Not ERP', suggestedTeam: 'identity' });
    at(155);
    const notices = async (locale: 'en' | 'zh-CN') =>
      (await service.cardView(incident, actorFor('alice', cfg), locale)).notices.filter((n) =>
        locale === 'en' ? n.includes('escalated') : n.includes('升级至'),
      );
    expect(await notices('en')).toEqual([
      'Resolution: escalated to the service desk at Mon 8 Jun 2026 11:00 UTC+8',
    ]);
    expect(await notices('zh-CN')).toEqual(['解决时限：已于2026-06-08 11:00 UTC+8升级至服务台']);
    // Read once per firing: the next card costs no statement, nor does a card with no escalation.
    const watch = watchStatementsOf(backend.db);
    await notices('en');
    await service.cardView(
      (await service.report({ title: 'Printer jam', description: '', service: null, severity: 4 }, reporter))
        .incident,
      actorFor('alice', cfg),
      'en',
    );
    const reads = watch.all.filter((x) => /from "audit_events"/i.test(x.text));
    expect(reads).toEqual([]);
    // Another process (a service that never read it) reads the trail once for it.
    await new TriageService(storage, cfg, clock).cardView(incident, actorFor('alice', cfg), 'en');
    watch.stop();
    expect(watch.all.filter((x) => /from "audit_events"/i.test(x.text))).toHaveLength(1);
    // What the incident alone suggests (no trail read): the later decliner, wrongly.
    const guessed = new TriageService(storage, cfg, clock).viewOf(incident, actorFor('alice', cfg), 'en');
    expect(guessed.notices.filter((n) => n.includes('escalated'))).toEqual([
      'Resolution: escalated to ERP at Mon 8 Jun 2026 11:00 UTC+8',
    ]);
  });

  it('reads the trail once for an acceptance escalation recorded as its breach (no re-pings), never for the reporter', async () => {
    const cfg0 = testConfig({ limits: { ...cfg.limits, acceptanceRepings: 0 } });
    const service0 = new TriageService(storage, cfg0, clock);
    at(0);
    let { incident } = await service0.report(
      { title: 'VPN drops', description: '', service: null, severity: 1 },
      reporter,
    );
    at(2);
    for (const c of [
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 1, urgency: 1 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'assign', team: 'network', worklog: 'Checked the client' },
    ] as Command[])
      incident = (await service0.execute(incident.id, c, actorFor('alice', cfg0))).incident;
    at(33); // the acceptance deadline (30 min) passed: its one ping is the final escalation
    expect((await overdueReconciler(storage, cfg0, clock).run()).fired).toBe(1);
    const [breach] = (await storage.listAudit(incident.id)).filter((a) => a.action === 'deadline_breached');
    expect(breach?.payload.final).toBe(true);
    const watch = watchStatementsOf(backend.db);
    const alice = actorFor('alice', cfg0);
    await service0.cardView(incident, alice, 'en');
    await service0.cardView(incident, alice, 'en');
    await new TriageService(storage, cfg0, clock).cardView(incident, reporter, 'en');
    watch.stop();
    expect(watch.all.filter((x) => /from "audit_events"/i.test(x.text))).toHaveLength(1);
  });
});
