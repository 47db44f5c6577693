// The weekly and monthly reports the managers get unasked (issue 13 item 4; `reports.schedule`
// in configuration): checked every minute in a process that has a chat platform on; each run is
// claimed once in the database (once_notices), so several processes and restarts send it one
// time, and a run whose send failed is retried after a while (its claim goes stale).

import type { Logger } from 'pino';
import type { Locale, ReportSchedule, TriageConfig } from '../core/config.js';
import type { AppContext, AppModule } from './app-module.js';
import { ChatDelivery } from './chat-delivery.js';
import { ChatPlaces } from './chat-places.js';
import type { ChatNotifier } from './notifier.js';
import { sendOnce } from './once-notice.js';
import { startPeriodic } from './periodic.js';
import type { Storage } from './ports.js';
import type { ReportService } from './reports/report-service.js';
import { dueRuns, runKey, type ScheduledRun } from './reports/schedule.js';
import type { Clock } from './triage-service.js';
import { reportSummary, summaryText } from './views/report-summary.js';

const CHECK_EVERY_MS = 60_000;
const RETRY_AFTER_MS = 15 * 60_000;
const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export interface ScheduledReportDeps {
  storage: Storage;
  config: TriageConfig;
  reports: ReportService;
  notifiers: readonly ChatNotifier[];
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
}

/** Sends the runs now due that nobody sent yet; returns their keys. */
export async function sendDueReports(deps: ScheduledReportDeps, schedule: ReportSchedule): Promise<string[]> {
  const { config, notifiers, clock, log } = deps;
  if (notifiers.length === 0) return []; // keep the run for a process that has a chat platform
  const now = clock.now();
  const sent: string[] = [];
  for (const run of dueRuns(schedule, now, config.calendar.timeZone)) {
    const key = runKey(run);
    try {
      if (!(await sendOnce(deps, key, RETRY_AFTER_MS, () => deliver(deps, run)))) continue;
      log.info({ key }, 'scheduled report sent to the managers');
      sent.push(key);
    } catch (err) {
      log.warn({ key, err: (err as Error).name }, 'scheduled report not sent; retried later');
    }
  }
  return sent;
}

/** The report rendered in both languages; each reader's placement picks theirs. */
async function deliver(deps: ScheduledReportDeps, run: ScheduledRun): Promise<void> {
  const report = await deps.reports.periodReport(run.period);
  const summary = Object.fromEntries(
    LOCALES.map((locale) => [locale, summaryText(reportSummary(report, locale, deps.config))]),
  ) as Record<Locale, string>;
  const chat = new ChatDelivery(deps.notifiers, new ChatPlaces(deps.storage), deps.config);
  await chat.announce({ key: `report.scheduled.${run.kind}`, params: { summary } }, { eachManager: true });
}

export const scheduledReportsModule: AppModule = {
  name: 'scheduled-reports',
  // Always on, the schedule read each round: a reloaded configuration may add or drop one.
  async start(ctx: AppContext) {
    return startPeriodic(
      'scheduled report check',
      CHECK_EVERY_MS,
      async () => {
        const schedule = ctx.config.reports?.schedule;
        if (!schedule || (!schedule.weekly && !schedule.monthly)) return [];
        return sendDueReports(ctx, schedule);
      },
      ctx.log,
    );
  },
};
