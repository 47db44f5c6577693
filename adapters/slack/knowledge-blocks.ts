// Block Kit for IM2.7/IM2.8 and "save as knowledge": the desk card's matching section, rendered
// from the platform-neutral MatchCardView (src/app/views/match-view.ts), and the save-as-knowledge
// modal built from src/app/views/knowledge-forms.ts. Knowledge entries are people's text: escaped.
import type { types } from '@slack/bolt';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import type { IncidentView, ViewInput } from '../../src/app/views/incident-view.js';
import { buildMatchView, type MatchItemView } from '../../src/app/views/match-view.js';
import { t } from '../../src/i18n/index.js';
import { type Block, button, inputBlock } from './elements.js';
import { ACTION, CALLBACK, encodeKnowledgeMeta, type KnowledgeMeta } from './ids.js';
import { esc, escapeWithin, LIMITS, mrkdwn, plain } from './text.js';

/** Only plain http(s) links become mrkdwn links; anything else could break out of `<…|…>`. */
const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;

export function matchingSection(view: IncidentView, result: MatchResult): Block[] {
  const l = view.locale;
  const card = buildMatchView(result, l);
  const may = (action: string) => view.knowledgeActions.some((a) => a.action === action);
  const canApply = view.actions.some((a) => a.command === 'apply_match');
  // Each entry's buttons are numbered (`…#1`, `…#2`): action_ids stay unique in the message.
  let n = 0;
  const item = (c: MatchItemView, answer: boolean) =>
    itemBlocks(view, c, answer, canApply, may('match_not_helpful'), ++n);
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(`*${esc(card.heading)}*`) }];
  if (card.noGoodMatch)
    blocks.push({ type: 'context', elements: [mrkdwn(`:grey_question: ${esc(card.noGoodMatch)}`)] });
  for (const c of card.answers) blocks.push(...item(c, true));
  if (card.weakHeading) blocks.push({ type: 'context', elements: [mrkdwn(esc(card.weakHeading))] });
  for (const c of card.weak) blocks.push(...item(c, false));
  if (card.rejected)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:no_entry_sign: ${escapeWithin(card.rejected, 2900).text}`)],
    });
  const base = { incidentId: view.id, version: view.version, presets: {} };
  const closing: types.Button[] = [];
  if (view.actions.some((a) => a.command === 'no_match'))
    closing.push(button(`${ACTION.doPrefix}no_match`, card.noneFits, base, 'default'));
  if (may('search_matches')) closing.push(button(ACTION.kbSearch, card.searchAgain, base, 'default'));
  if (closing.length > 0) blocks.push({ type: 'actions', elements: closing });
  return blocks;
}

function itemBlocks(
  view: IncidentView,
  c: MatchItemView,
  answer: boolean,
  canApply: boolean,
  canReject: boolean,
  n: number,
): Block[] {
  const link =
    c.link && SAFE_URL.test(c.link)
      ? `\n<${c.link}|${esc(t(view.locale, 'match.source', { link: c.ref }))}>`
      : '';
  const matched = c.matched ? `\n_${escapeWithin(c.matched, 300).text}_` : '';
  const text =
    `*${escapeWithin(c.title, 200).text}*\n${esc(`${c.kind} ${c.ref} · ${c.score}`)}${matched}` +
    `\n${escapeWithin(c.snippet, 600).text}${link}`;
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(text) }];
  const value = { incidentId: view.id, version: view.version };
  const buttons: types.Button[] = [];
  if (canApply)
    buttons.push(
      button(
        `${ACTION.openPrefix}apply_match#${n}`,
        c.actions.apply,
        Object.assign({}, value, { presets: { matchRef: c.ref } }),
        answer ? 'primary' : 'default',
      ),
    );
  if (canReject)
    buttons.push(
      button(
        `${ACTION.kbNotHelpful}#${n}`,
        c.actions.notHelpful,
        Object.assign({}, value, { presets: { ref: c.ref } }),
        'default',
      ),
    );
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return blocks;
}

/** The "Save as knowledge" button of a resolved card, when the viewer may. */
export function saveKnowledgeButtons(view: IncidentView): types.Button[] {
  const save = view.knowledgeActions.find((a) => a.action === 'save_knowledge');
  if (!save) return [];
  return [
    button(ACTION.kbSave, save.label, { incidentId: view.id, version: view.version, presets: {} }, 'default'),
  ];
}

/** After IM4.1: the resolution as a draft entry, prefilled; the agent edits it for others. */
export function saveKnowledgeModal(
  view: IncidentView,
  inputs: readonly ViewInput[],
  meta: KnowledgeMeta,
): types.ModalView {
  const l = view.locale;
  return {
    type: 'modal',
    callback_id: CALLBACK.saveKnowledge,
    private_metadata: encodeKnowledgeMeta(meta),
    title: plain(t(l, 'match.save_as_knowledge'), LIMITS.modalTitle),
    submit: plain(t(l, 'knowledge.form.submit'), LIMITS.modalButton),
    close: plain(t(l, 'slack.close'), LIMITS.modalButton),
    blocks: [
      {
        type: 'context',
        elements: [mrkdwn(`*${esc(view.number)}* · ${escapeWithin(view.title, 500).text}`)],
      },
      { type: 'context', elements: [mrkdwn(esc(t(l, 'knowledge.form.intro')))] },
      ...inputs.map((input) => inputBlock(input, undefined, l)),
    ],
  };
}
