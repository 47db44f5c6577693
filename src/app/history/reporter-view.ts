// The history as the reporter reads it, when they have no other part in the incident (core
// readsOnlyAsReporter): their report, its progress and outcome — not the desk's internal work-log
// notes, hand-overs and declines, escalation pings naming managers, or knowledge matching. A
// service desk keeps those for its staff (as ServiceNow keeps work notes from the requester).
import { t } from '../../i18n/index.js';
import type { HistoryEntry, HistoryKind, HistoryView } from './history-view.js';

/** What concerns the reporter; notes only their own (below). */
const SHOWN: ReadonlySet<HistoryKind> = new Set([
  'step',
  'deadline',
  'pause',
  'resolution',
  'closure',
  'onsite',
  'note',
]);

/** Events whose words were addressed to the reporter, or given to them as the reason. */
const SAID_TO_REPORTER = new Set(['waiting_for_reporter', 'reporter_replied', 'cancelled', 'reopened']);

export function reporterView(view: HistoryView, reporterId: string): HistoryView {
  const entries = view.entries.filter((e) => shown(e, reporterId)).map((e) => withoutNotes(e, reporterId));
  return { ...view, forReporter: true, entries };
}

function shown(e: HistoryEntry, reporterId: string): boolean {
  if (!SHOWN.has(e.kind)) return false;
  return e.kind !== 'note' || e.actorId === reporterId;
}

/** Work-log words someone else wrote for the desk (an on-site dispatch note, say) stay out. */
function withoutNotes(e: HistoryEntry, reporterId: string): HistoryEntry {
  if (e.actorId === reporterId || SAID_TO_REPORTER.has(e.action)) return e;
  return { ...e, details: e.details.filter((d) => d.key !== 'note') };
}

/** The line under the title: the zone, and for the reporter what their view leaves out. */
export function zoneLine(view: HistoryView): string {
  const zone = t(view.locale, 'history.zone', { zone: view.timeZone });
  return view.forReporter ? `${zone} ${t(view.locale, 'history.reporter_scope')}` : zone;
}
