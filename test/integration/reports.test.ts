// The period report over incidents driven through the real use case, on PostgreSQL and PGlite,
// checked against hand-computed figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportQueries } from '../../db/report-queries.js';
import { ReportService } from '../../src/app/reports/report-service.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('period report on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  let now = REPORTED_AT;
  const advance = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, { now: () => now });
  });
  afterAll(() => backend.close());

  /** Reported now; first desk action after `respondAfter` min; resolved `resolveAfter` min later. */
  async function incident(respondAfter: number, resolveAfter: number): Promise<Incident> {
    const { incident: inc } = await service.report(
      { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null },
      reporter,
    );
    const run = async (i: Incident, c: Command, after: number) => {
      advance(after);
      return (await service.execute(i.id, c, alice)).incident;
    };
    let i = await run(inc, { type: 'classify', nature: 'fault', category: 'vpn' }, respondAfter);
    i = await run(i, { type: 'prioritise', impact: 2, urgency: 2 }, 1);
    i = await run(i, { type: 'decide_onsite', needed: false }, 1);
    const solution = {
      type: 'apply_match',
      matchRef: 'KB-7',
      solution: 'Reinstall',
      code: 'solved',
    } as const;
    return run(i, solution, resolveAfter);
  }

  it('counts, SLA met % and elapsed MTTA/MTTR per priority match the hand-computed values', async () => {
    // P2 (24x7): respond 30 min, resolve 8 h, both from reported_at.
    const a = await incident(5, 60); // responded at 5 min (met), resolved at 67 min (met)
    const b = await incident(40, 600); // responded at 40 min (late), resolved at 642 min (late)
    expect([a.priority, b.priority]).toEqual([2, 2]);
    const reports = new ReportService(createReportQueries(backend.db));
    const period = { from: REPORTED_AT, to: new Date(REPORTED_AT.getTime() + 86_400_000) };
    const r = await reports.periodReport(period);
    expect(r.byPriority).toEqual([
      {
        priority: 2,
        reported: 2,
        responded: 2,
        resolved: 2,
        responseMetPercent: 50,
        resolutionMetPercent: 50,
        mttaElapsedMinutes: 22.5,
        mttrElapsedMinutes: 354.5,
        reopenPercent: 0,
      },
    ]);
    const otherCategory = await reports.periodReport(period, { category: 'email' });
    expect(otherCategory.byPriority).toEqual([]);
    const before = { from: new Date(REPORTED_AT.getTime() - 86_400_000), to: REPORTED_AT };
    expect((await reports.periodReport(before)).total).toBeNull();
  });
});
