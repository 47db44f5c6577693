// Scoring, candidate selection and the "no good match" decision (pure; no database).
import { describe, expect, it } from 'vitest';
import type { Term } from '../../src/core/matching/analyzer.js';
import { editDistance } from '../../src/core/matching/glossary.js';
import {
  candidateQuery,
  DEFAULT_PARAMS,
  type Hit,
  idf,
  scoreHit,
  type WeightedTerm,
  weigh,
} from '../../src/core/matching/score.js';

const term = (key: string, noun = true): Term => ({
  key,
  surface: key,
  weight: 1,
  unknownLatin: false,
  noun,
});
const weighted = (key: string, df: number, w = 1): WeightedTerm => ({ ...term(key), df, w });
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

describe('weights', () => {
  it('gives rare terms more weight than common ones', () => {
    expect(idf(1, 1000)).toBeGreaterThan(idf(100, 1000));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
  });

  it('weighs a word the corpus never saw by whether it names a thing', () => {
    const [known, noun, verb] = weigh(
      [term('c_vpn'), term('投影仪'), term('补录', false)],
      new Map([['c_vpn', 10]]),
      1000,
    );
    expect(known?.w).toBeCloseTo(idf(10, 1000));
    // Never above the most informative known word of the report.
    // Then, as every plain word, discounted against glossary concepts (`plain`).
    const plain = DEFAULT_PARAMS.plain;
    expect(noun?.w).toBeCloseTo(Math.min(idf(10, 1000), idf(1, 1000) * DEFAULT_PARAMS.unknown) * plain);
    expect(verb?.w).toBeCloseTo(Math.min(idf(10, 1000), idf(1, 1000) * DEFAULT_PARAMS.unknownOther) * plain);
    expect(verb?.w).toBeLessThanOrEqual(noun?.w ?? 0);
  });

  it('trusts a glossary concept over a plain word of the same rarity', () => {
    // Chat narrative ("goes", 客户, 显示) is rare in a formal corpus: its IDF alone overstates it.
    const df = new Map([
      ['c_dock', 20],
      ['goe', 20],
    ]);
    const [concept, word] = weigh([term('c_dock'), term('goe', false)], df, 1000);
    expect(DEFAULT_PARAMS.plain).toBeLessThan(1);
    expect(word?.w).toBeCloseTo((concept?.w ?? 0) * DEFAULT_PARAMS.plain);
  });

  it('weighs a concept said by a several-word glossary phrase above one said by a word', () => {
    // "ip 地址冲突" names the problem more precisely than 冲突 alone.
    const df = new Map([
      ['c_conflict', 20],
      ['c_ip', 20],
    ]);
    const [phrase, word] = weigh([{ ...term('c_conflict'), phrase: true }, term('c_ip')], df, 1000);
    expect(DEFAULT_PARAMS.phrase).toBeGreaterThan(1);
    expect(phrase?.w).toBeCloseTo((word?.w ?? 0) * DEFAULT_PARAMS.phrase);
  });

  it('gives short unknown Latin words (chat slang) little weight', () => {
    const [vpn, slang, name] = weigh(
      [term('c_vpn'), { ...term('def'), unknownLatin: true }, { ...term('jenkins'), unknownLatin: true }],
      new Map([['c_vpn', 2]]),
      1000,
    );
    expect(slang?.w).toBeLessThan((vpn?.w ?? 0) / 2);
    expect(name?.w).toBeGreaterThan(slang?.w ?? 0);
  });
});

describe('candidate selection', () => {
  it('ORs every known term while their postings fit the budget', () => {
    expect(candidateQuery([weighted('a', 10), weighted('b', 20), weighted('gone', 0)], 1000)).toBe(
      "'a' | 'b'",
    );
  });

  it('uses rare terms alone and pairs of common ones on a large base', () => {
    const q = candidateQuery(
      [
        weighted('rare', 50, 5),
        weighted('c_vpn', 3000, 2),
        weighted('c_fail', 9000, 1),
        weighted('c_connect', 4000, 1.5),
      ],
      100_000,
      2500,
    );
    expect(q).toContain("'rare'");
    expect(q).toContain("('c_vpn' & 'c_connect')");
    expect(q).not.toMatch(/\| 'c_vpn' \||^'c_vpn'/);
  });

  it('never selects by a term in more than a quarter of the entries', () => {
    const q = candidateQuery([weighted('c_fail', 40_000, 1), weighted('c_vpn', 3000, 2)], 100_000, 2500);
    expect(q).toBe("'c_vpn'");
  });

  it('returns null when no term occurs in the corpus', () => {
    expect(candidateQuery([weighted('x', 0)], 1000)).toBeNull();
  });

  it('quotes lexemes so a report cannot inject tsquery syntax', () => {
    expect(candidateQuery([weighted("it's", 1)], 10)).toBe("'it''s'");
  });
});

describe('scoring', () => {
  const terms = [weighted('c_printer', 5, 2), weighted('c_offline', 5, 2)];

  it('is 1 for a focused title containing every query term', () => {
    expect(scoreHit(terms, hit([3, 3]), []).score).toBeCloseTo(1);
  });

  it('credits a title match over a symptoms match over a solution match', () => {
    const title = scoreHit(terms, hit([3, 0]), []).score;
    const body = scoreHit(terms, hit([2, 0]), []).score;
    const solution = scoreHit(terms, hit([1, 0]), []).score;
    expect(title).toBeGreaterThan(body);
    expect(body).toBeGreaterThan(solution);
    expect(scoreHit(terms, hit([0, 0]), [])).toEqual({ score: 0, matched: [] });
  });

  it('lists the matched words as the reporter wrote them', () => {
    const t = [{ ...weighted('c_printer', 5, 2), surface: '打印机' }, weighted('c_offline', 5, 2)];
    expect(scoreHit(t, hit([3, 0]), []).matched).toEqual(['打印机']);
  });

  it('lists a word read as several concepts (a `+` line) only when the candidate has them all', () => {
    const outbox = { surface: 'stuck in outbox', compound: true };
    const t = [
      { ...weighted('c_email', 5, 2), surface: 'mail' },
      { ...weighted('c_fail', 5, 2), ...outbox },
      { ...weighted('c_send', 5, 2), ...outbox },
    ];
    // A VPN article naming only a failure: the phrase is not its match.
    expect(scoreHit(t, hit([0, 2, 0]), []).matched).toEqual([]);
    expect(scoreHit(t, hit([3, 2, 0]), []).matched).toEqual(['mail']);
    expect(scoreHit(t, hit([3, 2, 2]), []).matched).toEqual(['mail', 'stuck in outbox']);
    // Two senses of one word (not compound): either sense found is the word found.
    const monitor = [weighted('c_display', 5, 2), weighted('c_monitoring', 5, 2)].map((w) => ({
      ...w,
      surface: 'monitor',
    }));
    expect(scoreHit(monitor, hit([2, 0]), []).matched).toEqual(['monitor']);
  });

  it("boosts the incident's category more than a related one", () => {
    const base = scoreHit(terms, hit([2, 2], { category: 'printers' }), []).score;
    const exact = scoreHit(terms, hit([2, 2], { category: 'printers' }), ['printers', 'workplace']).score;
    const related = scoreHit(terms, hit([2, 2], { category: 'workplace' }), ['printers', 'workplace']).score;
    expect(exact).toBeGreaterThan(related);
    expect(related).toBeGreaterThan(base);
  });

  it('moves with feedback and sinks an entry that did not help this incident', () => {
    const plain = scoreHit(terms, hit([2, 2]), []).score;
    expect(scoreHit(terms, hit([2, 2], { helped: 5 }), []).score).toBeGreaterThan(plain);
    expect(scoreHit(terms, hit([2, 2], { notHelped: 5 }), []).score).toBeLessThan(plain);
    expect(scoreHit(terms, hit([2, 2], { demoted: true }), []).score).toBeCloseTo(
      plain * DEFAULT_PARAMS.demote,
    );
  });
});

describe('a failure and its action', () => {
  // "在家 VPN 连不上": wfh, vpn, and fail + connect read from the same words.
  const terms: WeightedTerm[] = [
    weighted('c_wfh', 5, 3),
    weighted('c_vpn', 20, 2),
    { ...weighted('c_fail', 400, 0.5), surface: '连不上' },
    { ...weighted('c_connect', 100, 1.5), surface: '连不上' },
  ];

  it('credits the action less in a candidate that names no failure', () => {
    // "在家连 vpn 后打开共享盘很慢": connects fine at home, slow is its problem.
    const connectsFine = scoreHit(terms, hit([3, 3, 0, 3]), []).score;
    expect(DEFAULT_PARAMS.actionWithoutFailure).toBeLessThan(1);
    expect(connectsFine).toBeCloseTo((3 + 2 + 1.5 * DEFAULT_PARAMS.actionWithoutFailure) / 7);
  });

  it('credits the action in full when the candidate names the failure, or the report none', () => {
    // "VPN 连接超时，无法建立连接": the failure to connect.
    expect(scoreHit(terms, hit([0, 3, 3, 3]), []).score).toBeCloseTo((2 + 0.5 + 1.5) / 7);
    const plain = [weighted('c_vpn', 20, 2), { ...weighted('c_connect', 100, 1.5), surface: 'connect' }];
    expect(scoreHit(plain, hit([3, 3]), []).score).toBeCloseTo(1);
  });
});

describe('edit distance', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('pritner', 'printer')).toBe(1);
    expect(editDistance('outlok', 'outlook')).toBe(1);
    expect(editDistance('vpn', 'dns')).toBe(3);
  });
});
