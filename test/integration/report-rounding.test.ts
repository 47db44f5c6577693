// One rounding, at display (incident-manager trial 2026-12-07): a P1 on the 24×7 clock responded
// 2.6457 min after registration read "service clock 2.7" beside "elapsed 2.6" on the chat card,
// the web page, `report --json` and the CSV — the clock minutes were stored rounded to 2.65 and
// rounded again. Stored whole now, both read 2.6 everywhere. On PostgreSQL and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportQueries } from '../../db/reports/export.js';
import { createReportQueries } from '../../db/reports/index.js';
import { exportCsv } from '../../src/app/reports/export.js';
import type { PeriodReport } from '../../src/app/reports/report-model.js';
import { ReportService } from '../../src/app/reports/report-service.js';
import { TriageService } from '../../src/app/triage-service.js';
import { reportSummary, summaryText } from '../../src/app/views/report-summary.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const reporter = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const period = { from: REPORTED_AT, to: new Date(REPORTED_AT.getTime() + 86_400_000) };

describe.each(backends)('MTTA rounded once on $name', ({ open }) => {
  let backend: OpenBackend;
  let report: PeriodReport;

  beforeAll(async () => {
    backend = await open();
    let now = REPORTED_AT;
    const service = new TriageService(backend.storage, cfg, { now: () => now });
    const input = { title: 'Core switch down', description: '', service: null, severity: 1 as const };
    const { incident } = await service.report(input, reporter);
    now = new Date(REPORTED_AT.getTime() + 158_742); // 2.6457 min
    await service.execute(
      incident.id,
      { type: 'classify', nature: 'fault', category: 'network' },
      actorFor('alice'),
    );
    report = await new ReportService(createReportQueries(backend.db), cfg.limits, () => now).periodReport(
      period,
    );
  });
  afterAll(() => backend.close());

  it('the figures (`report --json`, the web page) read 2.6 on both clocks', () => {
    const p1 = report.byPriority.find((p) => p.priority === 1);
    expect(p1).toMatchObject({ responded: 1, mttaElapsedMinutes: 2.6, mttaClockMinutes: 2.6 });
  });

  it('the chat summary reads the same figure twice', () => {
    const line = summaryText(reportSummary(report, 'en', cfg))
      .split('\n')
      .find((l) => l.startsWith('MTTA'));
    expect(line?.match(/\d+\.\d/g)).toEqual(['2.6', '2.6']);
  });

  it('the CSV carries the clock minutes rounded once, like the elapsed minutes', async () => {
    let out = '';
    for await (const chunk of exportCsv(createExportQueries(backend.db), 'incidents', period)) out += chunk;
    const [head, row] = out
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const columns = head?.split(',') ?? [];
    const cells = row?.split(',') ?? [];
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect(cell('respond_elapsed_minutes')).toBe('2.6');
    expect(cell('respond_clock_minutes')).toBe('2.6');
  });
});
