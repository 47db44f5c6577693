// The one platform-neutral view of an incident. Slack (Block Kit) and Teams (Adaptive Cards)
// only render it, so both show the same fields, deadlines, notices and actions.
import type { CommandType } from '../../core/commands.js';
import type { Locale, TriageConfig } from '../../core/config.js';
import type { TimerSpec } from '../../core/decision.js';
import { teamById } from '../../core/directory-index.js';
import { dueSoonMinutes } from '../../core/escalation.js';
import { allowedCommands } from '../../core/guards.js';
import { allowedKnowledgeActions, type KnowledgeAction } from '../../core/knowledge-rules.js';
import { readsOnlyAsReporter } from '../../core/read-access.js';
import { categoryPath } from '../../core/routing.js';
import { RULES } from '../../core/rules.js';
import { clockFor, deadlineState, deadlinesProvisional, provisionalYears } from '../../core/sla.js';
import type { Actor, Incident, Priority, Satisfaction, Status, StepCode } from '../../core/types.js';
import {
  formatDateTime,
  formatSpan,
  isMessageKey,
  label,
  labelled,
  type MessageKey,
  statusLabel,
  suggestedText,
  t,
  tCount,
} from '../../i18n/index.js';
import { shownName } from '../history/names.js';
import { breachNotices, type EscalationsTold } from './breaches.js';
import { inputsFor, type ViewInput } from './inputs.js';
import { onsiteNotices } from './onsite-notices.js';

export type { ViewInput };

export interface ViewField {
  key: string;
  label: string;
  value: string;
}

export interface ViewDeadline {
  kind: 'respond' | 'resolve';
  label: string;
  at: Date | null;
  atText: string;
  /** `met_late`: reached after the deadline had passed — a miss, not "met" (trial). */
  state: 'met' | 'met_late' | 'running' | 'due_soon' | 'overdue' | 'paused';
  text: string;
  /** Computed on the provisional calendar (no official holidays yet); `atText` says so too. */
  provisional: boolean;
}

export interface ViewAction {
  command: CommandType;
  label: string;
  /** The title of its form (a Slack modal allows 24 characters): the label, or a shorter one. */
  formTitle: string;
  style: 'primary' | 'danger' | 'default';
  /** Empty: a plain button. Otherwise the form (modal / card inputs) to fill in first. */
  inputs: ViewInput[];
  /** One click per choice, no form (the reporter's satisfaction rating): each choice is a button
   *  running the command with its presets; the optional inputs sit beside them on the card. */
  oneClick?: { prompt: string; choices: ViewChoice[] };
}

export interface ViewChoice {
  label: string;
  presets: Record<string, string>;
}

/** A knowledge action (core/knowledge-rules.ts): it changes the knowledge base, not the incident. */
export interface ViewKnowledgeAction {
  action: KnowledgeAction;
  label: string;
}

/** Read-only kinds: they show more of the incident and change nothing (not triage commands). */
export type ReadActionKind = 'history';

/** An action that only reads, offered on every card: whoever clicks is authorised then. */
export interface ViewReadAction {
  kind: ReadActionKind;
  label: string;
}

export interface IncidentView {
  id: string;
  number: string;
  version: number;
  locale: Locale;
  title: string;
  description: string;
  status: Status;
  statusLabel: string;
  /** The step the incident waits on, e.g. IM2.11 after a decline. */
  step: StepCode;
  stepLabel: string;
  priority: Priority;
  priorityLabel: string;
  /** A reply in the card's thread is taken now (a work-log entry): only then do cards invite it. */
  repliesAccepted: boolean;
  fields: ViewField[];
  deadlines: ViewDeadline[];
  notices: string[];
  actions: ViewAction[];
  knowledgeActions: ViewKnowledgeAction[];
  readActions: ViewReadAction[];
}

/** The step each status waits on (the seed's "next" column). */
export const WAITING_STEP: Readonly<Record<Status, StepCode>> = {
  registered: 'IM2.1',
  classified: 'IM2.3',
  prioritised: 'IM2.5',
  matching: 'IM2.8',
  attempting: 'IM2.10',
  assigned: 'IM2.12',
  accepted: 'IM2.13',
  declined: 'IM2.11',
  investigating: 'IM3.1',
  resolved: 'IM5.1',
  closed: 'IM5.1',
  cancelled: 'IM5.1',
};

const DANGER: readonly CommandType[] = ['decline', 'cancel', 'reopen'];
const PRIMARY: readonly CommandType[] = [
  'classify',
  'prioritise',
  'accept',
  'resolve',
  'confirm',
  'close',
  'assign',
];

const KNOWLEDGE_LABEL = {
  search_matches: 'match.search_again',
  match_not_helpful: 'match.not_helpful',
  save_knowledge: 'match.save_as_knowledge',
} as const;

export function buildIncidentView(
  incident: Incident,
  viewer: Actor,
  cfg: TriageConfig,
  locale: Locale,
  now: Date,
  /** The incident's timer schedule, when the caller already has it (Decision.timers). */
  timers?: readonly TimerSpec[],
  /** Who each escalation firing told, from the trail (breaches.ts); else guessed. */
  told?: EscalationsTold,
): IncidentView {
  const step = WAITING_STEP[incident.status];
  // The reporter with no other part reads their report's progress, not the desk's internal work:
  // the same line the history draws (reporter-view.ts), here for the card's notices.
  const audience: Audience = readsOnlyAsReporter(incident, viewer, []) ? 'reporter' : 'staff';
  return {
    id: incident.id,
    number: incident.number,
    version: incident.version,
    locale,
    title: incident.title,
    description: incident.description,
    status: incident.status,
    statusLabel: statusLabel(locale, incident.status, audience),
    step,
    stepLabel: `${step} ${t(locale, `step.${step}`)}`,
    priority: incident.priority,
    priorityLabel: t(locale, `priority.${incident.priority}`),
    repliesAccepted: RULES.add_worklog.from.includes(incident.status),
    fields: fieldsOf(incident, viewer, cfg, locale),
    deadlines: deadlinesOf(incident, cfg, locale, now),
    notices: [
      ...noticesOf(incident, cfg, locale, audience),
      ...breachNotices(incident, cfg, locale, now, timers, audience, told),
    ],
    actions: allowedCommands(incident, viewer, { cfg, now }).map((command) => {
      const inputs = inputsFor(command, incident, cfg, locale, viewer);
      return {
        command,
        label: t(locale, `action.${command}`),
        formTitle: formTitle(locale, command),
        style: DANGER.includes(command) ? 'danger' : PRIMARY.includes(command) ? 'primary' : 'default',
        inputs,
        ...oneClickOf(command, locale, inputs),
      };
    }),
    knowledgeActions: allowedKnowledgeActions(incident, viewer).map((action) => ({
      action,
      label: t(locale, KNOWLEDGE_LABEL[action]),
    })),
    // A view is built only for someone who read the incident or for a place its card is posted
    // in, so the history is offered on every card; the click is authorised for whoever makes it.
    readActions: [{ kind: 'history', label: t(locale, 'history.action') }],
  };
}

/** Commands answered with one click on a choice: IM5.1's satisfaction score. */
const ONE_CLICK: Partial<Record<CommandType, { input: string; prompt: MessageKey }>> = {
  rate: { input: 'score', prompt: 'rating.prompt' },
};

function oneClickOf(command: CommandType, locale: Locale, inputs: readonly ViewInput[]) {
  const spec = ONE_CLICK[command];
  const select = inputs.find((i) => i.name === spec?.input);
  if (!spec || select?.kind !== 'select') return {};
  const choices = select.options.map((o) => ({ label: o.label, presets: { [select.name]: o.value } }));
  return { oneClick: { prompt: t(locale, spec.prompt), choices } };
}

function fieldsOf(i: Incident, viewer: Actor, cfg: TriageConfig, locale: Locale): ViewField[] {
  const notSet = t(locale, 'view.not_set');
  const tz = cfg.calendar.timeZone;
  const nature = cfg.natures.find((n) => n.id === i.nature);
  const category = i.category
    ? categoryPath(cfg, i.category)
        .map((c) => label(locale, c.label))
        .join(' › ')
    : notSet;
  const team = i.assignedTeam === null ? undefined : teamById(cfg, i.assignedTeam);
  const field = (key: string, labelKey: Parameters<typeof t>[1], value: string) => ({
    key,
    label: t(locale, labelKey),
    value,
  });
  const fields = [
    field('reporter', 'field.reporter', shownName(locale, i.reporterId, i.reporterName)),
    field('reported_at', 'field.reported_at', formatDateTime(locale, i.reportedAt, tz)),
    field('nature', 'field.nature', nature ? label(locale, nature.label) : notSet),
    field('category', 'field.category', category),
    field('impact', 'field.impact', i.impact ? t(locale, `impact.${i.impact}`) : notSet),
    field('urgency', 'field.urgency', i.urgency ? t(locale, `urgency.${i.urgency}`) : notSet),
    field('priority', 'field.priority', t(locale, `priority.${i.priority}`)),
    field(
      'assigned_team',
      'field.assigned_team',
      team ? label(locale, team.label) : t(locale, 'view.unassigned'),
    ),
  ];
  if (i.service) fields.splice(1, 0, field('service', 'field.service', i.service));
  if (i.resolution) {
    const code = t(locale, `closure.${i.closureCode ?? i.resolution.code}`);
    const saved = i.resolution.savedAs
      ? `\n${t(locale, 'view.saved_as', { ref: i.resolution.savedAs })}`
      : '';
    // IM4.1: whether whoever resolved it checked that the service really works again.
    const tested = t(locale, testedKey(i));
    fields.push(
      field(
        'resolution',
        'field.resolution',
        `${labelled(locale, code)}${i.resolution.solution}\n${tested}${saved}`,
      ),
    );
  }
  if (i.satisfaction) fields.push(satisfactionField(i.satisfaction, locale, readsComment(i, viewer)));
  return fields;
}

/**
 * IM5.1: the reporter's comment on the handling is feedback to the service desk, kept out of
 * exports too (docs/reports.md): the desk reads it, and the reporter on their own card; the
 * teams, the on-site engineer and the managers see the score only.
 */
function readsComment(i: Incident, viewer: Actor): boolean {
  return viewer.roles.includes('agent') || viewer.id === i.reporterId;
}

/** IM5.1: the reporter's score, when they gave it, and their comment where `withComment`. */
function satisfactionField(s: Satisfaction, locale: Locale, withComment: boolean): ViewField {
  const value = t(locale, 'rating.value', { score: s.score, after: t(locale, `rating.after.${s.after}`) });
  return {
    key: 'satisfaction',
    label: t(locale, 'field.satisfaction'),
    value: s.comment && withComment ? `${value}\n${s.comment}` : value,
  };
}

/** IM4.1/IM5.1: not tested asks the reporter to confirm only until they did (or it was closed). */
function testedKey(
  i: Incident,
): 'view.tested' | 'view.not_tested' | 'view.not_tested_confirmed' | 'view.not_tested_closed' {
  if (i.resolution?.tested) return 'view.tested';
  if (i.reporterConfirmedAt) return 'view.not_tested_confirmed';
  return i.status === 'closed' ? 'view.not_tested_closed' : 'view.not_tested';
}

function deadlinesOf(i: Incident, cfg: TriageConfig, locale: Locale, now: Date): ViewDeadline[] {
  const goals = { respond: i.respondedAt, resolve: i.resolution?.at ?? i.closedAt };
  return (['respond', 'resolve'] as const).map((kind) => {
    const at = kind === 'respond' ? i.respondBy : i.resolveBy;
    // Each deadline for itself: a response due in a covered year is not provisional because the
    // resolution runs into an uncovered one (trial 2026-12-07).
    const provisional = shownProvisional(i, cfg, kind);
    const label = t(locale, `deadline.kind.${kind}`);
    const when = at ? formatDateTime(locale, at, cfg.calendar.timeZone) : '—';
    const atText = at && provisional ? t(locale, 'deadline.provisional', { at: when }) : when;
    const s = deadlineState(at, now, clockFor(i.priority, cfg), {
      metAt: goals[kind],
      dueSoonMinutes: dueSoonMinutes(i.priority, kind, cfg),
    });
    const metAt = goals[kind];
    const state = s.state === 'met' && at && metAt && metAt > at ? 'met_late' : s.state;
    const whole = 'minutesLeft' in s ? s.minutesLeft : 'minutesOverdue' in s ? s.minutesOverdue : 0;
    // Seconds left or late (or late only outside business hours): "< 1 min", never "0 min".
    const duration = formatSpan(locale, whole, cfg.sla[i.priority].clock);
    const text = t(locale, `deadline.state.${state}`, { duration });
    return { kind, label, at, atText, state, text, provisional };
  });
}

/**
 * Whether a deadline is shown as provisional: its stored flag, or — while the incident's deadlines
 * are provisional at all (deadlines_provisional, the authority) — the count to it running through
 * a provisional year on the calendar now configured. A pod from before migration 0025 recomputing
 * the deadlines writes only the authority, leaving the per-deadline flags of an earlier split as
 * they were (db/incident-mapper.ts): a response deadline it moved into an uncovered year would
 * show as definite until the next start-up's recompute. The stored flag still counts: a year
 * covered since (a reload, its recompute not yet run) does not make a date counted without it
 * definite. Both read the same rule as the core (sla.ts provisionalYears); a flag left over the
 * other way (shown provisional, now definite) cannot be told from that case and stays shown.
 */
function shownProvisional(i: Incident, cfg: TriageConfig, kind: 'respond' | 'resolve'): boolean {
  const stored = kind === 'respond' ? i.respondByProvisional : i.resolveByProvisional;
  if (stored || !deadlinesProvisional(i)) return stored;
  const at = kind === 'respond' ? i.respondBy : i.resolveBy;
  return at !== null && provisionalYears(i, cfg, at).length > 0;
}

/** Why the deadlines are provisional: the years still without official holidays. */
function provisionalNotice(i: Incident, cfg: TriageConfig, locale: Locale): string[] {
  if (!deadlinesProvisional(i)) return [];
  const shown = [
    shownProvisional(i, cfg, 'respond') ? i.respondBy : null,
    shownProvisional(i, cfg, 'resolve') ? i.resolveBy : null,
  ];
  const years = provisionalYears(i, cfg, ...shown);
  return [t(locale, 'notice.deadlines_provisional', { years: years.join(', ') || '—' })];
}

/**
 * Whom a card's notices are for. `reporter`: the reporter with no other part in the incident
 * (core readsOnlyAsReporter) — told of their report's progress, not of the desk's internal
 * work: no declines with their reasons and the teams' suggestions, no desk note for the on-site
 * engineer (they are told who comes and when), no escalations to team leads and managers.
 */
export type Audience = 'reporter' | 'staff';

function noticesOf(i: Incident, cfg: TriageConfig, locale: Locale, audience: Audience): string[] {
  const notices: string[] = [];
  const teamName = (id: string | null) => {
    const team = id === null ? undefined : teamById(cfg, id);
    return team ? label(locale, team.label) : (id ?? '');
  };
  if (!i.priorityConfirmed && i.status !== 'closed' && i.status !== 'cancelled') {
    notices.push(t(locale, 'notice.provisional_priority'));
  }
  notices.push(...provisionalNotice(i, cfg, locale));
  const pause = i.pauses.at(-1);
  if (pause && pause.to === null) {
    notices.push(
      t(locale, 'notice.waiting_for_reporter', {
        since: formatDateTime(locale, pause.from, cfg.calendar.timeZone),
      }),
    );
  }
  const decline = audience === 'staff' ? i.declines.at(-1) : undefined;
  if (decline) {
    const suggested = suggestedText(
      locale,
      decline.suggestedTeam ? teamName(decline.suggestedTeam) : null,
      decline.suggestion,
    );
    const params = { team: teamName(decline.team), reason: decline.reason, suggested: suggested ?? '' };
    // Still shown after the next assignment, so the new team sees why the last one sent it back.
    if (i.status !== 'declined')
      notices.push(tCount(locale, 'notice.declined.earlier', i.declines.length, params));
    else notices.push(t(locale, suggested ? 'notice.declined' : 'notice.declined.no_suggestion', params));
  }
  notices.push(...onsiteNotices(i, cfg, locale, audience));
  if (i.reopenCount > 0) notices.push(tCount(locale, 'notice.reopened', i.reopenCount));
  return notices;
}

/** A form's title: `form_title.<command>` where the catalogs have a shorter one, else the label. */
export function formTitle(locale: Locale, command: CommandType): string {
  const short = `form_title.${command}`;
  return t(locale, isMessageKey(short) ? short : `action.${command}`);
}
