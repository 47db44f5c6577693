// The managers' channel is warned once per year, a month ahead, that the business calendar has
// no official public holidays for the coming year, so deadlines running into it are provisional
// (core/holiday-rule.ts). Once: the claim and the "sent" mark live in the database (once_notices),
// so restarts and several processes send it one time; a failed send is retried after an hour.

import type { Logger } from 'pino';
import { provisionalYearsBetween } from '../core/calendar.js';
import type { TriageConfig } from '../core/config.js';
import type { AppContext, AppModule } from './app-module.js';
import { ChatDelivery } from './chat-delivery.js';
import { ChatPlaces } from './chat-places.js';
import type { ChatNotifier } from './notifier.js';
import { sendOnce } from './once-notice.js';
import { startPeriodic } from './periodic.js';
import type { Storage } from './ports.js';
import type { Clock } from './triage-service.js';

const DAY_MS = 86_400_000;
/** How far ahead a year without official holidays is announced. */
export const WARN_AHEAD_DAYS = 31;
const RETRY_AFTER_MS = 3_600_000;
const CHECK_EVERY_MS = 6 * 3_600_000;

export interface CalendarWarningDeps {
  storage: Storage;
  config: TriageConfig;
  notifiers: readonly ChatNotifier[];
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
}

export const noticeKey = (year: number) => `calendar.provisional.${year}`;

/** Sends the warnings now due; returns the years announced by this call. */
export async function warnManagersOfProvisionalYears(deps: CalendarWarningDeps): Promise<number[]> {
  const { storage, config, notifiers, clock, log } = deps;
  if (config.calendar.holidays === 'none') return [];
  if (notifiers.length === 0) return []; // no chat platform on: keep the notice for a process that has one
  const now = clock.now();
  const ahead = new Date(now.getTime() + WARN_AHEAD_DAYS * DAY_MS);
  const sent: number[] = [];
  for (const year of provisionalYearsBetween(config.calendar, now, ahead)) {
    const chat = new ChatDelivery(notifiers, new ChatPlaces(storage), config);
    const announce = () => chat.announce({ key: 'calendar.warning.managers', params: { year } });
    try {
      if (!(await sendOnce(deps, noticeKey(year), RETRY_AFTER_MS, announce))) continue;
      log.info({ year }, 'managers warned: no official public holidays for the year yet');
      sent.push(year);
    } catch (err) {
      // Logged by code only; the claim goes stale and the next check sends it again.
      log.warn(
        { year, err: (err as Error).name },
        'calendar warning to the managers not sent; retried later',
      );
    }
  }
  return sent;
}

/** Checks at start-up (after the chat adapters) and every few hours while running. */
export const calendarWarningModule: AppModule = {
  name: 'calendar-warning',
  // Always on, the calendar read each round: a reload may switch `calendar.holidays`.
  async start(ctx: AppContext) {
    return startPeriodic(
      'calendar warning check',
      CHECK_EVERY_MS,
      () => warnManagersOfProvisionalYears(ctx),
      ctx.log,
    );
  },
};
