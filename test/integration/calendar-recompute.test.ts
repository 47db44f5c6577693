// Provisional deadlines (a year without official holidays) are recomputed at start-up once the
// year's days are configured, or on the operator's `npm run calendar -- recompute` after a reload:
// audit event, new timers through the outbox, flag cleared.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigHolder } from '../../src/app/config-holder.js';
import { effectsOf, TOPIC } from '../../src/app/outbox.js';
import { TriageService } from '../../src/app/triage-service.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { recomputeCommand } from '../../src/cli/calendar.js';
import type { TriageConfig } from '../../src/core/config.js';
import { register } from '../../src/core/steps/register.js';
import { testCalendar, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation } from '../support/incidents.js';

const reporter = { id: 'slack:UREP', name: 'Reporter', roles: [], teams: [] };
const report = { title: 'Slow PC', description: 'since Monday', service: null, severity: 4 as const };
// Wed 30 Dec 2026 17:00 in Shanghai: P4's 5 business days run into 2027.
const clock = { now: () => new Date('2026-12-30T09:00:00Z') };

/** 2027 "published": 1–3 Jan and 4 Jan off, Sat 9 Jan worked (as an operator would add it). */
const official2027: TriageConfig = testConfig({
  calendar: testCalendar({
    extraCoveredYears: [2027],
    extraHolidays: ['2027-01-01', '2027-01-04'],
    extraWorkdays: ['2027-01-09'],
  }),
});

describe.each(backends)('provisional deadlines recomputed on $name', ({ open }) => {
  let backend: OpenBackend;
  beforeEach(async () => {
    backend = await open();
  });
  afterEach(() => backend.close());

  it('registers with provisional deadlines, then recomputes them once 2027 is configured', async () => {
    const before = new TriageService(backend.storage, testConfig(), clock);
    const { incident } = await before.report(report, reporter);
    // Per deadline: the response (31 Dec) is counted within 2026; the resolution runs into 2027.
    expect(incident).toMatchObject({ respondByProvisional: false, resolveByProvisional: true });
    expect(incident.resolveBy?.toISOString()).toBe('2027-01-07T09:00:00.000Z');
    expect(await before.recomputeProvisionalDeadlines()).toEqual([]); // nothing new configured

    const after = new TriageService(backend.storage, official2027, clock);
    const changed = await after.recomputeProvisionalDeadlines();
    expect(changed.map((i) => i.id)).toEqual([incident.id]);

    const stored = await backend.storage.getIncident(incident.id);
    expect(stored).toMatchObject({ respondByProvisional: false, resolveByProvisional: false });
    expect(stored?.version).toBe(incident.version + 1);
    // 40 h: Wed 1 + Thu 8; 1–4 Jan off; Tue 5 – Thu 7 24 (33); Fri 8 Jan 7 h — ends 17:00.
    expect(stored?.resolveBy?.toISOString()).toBe('2027-01-08T09:00:00.000Z');

    const audit = await backend.storage.listAudit(incident.id);
    const recomputed = audit.filter((a) => a.action === 'deadlines_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]).toMatchObject({
      step: 'IM2.3',
      actorId: 'system',
      payload: {
        reason: 'official_calendar',
        resolveBy: { from: '2027-01-07T09:00:00.000Z', to: '2027-01-08T09:00:00.000Z' },
        provisional: false,
      },
    });

    const outbox = await backend.storage.listOutbox({});
    const ofVersion = outbox.filter((m) => m.payload.version === stored?.version);
    expect(ofVersion.map((m) => m.topic)).toEqual([TOPIC.timerChanged, TOPIC.chatChange]);
    const effects = ofVersion.flatMap(effectsOf);
    expect(effects.at(-1)).toEqual({ type: 'refresh_views' });
    // The reporter hears that the calendar moved the resolution deadline (IM2.3) — not that the
    // desk set the priority, as before (trial 2026-12-07).
    const told = effects.filter((e) => e.type.startsWith('notify_'));
    expect(told).toEqual([
      expect.objectContaining({ type: 'notify_deadlines_recomputed', provisional: false }),
    ]);

    // Once recomputed, a second start-up changes nothing.
    expect(await after.recomputeProvisionalDeadlines()).toEqual([]);
  });

  it('gives deadlines to incidents the old code left without any (migration 0007)', async () => {
    // As the bot before this change registered it: no deadlines, an IM2.3 calendar_not_covered event.
    const old = register(
      { id: 'old-1', sequence: 1, title: 'Slow PC', description: '', service: null, severity: 4, reporter },
      clock.now(),
      testConfig(),
    ).incident;
    const stranded = {
      ...old,
      respondBy: null,
      resolveBy: null,
      respondByProvisional: false,
      resolveByProvisional: false,
    };
    await backend.storage.transaction(async (uow) => {
      await uow.writeChange(creation(stranded));
      await uow.appendAudit([
        {
          incidentId: old.id,
          step: 'IM2.3',
          action: 'calendar_not_covered',
          actorId: 'slack:UREP',
          actorName: 'Reporter',
          at: clock.now(),
          payload: { year: 2027 },
        },
      ]);
    });
    // The data step of the migration, run again now that the row exists.
    const migration = readFileSync('db/migrations/0007_calendar_provisional.sql', 'utf8');
    const update = migration.split('--> statement-breakpoint').at(-1) ?? '';
    expect(update).toContain('UPDATE "incidents"');
    await backend.db.orm.execute(sql.raw(update));
    // A row from before migration 0025: no per-deadline flags.
    await backend.db.orm.execute(
      sql`UPDATE incidents SET respond_by_provisional = NULL, resolve_by_provisional = NULL`,
    );

    const changed = await new TriageService(
      backend.storage,
      testConfig(),
      clock,
    ).recomputeProvisionalDeadlines();
    expect(changed.map((i) => i.id)).toEqual([old.id]);
    const stored = await backend.storage.getIncident(old.id);
    expect(stored?.resolveBy?.toISOString()).toBe('2027-01-07T09:00:00.000Z');
    expect(stored).toMatchObject({ respondByProvisional: false, resolveByProvisional: true });
    const [event] = (await backend.storage.listAudit(old.id)).filter(
      (a) => a.action === 'deadlines_recomputed',
    );
    expect(event?.payload).toMatchObject({ reason: 'calendar_changed', provisional: true });
  });

  it('reads a row from before migration 0025 as it was shown, and the start-up recompute splits it', async () => {
    const service = new TriageService(backend.storage, testConfig(), clock);
    const { incident } = await service.report(report, reporter);
    // As the bot before per-deadline flags stored it: one flag for both deadlines.
    await backend.db.orm.execute(
      sql`UPDATE incidents SET deadlines_provisional = true,
            respond_by_provisional = NULL, resolve_by_provisional = NULL WHERE id = ${incident.id}`,
    );
    const old = await backend.storage.getIncident(incident.id);
    expect(old).toMatchObject({ respondByProvisional: true, resolveByProvisional: true });

    const changed = await service.recomputeProvisionalDeadlines();
    expect(changed.map((i) => i.id)).toEqual([incident.id]);
    const stored = await backend.storage.getIncident(incident.id);
    expect(stored).toMatchObject({ respondByProvisional: false, resolveByProvisional: true });
    expect(stored?.resolveBy).toEqual(incident.resolveBy);
    // Nothing moved: nobody is told, the card is refreshed.
    const outbox = await backend.storage.listOutbox({});
    const forVersion = outbox.filter((m) => m.payload.version === stored?.version);
    expect(forVersion.flatMap(effectsOf).some((e) => e.type.startsWith('notify_'))).toBe(false);
    expect(await service.recomputeProvisionalDeadlines()).toEqual([]);
  });

  it('trusts the one flag over per-deadline flags that code from before 0025 left behind (rolling update, rollback)', async () => {
    const service = new TriageService(backend.storage, testConfig(), clock);
    const { incident } = await service.report(report, reporter);
    const setFlags = (either: boolean, respond: boolean, resolve: boolean) =>
      backend.db.orm.execute(
        sql`UPDATE incidents SET deadlines_provisional = ${either},
              respond_by_provisional = ${respond}, resolve_by_provisional = ${resolve} WHERE id = ${incident.id}`,
      );
    // An old pod made the deadlines provisional but knew nothing of the newer columns: both read
    // provisional, so the recompute once the year is covered still finds and splits them.
    await setFlags(true, false, false);
    expect(await backend.storage.getIncident(incident.id)).toMatchObject({
      respondByProvisional: true,
      resolveByProvisional: true,
    });
    const after = new TriageService(backend.storage, official2027, clock);
    expect((await after.recomputeProvisionalDeadlines()).map((i) => i.id)).toEqual([incident.id]);
    expect(await backend.storage.getIncident(incident.id)).toMatchObject({
      respondByProvisional: false,
      resolveByProvisional: false,
    });
    // An old pod settled the deadlines, leaving a per-deadline flag set: not provisional.
    await setFlags(false, false, true);
    expect(await backend.storage.getIncident(incident.id)).toMatchObject({
      respondByProvisional: false,
      resolveByProvisional: false,
    });
  });

  // Review L4: an old pod's recompute moves the response deadline into 2027 (provisional) and
  // writes only deadlines_provisional; the per-deadline flags of the earlier split stay (false,
  // true). The card shows the response deadline provisional at once, not after the next start-up.
  it('shows a deadline an old pod moved into an uncovered year as provisional, before any start-up', async () => {
    const service = new TriageService(backend.storage, testConfig(), clock);
    const { incident } = await service.report(report, reporter);
    expect(incident).toMatchObject({ respondByProvisional: false, resolveByProvisional: true });
    await backend.db.orm.execute(
      sql`UPDATE incidents SET respond_by = '2027-01-05T09:00:00Z', deadlines_provisional = true,
            version = version + 1 WHERE id = ${incident.id}`,
    );
    const stored = await backend.storage.getIncident(incident.id);
    if (!stored) throw new Error('expected the incident');
    expect(stored).toMatchObject({ respondByProvisional: false, resolveByProvisional: true });
    const view = buildIncidentView(stored, reporter, testConfig(), 'en', clock.now());
    expect(view.deadlines.map((d) => [d.kind, d.provisional])).toEqual([
      ['respond', true],
      ['resolve', true],
    ]);
    // Counted within 2026, as the split said: still definite (the calendar decides, not the old flag).
    await backend.db.orm.execute(
      sql`UPDATE incidents SET respond_by = '2026-12-31T09:00:00Z' WHERE id = ${incident.id}`,
    );
    const back = await backend.storage.getIncident(incident.id);
    if (!back) throw new Error('expected the incident');
    expect(buildIncidentView(back, reporter, testConfig(), 'en', clock.now()).deadlines[0]?.provisional).toBe(
      false,
    );
  });

  it('leaves deadlines that never needed the provisional calendar alone', async () => {
    const service = new TriageService(backend.storage, testConfig(), {
      now: () => new Date('2026-06-01T02:00:00Z'),
    });
    const { incident } = await service.report(report, reporter);
    expect(incident).toMatchObject({ respondByProvisional: false, resolveByProvisional: false });
    const after = new TriageService(backend.storage, official2027, clock);
    expect(await after.recomputeProvisionalDeadlines()).toEqual([]);
    expect((await backend.storage.getIncident(incident.id))?.version).toBe(incident.version);
  });

  it('keeps deadlines through a reload until the operator runs `calendar -- recompute`', async () => {
    const configs = new ConfigHolder(testConfig());
    const service = new TriageService(backend.storage, configs, clock);
    const { incident } = await service.report(report, reporter);
    configs.replace(official2027); // what a reload of the edited file does
    const kept = await backend.storage.getIncident(incident.id);
    expect(kept?.resolveBy?.toISOString()).toBe('2027-01-07T09:00:00.000Z');
    expect(kept?.version).toBe(incident.version);

    const lines: string[] = [];
    const code = await recomputeCommand({
      recomputeProvisionalDeadlines: () => service.recomputeProvisionalDeadlines(),
      locale: 'en',
      print: (line) => lines.push(line),
    });
    expect(code).toBe(0);
    expect(lines).toEqual([
      `${incident.number}  deadlines recomputed`,
      '1 incident(s) recomputed; the running bot re-arms their timers',
    ]);
    const stored = await backend.storage.getIncident(incident.id);
    expect(stored?.resolveBy?.toISOString()).toBe('2027-01-08T09:00:00.000Z');
    expect(stored).toMatchObject({ respondByProvisional: false, resolveByProvisional: false });
  });
});
