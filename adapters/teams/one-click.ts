// One-click choices on a card (IncidentView actions with `oneClick`: IM5.1's satisfaction
// score): the prompt, the action's optional inputs right on the card, and one Action.Execute per
// choice. Action.Execute gathers the card's inputs with the click, so a comment typed first
// travels with the score — still one click, no dialog.
import type { IncidentView } from '../../src/app/views/incident-view.js';
import { execute, type Json, textBlock } from './card-parts.js';
import { type InputContext, inputElements } from './form-cards.js';
import { VERB } from './ids.js';

export function oneClickBlocks(view: IncidentView, purpose: string, ctx: InputContext): Json[] {
  return view.actions.flatMap((action) => {
    if (!action.oneClick) return [];
    const inputs = action.inputs
      .filter((i) => !i.required)
      .flatMap((i) => inputElements(action.command, i, undefined, ctx));
    const buttons = action.oneClick.choices.map((c) =>
      // data({ c, i, v, p, pre }) as one literal (card-parts.ts withKey says why).
      execute(c.label, VERB.command, {
        itss: 1,
        c: action.command,
        i: view.id,
        v: view.version,
        p: purpose,
        pre: c.presets,
      }),
    );
    return [
      {
        type: 'Container',
        separator: true,
        items: [
          textBlock(action.oneClick.prompt, { weight: 'Bolder' }),
          ...inputs,
          { type: 'ActionSet', actions: buttons },
        ],
      },
    ];
  });
}
