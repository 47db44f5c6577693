// The weekly and monthly reports reach the managers unasked: once per run however many processes
// check, again after a failed send, in the managers' channel in the desk's language and to a
// manager whose language differs in theirs; the figures are last week's.
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReportQueries } from '../../db/reports/index.js';
import { renderText } from '../../src/app/notifier.js';
import { ReportService } from '../../src/app/reports/report-service.js';
import { sendDueReports } from '../../src/app/scheduled-reports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { ReportSchedule } from '../../src/core/config.js';
import { PEOPLE, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';

const log = pino({ level: 'silent' });
const TZ = 'Asia/Shanghai';
// Monday 09:00 weekly; a second manager who reads English (the desk's language is Chinese).
const schedule: ReportSchedule = { weekly: { weekday: 1, minuteOfDay: 9 * 60 }, monthly: null };
const config = testConfig({
  people: [
    ...PEOPLE,
    { id: 'max', name: 'Max Wu', roles: ['manager'], accounts: { slack: 'UMAX' }, locale: 'en' },
  ],
});

describe.each(backends)('scheduled reports on $name', ({ open }) => {
  let backend: OpenBackend;
  let notifier: RecordingNotifier;
  beforeEach(() => {
    notifier = new RecordingNotifier();
  });
  beforeAll(async () => {
    backend = await open();
    // Two incidents last week (Tuesday 2026-12-01), one this week.
    for (const [day, title] of [
      ['2026-12-01', 'VPN'],
      ['2026-12-01', 'Mail'],
      ['2026-12-07', 'Wi-Fi'],
    ] as const) {
      const now = new Date(`${day}T08:00:00+08:00`);
      const service = new TriageService(backend.storage, config, { now: () => now });
      const reporter = { id: 'slack:U1', name: 'Wang', roles: [], teams: [] };
      await service.report(
        { title, description: '', service: null, severity: null, reportedVia: 'slack' },
        reporter,
      );
    }
  });
  afterAll(() => backend.close());

  const deps = (iso: string) => {
    const now = () => new Date(iso);
    return {
      storage: backend.storage,
      config,
      reports: new ReportService(createReportQueries(backend.db), config.limits, now),
      notifiers: [notifier],
      clock: { now },
      log,
    };
  };

  it("sends last week's figures once, to the channel and to a manager in their own language", async () => {
    expect(await sendDueReports(deps('2026-12-07T08:59:00+08:00'), schedule)).toEqual([]);
    const key = 'report.weekly.2026-12-07T01:00:00.000Z';
    expect(await sendDueReports(deps('2026-12-07T09:00:30+08:00'), schedule)).toEqual([key]);
    // Another process, a minute later: already sent.
    expect(await sendDueReports(deps('2026-12-07T09:01:30+08:00'), schedule)).toEqual([]);
    const places = notifier.messages.map((m) => (m.to.kind === 'direct' ? `dm:${m.to.user}` : m.to.channel));
    expect(places).toEqual(['CMANAGERS', 'dm:UMAX']);
    const [channel, dm] = notifier.messages;
    expect(channel?.text).toContain('每周服务水平报表');
    expect(channel?.text).toContain('2026-11-30 – 2026-12-06');
    expect(channel?.text).toMatch(/登记：2\n/);
    expect(dm?.text).toContain('Weekly service-level report');
    expect(dm?.text).toMatch(/Reported: 2\n/);
    expect(renderText('en', channel?.says ?? { key: 'report.none', params: {} }, TZ)).toContain(
      'Reported: 2',
    );
  });

  it('sends again after a failed send, once the claim is stale', async () => {
    notifier.failNext = 1;
    expect(await sendDueReports(deps('2026-12-14T09:00:00+08:00'), schedule)).toEqual([]);
    expect(await sendDueReports(deps('2026-12-14T09:05:00+08:00'), schedule)).toEqual([]);
    expect(await sendDueReports(deps('2026-12-14T09:20:00+08:00'), schedule)).toHaveLength(1);
  });

  it('sends nothing without a chat platform, keeping the run for a process that has one', async () => {
    expect(await sendDueReports({ ...deps('2026-12-21T09:00:00+08:00'), notifiers: [] }, schedule)).toEqual(
      [],
    );
    expect(await sendDueReports(deps('2026-12-21T09:00:10+08:00'), schedule)).toHaveLength(1);
  });
});
