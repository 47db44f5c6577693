// What each audit event says besides "who did what": its payload as labelled lines in the
// reader's language (teams, reasons and suggestions, deadlines old and new, who a ping reached…).
// Pure; an action not listed here shows no details, never a crash.
import type { PingTarget } from '../../core/decision.js';
import { type MessageKey, suggestedText, t } from '../../i18n/index.js';
import {
  categoryName,
  known,
  type NameContext,
  natureName,
  personName,
  targetName,
  teamName,
  when,
} from './names.js';

export interface HistoryDetail {
  /** Stable name (`reason`, `respond_by` …): renderers and tests find a line by it. */
  key: string;
  label: string;
  value: string;
}

/** The detail names the catalogs label (`history.detail.<name>`): a typo fails `tsc`. */
type DetailKey = MessageKey extends infer K ? (K extends `history.detail.${infer N}` ? N : never) : never;

type Payload = Record<string, unknown>;
type Lines = (c: NameContext, p: Payload) => (HistoryDetail | null)[];

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** One labelled line, or none when there is no value. */
export function line(c: NameContext, key: DetailKey, value: string | null | undefined): HistoryDetail | null {
  if (value === null || value === undefined || value === '') return null;
  return { key, label: t(c.locale, `history.detail.${key}`), value };
}

const team = (c: NameContext, v: unknown) => (str(v) ? teamName(c, String(v)) : null);
const at = (c: NameContext, v: unknown) => (str(v) ? when(c, v) : null);
const priority = (c: NameContext, v: unknown) =>
  typeof v === 'number' ? known(c, `priority.${v}`, String(v)) : null;
const level = (c: NameContext, kind: 'impact' | 'urgency', v: unknown) =>
  typeof v === 'number' ? known(c, `${kind}.${v}`, String(v)) : null;
const closure = (c: NameContext, v: unknown) => (str(v) ? known(c, `closure.${v}`, String(v)) : null);
const yesNo = (c: NameContext, v: unknown) =>
  typeof v === 'boolean' ? t(c.locale, v ? 'history.yes' : 'history.no') : null;

/** A deadline moved: "old → new", or just the new one. */
function moved(c: NameContext, v: unknown): string | null {
  if (v && typeof v === 'object' && 'to' in v) {
    const { from, to } = v as { from?: unknown; to?: unknown };
    return str(from) && from !== to ? `${when(c, from)} → ${when(c, to)}` : at(c, to);
  }
  return at(c, v);
}

const deadlines: Lines = (c, p) => [
  line(c, 'respond_by', moved(c, p.respondBy)),
  line(c, 'resolve_by', moved(c, p.resolveBy)),
];

const window = (c: NameContext, start: unknown, end: unknown) =>
  str(start) && str(end) ? `${when(c, start)} – ${when(c, end)}` : null;

const deadlineKind = (c: NameContext, v: unknown) =>
  str(v)
    ? known(c, v === 'auto_close' ? 'history.deadline.auto_close' : `deadline.kind.${v}`, String(v))
    : null;

function pinged(c: NameContext, v: unknown): string | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  return (v as PingTarget[]).map((target) => targetName(c, target)).join(', ');
}

function suggested(c: NameContext, p: Payload): string | null {
  return suggestedText(c.locale, team(c, p.suggestedTeam), str(p.suggestion));
}

const ping: Lines = (c, p) => [
  line(c, 'deadline', deadlineKind(c, p.deadline)),
  line(c, 'due', at(c, p.deadlineAt ?? p.due)),
  line(c, 'threshold', typeof p.threshold === 'number' ? String(p.threshold) : null),
  line(c, 'pinged', pinged(c, p.targets)),
  line(c, 'team', team(c, p.team)),
];

const LINES: Readonly<Record<string, Lines>> = {
  registered: (c, p) => [
    line(c, 'priority', priority(c, p.provisionalPriority)),
    line(c, 'service', str(p.service)),
    ...deadlines(c, p),
  ],
  classified: (c, p) => [
    line(c, 'nature', str(p.nature) ? natureName(c, String(p.nature)) : null),
    line(c, 'category', str(p.category) ? categoryName(c, String(p.category)) : null),
  ],
  verified: (c, p) => [line(c, 'verification', str(p.verification))],
  prioritised: (c, p) => [
    line(c, 'impact', level(c, 'impact', p.impact)),
    line(c, 'urgency', level(c, 'urgency', p.urgency)),
    line(c, 'priority', priority(c, p.priority)),
    line(c, 'previous_priority', priority(c, p.previousPriority)),
    ...deadlines(c, p),
  ],
  deadlines_recomputed: deadlines,
  waiting_for_reporter: (c, p) => [line(c, 'question', str(p.question)), ...deadlines(c, p)],
  reporter_replied: deadlines,
  onsite_decided: (c, p) => [line(c, 'needed', yesNo(c, p.needed))],
  onsite_dispatched: (c, p) => [
    line(c, 'engineers', engineers(c, p.engineers)),
    line(c, 'window', window(c, p.windowStart, p.windowEnd)),
    line(c, 'note', str(p.note)),
  ],
  onsite_rescheduled: (c, p) => {
    const from = (p.from ?? {}) as Payload;
    const before = window(c, from.windowStart, from.windowEnd);
    const after = window(c, p.windowStart, p.windowEnd);
    return [line(c, 'window', before && after ? `${before} → ${after}` : after)];
  },
  onsite_feedback: (c, p) => [line(c, 'feedback', str(p.feedback))],
  ready_solution: (c, p) => [line(c, 'ref', str(p.matchRef)), line(c, 'closure', closure(c, p.code))],
  advice_requested: (c, p) => [line(c, 'team', team(c, p.team)), line(c, 'question', str(p.question))],
  advice_answered: (c, p) => [line(c, 'team', team(c, p.team))],
  description_supplemented: (c, p) => [line(c, 'note', str(p.text))],
  assigned: (c, p) => [line(c, 'team', team(c, p.team)), line(c, 'previous_team', team(c, p.previousTeam))],
  accepted: (c, p) => [line(c, 'team', team(c, p.team))],
  received: (c, p) => [line(c, 'team', team(c, p.team))],
  in_scope: (c, p) => [line(c, 'team', team(c, p.team))],
  not_in_scope: (c, p) => [line(c, 'team', team(c, p.team))],
  declined: (c, p) => [
    line(c, 'team', team(c, p.team)),
    line(c, 'reason', str(p.reason)),
    line(c, 'suggested', suggested(c, p)),
  ],
  resolved: (c, p) => [
    line(c, 'closure', closure(c, p.code)),
    line(c, 'solution', str(p.solution)),
    line(c, 'tested', yesNo(c, p.tested)),
    line(c, 'ref', str(p.matchRef)),
  ],
  reopened: (c, p) => [
    line(c, 'reason', str(p.reason)),
    line(c, 'back_to', p.backTo === 'desk' ? t(c.locale, 'history.target.desk') : team(c, p.backTo)),
  ],
  closed: (c, p) => [
    line(c, 'closure', closure(c, p.code)),
    line(c, 'confirmed_by_reporter', yesNo(c, p.confirmedByReporter)),
  ],
  cancelled: (c, p) => [
    line(c, 'closure', closure(c, p.code)),
    line(c, 'reason', str(p.reason)),
    line(c, 'duplicate_of', str(p.duplicateOf)),
  ],
  deadline_breached: ping,
  escalated: ping,
  close_due: ping,
  match_not_helpful: (c, p) => [line(c, 'ref', str(p.ref)), line(c, 'reason', str(p.reason))],
  saved_as_knowledge: (c, p) => [line(c, 'ref', str(p.ref))],
  knowledge_published: (c, p) => [line(c, 'ref', str(p.ref))],
  knowledge_retired: (c, p) => [line(c, 'ref', str(p.ref))],
};

function engineers(c: NameContext, v: unknown): string | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  return v.map((id) => personName(c, String(id))).join(', ');
}

/** The labelled lines of one audit event. */
export function eventDetails(c: NameContext, action: string, payload: Payload): HistoryDetail[] {
  const lines = Object.hasOwn(LINES, action) ? (LINES[action]?.(c, payload) ?? []) : [];
  return lines.filter((d): d is HistoryDetail => d !== null);
}

/** An on-site task's engineers and window, for events that name only the task. */
export function taskDetails(
  c: NameContext,
  task: { engineers: readonly string[]; windowStart: Date; windowEnd: Date },
): HistoryDetail[] {
  return [
    line(c, 'engineers', engineers(c, task.engineers)),
    line(c, 'window', `${when(c, task.windowStart)} – ${when(c, task.windowEnd)}`),
  ].filter((d): d is HistoryDetail => d !== null);
}
