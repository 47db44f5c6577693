// The incident's history as one platform-neutral view (issue 13 item 1): every audit event with
// its ITSS step, who and when (in the reader's zone), and what it said — work-log notes, hand-overs
// and declines with reasons and suggestions, deadlines and how they moved, breaches, pings,
// on-site tasks. Slack (modal), Teams (dialog) and the web incident page render it as it is.
// Pure: the records come from HistoryQueries, the reader's language and zone from the caller.
import type { Locale, TriageConfig } from '../../core/config.js';
import type { Incident, OnsiteTask, StepCode } from '../../core/types.js';
import { formatDateTime, isMessageKey, suggestedText, t } from '../../i18n/index.js';
import type { AssignmentRecord, AuditRecord, HistoryRecords, WorklogRecord } from '../ports.js';
import { eventDetails, type HistoryDetail, line, taskDetails } from './details.js';
import { type NameContext, personName, teamName } from './names.js';

export type { HistoryDetail };

export type HistoryKind =
  | 'step'
  | 'note'
  | 'assignment'
  | 'decline'
  | 'deadline'
  | 'pause'
  | 'breach'
  | 'escalation'
  | 'onsite'
  | 'resolution'
  | 'closure'
  | 'knowledge';

export interface HistoryEntry {
  at: Date;
  /** `at` in the reader's zone and language, with the zone named. */
  atText: string;
  step: StepCode;
  /** "IM2.14 Ask the desk to re-dispatch". */
  stepLabel: string;
  /** The person, as cards name them; the bot for timers. */
  who: string;
  /** Their id (the reporter's view keeps the reporter's own notes). */
  actorId: string;
  kind: HistoryKind;
  /** The audit action (`declined`), or `note` / `assignment` for records without an event. */
  action: string;
  /** What they did, in the reader's language ("declined it"). */
  text: string;
  details: HistoryDetail[];
}

export interface HistoryView {
  incidentId: string;
  number: string;
  title: string;
  locale: Locale;
  /** The IANA zone every `atText` is in. */
  timeZone: string;
  /** Shown to the reporter as such: what concerns them only (reporter-view.ts). */
  forReporter: boolean;
  entries: HistoryEntry[];
}

const KIND: Readonly<Record<string, HistoryKind>> = {
  worklog_added: 'note',
  reporter_note_added: 'note',
  description_supplemented: 'note',
  advice_requested: 'assignment',
  advice_answered: 'assignment',
  assigned: 'assignment',
  accepted: 'assignment',
  received: 'assignment',
  in_scope: 'assignment',
  not_in_scope: 'assignment',
  declined: 'decline',
  prioritised: 'deadline',
  deadlines_recomputed: 'deadline',
  waiting_for_reporter: 'pause',
  reporter_replied: 'pause',
  deadline_breached: 'breach',
  escalated: 'escalation',
  close_due: 'escalation',
  onsite_dispatched: 'onsite',
  onsite_rescheduled: 'onsite',
  onsite_acknowledged: 'onsite',
  onsite_feedback: 'onsite',
  onsite_cancelled: 'onsite',
  ready_solution: 'resolution',
  solution_found: 'resolution',
  diagnosed: 'resolution',
  resolved: 'resolution',
  reporter_confirmed: 'closure',
  closed: 'closure',
  cancelled: 'closure',
  reopened: 'closure',
  matches_found: 'knowledge',
  no_good_match: 'knowledge',
  match_not_helpful: 'knowledge',
  saved_as_knowledge: 'knowledge',
  knowledge_published: 'knowledge',
  knowledge_retired: 'knowledge',
};

export interface HistoryContext {
  cfg: TriageConfig;
  locale: Locale;
  timeZone: string;
}

export function buildHistoryView(
  incident: Incident,
  records: HistoryRecords,
  ctx: HistoryContext,
): HistoryView {
  const c: NameContext = ctx;
  const events = records.audit.map((r) => fromEvent(c, r, records.onsite));
  const trail = { events, audit: records.audit };
  const loose = [
    ...attach(c, trail, records.worklog, NOTES),
    ...attach(c, trail, records.assignments, HANDOVERS),
  ];
  // Stable: within one instant, the order written.
  const entries = [...events, ...loose].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    incidentId: incident.id,
    number: incident.number,
    title: incident.title,
    locale: ctx.locale,
    timeZone: ctx.timeZone,
    forReporter: false,
    entries,
  };
}

function entry(
  c: NameContext,
  r: { at: Date; step: StepCode; actor: string; stored: string },
  action: string,
  kind: HistoryKind,
  details: HistoryDetail[],
): HistoryEntry {
  const verb = `audit.${action}`;
  return {
    at: r.at,
    atText: formatDateTime(c.locale, r.at, c.timeZone),
    step: r.step,
    stepLabel: `${r.step} ${t(c.locale, `step.${r.step}`)}`,
    who: personName(c, r.actor, r.stored),
    actorId: r.actor,
    kind,
    action,
    text: t(c.locale, isMessageKey(verb) ? verb : 'audit.other'),
    details,
  };
}

function fromEvent(c: NameContext, r: AuditRecord, tasks: readonly OnsiteTask[]): HistoryEntry {
  const details = eventDetails(c, r.action, r.payload);
  const task = tasks.find((x) => x.id === r.payload.taskId);
  // Acknowledge, feedback, cancel name only the task: say whose and when it was.
  if (task && r.action !== 'onsite_dispatched' && r.action !== 'onsite_rescheduled')
    details.unshift(...taskDetails(c, task));
  const who = { at: r.at, step: r.step, actor: r.actorId, stored: r.actorName };
  return entry(c, who, r.action, KIND[r.action] ?? 'step', details);
}

interface Written {
  at: Date;
  step: StepCode;
}

/** Events whose command also writes a work-log note (the note's words belong to them). */
const TAKES_NOTE = new Set([
  'worklog_added',
  'reporter_note_added',
  'reporter_replied',
  'waiting_for_reporter',
  'advice_requested',
  'advice_answered',
  'declined',
  'onsite_dispatched',
  'onsite_feedback',
  'reopened',
  'cancelled',
]);

interface Attach<T> {
  actorOf: (row: T) => string;
  /** Whether an event of this action was written with this row. */
  fits: (action: string, row: T) => boolean;
  lines: (c: NameContext, row: T) => HistoryDetail[];
  alone: (c: NameContext, row: T) => HistoryEntry;
}

/**
 * Work-log notes and assignment rows are written with their command's audit events (same instant,
 * actor and step): each joins one such event of its kind, unless that shows the same words
 * already. One with no such event (rows older than their event kinds) is an entry of its own.
 */
function attach<T extends Written>(
  c: NameContext,
  trail: { events: HistoryEntry[]; audit: readonly AuditRecord[] },
  rows: readonly T[],
  how: Attach<T>,
): HistoryEntry[] {
  const loose: HistoryEntry[] = [];
  const taken = new Set<number>();
  for (const row of rows) {
    const actor = how.actorOf(row);
    const i = trail.audit.findIndex(
      (r, k) =>
        !taken.has(k) &&
        r.at.getTime() === row.at.getTime() &&
        r.actorId === actor &&
        r.step === row.step &&
        how.fits(r.action, row),
    );
    const target = trail.events[i];
    if (!target) {
      loose.push(how.alone(c, row));
      continue;
    }
    taken.add(i);
    const shown = new Set(target.details.map((d) => d.value));
    target.details.push(...how.lines(c, row).filter((d) => !shown.has(d.value)));
  }
  return loose;
}

const NOTES: Attach<WorklogRecord> = {
  actorOf: (w) => w.authorId,
  fits: (action) => TAKES_NOTE.has(action),
  lines: (c, w) => noteLines(c, w),
  alone: (c, w) => noteEntry(c, w),
};

const HANDOVERS: Attach<AssignmentRecord> = {
  actorOf: (a) => a.actorId,
  fits: (action, a) => action === a.action,
  lines: (c, a) => handoverLines(c, a),
  alone: (c, a) => handoverEntry(c, a),
};

const noteLines = (c: NameContext, w: WorklogRecord): HistoryDetail[] => {
  const note = line(c, 'note', w.text);
  return note ? [note] : [];
};

const noteEntry = (c: NameContext, w: WorklogRecord): HistoryEntry =>
  entry(
    c,
    { at: w.at, step: w.step, actor: w.authorId, stored: w.authorName },
    'worklog_added',
    'note',
    noteLines(c, w),
  );

function handoverLines(c: NameContext, a: AssignmentRecord): HistoryDetail[] {
  const suggested = suggestedText(
    c.locale,
    a.suggestedTeam ? teamName(c, a.suggestedTeam) : null,
    a.suggestion,
  );
  return [
    line(c, 'team', teamName(c, a.team)),
    line(c, 'reason', a.reason),
    line(c, 'suggested', suggested),
  ].filter((d): d is HistoryDetail => d !== null);
}

function handoverEntry(c: NameContext, a: AssignmentRecord): HistoryEntry {
  const who = { at: a.at, step: a.step, actor: a.actorId, stored: a.actorName };
  return entry(c, who, a.action, a.action === 'declined' ? 'decline' : 'assignment', handoverLines(c, a));
}
