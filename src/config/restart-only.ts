// Settings of the configuration file that a running process does not take over on a reload
// (config-reload.ts): they stay as they were started with, and the operator is told they need a
// restart, rather than the process running half on the old value and half on the new.
//
// The process settings that cannot change live at all (PORT, HOST, DATABASE_URL, DATA_DIR,
// REDIS_URL, the Slack/Teams/SMTP credentials, --role) are environment variables, not in this
// file: a reload never reads them, so it cannot apply them partially either.
import { isDeepStrictEqual } from 'node:util';
import type { TriageConfig } from '../core/config.js';

interface RestartOnlySetting {
  /** As written in the YAML file. */
  path: string;
  /** Why it waits for a restart (for the log and the docs). */
  reason: string;
  read(config: TriageConfig): unknown;
  /** `next` with this setting as it is in `running`. */
  keep(next: TriageConfig, running: TriageConfig): TriageConfig;
}

export const RESTART_ONLY: readonly RestartOnlySetting[] = [
  {
    path: 'calendar.time_zone',
    reason:
      "open incidents' business-hours deadlines were computed in the running zone, while their " +
      'escalation points, the calendar and the scheduled reports would be computed in the new one',
    read: (c) => c.calendar.timeZone,
    keep: (next, running) => ({
      ...next,
      calendar: { ...next.calendar, timeZone: running.calendar.timeZone },
    }),
  },
];

export interface RestartOnlyChange {
  path: string;
  running: unknown;
  requested: unknown;
}

/** What of `next` can be applied now (restart-only settings kept as running), and what waits. */
export function splitRestartOnly(
  running: TriageConfig,
  next: TriageConfig,
  settings: readonly RestartOnlySetting[] = RESTART_ONLY,
): { live: TriageConfig; waiting: RestartOnlyChange[] } {
  let live = next;
  const waiting: RestartOnlyChange[] = [];
  for (const s of settings) {
    const [before, after] = [s.read(running), s.read(next)];
    if (isDeepStrictEqual(before, after)) continue;
    waiting.push({ path: s.path, running: before, requested: after });
    live = s.keep(live, running);
  }
  return { live, waiting };
}
