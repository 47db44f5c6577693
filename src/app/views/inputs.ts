// What each action asks for before it can run. Field names match the form parser (forms.ts),
// so a renderer only maps these to its widgets and hands the values back unchanged.
import type { CommandType } from '../../core/commands.js';
import type { Locale, TriageConfig } from '../../core/config.js';
import { MAX_TEXT } from '../../core/draft.js';
import { assignNeedsWorklog } from '../../core/guards.js';
import { LEVELS } from '../../core/priority.js';
import { isDeskStaff } from '../../core/read-access.js';
import { categoryPath, defaultTeamFor } from '../../core/routing.js';
import { MAX_RATING_COMMENT } from '../../core/steps/satisfaction.js';
import type { Actor, Incident } from '../../core/types.js';
import { SATISFACTION_SCORES } from '../../core/types.js';
import { formatDateTime, label, type MessageKey, t } from '../../i18n/index.js';

export interface ViewOption {
  value: string;
  label: string;
}

interface InputBase {
  name: string;
  label: string;
  required: boolean;
}

export type ViewInput =
  | (InputBase & { kind: 'select'; options: ViewOption[]; initial: string | null })
  | (InputBase & { kind: 'multiselect'; options: ViewOption[]; initial: string[] })
  | (InputBase & { kind: 'text'; multiline: boolean; maxLength: number; initial: string | null })
  | (InputBase & { kind: 'boolean'; initial: boolean })
  | (InputBase & { kind: 'datetime'; initial: Date | null });

/** `viewer`: who the form is for, where a field is the desk's only. */
type Ctx = { incident: Incident; cfg: TriageConfig; locale: Locale; viewer?: Actor };
const lbl = (c: Ctx, key: MessageKey) => t(c.locale, key);

const text = (c: Ctx, name: string, key: MessageKey, required = true, multiline = true): ViewInput => ({
  kind: 'text',
  name,
  label: lbl(c, key),
  required,
  multiline,
  maxLength: MAX_TEXT,
  initial: null,
});

const select = (
  c: Ctx,
  name: string,
  key: MessageKey,
  options: ViewOption[],
  initial: string | null,
  required = true,
) => ({ kind: 'select', name, label: lbl(c, key), required, options, initial }) as const;

// Option lists drawn from the configuration alone, kept per configuration object (a reload
// makes a new one) and language: every view of a desk card listed every category with its
// routing hint again. Frozen, since every view shares them.
const optionLists = new WeakMap<TriageConfig, Map<string, readonly ViewOption[]>>();

function fromConfig(c: Ctx, list: string, build: (c: Ctx) => ViewOption[]): ViewOption[] {
  let lists = optionLists.get(c.cfg);
  if (!lists) {
    lists = new Map();
    optionLists.set(c.cfg, lists);
  }
  const key = `${list}|${c.locale}`;
  let options = lists.get(key);
  if (!options) {
    options = Object.freeze(build(c).map((o) => Object.freeze(o)));
    lists.set(key, options);
  }
  return options as ViewOption[];
}

const natures = (c: Ctx) => fromConfig(c, 'natures', naturesOf);
const categories = (c: Ctx) => fromConfig(c, 'categories', categoriesOf);
const levels = (c: Ctx, kind: 'impact' | 'urgency') => fromConfig(c, kind, (x) => levelsOf(x, kind));
const teams = (c: Ctx) => fromConfig(c, 'teams', teamsOf);
const engineers = (c: Ctx) => fromConfig(c, 'engineers', engineersOf);

const naturesOf = (c: Ctx) =>
  [...c.cfg.natures]
    .sort((a, b) => a.rank - b.rank)
    .map((n) => ({ value: n.id, label: label(c.locale, n.label) }));

/** "Network › VPN → Network" so the desk sees the routing hint of IM2.11 while classifying. */
const categoriesOf = (c: Ctx) =>
  c.cfg.categories.map((cat) => {
    const path = categoryPath(c.cfg, cat.id)
      .map((x) => label(c.locale, x.label))
      .join(' › ');
    const team = c.cfg.teams.find((x) => x.id === defaultTeamFor(c.cfg, cat.id));
    return { value: cat.id, label: team ? `${path} → ${label(c.locale, team.label)}` : path };
  });

const levelsOf = (c: Ctx, kind: 'impact' | 'urgency') =>
  LEVELS.map((l) => ({ value: String(l), label: `${l} · ${t(c.locale, `${kind}.${l}`)}` }));

const teamsOf = (c: Ctx) => c.cfg.teams.map((x) => ({ value: x.id, label: label(c.locale, x.label) }));

const engineersOf = (c: Ctx) =>
  c.cfg.people.filter((p) => p.roles.includes('onsite')).map((p) => ({ value: p.id, label: p.name }));

/** Open tasks by the engineers' names and window; the only one is chosen already. */
const taskSelect = (c: Ctx, states: readonly string[]) => {
  const name = (id: string) => c.cfg.people.find((p) => p.id === id)?.name ?? id;
  const options = c.incident.onsite
    .filter((task) => states.includes(task.state))
    .map((task) => ({
      value: task.id,
      label: `${task.engineers.map(name).join(', ')} · ${formatDateTime(c.locale, task.windowStart, c.cfg.calendar.timeZone)}`,
    }));
  return select(
    c,
    'taskId',
    'field.taskId',
    options,
    options.length === 1 ? (options[0]?.value ?? null) : null,
  );
};

const closureCodes = (c: Ctx, codes: readonly string[]) =>
  codes.map((code) => ({ value: code, label: t(c.locale, `closure.${code}` as MessageKey) }));

/** IM2.6: the agreed service window, when dispatching and when moving it. */
const windowInputs = (c: Ctx): ViewInput[] => [
  {
    kind: 'datetime',
    name: 'windowStart',
    label: lbl(c, 'field.windowStart'),
    required: true,
    initial: null,
  },
  { kind: 'datetime', name: 'windowEnd', label: lbl(c, 'field.windowEnd'), required: true, initial: null },
];

const dispatchInputs = (c: Ctx): ViewInput[] => [
  {
    kind: 'multiselect',
    name: 'engineers',
    label: lbl(c, 'field.engineers'),
    required: true,
    options: engineers(c),
    initial: [],
  },
  ...windowInputs(c),
  text(c, 'note', 'field.note', false),
];

const INPUTS: Partial<Record<CommandType, (c: Ctx) => ViewInput[]>> = {
  classify: (c) => [
    select(c, 'nature', 'field.nature', natures(c), c.incident.nature),
    select(c, 'category', 'field.category', categories(c), c.incident.category),
    // IM2.2: required by the core for a nature that notifies the incident manager.
    Object.assign(text(c, 'verification', 'field.verification', false), { maxLength: 1000 }),
  ],
  prioritise: (c) => [
    select(
      c,
      'impact',
      'field.impact',
      levels(c, 'impact'),
      c.incident.impact ? String(c.incident.impact) : null,
    ),
    select(
      c,
      'urgency',
      'field.urgency',
      levels(c, 'urgency'),
      c.incident.urgency ? String(c.incident.urgency) : null,
    ),
  ],
  decide_onsite: (c) => [
    { kind: 'boolean', name: 'needed', label: lbl(c, 'field.needed'), required: false, initial: false },
    ...dispatchInputs(c).map((i) => Object.assign({}, i, { required: false })),
  ],
  dispatch_onsite: dispatchInputs,
  acknowledge_onsite: (c) => [taskSelect(c, ['dispatched'])],
  onsite_feedback: (c) => [
    taskSelect(c, ['dispatched', 'acknowledged']),
    text(c, 'feedback', 'field.feedback'),
  ],
  cancel_onsite: (c) => [taskSelect(c, ['dispatched', 'acknowledged'])],
  reschedule_onsite: (c) => [taskSelect(c, ['dispatched', 'acknowledged']), ...windowInputs(c)],
  apply_match: (c) => [
    text(c, 'matchRef', 'field.matchRef', true, false),
    text(c, 'solution', 'field.solution'),
    select(c, 'code', 'field.code', closureCodes(c, ['solved', 'workaround']), 'solved'),
  ],
  add_worklog: (c) => [text(c, 'text', 'field.text')],
  supplement_description: (c) => [text(c, 'text', 'field.supplement')],
  ask_advice: (c) => [select(c, 'team', 'field.team', teams(c), null), text(c, 'question', 'field.question')],
  resolve: (c) => [
    select(c, 'code', 'field.code', closureCodes(c, ['solved', 'workaround', 'not_solved']), 'solved'),
    text(c, 'solution', 'field.solution'),
    { kind: 'boolean', name: 'tested', label: lbl(c, 'field.tested'), required: false, initial: false },
  ],
  // IM2.9's work log goes with an assignment out of the desk's attempt (core/guards.ts).
  assign: (c) => [
    select(c, 'team', 'field.team', teams(c), suggestedTeam(c)),
    ...(assignNeedsWorklog(c.incident) ? [text(c, 'worklog', 'field.worklog')] : []),
  ],
  decline: (c) => [
    text(c, 'reason', 'field.reason'),
    select(
      c,
      'suggestedTeam',
      'field.suggestedTeam',
      teams(c).filter((x) => x.value !== c.incident.assignedTeam),
      null,
      false,
    ),
    // Required unless a team is chosen (the core says so when neither is given).
    Object.assign(text(c, 'suggestion', 'field.suggestion', false, false), { maxLength: 500 }),
  ],
  wait_for_reporter: (c) => [text(c, 'question', 'field.question')],
  reporter_replied: (c) => [text(c, 'text', 'field.text')],
  reopen: (c) => [text(c, 'reason', 'field.reason')],
  close: (c) => [
    select(
      c,
      'code',
      'field.code',
      closureCodes(c, ['solved', 'workaround', 'not_solved']),
      c.incident.resolution?.code ?? null,
    ),
  ],
  // IM5.1 satisfaction: each score is a button of its own (ViewAction.choices); the comment
  // is optional and sits beside them on the card.
  rate: (c) => [
    select(c, 'score', 'field.score', scores(c), null),
    Object.assign(text(c, 'comment', 'field.comment', false), { maxLength: MAX_RATING_COMMENT }),
  ],
  // "Duplicate of" is the desk's closure (IM5.1 code duplicate): a reporter withdrawing their
  // own report is not asked it.
  // The reason is sent to the reporter (notifications.ts): the desk's form says so.
  cancel: (c) => [
    text(c, 'reason', !c.viewer || isDeskStaff(c.viewer) ? 'field.cancel_reason' : 'field.reason'),
    ...(!c.viewer || isDeskStaff(c.viewer)
      ? [text(c, 'duplicateOf', 'field.duplicateOf', false, false)]
      : []),
  ],
};

const scores = (c: Ctx) =>
  SATISFACTION_SCORES.map((s) => ({ value: String(s), label: t(c.locale, `rating.score.${s}`) }));

/** IM2.11 default: after a decline the team's suggestion, else the classification rule. */
function suggestedTeam(c: Ctx): string | null {
  const declined = c.incident.status === 'declined' ? c.incident.declines.at(-1) : undefined;
  return declined?.suggestedTeam ?? defaultTeamFor(c.cfg, c.incident.category);
}

export function inputsFor(
  command: CommandType,
  incident: Incident,
  cfg: TriageConfig,
  locale: Locale,
  viewer?: Actor,
): ViewInput[] {
  return INPUTS[command]?.({ incident, cfg, locale, ...(viewer ? { viewer } : {}) }) ?? [];
}
