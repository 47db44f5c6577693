// Ranking answers rather than entries (pure): copies of one answer do not fill the card, and
// agreeing entries count a little for their answer.
import { describe, expect, it } from 'vitest';
import { answerOf, rankAnswers } from '../../src/core/matching/answers.js';
import type { Hit } from '../../src/core/matching/score.js';

const hit = (fields: Hit['fields'], category: string | null): Hit => ({
  fields,
  titleTerms: 2,
  kind: 'incident',
  category,
  helped: 0,
  notHelped: 0,
  demoted: false,
});
const entry = (ref: string, score: number, fields: Hit['fields'], category: string | null = 'storage') => ({
  ref,
  score,
  hit: hit(fields, category),
});
const refs = (xs: readonly { ref: string }[]) => xs.map((x) => x.ref);

describe('answers', () => {
  it('are entries of one category matching the same report words, whatever the field', () => {
    expect(answerOf(hit([3, 2, 0], 'storage'))).toBe(answerOf(hit([1, 3, 0], 'storage')));
    expect(answerOf(hit([3, 2, 0], 'storage'))).not.toBe(answerOf(hit([3, 2, 1], 'storage')));
    expect(answerOf(hit([3, 2, 0], 'storage'))).not.toBe(answerOf(hit([3, 2, 0], 'server')));
  });
});

describe('ranking answers', () => {
  it('lets a slightly weaker other answer in before the copies of the leading one', () => {
    const ranked = rankAnswers([
      entry('A1', 0.43, [3, 3, 0]),
      entry('A2', 0.43, [2, 3, 0]),
      entry('A3', 0.43, [3, 2, 0]),
      entry('B', 0.3, [3, 0, 2]),
      entry('C', 0.1, [0, 0, 3], 'server'),
    ]);
    expect(refs(ranked)).toEqual(['A1', 'B', 'A2', 'A3', 'C']);
  });

  it('keeps two problems tying on the same words above a weak match', () => {
    const ranked = rankAnswers([
      entry('virus', 0.92, [3, 3], 'security'),
      entry('ads', 0.92, [3, 3], 'security'),
      entry('weak', 0.18, [3, 0], 'workplace'),
    ]);
    expect(refs(ranked)).toEqual(['virus', 'ads', 'weak']);
  });

  it('puts an answer several entries agree on ahead of a lone entry scoring a little higher', () => {
    const ranked = rankAnswers([
      entry('lone', 0.5, [3, 0, 0], 'network'),
      entry('B1', 0.49, [3, 3, 0]),
      entry('B2', 0.3, [3, 3, 0]),
      entry('B3', 0.3, [2, 3, 0]),
    ]);
    expect(refs(ranked).slice(0, 2)).toEqual(['B1', 'lone']);
  });

  it('leaves the order of distinct answers and every score as they were', () => {
    const scored = [entry('x', 0.9, [3, 0]), entry('y', 0.5, [0, 3]), entry('z', 0.2, [3, 3], 'server')];
    const ranked = rankAnswers(scored);
    expect(refs(ranked)).toEqual(['x', 'y', 'z']);
    expect(ranked.map((r) => r.score)).toEqual([0.9, 0.5, 0.2]);
  });
});
