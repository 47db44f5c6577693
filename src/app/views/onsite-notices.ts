// IM2.6 on-site tasks as a card's notices. A card is a glance, not the record: a visit moved or
// re-dispatched many times, each with a long note, filled Slack's 3,000-character section and cut
// every notice after it (the Slack trial's finding 6). The History keeps every task and note whole.
import type { Locale, TriageConfig } from '../../core/config.js';
import { personById } from '../../core/directory-index.js';
import type { Incident, OnsiteTask } from '../../core/types.js';
import { formatDateTime, t, tCount } from '../../i18n/index.js';
import { truncate } from './truncate.js';

/** Tasks a card names: every one still under way, then the latest finished, up to this many. */
export const ONSITE_ON_CARD = 3;
/** The desk's note for the engineer, in characters, on a card (the History has it whole). */
export const NOTE_ON_CARD = 280;

const FINISHED: ReadonlySet<OnsiteTask['state']> = new Set(['feedback', 'cancelled']);

/** The card's on-site lines for one reader; the reporter hears who comes and when, not the note. */
export function onsiteNotices(
  i: Incident,
  cfg: TriageConfig,
  locale: Locale,
  audience: 'reporter' | 'staff',
): string[] {
  const shown = tasksOnCard(i.onsite);
  const lines = shown.map((task) => onsiteNotice(task, cfg, locale, audience));
  const earlier = i.onsite.length - shown.length;
  return earlier > 0 ? [tCount(locale, 'notice.onsite_earlier', earlier), ...lines] : lines;
}

/** In the incident's order: the open tasks, and the most recent finished ones in what room is left. */
export function tasksOnCard(tasks: readonly OnsiteTask[]): OnsiteTask[] {
  const open = tasks.filter((task) => !FINISHED.has(task.state));
  const room = Math.max(0, ONSITE_ON_CARD - open.length);
  const finished = tasks.filter((task) => FINISHED.has(task.state));
  const kept = new Set([...open, ...(room > 0 ? finished.slice(-room) : [])]);
  return tasks.filter((task) => kept.has(task));
}

function onsiteNotice(
  task: OnsiteTask,
  cfg: TriageConfig,
  locale: Locale,
  audience: 'reporter' | 'staff',
): string {
  const names = task.engineers.map((id) => personById(cfg, id)?.name ?? id).join(', ');
  const tz = cfg.calendar.timeZone;
  const window = `${formatDateTime(locale, task.windowStart, tz)} – ${formatDateTime(locale, task.windowEnd, tz)}`;
  const params = { engineers: names, window, state: t(locale, `onsite.${task.state}`) };
  // The desk's note is for the engineer (IM2.6): the reporter hears who comes and when.
  return task.note && audience === 'staff'
    ? t(
        locale,
        'notice.onsite_task_note',
        Object.assign({}, params, { note: truncate(task.note, NOTE_ON_CARD) }),
      )
    : t(locale, 'notice.onsite_task', params);
}
