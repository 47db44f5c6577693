// What a person typed into the inputs of a card itself (one-click choices, one-click-blocks.ts):
// Slack sends the message's input values with a click, under the blocks' ids.
import type { CommandType } from '../../src/core/commands.js';
import { stateValue } from './blocks.js';
import { ACTION } from './ids.js';
import type { StateValues } from './payloads.js';

/** What the person typed into the card's own inputs for `command`, by input name. */
export function cardInputValues(state: { values: StateValues } | undefined, command: CommandType) {
  const prefix = `${ACTION.cardInputPrefix}${command}:`;
  const values: Record<string, string> = {};
  for (const [blockId, elements] of Object.entries(state?.values ?? {})) {
    if (!blockId.startsWith(prefix)) continue;
    for (const element of Object.values(elements)) {
      const v = stateValue(element);
      if (typeof v === 'string') values[blockId.slice(prefix.length)] = v;
    }
  }
  return values;
}
