// A response made on time stays met when the desk then waits on the reporter: the pause stops
// only the clocks still running (the resolution), so the period report and the CSV export read
// the stored respond_by as before. Driven through the real use cases, on PostgreSQL and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportQueries } from '../../db/reports/export.js';
import { createReportQueries } from '../../db/reports/index.js';
import { ReportService } from '../../src/app/reports/report-service.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const DAY = 86_400_000;
const period = { from: REPORTED_AT, to: new Date(REPORTED_AT.getTime() + DAY) };

describe.each(backends)('a response met before a pause, reported on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  let now = REPORTED_AT; // Mon 2026-06-08 09:00 +08:00
  let incident: Incident;
  const run = async (i: Incident, c: Command, after: number, actor: Actor = alice) => {
    now = new Date(now.getTime() + after * 60_000);
    return (await service.execute(i.id, c, actor)).incident;
  };

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, { now: () => now });
    const input = {
      title: 'Slow PC',
      description: 'since 9am',
      service: null,
      severity: null,
      reportedVia: 'slack',
    };
    let i = (await service.report(input, reporter)).incident;
    i = await run(i, { type: 'classify', nature: 'fault', category: 'vpn' }, 2); // responded 09:02
    i = await run(i, { type: 'prioritise', impact: 4, urgency: 4 }, 1); // P4: respond by 18:00 (8 business hours, lunch off)
    incident = await run(i, { type: 'wait_for_reporter', question: 'Which floor?' }, 5);
  });
  afterAll(() => backend.close());

  it('keeps respond_by while paused', () => {
    expect(incident.priority).toBe(4);
    expect(incident.respondBy?.toISOString()).toBe('2026-06-08T10:00:00.000Z');
    expect(incident.resolveBy).toBeNull();
  });

  it('the period report counts the response as met', async () => {
    const reports = new ReportService(createReportQueries(backend.db), cfg.limits, () => now);
    const r = await reports.periodReport(period);
    const p4 = r.byPriority.find((p) => p.priority === 4);
    expect(p4).toMatchObject({ reported: 1, responded: 1, responseMetPercent: 100 });
    expect(r.total?.responseMetPercent).toBe(100);
  });

  it('the export row carries respond_by and response_met', async () => {
    const page = await createExportQueries(backend.db).incidents(period, {}, null, 10);
    expect(page.rows).toHaveLength(1);
    const row = page.rows[0] ?? {};
    expect(row.respond_by).not.toBeNull();
    expect(new Date(row.respond_by as string | Date).toISOString()).toBe('2026-06-08T10:00:00.000Z');
    expect(row.response_met).toBe(true);
  });
});
