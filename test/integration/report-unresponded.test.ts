// An incident nobody responded to has missed its response deadline once the deadline has passed:
// the period report counts it in the response percent as missed, and leaves out one still inside
// its deadline and one withdrawn before it (the trial's INC-000004: "100 %" beside a breach).
// Driven through the real use cases, on PostgreSQL and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportQueries } from '../../db/reports/index.js';
import { ReportService } from '../../src/app/reports/report-service.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Actor } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig(); // provisional P3: respond within 2 business hours
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const HOUR = 3_600_000;
const period = { from: REPORTED_AT, to: new Date(REPORTED_AT.getTime() + 24 * HOUR) };
const input = (title: string) => ({
  title,
  description: 'x',
  service: null,
  severity: null,
  reportedVia: 'slack',
});

describe.each(backends)('unresponded incidents in the response percent, on $name', ({ open }) => {
  let backend: OpenBackend;
  let now = REPORTED_AT; // Mon 2026-06-08 09:00 +08:00
  const at = (hours: number) => new Date(REPORTED_AT.getTime() + hours * HOUR);

  beforeAll(async () => {
    backend = await open();
    const service = new TriageService(backend.storage, cfg, { now: () => now });
    await service.report(input('Nobody answered'), reporter); // respond by 11:00, never responded
    const withdrawn = (await service.report(input('Never mind'), reporter)).incident;
    const answered = (await service.report(input('Answered'), reporter)).incident;
    now = at(0.5);
    await service.execute(
      withdrawn.id,
      { type: 'cancel', reason: 'fixed itself', duplicateOf: null },
      reporter,
    );
    await service.execute(answered.id, { type: 'classify', nature: 'fault', category: 'vpn' }, alice);
  });
  afterAll(() => backend.close());

  const report = (hours: number) => {
    now = at(hours);
    return new ReportService(createReportQueries(backend.db), cfg.limits, () => now).periodReport(period);
  };

  it('inside the deadline the unanswered incident stays out (1 of 1 met)', async () => {
    const r = await report(1);
    expect(r.total).toMatchObject({ reported: 3, responded: 1, unrespondedLate: 0, responseMetPercent: 100 });
  });

  it('past the deadline it is missed (1 of 2); the one withdrawn in time stays out', async () => {
    const r = await report(3);
    expect(r.total).toMatchObject({ reported: 3, responded: 1, unrespondedLate: 1, responseMetPercent: 50 });
    expect(r.byPriority[0]).toMatchObject({ priority: 3, responseMetPercent: 50 });
  });
});
