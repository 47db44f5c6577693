// The threshold rule of the IM2.8 confidence (issue 14): confident wrong is judged with one
// standard error for the number of answerable queries, so a small dev set cannot place the
// threshold where the point estimate just scrapes under 3 %.
import { describe, expect, it } from 'vitest';
import {
  answerableQueries,
  confidentWrongBound,
  type Metrics,
  meetsTargets,
  type Query,
} from '../../bench/kb-eval.js';

const figures = (confidentWrong: number, noAnswerCorrect: number): Metrics => ({
  answerable: 372,
  recallAt1: 0.6,
  recallAt5: 0.8,
  mrr: 0.7,
  crossRecallAt5: 0.5,
  noAnswer: 204,
  noAnswerCorrect,
  falseNoMatch: 0.6,
  confidentWrong,
  hard: 0,
  hardRecallAt1: Number.NaN,
});

describe('threshold rule', () => {
  it('adds one standard error over the answerable queries to confident wrong', () => {
    const { margin, bound } = confidentWrongBound(0.024, 93);
    expect(margin).toBeCloseTo(Math.sqrt((0.024 * 0.976) / 93));
    expect(bound).toBeCloseTo(0.024 + 0.01587, 4);
  });

  it("rejects 2.4 % on 93 queries (last round's 0.65) and accepts it on 2,000", () => {
    expect(meetsTargets(figures(0.024, 0.88), 93)).toBe(false);
    expect(meetsTargets(figures(0.024, 0.88), 2000)).toBe(true);
    expect(meetsTargets(figures(0.013, 0.9), 93)).toBe(true);
    // No-answer caught is still a plain floor.
    expect(meetsTargets(figures(0, 0.84), 93)).toBe(false);
  });

  it('counts a query once however many lists it has, and only answerable ones', () => {
    const q = (text: string, expected: string[]): Query => ({ split: 'dev', expected, category: null, text });
    expect(
      answerableQueries([q('vpn down', ['p1']), q('vpn down', ['p1']), q('projector', []), q('x', ['p2'])]),
    ).toBe(2);
  });
});
