// The IM2.7/IM2.8 match card as data, in the viewer's language: Slack and Teams renderers turn it
// into blocks. Confident candidates are offered as answers; weaker ones only under "weak
// suggestions", and the card leads with "no good match" when none is confident.
import type { Locale } from '../../core/config.js';
import type { Status } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import type { MatchResult } from '../knowledge-service.js';

export interface MatchItemView {
  ref: string;
  kind: string;
  title: string;
  /** "87% match" */
  score: string;
  /** "Matched words: printer, offline" */
  matched: string;
  snippet: string;
  link: string | null;
  /** Button labels; the adapter wires them to applyMatch / notHelpful with `ref`. */
  actions: { apply: string; notHelpful: string };
}

export interface MatchCardView {
  heading: string;
  /** Set when nothing is confident: shown instead of an answer. */
  noGoodMatch: string | null;
  answers: MatchItemView[];
  weakHeading: string | null;
  weak: MatchItemView[];
  /** IM2.8 "didn't help" given for this incident: those entries named, no longer offered (no
   *  Apply); null when none. */
  rejected: string | null;
  /** Labels of the section's own buttons: IM2.8 "none fits" (no_match) and IM2.7 again. */
  noneFits: string;
  searchAgain: string;
}

/** "87% match"; a score that would round to 0% reads "<1% match": "0%" looks like no match at all. */
export function matchScoreText(locale: Locale, score: number): string {
  const percent = Math.round(score * 100);
  return percent >= 1 ? t(locale, 'match.score', { score: percent }) : t(locale, 'match.score_below_one');
}

export function buildMatchView(result: MatchResult, locale: Locale): MatchCardView {
  const item = (c: MatchResult['candidates'][number]): MatchItemView => ({
    ref: c.ref,
    kind: t(locale, `match.kind.${c.kind}`),
    title: c.title,
    score: matchScoreText(locale, c.score),
    matched: t(locale, 'match.matched_words', {
      words: c.matchedWords.join(locale === 'zh-CN' ? '、' : ', '),
    }),
    snippet: c.snippet,
    link: c.sourceUrl,
    actions: { apply: t(locale, 'match.apply'), notHelpful: t(locale, 'match.not_helpful') },
  });
  // An entry the desk said didn't help stays out of the offers, however well it still scores.
  const offered = result.candidates.filter((c) => !c.notHelpfulHere);
  const answers = offered.filter((c) => c.confident).map(item);
  const weak = offered.filter((c) => !c.confident).map(item);
  const rejected = result.candidates
    .filter((c) => c.notHelpfulHere)
    .map((c) => `${c.ref} ${c.title}`)
    .join(locale === 'zh-CN' ? '；' : '; ');
  return {
    heading: t(locale, 'match.heading'),
    noGoodMatch: answers.length === 0 ? t(locale, 'match.no_good_match') : null,
    answers,
    weakHeading: weak.length > 0 ? t(locale, 'match.weak') : null,
    weak,
    rejected: rejected ? t(locale, 'match.rejected', { items: rejected }) : null,
    noneFits: t(locale, 'match.none_fits'),
    searchAgain: t(locale, 'match.search_again'),
  };
}

/** Whether the matching section offers any entry with its own Apply. When none (nothing found,
 *  or every entry was marked "didn't help"), the card keeps the plain Apply, to give a reference
 *  the desk found by itself. */
export const offersAny = (result: MatchResult): boolean => result.candidates.some((c) => !c.notHelpfulHere);

/** Statuses before IM2.7 in which the desk card already hints at confident matches. */
export const EARLY_MATCH_STATUSES: readonly Status[] = ['registered', 'classified', 'prioritised'];

/**
 * Matching when an incident is reported: before IM2.7 the desk sees, in one line, the entries
 * that already match confidently (at most three, no buttons: deciding is IM2.8's). Null when
 * none does, so a weak guess never reaches the card.
 */
export function earlyMatchHint(result: MatchResult, locale: Locale): string | null {
  const confident = result.candidates.filter((c) => c.confident && !c.notHelpfulHere).slice(0, 3);
  if (confident.length === 0) return null;
  const items = confident
    .map((c) => `${c.ref} ${c.title} (${matchScoreText(locale, c.score)})`)
    .join(locale === 'zh-CN' ? '；' : '; ');
  return t(locale, 'match.early', { items });
}
