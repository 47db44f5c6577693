// One-click choices on a card (IncidentView actions with `oneClick`: IM5.1's satisfaction
// score): the prompt, the action's optional inputs as input blocks right in the message, and one
// button per choice. Slack sends the message's input values with the click (block_actions
// `state`), so a comment typed first travels with the score — still one click, no modal.
import type { types } from '@slack/bolt';
import type { IncidentView, ViewAction } from '../../src/app/views/incident-view.js';
import type { CommandType } from '../../src/core/commands.js';
import { type Block, button, inputBlock } from './elements.js';
import { ACTION } from './ids.js';
import { esc, LIMITS, mrkdwn } from './text.js';

/** Block id of an input on the card itself: `itss:in:<command>:<input name>`. */
const cardInputBlockId = (command: CommandType, name: string) =>
  `${ACTION.cardInputPrefix}${command}:${name}`;

export function oneClickBlocks(view: IncidentView, action: ViewAction): Block[] {
  if (!action.oneClick) return [];
  const base = { incidentId: view.id, version: view.version };
  const inputs = action.inputs
    .filter((i) => !i.required)
    .map(
      (i): types.InputBlock =>
        Object.assign(inputBlock(i, undefined, view.locale), {
          block_id: cardInputBlockId(action.command, i.name),
        }),
    );
  // Action ids must differ within a block: `itss:do:rate#3` is still the `rate` command.
  const buttons = action.oneClick.choices.map((c, k) =>
    button(
      `${ACTION.doPrefix}${action.command}#${k + 1}`,
      c.label,
      Object.assign({}, base, { presets: c.presets }),
      'default',
    ),
  );
  const rows: Block[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.elementsPerActions)
    rows.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.elementsPerActions) });
  return [{ type: 'section', text: mrkdwn(esc(action.oneClick.prompt)) }, ...inputs, ...rows];
}
