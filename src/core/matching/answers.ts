// IM2.7 (search the knowledge base): ranking answers rather than entries. A knowledge base holds
// the same answer several times (an article, its translation, earlier incidents fixed the same
// way): entries that match the same words of the report in the same category are one answer as
// far as the report can tell. Five copies of one answer fill the card's five places and push the
// other plausible answers out (independent-train train split: recall@5 0.854 → 0.889 at 1,000
// entries, 0.809 → 0.864 at 100,000); several agreeing entries are also a little more evidence
// for that answer than one.
import type { Hit } from './score.js';

export interface AnswerParams {
  /** Each earlier-placed entry with the same answer multiplies an entry's rank score by this. */
  repeat: number;
  /** An answer's n agreeing entries raise each one's rank score by this × ln n. */
  agreeing: number;
}

/** Chosen on independent-train's train split (bench/kb-data/README.md), never its dev split. */
export const ANSWER_PARAMS: AnswerParams = { repeat: 0.6, agreeing: 0.05 };

/** Same category, same report words matched (in whatever field). */
export const answerOf = (hit: Hit): string =>
  `${hit.category ?? ''}|${hit.fields.map((f) => (f > 0 ? 1 : 0)).join('')}`;

/**
 * Candidates (best score first) in the order to show them: greedily the highest score after its
 * answer's agreement bonus and its repeat penalty. A repeat drops below another answer only when
 * that one is not much weaker (× 0.6 per copy already placed), so two different problems tying on
 * the same words keep their places above weak matches. Scores are not changed.
 */
export function rankAnswers<T extends { score: number; hit: Hit }>(
  scored: readonly T[],
  p: AnswerParams = ANSWER_PARAMS,
): T[] {
  const keys = scored.map((s) => answerOf(s.hit));
  const size = new Map<string, number>();
  for (const k of keys) size.set(k, (size.get(k) ?? 0) + 1);
  const left = scored.map((s, i) => ({
    s,
    key: keys[i] as string,
    v: s.score * (1 + p.agreeing * Math.log(size.get(keys[i] as string) ?? 1)),
  }));
  const placed = new Map<string, number>();
  const out: T[] = [];
  while (left.length > 0) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    left.forEach((c, i) => {
      const v = c.v * p.repeat ** (placed.get(c.key) ?? 0);
      if (v > bestValue + 1e-12) {
        bestValue = v;
        best = i;
      }
    });
    const [c] = left.splice(best, 1);
    if (!c) break;
    out.push(c.s);
    placed.set(c.key, (placed.get(c.key) ?? 0) + 1);
  }
  return out;
}
