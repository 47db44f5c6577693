// Adaptive Card renderer of the platform-neutral IncidentView (src/app/views/incident-view.ts): the incident card
// (its forms inline or as dialogs, within Teams' size limit), list cards and short message cards.
// It adds no facts of its own; everything shown comes from the view. Building blocks are in
// card-parts.ts, the forms' inputs and dialogs in form-cards.ts, the matching section in match-cards.ts.
import type { MatchResult } from '../../src/app/knowledge-service.js';
import type { AnswerChoice } from '../../src/app/thread-replies.js';
import type { IncidentView, ViewAction, ViewDeadline, ViewInput } from '../../src/app/views/incident-view.js';
import { offersAny } from '../../src/app/views/match-view.js';
import type { CommandType } from '../../src/core/commands.js';
import type { Locale } from '../../src/core/config.js';
import type { Status } from '../../src/core/types.js';
import { labelled, t } from '../../src/i18n/index.js';
import { cardJson, jsonFits } from './card-json.js';
import {
  bannerBlock,
  CARD_VERSION,
  card,
  data,
  dialogButton,
  execute,
  type Json,
  NO_INPUTS,
  type RunStyle,
  rich,
  run,
  STYLE,
  textBlock,
  withKey,
} from './card-parts.js';
import { type FormProblem, formInputs, type InputContext } from './form-cards.js';
import { type CardData, VERB } from './ids.js';
import { earlyMatchLine, matchingBlock } from './match-cards.js';
import { oneClickBlocks } from './one-click.js';
import { jsonBytes, LIMITS, truncate } from './text.js';

export interface IncidentCardOptions {
  /** chat_refs purpose of the place this card is for (desk_card, team_card:x …). */
  purpose: string;
  timeZone: string;
  /** IM2.7 search result for the desk card; null/undefined = no matching section. */
  matches?: MatchResult | null;
  /** Before IM2.7: confident matches in one line (src/app/views/match-view.ts earlyMatchHint). */
  earlyMatches?: string | null;
  /** A line under the card (how replies to it are used). */
  hint?: string | null;
  /** Other words for some buttons (the reporter's "Fixed" / "Still broken"). */
  labels?: Partial<Record<CommandType, string>>;
  /** A line at the top, e.g. "Already done by Alice" after a stale click. */
  banner?: { text: string; tone: 'attention' | 'good' | 'warning' } | null;
  /** Refresh on view: Teams asks for these users' own card when they look at it. */
  refreshUserIds?: readonly string[];
  /** The incident's web page, without a token (src/app/web-server/chat-link.ts). */
  pageUrl?: string | null;
  /** A form sent back to the one who filled it in: shown open in the body, as they typed it,
   *  with the problem under its input (card-actions.ts). */
  problem?: FormProblem | null;
}

/** The action each state waits for: shown as buttons; everything else goes to the overflow menu. */
const MAIN: Readonly<Record<Status, readonly CommandType[]>> = {
  registered: ['classify'],
  classified: ['prioritise'],
  prioritised: ['decide_onsite'],
  matching: ['apply_match', 'no_match'],
  attempting: ['resolve', 'assign', 'add_worklog'],
  assigned: ['accept', 'decline'],
  accepted: ['in_scope', 'decline', 'resolve'],
  declined: ['assign'],
  investigating: ['resolve', 'add_worklog'],
  resolved: ['confirm', 'reopen', 'close'],
  closed: [],
  cancelled: [],
};
/** Always worth a button for whoever may do them (on-site engineers, the reporter). */
const ALWAYS_MAIN: readonly CommandType[] = ['acknowledge_onsite', 'onsite_feedback', 'reporter_replied'];
/** Per status, the row's order: the state's own actions, then ALWAYS_MAIN (made once, not per card). */
const MAIN_ROW = mapValues(MAIN, (commands) => [...commands, ...ALWAYS_MAIN]);
/** Forms always in a dialog: IM2.14's reason and suggestion are written with care. */
const DIALOG_ONLY: readonly CommandType[] = ['decline'];
/** Actions in one row (Teams' host config; the adaptivecards validator checks it too). */
const MAX_ACTIONS = 5;
/** The state's own step: its form is right on the card (Slack shows these as inline selects). */
const IN_BODY: readonly CommandType[] = ['classify', 'prioritise'];

function mapValues<K extends string, A, B>(
  o: Readonly<Record<K, A>>,
  f: (a: A) => B,
): Readonly<Record<K, B>> {
  return Object.fromEntries(Object.entries<A>(o).map(([k, v]) => [k, f(v)])) as Record<K, B>;
}

interface Plan {
  /** Commands whose forms may be shown on the card (ShowCard / body); the rest open dialogs. */
  inline: Set<CommandType>;
  description: number;
  snippets: boolean;
}

/** The card as the viewer sees it, within Teams' size limit (forms move to dialogs if needed). */
export function incidentCard(view: IncidentView, opts: IncidentCardOptions): Json {
  const withInputs = view.actions.filter((a) => a.inputs.length > 0 && !DIALOG_ONLY.includes(a.command));
  const plan: Plan = {
    inline: new Set(withInputs.map((a) => a.command)),
    description: LIMITS.cardDescription,
    snippets: true,
  };
  let result = buildIncidentCard(view, opts, plan);
  // Serialised once: the answer carrying the card reuses this JSON (card-json.ts).
  if (jsonFits(cardJson(result), LIMITS.cardBytes)) return result;
  // Largest forms first into dialogs, then shorter texts: the card always fits.
  const bySize = withInputs
    .map((a) => ({ command: a.command, size: jsonBytes(a.inputs) }))
    .sort((a, b) => b.size - a.size);
  while (!jsonFits(cardJson(result), LIMITS.cardBytes)) {
    const next = bySize.shift();
    if (next) plan.inline.delete(next.command);
    else if (plan.snippets) plan.snippets = false;
    else if (plan.description > 200) plan.description = Math.floor(plan.description / 2);
    else break;
    result = buildIncidentCard(view, opts, plan);
  }
  return result;
}

function buildIncidentCard(view: IncidentView, opts: IncidentCardOptions, plan: Plan): Json {
  const l = view.locale;
  const body: Json[] = [];
  if (opts.banner) body.push(bannerBlock(opts.banner.text, opts.banner.tone));
  body.push(
    rich([run(`${view.number} · `, TITLE), run(view.title, TITLE)]),
    rich(
      [
        run(view.priorityLabel, view.priority === 1 ? P1 : BOLD),
        run(` · ${view.statusLabel} · ${view.stepLabel}`, SUBTLE),
      ],
      NO_SPACING,
    ),
  );
  if (view.description.trim() !== '') body.push(textBlock(truncate(view.description, plan.description)));
  body.push({
    type: 'Container',
    separator: true,
    items: view.fields.map((f) => rich([run(labelled(l, f.label), BOLD), run(truncate(f.value, 1000))])),
  });
  body.push(deadlinesBlock(view.deadlines, l));
  if (view.notices.length > 0)
    body.push({
      type: 'Container',
      style: 'emphasis',
      items: view.notices.map((n) => textBlock(`• ${truncate(n, 1000)}`)),
    });
  if (opts.earlyMatches) body.push(earlyMatchLine(opts.earlyMatches));
  const has = (c: CommandType) => view.actions.some((a) => a.command === c);
  const matches = has('no_match') || has('apply_match') ? opts.matches : null;
  if (matches) body.push(matchingBlock(view, matches, { purpose: opts.purpose, snippets: plan.snippets }));
  const ctx: InputContext = { locale: l, timeZone: opts.timeZone };
  const inBody = view.actions.find(
    (a) => IN_BODY.includes(a.command) && MAIN[view.status].includes(a.command) && plan.inline.has(a.command),
  );
  // A form sent back with a problem is shown open, where the person sees why: a ShowCard would
  // come back closed.
  const answered = inBody ? undefined : answeredAction(view, opts.problem);
  const open = inBody ?? answered;
  if (open) body.push(bodyForm(view, open, opts, ctx));
  body.push(...oneClickBlocks(view, opts.purpose, ctx));
  if (opts.hint && view.repliesAccepted)
    body.push(textBlock(opts.hint, { isSubtle: true, size: 'Small' }, { separator: true }));
  if (opts.pageUrl) body.push(openUrlSet(t(l, 'web.card.open'), opts.pageUrl));

  const skip = new Set<CommandType>(open ? [open.command] : []);
  for (const a of view.actions) if (a.oneClick) skip.add(a.command);
  if (matches) {
    skip.add('no_match');
    // Without candidates the desk may still apply an entry it found by itself (by its ref).
    if (offersAny(matches)) skip.add('apply_match');
  }
  const actions = cardActions(view, opts, plan, ctx, skip, Boolean(open));
  const refresh =
    opts.refreshUserIds && opts.refreshUserIds.length > 0
      ? {
          action: {
            type: 'Action.Execute',
            verb: VERB.refresh,
            data: data({ i: view.id, p: opts.purpose }),
            ...NO_INPUTS,
          },
          userIds: opts.refreshUserIds.slice(0, LIMITS.refreshUserIds),
        }
      : null;
  // What card(body, actions, { refresh }) with Teams' full width added gives, key for key, built
  // as one literal: the card was built, then copied to add `msteams`.
  const type = 'AdaptiveCard';
  const version = CARD_VERSION;
  const msteams = FULL_WIDTH;
  if (actions.length === 0)
    return refresh ? { type, version, refresh, body, msteams } : { type, version, body, msteams };
  return refresh
    ? { type, version, refresh, body, actions, msteams }
    : { type, version, body, actions, msteams };
}

// Styles every card repeats per field and per deadline: one object each, spread into the runs.
const BOLD: RunStyle = { weight: 'Bolder' };
const NO_SPACING: Json = { spacing: 'None' };
const TITLE: RunStyle = { weight: 'Bolder', size: 'Medium' };
const P1: RunStyle = { weight: 'Bolder', color: 'Attention' };
const SUBTLE: RunStyle = { isSubtle: true };
const FULL_WIDTH: Json = { width: 'Full' };

const DEADLINE_COLOR: Readonly<Record<ViewDeadline['state'], RunStyle>> = {
  met: { color: 'Good' },
  met_late: { color: 'Attention' },
  running: {},
  due_soon: { color: 'Warning' },
  overdue: { color: 'Attention', weight: 'Bolder' },
  paused: { isSubtle: true },
};

function deadlinesBlock(deadlines: readonly ViewDeadline[], locale: Locale): Json {
  return {
    type: 'Container',
    separator: true,
    items: [
      textBlock(t(locale, 'teams.deadlines'), BOLD),
      ...deadlines.map((d) =>
        rich(
          [
            run(labelled(locale, d.label), BOLD),
            // No time yet (paused before it was set): the state alone, not "— —".
            ...(d.at ? [run(`${d.atText} — `)] : []),
            run(d.text, DEADLINE_COLOR[d.state]),
          ],
          NO_SPACING,
        ),
      ),
    ],
  };
}

/** The command of a form sent back with a problem, if the card offers it as a form on the card
 *  (a dialog-only form is answered in its dialog). */
function answeredAction(view: IncidentView, problem: FormProblem | null | undefined): ViewAction | undefined {
  if (!problem) return undefined;
  const action = view.actions.find((a) => a.command === problem.command);
  if (!action || action.inputs.length === 0 || DIALOG_ONLY.includes(action.command)) return undefined;
  return formOf(action).action;
}

/** The form a command's button opens: IM2.5 is a yes/no question, and "yes" asks for the IM2.6
 *  dispatch (its inputs required, `needed` preset). */
function formOf(action: ViewAction): { action: ViewAction; pre?: Record<string, string> } {
  if (action.command !== 'decide_onsite') return { action };
  const inputs = action.inputs.filter((i) => i.name !== 'needed').map((i) => ({ ...i, required: true }));
  return { action: { ...action, inputs }, pre: { needed: 'true' } };
}

/** A form in the card body: the state's own (IM2.1 nature and category, IM2.3 impact and
 *  urgency), or one sent back with a problem (as typed, the reason under its input). */
function bodyForm(
  view: IncidentView,
  action: ViewAction,
  opts: IncidentCardOptions,
  ctx: InputContext,
): Json {
  const pre = formOf(action).pre;
  const d = data({
    c: action.command,
    i: view.id,
    v: view.version,
    p: opts.purpose,
    ...(pre ? { pre } : {}),
  });
  const answered = opts.problem?.command === action.command;
  return {
    type: 'Container',
    separator: true,
    items: [
      ...(answered && !IN_BODY.includes(action.command) ? [textBlock(action.formTitle, BOLD)] : []),
      ...formInputs(action.command, action.inputs, {}, ctx, opts.problem),
      {
        type: 'ActionSet',
        actions: [
          execute(
            answered && !IN_BODY.includes(action.command)
              ? t(view.locale, 'teams.submit')
              : (opts.labels?.[action.command] ?? action.label),
            VERB.command,
            d,
            STYLE[action.style],
          ),
          // IM2.5's other answer stays at hand beside its dispatch form.
          ...(pre
            ? [
                execute(
                  t(view.locale, 'teams.onsite.none'),
                  VERB.command,
                  { ...d, pre: { needed: 'false' } },
                  NO_INPUTS,
                ),
              ]
            : []),
        ],
      },
    ],
  };
}

/** A button that needs no form: its style and NO_INPUTS, merged once per style. */
const DIRECT = mapValues(STYLE, (style): Json => ({ ...style, ...NO_INPUTS }));

/** Presets that make a form unnecessary: every input is a required select with one choice. */
function directPresets(inputs: readonly ViewInput[]): Record<string, string> | null {
  const presets: Record<string, string> = {};
  for (const input of inputs) {
    if (input.kind !== 'select' || !input.required || input.options.length !== 1) return null;
    presets[input.name] = input.options[0]?.value ?? '';
  }
  return presets;
}

function cardActions(
  view: IncidentView,
  opts: IncidentCardOptions,
  plan: Plan,
  ctx: InputContext,
  skip: ReadonlySet<CommandType>,
  skipForms: boolean,
): Json[] {
  const l = view.locale;
  // What `data({ ...base, c, pre })` gave (base: i, v, p), key for key, as one literal (withKey).
  const dataOf = (c: CommandType, pre?: Record<string, string> | null): CardData =>
    pre
      ? { itss: 1, i: view.id, v: view.version, p: opts.purpose, c, pre }
      : { itss: 1, i: view.id, v: view.version, p: opts.purpose, c };
  const main = MAIN_ROW[view.status];
  const shown = view.actions.filter((a) => !skip.has(a.command));
  const primary = shown
    .filter((a) => main.includes(a.command))
    .sort((a, b) => main.indexOf(a.command) - main.indexOf(b.command));
  const secondary = shown.filter((a) => !main.includes(a.command));
  const buttons = (action: ViewAction, onCard: boolean): Json[] => {
    const title = opts.labels?.[action.command] ?? action.label;
    if (action.command === 'decide_onsite') {
      // IM2.5 is a yes/no question: "no" needs no form, "yes" asks for the IM2.6 dispatch.
      const no = dataOf('decide_onsite', { needed: 'false' });
      const { action: dispatch, pre } = formOf(action);
      const yes = dataOf('decide_onsite', pre);
      const inline = onCard && !skipForms && plan.inline.has('decide_onsite');
      return [
        execute(t(l, 'teams.onsite.none'), VERB.command, no, NO_INPUTS),
        formAction(dispatch, t(l, 'teams.onsite.needed'), yes, inline, ctx, {}, l),
      ];
    }
    const presets = action.inputs.length > 0 ? directPresets(action.inputs) : null;
    if (action.inputs.length === 0 || presets) {
      const d = dataOf(action.command, presets);
      return [execute(title, VERB.command, d, DIRECT[action.style])];
    }
    const d = dataOf(action.command);
    // With a form in the body, any other form opens as a dialog: a form on the card would gather
    // the body's required inputs too, and the renderer would refuse to send it.
    const inline =
      onCard && !skipForms && plan.inline.has(action.command) && !DIALOG_ONLY.includes(action.command);
    return [formAction(action, title, d, inline, ctx, STYLE[action.style], l)];
  };
  const top = [
    ...primary.flatMap((a) => buttons(a, true)),
    ...saveKnowledgeButton(view, opts),
    ...readButtons(view),
  ];
  const rest = secondary.flatMap((a) => buttons(a, false));
  // Teams shows at most five actions in a row: what does not fit goes behind "More".
  while (top.length > MAX_ACTIONS || (rest.length > 0 && top.length > MAX_ACTIONS - 1)) {
    const moved = top.pop();
    if (moved) rest.unshift(moved.type === 'Action.ShowCard' ? asDialog(moved) : moved);
  }
  if (rest.length === 0) return top;
  const sets: Json[] = [];
  for (let k = 0; k < rest.length; k += MAX_ACTIONS)
    sets.push({ type: 'ActionSet', actions: rest.slice(k, k + MAX_ACTIONS) });
  return [
    ...top,
    { type: 'Action.ShowCard', title: t(l, 'teams.more'), card: { type: 'AdaptiveCard', body: sets } },
  ];
}

/** After IM4.1, for whoever may: the resolution as a draft knowledge entry, edited in a dialog. */
function saveKnowledgeButton(view: IncidentView, opts: IncidentCardOptions): Json[] {
  const save = view.knowledgeActions.find((a) => a.action === 'save_knowledge');
  if (!save) return [];
  const d = data({ i: view.id, v: view.version, p: opts.purpose, k: 'save_knowledge', dlg: 'knowledge' });
  return [dialogButton(save.label, d)];
}

/** Read-only actions (the history): a dialog for whoever clicks, authorised then. Last in the row,
 *  so it is the first to go behind "More" when the row is full. */
function readButtons(view: IncidentView): Json[] {
  return view.readActions.map((a) => dialogButton(a.label, data({ i: view.id, dlg: a.kind })));
}

/** A ShowCard form moved behind "More" opens as a dialog instead (no cards within cards). */
function asDialog(showCard: Json): Json {
  const submit = ((showCard.card as Json).actions as Json[])[0] as Json;
  const d = submit.data as CardData;
  const { type: _t, card: _c, ...rest } = showCard;
  return dialogButton(String(showCard.title), withKey(d, 'dlg', 'command'), rest);
}

/** A form on the card (Action.ShowCard) or, when it does not fit or is secondary, a dialog. */
function formAction(
  action: ViewAction,
  title: string,
  d: CardData,
  inline: boolean,
  ctx: InputContext,
  extra: Json,
  locale: Locale,
): Json {
  if (!inline) return dialogButton(title, withKey(d, 'dlg', 'command'), extra);
  const command = action.command;
  const body = formInputs(command, action.inputs, d.pre ?? {}, ctx);
  const { style: _style, ...rest } = extra;
  return {
    type: 'Action.ShowCard',
    title,
    ...rest,
    card: {
      type: 'AdaptiveCard',
      body,
      actions: [execute(t(locale, 'teams.submit'), VERB.command, d, STYLE.primary)],
    },
  };
}

// ---- lists: my incidents, the desk's queue -----------------------------------------------------

/** One line per incident (number, priority, state, title); a click shows the incident's card. */
export function incidentListCard(
  locale: Locale,
  title: string,
  views: readonly IncidentView[],
  more: number,
): Json {
  const body: Json[] = [textBlock(title, { weight: 'Bolder', size: 'Medium' })];
  if (views.length === 0) body.push(textBlock(t(locale, 'teams.list.empty'), { isSubtle: true }));
  for (const v of views) {
    const next = v.deadlines.find((d) => d.state !== 'met' && d.state !== 'met_late');
    body.push({
      type: 'Container',
      separator: true,
      selectAction: execute(v.number, VERB.open, data({ i: v.id })),
      items: [
        rich([
          run(`${v.number} · `, { weight: 'Bolder' }),
          run(v.priorityLabel, { weight: 'Bolder', ...(v.priority === 1 ? { color: 'Attention' } : {}) }),
          run(` · ${v.statusLabel}`, { isSubtle: true }),
        ]),
        textBlock(truncate(v.title, 200), {}, { spacing: 'None' }),
        ...(next
          ? [
              textBlock(labelled(locale, next.label) + next.text, DEADLINE_COLOR[next.state], {
                spacing: 'None',
              }),
            ]
          : []),
      ],
    });
  }
  if (more > 0) body.push(textBlock(t(locale, 'teams.list.more', { count: more }), { isSubtle: true }));
  return card(body);
}

/** Several incidents wait on the reporter: one button per incident (number, title, the question).
 *  The button carries the kept message's key and the incident id, never the words. */
export function answerChoiceCard(locale: Locale, key: string, choices: readonly AnswerChoice[]): Json {
  const body: Json[] = [
    textBlock(t(locale, 'reply.choice.prompt', { count: choices.length }), { weight: 'Bolder' }),
  ];
  for (const c of choices)
    body.push({
      type: 'Container',
      separator: true,
      items: [
        rich([run(`${c.number} · `, { weight: 'Bolder' }), run(truncate(c.title, 200))]),
        ...(c.question
          ? [
              textBlock(t(locale, 'reply.choice.asked', { question: truncate(c.question, 500) }), {
                isSubtle: true,
              }),
            ]
          : []),
        {
          type: 'ActionSet',
          actions: [
            execute(
              t(locale, 'reply.choice.button', { number: c.number }),
              VERB.answer,
              data({ i: c.incidentId, a: key }),
              NO_INPUTS,
            ),
          ],
        },
      ],
    });
  return card(body);
}

/** A short message as a card (answers to invokes that have no incident card to show). */
export function messageCard(text: string, tone?: 'attention' | 'good'): Json {
  return card([tone ? bannerBlock(text, tone) : textBlock(text)]);
}

/** A link button in the body: opens the browser, sends nothing to the bot. */
export const openUrlSet = (title: string, url: string): Json => ({
  type: 'ActionSet',
  actions: [{ type: 'Action.OpenUrl', title, url }],
});
