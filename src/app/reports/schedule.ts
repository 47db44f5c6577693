// Which scheduled reports are due (issue 13 item 4): the weekly one (last week's) on its weekday,
// the monthly one (last month's) on its day, each at its time in the desk's zone. Pure: the
// caller claims each run once in the database (once_notices), so several processes and
// restarts send it one time. A run missed for longer than LATE_LIMIT is skipped, not sent late.
import { wallTime, wallToInstant } from '../../core/calendar.js';
import type { ReportSchedule } from '../../core/config.js';
import type { ReportPeriod } from './report-model.js';

export interface ScheduledRun {
  kind: 'weekly' | 'monthly';
  /** When it was due; also names the run (its once-notice key). */
  due: Date;
  period: ReportPeriod;
}

const MINUTE_MS = 60_000;
/** A bot down over the due time still sends it when back within this long. */
export const LATE_LIMIT_MS = 12 * 3_600_000;

const at = (y: number, m: number, d: number, minute: number, tz: string) =>
  new Date(wallToInstant(Date.UTC(y, m, d) + minute * MINUTE_MS, tz));

export const runKey = (run: ScheduledRun) => `report.${run.kind}.${run.due.toISOString()}`;

/** The runs due at `now` (at most one of each kind): the latest due time, if not too long ago. */
export function dueRuns(schedule: ReportSchedule, now: Date, timeZone: string): ScheduledRun[] {
  const local = new Date(wallTime(now.getTime(), timeZone));
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  const runs: ScheduledRun[] = [];
  const { weekly, monthly } = schedule;
  if (weekly) {
    let back = (local.getUTCDay() - weekly.weekday + 7) % 7;
    if (at(y, m, d - back, weekly.minuteOfDay, timeZone) > now) back += 7;
    const due = at(y, m, d - back, weekly.minuteOfDay, timeZone);
    // Last week: the Monday-to-Monday week before the one the run falls in.
    const dueLocal = new Date(wallTime(due.getTime(), timeZone));
    const monday = d - back - ((dueLocal.getUTCDay() + 6) % 7);
    runs.push({
      kind: 'weekly',
      due,
      period: { from: at(y, m, monday - 7, 0, timeZone), to: at(y, m, monday, 0, timeZone) },
    });
  }
  if (monthly) {
    let month = m;
    if (at(y, month, monthly.day, monthly.minuteOfDay, timeZone) > now) month -= 1;
    const due = at(y, month, monthly.day, monthly.minuteOfDay, timeZone);
    runs.push({
      kind: 'monthly',
      due,
      period: { from: at(y, month - 1, 1, 0, timeZone), to: at(y, month, 1, 0, timeZone) },
    });
  }
  return runs.filter((r) => now.getTime() - r.due.getTime() <= LATE_LIMIT_MS && r.due <= now);
}
