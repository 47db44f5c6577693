// Block Kit elements shared by the incident card (blocks.ts) and the knowledge section
// (knowledge-blocks.ts): buttons, selects and form inputs. Here so those two files need not
// import each other.
import type { types } from '@slack/bolt';
import type { ViewAction, ViewInput } from '../../src/app/views/incident-view.js';
import type { ViewOption } from '../../src/app/views/inputs.js';
import type { Locale } from '../../src/core/config.js';
import { t } from '../../src/i18n/index.js';
import { encodeButton, INPUT_ACTION } from './ids.js';
import { LIMITS, plain, truncate } from './text.js';

export type Block = types.KnownBlock;
export type Option = types.PlainTextOption;

export const option = (o: ViewOption): Option => ({
  text: plain(optionLabel(o.label), LIMITS.optionText),
  value: o.value,
});

/** A long "Path › Category → Team" keeps its routing hint: the path is cut, not the team. */
function optionLabel(text: string): string {
  const arrow = text.lastIndexOf(' → ');
  if (text.length <= LIMITS.optionText || arrow < 0) return text;
  const hint = text.slice(arrow);
  return truncate(text.slice(0, arrow), Math.max(10, LIMITS.optionText - hint.length)) + hint;
}

/** A static select, or an external one (options loaded on demand) beyond Slack's 100. */
export function selectElement(
  input: Extract<ViewInput, { kind: 'select' }>,
  actionId: string,
  initial: string | null,
): types.StaticSelect | types.ExternalSelect {
  const chosen = input.options.find((o) => o.value === initial);
  const placeholder = plain(truncate(input.label, LIMITS.placeholder), LIMITS.placeholder);
  if (input.options.length > LIMITS.optionsPerSelect)
    return {
      type: 'external_select',
      action_id: actionId,
      placeholder,
      min_query_length: 0,
      ...(chosen ? { initial_option: option(chosen) } : {}),
    };
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder,
    options: input.options.map(option),
    ...(chosen ? { initial_option: option(chosen) } : {}),
  };
}

/** Options for an external select, filtered by what the person typed. */
export function filterOptions(options: readonly ViewOption[], query: string): Option[] {
  const q = query.trim().toLowerCase();
  return options
    .filter((o) => q === '' || o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q))
    .slice(0, LIMITS.optionsPerSelect)
    .map(option);
}

export function button(
  actionId: string,
  label: string,
  value: Parameters<typeof encodeButton>[0],
  style: ViewAction['style'],
): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(label, LIMITS.buttonText),
    value: encodeButton(value),
    ...(style === 'default' ? {} : { style }),
  };
}

export function inputBlock(input: ViewInput, preset: string | undefined, locale: Locale): types.InputBlock {
  const base = {
    type: 'input' as const,
    block_id: input.name,
    optional: !input.required,
    label: plain(input.label, 2000),
  };
  switch (input.kind) {
    case 'select': {
      // A required choice with one option (the only on-site task) is made already.
      const only = input.required && input.options.length === 1 ? (input.options[0]?.value ?? null) : null;
      return Object.assign(base, {
        element: selectElement(input, INPUT_ACTION, preset ?? input.initial ?? only),
      });
    }
    case 'multiselect': {
      const initial = input.options.filter((o) =>
        (preset ? preset.split(',') : input.initial).includes(o.value),
      );
      return Object.assign(base, {
        element: {
          type: 'multi_static_select' as const,
          action_id: INPUT_ACTION,
          placeholder: plain(input.label, LIMITS.placeholder),
          options: input.options.slice(0, LIMITS.optionsPerSelect).map(option),
          ...(initial.length ? { initial_options: initial.map(option) } : {}),
        },
      });
    }
    case 'text': {
      const initial = preset ?? input.initial;
      return Object.assign(base, {
        element: {
          type: 'plain_text_input' as const,
          action_id: INPUT_ACTION,
          multiline: input.multiline,
          max_length: Math.min(input.maxLength, LIMITS.inputMaxLength),
          ...(initial ? { initial_value: truncate(initial, LIMITS.inputMaxLength) } : {}),
        },
      });
    }
    case 'boolean': {
      const yes = { text: plain(t(locale, 'option.yes'), LIMITS.optionText), value: 'true' };
      const checked = preset !== undefined ? preset === 'true' : input.initial;
      return Object.assign(base, {
        optional: true,
        element: {
          type: 'checkboxes' as const,
          action_id: INPUT_ACTION,
          options: [yes],
          ...(checked ? { initial_options: [yes] } : {}),
        },
      });
    }
    case 'datetime': {
      const initial = input.initial ? Math.floor(input.initial.getTime() / 1000) : undefined;
      return Object.assign(base, {
        element: {
          type: 'datetimepicker' as const,
          action_id: INPUT_ACTION,
          ...(initial ? { initial_date_time: initial } : {}),
        },
      });
    }
  }
}
