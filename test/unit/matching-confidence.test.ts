// IM2.8 calibrated confidence (pure): the features a candidate is judged on, the hand-written
// logistic regression, the committed model and how a ranked list becomes card percentages.
import { describe, expect, it } from 'vitest';
import { calibrate, type ExplainedCandidate } from '../../db/knowledge-search.js';
import {
  type CandidateFacts,
  candidateFeatures,
  FEATURES,
  type Feature,
  fitLogistic,
  PRIOR_WEIGHTS,
  probability,
} from '../../src/core/matching/confidence.js';
import { CONFIDENCE_MODEL } from '../../src/core/matching/confidence-model.js';
import type { Hit, WeightedTerm } from '../../src/core/matching/score.js';

const term = (key: string, df: number, w = 1): WeightedTerm => ({
  key,
  surface: key,
  weight: 1,
  unknownLatin: false,
  noun: true,
  df,
  w,
});
const hit = (fields: Hit['fields'], more: Partial<Hit> = {}): Hit => ({
  fields,
  titleTerms: 2,
  kind: 'article',
  category: null,
  helped: 0,
  notHelped: 0,
  demoted: false,
  ...more,
});
const facts = (
  score: number,
  fields: Hit['fields'],
  more: Partial<Hit> = {},
  title = '打印机脱机',
): CandidateFacts => ({
  score,
  hit: hit(fields, more),
  title,
});
const at = (x: readonly number[], f: Feature) => x[FEATURES.indexOf(f)];

describe('candidate features', () => {
  const terms = [term('c_printer', 10, 2), term('c_offline', 5, 3), term('zorg', 0, 1)];

  it('measures the lead over the best other answer, coverage of known words and unknown weight', () => {
    const [top, second] = candidateFeatures(
      '打印机脱机 zorg',
      terms,
      [facts(0.8, [3, 3, 0]), facts(0.3, [2, 0, 0], { category: 'network' }, '打印机卡纸')],
      [],
      1000,
    );
    expect(at(top ?? [], 'margin')).toBeCloseTo(0.5);
    expect(at(second ?? [], 'margin')).toBeCloseTo(-0.5);
    expect(at(top ?? [], 'coverage_known')).toBeCloseTo(1);
    expect(at(second ?? [], 'coverage_known')).toBeCloseTo(0.4);
    expect(at(top ?? [], 'unknown_share')).toBeCloseTo(1 / 6);
  });

  it('measures the lead over the best candidate of another category, not over its own siblings', () => {
    const in_ = (score: number, category: string | null) => facts(score, [3, 3, 0], { category });
    const margins = (ranked: CandidateFacts[]) =>
      candidateFeatures('vpn 连不上', terms, ranked, [], 1000).map((x) => at(x, 'margin'));
    // An article and its translation tying in one category lead the next other answer by 0.31.
    expect(margins([in_(0.51, 'network.vpn'), in_(0.51, 'network.vpn'), in_(0.2, 'network')])).toEqual([
      expect.closeTo(0.31),
      expect.closeTo(0.31),
      expect.closeTo(-0.31),
    ]);
    // A lone hit tying with another category's candidate has no lead.
    expect(margins([in_(0.5, 'network.vpn'), in_(0.5, 'network')])[0]).toBeCloseTo(0);
    // Entries without a category are one group too; alone, the lead is the score.
    expect(margins([in_(0.4, null), in_(0.3, null)])).toEqual([expect.closeTo(0.4), expect.closeTo(0.3)]);
  });

  it("states the knowledge base's size (log10 of its entries, from 1,000)", () => {
    const [small] = candidateFeatures('x', terms, [facts(0.5, [3, 0, 0])], [], 1000);
    const [large] = candidateFeatures('x', terms, [facts(0.5, [3, 0, 0])], [], 100_000);
    expect(at(small ?? [], 'corpus_log')).toBeCloseTo(3);
    expect(at(large ?? [], 'corpus_log')).toBeCloseTo(5);
    // Smaller than anything the model was fitted on: judged as 1,000, not extrapolated.
    const [tiny] = candidateFeatures('x', terms, [facts(0.5, [3, 0, 0])], [], 6);
    expect(at(tiny ?? [], 'corpus_log')).toBeCloseTo(3);
  });

  it("measures coverage of the report's three heaviest known words apart from its filler", () => {
    const chat = [
      term('c_printer', 10, 5),
      term('c_paper_jam', 5, 4),
      term('c_urgent', 50, 1),
      term('c_tray', 8, 3),
    ];
    const [covers, filler] = candidateFeatures(
      'printer jam urgent tray',
      chat,
      [facts(0.8, [3, 3, 0, 2]), facts(0.3, [0, 0, 3, 0])],
      [],
      1000,
    );
    expect(at(covers ?? [], 'coverage_known')).toBeCloseTo(12 / 13);
    expect(at(covers ?? [], 'coverage_distinctive')).toBeCloseTo(1);
    expect(at(filler ?? [], 'coverage_distinctive')).toBe(0);
  });

  it('flags a candidate in the other language than the report, a bilingual title being both', () => {
    const ranked = [
      facts(0.5, [3, 0, 0], {}, 'Printer offline'),
      facts(0.5, [3, 0, 0], {}, '打印机脱机 / Printer offline'),
    ];
    const [en, both] = candidateFeatures('打印机又脱机了', terms, ranked, [], 1000);
    expect(at(en ?? [], 'cross_language')).toBe(1);
    expect(at(both ?? [], 'cross_language')).toBe(0);
    expect(at(en ?? [], 'query_en')).toBe(0);
  });

  it("counts the candidate's title words the report does not have (log 1 + n)", () => {
    // 打印机不能打双面 for "the printer hates me": the title names more than the report.
    const [focused, neighbour] = candidateFeatures(
      '打印机脱机 zorg',
      terms,
      [facts(0.8, [3, 3, 0], { titleTerms: 2 }), facts(0.8, [3, 0, 0], { titleTerms: 4 })],
      [],
      1000,
    );
    expect(at(focused ?? [], 'title_unmatched')).toBe(0);
    expect(at(neighbour ?? [], 'title_unmatched')).toBeCloseTo(Math.log(4));
  });

  it('tells a category that agrees from one that differs, and carries feedback', () => {
    const ranked = [
      facts(0.5, [3, 0, 0], { category: 'printers', helped: 3 }),
      facts(0.5, [3, 0, 0], { category: 'network', demoted: true }),
    ];
    const [agrees, differs] = candidateFeatures('x', terms, ranked, ['printers', 'workplace'], 1000);
    expect(at(agrees ?? [], 'category_agrees')).toBe(1);
    expect(at(differs ?? [], 'category_differs')).toBe(1);
    expect(at(agrees ?? [], 'feedback')).toBeCloseTo(3 / 5);
    expect(at(differs ?? [], 'demoted')).toBe(1);
  });
});

describe('logistic regression', () => {
  it('learns that a higher score means a likelier answer, and keeps prior weights fixed', () => {
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 200; i++) {
      const score = (i % 100) / 100;
      const x = FEATURES.map(() => 0);
      x[0] = score;
      x[FEATURES.indexOf('feedback')] = ((i * 7) % 11) / 10 - 0.5;
      xs.push(x);
      const noise = i % 10 === 0;
      ys.push(score > 0.5 !== noise ? 1 : 0); // mostly separable
    }
    const model = fitLogistic(xs, ys, { fixed: PRIOR_WEIGHTS });
    const x = (score: number) => FEATURES.map((_, j) => (j === 0 ? score : 0));
    expect(probability(model, x(0.9))).toBeGreaterThan(0.75);
    expect(probability(model, x(0.1))).toBeLessThan(0.25);
    expect(model.weights[FEATURES.indexOf('feedback')]).toBe(PRIOR_WEIGHTS.feedback);
  });
});

describe('the committed model and the card', () => {
  const terms = [term('c_printer', 10, 2), term('c_offline', 5, 3)];
  const features = (score: number, fields: Hit['fields'], more: Partial<Hit> = {}) =>
    candidateFeatures(
      '打印机脱机',
      terms,
      [facts(score, fields, more), facts(0.1, [1, 0], {}, '打印机卡纸')],
      [],
      1000,
    )[0] ?? [];

  it('is confident of a clear leader covering the report, not of a weak partial match', () => {
    const strong = probability(CONFIDENCE_MODEL, features(0.95, [3, 3]));
    const weak = probability(CONFIDENCE_MODEL, features(0.15, [0, 1]));
    expect(strong).toBeGreaterThanOrEqual(CONFIDENCE_MODEL.threshold);
    expect(weak).toBeLessThan(CONFIDENCE_MODEL.threshold);
  });

  it('trusts the same match less in a larger knowledge base', () => {
    const large =
      candidateFeatures(
        '打印机脱机',
        terms,
        [facts(0.6, [3, 3]), facts(0.1, [1, 0], {}, '打印机卡纸')],
        [],
        100_000,
      )[0] ?? [];
    expect(probability(CONFIDENCE_MODEL, large)).toBeLessThan(
      probability(CONFIDENCE_MODEL, features(0.6, [3, 3])),
    );
  });

  it('trusts the same match less when the title names more than the report does', () => {
    const focused = probability(CONFIDENCE_MODEL, features(0.6, [3, 3], { titleTerms: 2 }));
    expect(probability(CONFIDENCE_MODEL, features(0.6, [3, 3], { titleTerms: 5 }))).toBeLessThan(focused);
  });

  it('moves the probability with "helped" and "didn\'t help"', () => {
    const plain = probability(CONFIDENCE_MODEL, features(0.5, [3, 0]));
    expect(probability(CONFIDENCE_MODEL, features(0.5, [3, 0], { helped: 4 }))).toBeGreaterThan(plain);
    expect(probability(CONFIDENCE_MODEL, features(0.5, [3, 0], { notHelped: 4 }))).toBeLessThan(plain);
    expect(probability(CONFIDENCE_MODEL, features(0.5, [3, 0], { demoted: true }))).toBeLessThan(plain);
  });

  it('shows percentages that never rise down the list, and answers only at the threshold', () => {
    const explained = (ref: string, x: number[]): ExplainedCandidate => ({
      ref,
      kind: 'article',
      title: ref,
      snippet: '',
      score: 0,
      matchedWords: [],
      sourceUrl: null,
      category: null,
      features: x,
    });
    const cards = calibrate(
      [explained('A', features(0.2, [0, 1])), explained('B', features(0.95, [3, 3]))],
      CONFIDENCE_MODEL,
    );
    expect(cards[1]?.score).toBeLessThanOrEqual(cards[0]?.score ?? 0);
    expect(cards.map((c) => c.confident)).toEqual([false, false]);
    const one = calibrate([explained('B', features(0.95, [3, 3]))], CONFIDENCE_MODEL);
    expect(one[0]?.confident).toBe(true);
  });
});
