// IM2.8 "didn't help" on the desk card (Slack desk trial 2026-12-07, finding 7i): the entry the
// desk rejected for this incident is no longer offered with Apply, however well it still scores.
import { describe, expect, it } from 'vitest';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import type { MatchCandidate } from '../../src/app/ports.js';
import { buildMatchView, earlyMatchHint, offersAny } from '../../src/app/views/match-view.js';

const candidate = (ref: string, o: Partial<MatchCandidate> = {}): MatchCandidate => ({
  ref,
  kind: 'article',
  title: `Title of ${ref}`,
  snippet: 'Restart it.',
  score: 0.81,
  matchedWords: ['vpn'],
  sourceUrl: null,
  category: null,
  confident: true,
  ...o,
});

describe('match view: rejected entries', () => {
  it('leaves a rejected entry out of the offers and names it once', () => {
    const result: MatchResult = {
      candidates: [
        candidate('KB-1', { notHelpfulHere: true }),
        candidate('KB-2', { confident: false, score: 0.2 }),
      ],
      noGoodMatch: false,
    };
    const view = buildMatchView(result, 'en');
    expect(view.answers).toEqual([]);
    expect(view.weak.map((c) => c.ref)).toEqual(['KB-2']);
    expect(view.noGoodMatch).not.toBeNull();
    expect(view.rejected).toBe(
      'Marked as not helpful for this incident, no longer offered: KB-1 Title of KB-1',
    );
    expect(buildMatchView(result, 'zh-CN').rejected).toBe(
      '已标记为对本事件没有帮助，不再推荐：KB-1 Title of KB-1',
    );
    expect(offersAny(result)).toBe(true);
    expect(earlyMatchHint(result, 'en')).toBeNull();
  });

  it('with every entry rejected the card offers none, so it keeps the plain Apply', () => {
    const result: MatchResult = {
      candidates: [candidate('KB-1', { notHelpfulHere: true })],
      noGoodMatch: false,
    };
    expect(offersAny(result)).toBe(false);
    expect(buildMatchView(result, 'en').answers).toEqual([]);
  });

  it('nothing rejected: no line', () => {
    const result: MatchResult = { candidates: [candidate('KB-1')], noGoodMatch: false };
    expect(buildMatchView(result, 'en').rejected).toBeNull();
    expect(buildMatchView(result, 'en').answers.map((c) => c.ref)).toEqual(['KB-1']);
  });
});
