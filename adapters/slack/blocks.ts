// Block Kit renderer of the platform-neutral IncidentView (src/app/views/incident-view.ts): cards, the forms
// each action asks for (modals), the report form and App Home. It adds no facts of its own;
// everything shown comes from the view, and every string people typed is escaped here.
import type { types, ViewStateValue } from '@slack/bolt';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import type { IncidentView, ViewAction, ViewDeadline, ViewInput } from '../../src/app/views/incident-view.js';
import { offersAny } from '../../src/app/views/match-view.js';
import { DESCRIPTION_MAX, type ReportPrefill } from '../../src/app/views/report-prefill.js';
import type { CommandType } from '../../src/core/commands.js';
import type { Locale } from '../../src/core/config.js';
import { labelled, type MessageKey, t } from '../../src/i18n/index.js';
import { type Block, button, inputBlock, selectElement } from './elements.js';
import {
  ACTION,
  CALLBACK,
  type CommandMeta,
  encodeMeta,
  INPUT_ACTION,
  type ReportMeta,
  selectBlockId,
} from './ids.js';
import { matchingSection, saveKnowledgeButtons } from './knowledge-blocks.js';
import { oneClickBlocks } from './one-click-blocks.js';
import { boldLabel, esc, escapedChunks, escapeWithin, LIMITS, mrkdwn, plain, truncate } from './text.js';

export type { Block } from './elements.js';

type ActionElement = types.ActionsBlockElement;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** Commands whose inputs are shown as selects right on the card (IM2.1 and IM2.3). */
const INLINE_SELECTS: readonly CommandType[] = ['classify', 'prioritise'];
/** Description shown on a card before "Show full text". */
const CARD_DESCRIPTION = 1200;

export interface CardOptions {
  /** IM2.7 result for the desk card; null/undefined = no matching section. */
  matches?: MatchResult | null;
  /** Before IM2.7: confident matches in one line (src/app/views/match-view.ts earlyMatchHint). */
  earlyMatches?: string | null;
  /** A line under the card (how its thread is used). */
  hint?: string | null;
  /** Other words for some buttons (the reporter's "Fixed" / "Still broken"). */
  labels?: Partial<Record<CommandType, string>>;
  /** The incident's web page, without a token (src/app/web-server/chat-link.ts). */
  pageUrl?: string | null;
}

/** Fallback text of a card message (notifications, screen readers). */
export const cardText = (view: IncidentView): string =>
  escapeWithin(`${view.number} · ${view.title} · ${view.statusLabel}`, 300).text;

export function cardBlocks(view: IncidentView, opts: CardOptions = {}): Block[] {
  const l = view.locale;
  const blocks: Block[] = [
    { type: 'header', text: plain(`${view.number} · ${view.title}`, LIMITS.headerText) },
    {
      type: 'context',
      elements: [mrkdwn(`*${esc(view.priorityLabel)}* · ${esc(view.statusLabel)} · ${esc(view.stepLabel)}`)],
    },
  ];
  if (view.description.trim() !== '') {
    const desc = escapeWithin(view.description, CARD_DESCRIPTION);
    const section: types.SectionBlock = { type: 'section', text: mrkdwn(desc.text) };
    if (desc.cut || view.title.length > LIMITS.headerText - view.number.length - 3)
      section.accessory = {
        type: 'button',
        action_id: ACTION.showFull,
        text: plain(t(l, 'slack.show_full'), LIMITS.buttonText),
        value: view.id,
      };
    blocks.push(section);
  }
  blocks.push(...fieldSections(view));
  blocks.push({ type: 'section', text: mrkdwn(deadlineLines(view.deadlines, l)) });
  if (view.notices.length > 0) {
    const notices = view.notices.map((n) => `• ${esc(n)}`).join('\n');
    blocks.push({ type: 'section', text: mrkdwn(escapeWithinEscaped(notices, LIMITS.sectionText)) });
  }
  if (opts.earlyMatches)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:bulb: ${escapeWithin(opts.earlyMatches, 1500).text}`)],
    });
  const has = (c: CommandType) => view.actions.some((a) => a.command === c);
  const matching = opts.matches != null && (has('no_match') || has('apply_match'));
  if (matching && opts.matches) blocks.push(...matchingSection(view, opts.matches));
  for (const action of view.actions.filter((a) => INLINE_SELECTS.includes(a.command) && allSelects(a)))
    blocks.push(selectBlock(view, action));
  for (const action of view.actions) blocks.push(...oneClickBlocks(view, action));
  const buttons = view.actions
    .filter((a) => !a.oneClick)
    .filter((a) => !(INLINE_SELECTS.includes(a.command) && allSelects(a)))
    .filter((a) => !(matching && (a.command === 'no_match' || (a.command === 'apply_match' && hasAny(opts)))))
    .flatMap((a) => buttonsFor(view, a, opts.labels?.[a.command]))
    .concat(saveKnowledgeButtons(view), readButtons(view));
  for (let i = 0; i < buttons.length; i += LIMITS.elementsPerActions)
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.elementsPerActions) });
  if (opts.hint && view.repliesAccepted) blocks.push({ type: 'context', elements: [mrkdwn(esc(opts.hint))] });
  // A link, not a url button: a button would also send an interaction that needs an answer.
  if (opts.pageUrl)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`<${esc(opts.pageUrl)}|${esc(t(l, 'web.card.open'))}>`)],
    });
  return blocks.slice(0, LIMITS.blocksPerMessage);
}

/** Read-only actions (the history): the incident id is all they carry; the click is authorised. */
const readButtons = (view: IncidentView): types.Button[] =>
  view.readActions.map((a) => ({
    type: 'button',
    action_id: ACTION[a.kind],
    text: plain(a.label, LIMITS.buttonText),
    value: view.id,
  }));

const hasAny = (opts: CardOptions) => (opts.matches ? offersAny(opts.matches) : false);

/** Already-escaped text cut to a limit without breaking an entity. */
function escapeWithinEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

function fieldSections(view: IncidentView): Block[] {
  const fields = view.fields.map((f) =>
    mrkdwn(`*${esc(f.label)}*\n${escapeWithin(f.value, LIMITS.sectionFieldText - 80).text}`),
  );
  const sections: Block[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection)
    sections.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
  return sections;
}

const DEADLINE_ICON: Readonly<Record<ViewDeadline['state'], string>> = {
  met: ':white_check_mark:',
  met_late: ':heavy_exclamation_mark:',
  running: ':hourglass_flowing_sand:',
  due_soon: ':warning:',
  overdue: ':red_circle:',
  paused: ':double_vertical_bar:',
};

/** "due — state"; a deadline with no time (paused before it was set) is the state alone, not "— —". */
const dueAndState = (d: ViewDeadline) => (d.at ? `${esc(d.atText)} — ${esc(d.text)}` : esc(d.text));

export function deadlineLines(deadlines: readonly ViewDeadline[], locale: Locale): string {
  const lines = deadlines.map(
    (d) => `${DEADLINE_ICON[d.state]} ${boldLabel(locale, d.label)}${dueAndState(d)}`,
  );
  return [`*${esc(t(locale, 'slack.deadlines'))}*`, ...lines].join('\n');
}

/** Every required input is a select (the optional rest, e.g. IM2.2's note, goes in the form). */
const allSelects = (a: ViewAction) => {
  const required = a.inputs.filter((i) => i.required);
  return required.length > 0 && required.every((i) => i.kind === 'select');
};

function selectBlock(view: IncidentView, action: ViewAction): Block {
  const elements = action.inputs
    .filter((input) => input.required)
    .map((input): ActionElement => {
      if (input.kind !== 'select') throw new Error('inline selects only');
      return selectElement(input, `${ACTION.selectPrefix}${input.name}`, input.initial);
    });
  return {
    type: 'actions',
    block_id: selectBlockId({ command: action.command, incidentId: view.id, version: view.version }),
    elements,
  };
}

/** Presets that make a form unnecessary: every input is a required select with one choice. */
function directPresets(inputs: readonly ViewInput[]): Record<string, string> | null {
  const presets: Record<string, string> = {};
  for (const input of inputs) {
    if (input.kind !== 'select' || !input.required || input.options.length !== 1) return null;
    presets[input.name] = input.options[0]?.value ?? '';
  }
  return presets;
}

function buttonsFor(view: IncidentView, action: ViewAction, label?: string): types.Button[] {
  const l = view.locale;
  // One literal per button rather than a spread of shared keys plus `presets`: on Node 20 keys
  // added after a spread cost ~0.7 µs each time, and every card render makes these
  // (docs/core-speed.md).
  const value = (presets: Record<string, string>) => ({
    incidentId: view.id,
    version: view.version,
    presets,
  });
  if (action.command === 'decide_onsite') {
    // IM2.5 is a yes/no question: "no" needs no form, "yes" opens the IM2.6 dispatch form.
    return [
      button(
        `${ACTION.doPrefix}decide_onsite`,
        t(l, 'slack.onsite.none'),
        value({ needed: 'false' }),
        'default',
      ),
      button(
        `${ACTION.openPrefix}decide_onsite`,
        t(l, 'slack.onsite.needed'),
        value({ needed: 'true' }),
        'default',
      ),
    ];
  }
  const presets = directPresets(action.inputs);
  const text = label ?? action.label;
  if (presets) return [button(`${ACTION.doPrefix}${action.command}`, text, value(presets), action.style)];
  return [button(`${ACTION.openPrefix}${action.command}`, text, value({}), action.style)];
}

// ---- modals ---------------------------------------------------------------------------------

/** The form an action asks for, prefilled with `presets` (e.g. the chosen match). */
export function commandModal(
  view: IncidentView,
  action: ViewAction,
  meta: CommandMeta,
  presets: Readonly<Record<string, string>> = {},
): ModalView {
  const l = view.locale;
  const metadata = encodeMeta(meta);
  if (metadata.length > LIMITS.privateMetadata) throw new Error('private_metadata too long');
  return {
    type: 'modal',
    callback_id: CALLBACK.command,
    private_metadata: metadata,
    title: plain(action.formTitle, LIMITS.modalTitle),
    submit: plain(t(l, 'slack.submit'), LIMITS.modalButton),
    close: plain(t(l, 'slack.close'), LIMITS.modalButton),
    blocks: [
      {
        type: 'context',
        elements: [mrkdwn(`*${esc(view.number)}* · ${escapeWithin(view.title, 500).text}`)],
      },
      ...action.inputs.map((input) => inputBlock(input, presets[input.name], l)),
    ],
  };
}

type StateValues = Record<string, Record<string, ViewStateValue>>;
type StateValue = ViewStateValue & { selected_date_time?: number | null };

/** Modal state → form values for parseCommand (src/app/views/forms.ts). */
export function readInputs(values: StateValues | undefined): Record<string, string | string[] | null> {
  const out: Record<string, string | string[] | null> = {};
  for (const [name, actions] of Object.entries(values ?? {})) {
    const v = actions[INPUT_ACTION] as StateValue | undefined;
    if (v) out[name] = stateValue(v);
  }
  return out;
}

export function stateValue(v: StateValue): string | string[] | null {
  switch (v.type) {
    case 'static_select':
    case 'external_select':
      return v.selected_option?.value ?? null;
    case 'multi_static_select':
    case 'checkboxes':
      return (v.selected_options ?? []).map((o) => o.value ?? '');
    case 'datetimepicker':
      return v.selected_date_time ? String(v.selected_date_time) : null;
    default:
      return v.value ?? null;
  }
}

/** IM1: title, description, affected service, how bad it is for the reporter. */
export function reportModal(locale: Locale, prefill: ReportPrefill, meta: ReportMeta): ModalView {
  const severities = [1, 2, 3, 4].map((n) => ({
    text: plain(t(locale, `slack.severity.${n}` as MessageKey), LIMITS.optionText),
    value: String(n),
  }));
  const text = (
    name: string,
    key: MessageKey,
    opts: { multiline: boolean; max: number; initial?: string; optional?: boolean },
  ): types.InputBlock => ({
    type: 'input',
    block_id: name,
    optional: opts.optional ?? false,
    label: plain(t(locale, key), 2000),
    element: {
      type: 'plain_text_input',
      action_id: INPUT_ACTION,
      multiline: opts.multiline,
      max_length: opts.max,
      ...(opts.initial ? { initial_value: truncate(opts.initial, opts.max) } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.report,
    private_metadata: JSON.stringify(meta),
    title: plain(t(locale, 'slack.report.title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'slack.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'slack.close'), LIMITS.modalButton),
    blocks: [
      text('title', 'field.title', { multiline: false, max: 200, initial: prefill.title }),
      text('description', 'field.description', {
        multiline: true,
        max: Math.min(DESCRIPTION_MAX, LIMITS.inputMaxLength),
        initial: prefill.description,
        optional: true,
      }),
      text('service', 'field.service', { multiline: false, max: 200, optional: true }),
      {
        type: 'input',
        block_id: 'severity',
        optional: true,
        label: plain(t(locale, 'field.severity'), 2000),
        element: {
          type: 'static_select',
          action_id: INPUT_ACTION,
          placeholder: plain(t(locale, 'slack.select.placeholder'), LIMITS.placeholder),
          options: severities,
        },
      },
    ],
  };
}

/** "Show full text": the description (and the resolution) in as many sections as it takes. */
export function fullTextModal(view: IncidentView): ModalView {
  const l = view.locale;
  const resolution = view.fields.find((f) => f.key === 'resolution');
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(`*${esc(view.number)}* · *${escapeWithin(view.title, 2800).text}*`) },
    ...escapedChunks(view.description, LIMITS.sectionText).map(
      (chunk): Block => ({ type: 'section', text: mrkdwn(chunk) }),
    ),
  ];
  if (resolution)
    blocks.push(
      { type: 'divider' },
      ...escapedChunks(labelled(l, resolution.label) + resolution.value, LIMITS.sectionText).map(
        (chunk): Block => ({ type: 'section', text: mrkdwn(chunk) }),
      ),
    );
  return {
    type: 'modal',
    callback_id: CALLBACK.fullText,
    title: plain(t(l, 'slack.full_text.title'), LIMITS.modalTitle),
    close: plain(t(l, 'slack.close'), LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

/** The offer made in a DM or after a mention: one button that opens the report form. */
export function offerBlocks(locale: Locale, text: string): Block[] {
  return [
    { type: 'section', text: mrkdwn(esc(t(locale, 'slack.offer'))) },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.openReport,
          style: 'primary',
          text: plain(t(locale, 'action.report'), LIMITS.buttonText),
          value: truncate(text, 1900),
        },
      ],
    },
  ];
}

// ---- App Home -------------------------------------------------------------------------------

export interface HomeSection {
  title: string;
  views: readonly IncidentView[];
  /** How many more there are than shown. */
  more: number;
}

/** One section per incident: number, priority, title, state and each deadline's state. */
export function homeView(locale: Locale, sections: readonly HomeSection[]): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: plain(t(locale, 'slack.home.title'), LIMITS.headerText) },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.openReport,
          style: 'primary',
          text: plain(t(locale, 'action.report'), LIMITS.buttonText),
          value: '',
        },
        {
          type: 'button',
          action_id: ACTION.homeRefresh,
          text: plain(t(locale, 'slack.home.refresh'), LIMITS.buttonText),
          value: 'refresh',
        },
      ],
    },
  ];
  // Up to 100 blocks in a Home tab: 2 above, per section 2 + one per incident + one "more".
  const budget = LIMITS.blocksPerView - blocks.length - sections.length * 3;
  const perSection = Math.max(1, Math.floor(budget / Math.max(1, sections.length)));
  for (const section of sections) {
    blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(`*${esc(section.title)}*`) });
    const shown = section.views.slice(0, perSection);
    if (shown.length === 0)
      blocks.push({ type: 'context', elements: [mrkdwn(esc(t(locale, 'slack.home.empty')))] });
    for (const v of shown) blocks.push({ type: 'section', text: mrkdwn(homeLine(v)) });
    const more = section.more + section.views.length - shown.length;
    if (more > 0)
      blocks.push({
        type: 'context',
        elements: [mrkdwn(esc(t(locale, 'slack.home.more', { count: more })))],
      });
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

function homeLine(v: IncidentView): string {
  const head = `*${esc(v.number)}* · ${esc(v.priorityLabel)} · ${escapeWithin(v.title, 300).text}`;
  const state = `${esc(v.statusLabel)} · ${esc(v.stepLabel)}`;
  const deadlines = v.deadlines
    .map((d) => `${DEADLINE_ICON[d.state]} ${esc(labelled(v.locale, d.label))}${dueAndState(d)}`)
    .join('\n');
  return `${head}\n${state}\n${deadlines}`;
}
