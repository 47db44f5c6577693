// The reports bench's generated desk (bench/reports-data.ts) must be data the bot itself could
// have written, or the bench times the wrong thing: incidents load through the real repository,
// timestamps, clocks, breaches and closure agree with each other, audit payloads carry valid ping
// targets, and the shares are the ones the bench claims. On PostgreSQL and PGlite.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/reports-data.js';
import { createReportQueries } from '../../db/reports/index.js';
import { queryRows } from '../../db/sql-rows.js';
import { parsePeriod } from '../../src/app/reports/period-arg.js';
import { ReportService } from '../../src/app/reports/report-service.js';
import { loadConfig } from '../../src/config/load.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = loadConfig('config/example.en.yaml');
const NOW = new Date('2026-06-15T08:00:00Z');
const SIZE = 4000;

describe.each(backends)('generated reports data on $name', ({ open }) => {
  let backend: OpenBackend;
  const one = async (text: string): Promise<number> => {
    const [row] = await queryRows<{ n: string | number }>(backend.db.orm, sql.raw(text));
    return Number(row?.n);
  };

  beforeAll(async () => {
    backend = await open();
    await generate(backend.db, cfg, { incidents: SIZE, months: 24, now: NOW, log: () => {} });
  }, 120_000);
  afterAll(() => backend.close());

  it('loads incidents of every status through the repository', async () => {
    const rows = await queryRows<{ id: string; status: string }>(
      backend.db.orm,
      sql.raw(`SELECT DISTINCT ON (status) id, status FROM incidents ORDER BY status, reported_at DESC`),
    );
    expect(rows.map((r) => r.status)).toEqual(expect.arrayContaining(['closed', 'cancelled', 'resolved']));
    for (const { id, status } of rows) {
      const incident = await backend.storage.getIncident(id);
      expect(incident?.status).toBe(status);
    }
  });

  it('keeps closure, times, clocks and breaches consistent', async () => {
    const broken = {
      closure: `(status IN ('closed', 'cancelled')) <> (closed_at IS NOT NULL AND closure_code IS NOT NULL)`,
      order: `responded_at < reported_at OR (resolution->>'at')::timestamptz < responded_at OR closed_at > '${NOW.toISOString()}'`,
      clock24x7: `priority <= 2 AND abs(respond_clock_minutes - extract(epoch FROM responded_at - reported_at) / 60) > 0.01`,
      clockBusiness: `priority >= 3 AND resolve_clock_minutes >= extract(epoch FROM (resolution->>'at')::timestamptz - reported_at) / 60`,
      lateNotBreached: `responded_at > respond_by AND NOT breaches ? 'respond'`,
      breachedInTime: `responded_at <= respond_by AND (resolution->>'at')::timestamptz <= resolve_by AND breaches ? 'respond'`,
    };
    for (const [rule, where] of Object.entries(broken)) {
      expect({ rule, count: await one(`SELECT count(*) AS n FROM incidents WHERE ${where}`) }).toEqual({
        rule,
        count: 0,
      });
    }
  });

  it('writes timer events with valid ping targets and accepts after the same team was assigned', async () => {
    const badTargets =
      await one(`SELECT count(*) AS n FROM audit_events e, jsonb_array_elements(e.payload->'targets') t
      WHERE e.action IN ('escalated', 'deadline_breached')
        AND NOT (t->>'kind' = 'desk' OR (t->>'kind' = 'team' AND t->>'team' IS NOT NULL)
                 OR (t->>'kind' = 'person' AND t->>'as' IN ('lead', 'manager', 'onsite')))`);
    expect(badTargets).toBe(0);
    expect(await one(`SELECT count(*) AS n FROM audit_events WHERE action = 'escalated'`)).toBeGreaterThan(0);
    const acceptedWrongTeam = await one(`SELECT count(*) AS n FROM (
        SELECT action, team, lag(team) OVER (PARTITION BY incident_id ORDER BY id) AS before FROM assignments) a
      WHERE action = 'accepted' AND team IS DISTINCT FROM before`);
    expect(acceptedWrongTeam).toBe(0);
  });

  it('writes a decline as the bot does: IM2.14 declined straight after the same team was assigned', async () => {
    // src/core/steps/second-line.ts: a decline from the assignment card records IM2.12 received
    // (audit only, no accepted row), so a declined assignment is neither taken up nor kept.
    const declines = await one(`SELECT count(*) AS n FROM assignments WHERE action = 'declined'`);
    expect(declines).toBeGreaterThan(0);
    const notAfterAssigned = await one(`SELECT count(*) AS n FROM (
        SELECT action, team, at, lag(action) OVER w AS before, lag(team) OVER w AS before_team,
               lag(at) OVER w AS before_at
        FROM assignments WINDOW w AS (PARTITION BY incident_id ORDER BY id)) a
      WHERE action = 'declined'
        AND (before IS DISTINCT FROM 'assigned' OR before_team IS DISTINCT FROM team OR before_at > at)`);
    expect(notAfterAssigned).toBe(0);
  });

  it('does not count a decline from the card as taken up', async () => {
    const period = parsePeriod('2026-01-01..2026-06-14', NOW, cfg.calendar.timeZone);
    const report = await new ReportService(
      createReportQueries(backend.db),
      cfg.limits,
      () => NOW,
    ).periodReport(period);
    const teams = report.secondLine.teams;
    const sum = (f: (t: (typeof teams)[number]) => number) => teams.reduce((n, t) => n + f(t), 0);
    expect(sum((t) => t.declined)).toBeGreaterThan(0);
    // Every bench decline is from the assignment card: taken up (accepted) only by teams that kept it.
    expect(sum((t) => t.kept)).toBe(sum((t) => t.accepted));
    for (const t of teams) expect(t.accepted + t.declined).toBeLessThanOrEqual(t.assigned);
  });

  it('has the shares the bench describes', async () => {
    const share = async (where: string) =>
      (await one(`SELECT count(*) AS n FROM incidents WHERE ${where}`)) / SIZE;
    expect(await one('SELECT count(*) AS n FROM incidents')).toBe(SIZE);
    expect(await share('priority = 1')).toBeGreaterThan(0.005);
    expect(await share('priority = 1')).toBeLessThan(0.04);
    expect(await share('priority = 3')).toBeGreaterThan(0.5);
    expect(await share('priority = 3')).toBeLessThan(0.6);
    expect(await share('id IN (SELECT incident_id FROM assignments)')).toBeGreaterThan(0.28);
    expect(await share('id IN (SELECT incident_id FROM assignments)')).toBeLessThan(0.4);
    expect(await share(`status NOT IN ('closed', 'cancelled')`)).toBeLessThan(0.05);
  });

  it('gives last month a report whose volumes add up', async () => {
    const period = parsePeriod('last-month', NOW, cfg.calendar.timeZone);
    const report = await new ReportService(
      createReportQueries(backend.db),
      cfg.limits,
      () => NOW,
    ).periodReport(period);
    const inPeriod = await one(`SELECT count(*) AS n FROM incidents
      WHERE reported_at >= '${period.from.toISOString()}' AND reported_at < '${period.to.toISOString()}'`);
    expect(report.total?.reported).toBe(inPeriod);
    expect(report.volumes.platform.reduce((n, c) => n + c.count, 0)).toBe(inPeriod);
    expect(report.escalations.length).toBeGreaterThan(0);
  });
});
