// The knowledge matches on the desk card (IM2.7/IM2.8), as src/app/views/match-view.ts words them: the
// early-match line before IM2.7 and the matching section with its candidates and buttons.
// Entry titles and snippets are imported text: they go in TextRuns, links only if plain http(s).
import type { MatchResult } from '../../src/app/knowledge-service.js';
import type { IncidentView } from '../../src/app/views/incident-view.js';
import { buildMatchView, type MatchItemView } from '../../src/app/views/match-view.js';
import type { KnowledgeAction } from '../../src/core/knowledge-rules.js';
import { t } from '../../src/i18n/index.js';
import { dialogButton, execute, type Json, STYLE, textBlock } from './card-parts.js';
import { type CardData, VERB } from './ids.js';
import { truncate } from './text.js';

/** What the section needs of the card it is on. */
export interface MatchSection {
  /** chat_refs purpose of the card, carried back by its buttons. */
  purpose: string;
  /** False when the card is too big for Teams: candidates lose their snippets first. */
  snippets: boolean;
}

/** Before IM2.7: confident matches in one line (earlyMatchHint); a TextRun, as it names entries. */
export const earlyMatchLine = (line: string): Json => textBlock(truncate(line, 1500), { isSubtle: true });

/** Links people may open from a card: plain http(s) only (an entry's source is imported text). */
const SAFE_URL = /^https?:\/\/[^\s<>"]+$/;

const may = (view: IncidentView, action: KnowledgeAction) =>
  view.knowledgeActions.some((a) => a.action === action);

/**
 * IM2.7/IM2.8 on the desk card (src/app/views/match-view.ts): "no good match" when nothing is
 * confident, the confident answers, then weak suggestions under their own heading; below them
 * "None fits" (IM2.8 no) and "Search again" (IM2.7 on demand).
 */
export function matchingBlock(view: IncidentView, result: MatchResult, section: MatchSection): Json {
  const l = view.locale;
  const m = buildMatchView(result, l);
  const items: Json[] = [textBlock(m.heading, { weight: 'Bolder' })];
  if (m.noGoodMatch) items.push(textBlock(m.noGoodMatch, { color: 'Warning' }, { spacing: 'Small' }));
  const item = (c: MatchItemView, answer: boolean) => matchItem(view, result, c, answer, section);
  items.push(...m.answers.map((c) => item(c, true)));
  if (m.weakHeading) items.push(textBlock(m.weakHeading, { isSubtle: true }, { separator: true }));
  items.push(...m.weak.map((c) => item(c, false)));
  if (m.rejected) items.push(textBlock(truncate(m.rejected, 1500), { isSubtle: true }, { separator: true }));
  const closing: Json[] = [];
  if (view.actions.some((a) => a.command === 'no_match'))
    closing.push(execute(m.noneFits, VERB.command, dataOf(view, section, { c: 'no_match' })));
  if (may(view, 'search_matches'))
    closing.push(execute(m.searchAgain, VERB.knowledge, dataOf(view, section, { k: 'search_matches' })));
  if (closing.length > 0) items.push({ type: 'ActionSet', separator: true, actions: closing });
  return { type: 'Container', separator: true, items };
}

/** One candidate: what it is, how well it matches and why, and what the desk can do with it. */
function matchItem(
  view: IncidentView,
  result: MatchResult,
  c: MatchItemView,
  answer: boolean,
  section: MatchSection,
): Json {
  const candidate = result.candidates.find((x) => x.ref === c.ref);
  const lines: Json[] = [
    textBlock(truncate(c.title, 200), { weight: 'Bolder' }),
    textBlock(`${c.kind} ${c.ref} · ${c.score}`, { isSubtle: true }, { spacing: 'None' }),
  ];
  if ((candidate?.matchedWords.length ?? 0) > 0)
    lines.push(textBlock(truncate(c.matched, 300), { italic: true, isSubtle: true }, { spacing: 'None' }));
  if (section.snippets && c.snippet)
    lines.push(textBlock(truncate(c.snippet, 600), {}, { spacing: 'Small' }));
  const buttons: Json[] = [];
  if (view.actions.some((a) => a.command === 'apply_match')) {
    // The dialog prefills the entry's whole solution (its reference, link and steps).
    const workaround = candidate?.kind === 'known_error' || candidate?.kind === 'problem';
    const pre = { matchRef: c.ref, code: workaround ? 'workaround' : 'solved' };
    const d = dataOf(view, section, { c: 'apply_match', dlg: 'command', pre });
    buttons.push(dialogButton(c.actions.apply, d, answer ? STYLE.primary : {}));
  }
  if (may(view, 'match_not_helpful'))
    buttons.push(
      execute(
        c.actions.notHelpful,
        VERB.knowledge,
        dataOf(view, section, { k: 'match_not_helpful', pre: { ref: c.ref } }),
      ),
    );
  if (c.link && SAFE_URL.test(c.link))
    buttons.push({
      type: 'Action.OpenUrl',
      title: t(view.locale, 'match.source', { link: c.ref }),
      url: c.link,
    });
  if (buttons.length > 0) lines.push({ type: 'ActionSet', actions: buttons });
  return { type: 'Container', separator: true, items: lines };
}

/** What `data({ ...base, ...more })` gave (base: i, v, p), key for key, without the leading
 *  spread (card-parts.ts withKey says why). */
const dataOf = (view: IncidentView, section: MatchSection, more: Omit<CardData, 'itss' | 'i' | 'v' | 'p'>) =>
  Object.assign({ itss: 1 as const, i: view.id, v: view.version, p: section.purpose }, more);
