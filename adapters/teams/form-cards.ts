// The forms actions ask for, as Adaptive Card inputs (src/app/views/incident-view.ts ViewInput): the inputs
// themselves (also used inline on the incident card), each action's form in a dialog, "save as
// knowledge" and the report form (IM1).
import type { IncidentView, ViewAction, ViewInput } from '../../src/app/views/incident-view.js';
import { DESCRIPTION_MAX, type ReportPrefill } from '../../src/app/views/report-prefill.js';
import type { Locale } from '../../src/core/config.js';
import { type MessageKey, t } from '../../src/i18n/index.js';
import {
  bannerBlock,
  card,
  data,
  execute,
  type Json,
  rich,
  run,
  STYLE,
  textBlock,
  withKey,
} from './card-parts.js';
import { type CardData, inputId, REPORT, SAVE_KNOWLEDGE, VERB } from './ids.js';

/** Which line sits above a report form in a chat: the offer after a message, the welcome on install. */
export type ReportLine = 'offer' | NonNullable<CardData['l']>;

import { LIMITS, truncate, zonedParts } from './text.js';

// ---- inputs ------------------------------------------------------------------------------------

export interface InputContext {
  locale: Locale;
  /** Zone in which Input.Date + Input.Time are read (the desk's calendar zone). */
  timeZone: string;
}

type Options = Extract<ViewInput, { kind: 'select' }>['options'];
/** The configuration's lists (natures, categories, teams …) are frozen and shared by every view
 *  of a configuration version (src/app/views/inputs.ts): their choices are made once per list, not
 *  once per input per card. Lists built per view (not frozen) are mapped each time, as before. */
const sharedChoices = new WeakMap<Options, Json[]>();
function choicesOf(options: Options): Json[] {
  const shared = Object.isFrozen(options);
  const known = shared ? sharedChoices.get(options) : undefined;
  if (known) return known;
  const choices = options.map((o) => ({ title: truncate(o.label, 200), value: o.value }));
  if (shared) sharedChoices.set(options, choices);
  return choices;
}

/** The Adaptive Card inputs for one of a view's inputs; ids are `<command>.<name>[.date|.time]`. */
export function inputElements(
  command: string,
  input: ViewInput,
  preset: string | undefined,
  ctx: InputContext,
): Json[] {
  const id = inputId(command, input.name);
  const required = input.required
    ? { isRequired: true, errorMessage: t(ctx.locale, 'teams.input.required') }
    : {};
  const base: Json = { id, label: input.label, ...required };
  switch (input.kind) {
    case 'select': {
      const value = preset ?? input.initial;
      return [
        {
          type: 'Input.ChoiceSet',
          ...base,
          choices: choicesOf(input.options),
          ...(value && input.options.some((o) => o.value === value) ? { value } : {}),
          ...(input.options.length > 10 ? { style: 'filtered' } : {}),
        },
      ];
    }
    case 'multiselect': {
      const chosen = preset ? preset.split(',') : input.initial;
      return [
        {
          type: 'Input.ChoiceSet',
          ...base,
          isMultiSelect: true,
          choices: choicesOf(input.options),
          ...(chosen.length > 0 ? { value: chosen.join(',') } : {}),
        },
      ];
    }
    case 'text': {
      const value = preset ?? input.initial;
      return [
        {
          type: 'Input.Text',
          ...base,
          maxLength: input.maxLength,
          ...(input.multiline ? { isMultiline: true } : {}),
          ...(value ? { value: truncate(value, input.maxLength) } : {}),
        },
      ];
    }
    case 'boolean': {
      const on = preset !== undefined ? preset === 'true' : input.initial;
      return [{ type: 'Input.Toggle', id, title: input.label, value: on ? 'true' : 'false' }];
    }
    case 'datetime': {
      const parts = preset
        ? zonedParts(new Date(preset), ctx.timeZone)
        : input.initial
          ? zonedParts(input.initial, ctx.timeZone)
          : null;
      return [
        {
          type: 'Input.Date',
          id: `${id}.date`,
          label: t(ctx.locale, 'teams.datetime.date', { label: input.label, zone: ctx.timeZone }),
          ...required,
          ...(parts ? { value: parts.date } : {}),
        },
        {
          type: 'Input.Time',
          id: `${id}.time`,
          label: t(ctx.locale, 'teams.datetime.time', { label: input.label }),
          ...required,
          ...(parts ? { value: parts.time } : {}),
        },
      ];
    }
  }
}

/**
 * A form answered with a problem (card-actions.ts): what the click carried and why, shown under
 * the input it is about. Adaptive Cards show an input's `errorMessage` only for the renderer's
 * own checks (required, regex), so the bot's reason is a line in the attention colour instead.
 */
export interface FormProblem {
  command: string;
  /** What was typed, by input id (`<command>.<name>[.date|.time]`), as the click sent it. */
  typed: Readonly<Record<string, string>>;
  /** The input (by name) the problem is about. */
  field: string;
  text: string;
}

/** A form's inputs; with `problem` (for this command), as typed and with the reason under its input. */
export function formInputs(
  command: string,
  inputs: readonly ViewInput[],
  presets: Readonly<Record<string, string | undefined>>,
  ctx: InputContext,
  problem?: FormProblem | null,
): Json[] {
  const answered = problem?.command === command ? problem : null;
  return inputs.flatMap((input) => {
    const elements = inputElements(command, input, presets[input.name], ctx);
    if (!answered) return elements;
    const typed = elements.map((e) => asTyped(e, answered.typed));
    return input.name === answered.field && answered.text ? [...typed, fieldProblem(answered.text)] : typed;
  });
}

/** An input showing what the person sent (nothing typed: empty), not what the form offered. */
function asTyped(element: Json, typed: Readonly<Record<string, string>>): Json {
  const id = String(element.id ?? '');
  if (!Object.hasOwn(typed, id)) return element;
  const { value: _offered, ...rest } = element;
  const value = typed[id] ?? '';
  return value === '' ? rest : { ...rest, value };
}

const fieldProblem = (text: string): Json =>
  textBlock(text, { color: 'Attention', weight: 'Bolder' }, { spacing: 'Small' });

// ---- dialogs (task modules) --------------------------------------------------------------------

/** The form of one action in a dialog; Action.Submit brings the values back as `task/submit`.
 *  `problem`: sent back as typed, with why under its input. */
export function commandFormCard(
  view: IncidentView,
  action: ViewAction,
  d: CardData,
  ctx: InputContext,
  presets: Readonly<Record<string, string>> = {},
  problem?: FormProblem | null,
): Json {
  const body: Json[] = [
    rich([run(`${view.number} · `, { weight: 'Bolder' }), run(truncate(view.title, 500))]),
    ...formInputs(action.command, action.inputs, presets, ctx, problem),
  ];
  const submit = {
    type: 'Action.Submit',
    title: t(view.locale, 'teams.submit'),
    style: 'positive',
    data: withKey(d, 'dlg', 'command'),
  };
  return card(body, [submit]);
}

export const dialogTitle = (view: IncidentView, action: Pick<ViewAction, 'formTitle'>): string =>
  truncate(`${view.number} · ${action.formTitle}`, LIMITS.dialogTitle);

/**
 * "Save as knowledge" in a dialog (src/app/views/knowledge-forms.ts): the resolution, prefilled, to be
 * written for the next agent. `values`: what was typed, when the form comes back with a problem.
 */
export function saveKnowledgeFormCard(
  view: IncidentView,
  inputs: readonly ViewInput[],
  d: CardData,
  ctx: InputContext,
  values: Readonly<Record<string, string>> = {},
): Json {
  const body: Json[] = [
    rich([run(`${view.number} · `, { weight: 'Bolder' }), run(truncate(view.title, 500))]),
    textBlock(t(ctx.locale, 'knowledge.form.intro'), { isSubtle: true }, { spacing: 'Small' }),
    ...inputs.flatMap((input) => inputElements(SAVE_KNOWLEDGE, input, values[input.name], ctx)),
  ];
  const submit = {
    type: 'Action.Submit',
    title: t(ctx.locale, 'knowledge.form.submit'),
    style: 'positive',
    data: withKey(withKey(d, 'k', 'save_knowledge'), 'dlg', 'knowledge'),
  };
  return card(body, [submit]);
}

// ---- the report form (IM1) ---------------------------------------------------------------------

/** Title, description, affected service, how bad it is for the reporter. `dialog`: Action.Submit.
 *  `line`: the line the form is posted with in a chat, carried back by its submit so the
 *  reporter's card it becomes keeps that line (report.ts). */
export function reportFormCard(
  locale: Locale,
  prefill: ReportPrefill,
  mode: 'card' | 'dialog',
  banner?: string,
  line: ReportLine = 'offer',
): Json {
  const id = (name: string) => inputId(REPORT, name);
  const body: Json[] = [];
  if (banner) body.push(bannerBlock(banner, 'attention'));
  body.push(
    textBlock(t(locale, 'teams.report.title'), { weight: 'Bolder', size: 'Medium' }),
    textBlock(t(locale, 'teams.report.intro'), { isSubtle: true }, { spacing: 'None' }),
    {
      type: 'Input.Text',
      id: id('title'),
      label: t(locale, 'field.title'),
      isRequired: true,
      errorMessage: t(locale, 'teams.input.required'),
      maxLength: 200,
      ...(prefill.title ? { value: truncate(prefill.title, 200) } : {}),
    },
    {
      type: 'Input.Text',
      id: id('description'),
      label: t(locale, 'field.description'),
      isMultiline: true,
      // One limit for every platform (Slack's modal input holds 3,000): the app's.
      maxLength: DESCRIPTION_MAX,
      errorMessage: t(locale, 'reason.too_long', { max: DESCRIPTION_MAX }),
      ...(prefill.description ? { value: truncate(prefill.description, DESCRIPTION_MAX) } : {}),
    },
    { type: 'Input.Text', id: id('service'), label: t(locale, 'field.service'), maxLength: 200 },
    {
      type: 'Input.ChoiceSet',
      id: id('severity'),
      label: t(locale, 'field.severity'),
      choices: [1, 2, 3, 4].map((n) => ({
        title: t(locale, `teams.severity.${n}` as MessageKey),
        value: String(n),
      })),
    },
  );
  const d = data(line === 'offer' ? { dlg: 'report' } : { dlg: 'report', l: line });
  const submit =
    mode === 'dialog'
      ? { type: 'Action.Submit', title: t(locale, 'teams.submit'), style: 'positive', data: d }
      : execute(t(locale, 'teams.submit'), VERB.report, d, STYLE.primary);
  return card(body, [submit]);
}
