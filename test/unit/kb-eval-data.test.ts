// The committed evaluation set stays consistent: corpus.json is what the generator makes from the
// hand-written problems, queries name existing problems, both splits and no-answer queries exist.
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/kb-data/generate.js';
import { PROBLEMS } from '../../bench/kb-data/problems/index.js';
import { loadCorpus, loadQueries, metrics, outcome } from '../../bench/kb-eval.js';
import { buildMatchView } from '../../src/app/views/match-view.js';

describe('evaluation set', () => {
  const { entries, labels } = loadCorpus();
  const queries = loadQueries();

  it('has at least 1,000 entries, regenerated identically from the problems', () => {
    expect(entries.length).toBeGreaterThanOrEqual(1000);
    const fresh = generateCorpus();
    expect(JSON.parse(JSON.stringify(fresh.entries))).toEqual(entries);
    expect(fresh.labels).toEqual(labels);
  });

  it('labels only published entries, with unique problem ids', () => {
    const ids = PROBLEMS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const published = new Set(entries.filter((e) => e.status === 'published').map((e) => e.ref));
    expect(Object.keys(labels).every((ref) => published.has(ref))).toBe(true);
  });

  it('has at least 300 queries naming known problems, no-answer ones, and a dev and a test split', () => {
    const ids = new Set(PROBLEMS.map((p) => p.id));
    expect(queries.length).toBeGreaterThanOrEqual(300);
    expect(queries.flatMap((q) => q.expected).every((id) => ids.has(id))).toBe(true);
    expect(queries.filter((q) => q.expected.length === 0).length).toBeGreaterThanOrEqual(30);
    expect(queries.filter((q) => q.split === 'test').length).toBeGreaterThan(queries.length / 2);
    expect(queries.some((q) => q.split === 'dev')).toBe(true);
  });
});

describe('independent sets', () => {
  it('loads independent-train with its fixed train/dev split and corpus categories', () => {
    const train = loadQueries('independent-train');
    const categories = new Set(loadCorpus().entries.map((e) => e.category));
    expect(train.filter((q) => q.split === 'train').length).toBe(336);
    expect(train.filter((q) => q.split === 'dev').length).toBe(144);
    expect(train.every((q) => q.category !== null && categories.has(q.category))).toBe(true);
    expect(train.filter((q) => q.ambiguous).length).toBe(160);
  });

  it('reports the independent set as test only', () => {
    expect(new Set(loadQueries('independent').map((q) => q.split))).toEqual(new Set(['test']));
  });
});

describe('metrics and the match card', () => {
  const candidate = (ref: string, score: number, confident: boolean) => ({
    ref,
    kind: 'article' as const,
    title: ref === 'KB-1' ? 'Printer offline' : '打印机卡纸',
    snippet: 'Restart the spooler',
    score,
    matchedWords: ['printer', 'offline'],
    sourceUrl: null,
    category: null,
    confident,
  });
  const labels = { 'KB-1': 'prn-offline', 'KB-2': 'prn-jam' };

  it('computes recall, MRR and the no-answer decisions', () => {
    const q = (expected: string[], text = 'printer offline') => ({
      split: 'test' as const,
      expected,
      category: null,
      text,
    });
    const m = metrics([
      outcome(q(['prn-offline']), [candidate('KB-2', 0.5, true), candidate('KB-1', 0.4, true)], labels),
      outcome(q(['prn-jam']), [candidate('KB-2', 0.3, false)], labels),
      outcome(q([]), [candidate('KB-1', 0.2, false)], labels),
    ]);
    expect(m).toMatchObject({
      recallAt1: 0.5,
      recallAt5: 1,
      mrr: 0.75,
      noAnswerCorrect: 1,
      falseNoMatch: 0.5,
    });
    expect(m.crossRecallAt5).toBe(0.5);
  });

  it('leads with "no good match" and shows weak suggestions apart', () => {
    const view = buildMatchView({ candidates: [candidate('KB-1', 0.3, false)], noGoodMatch: true }, 'zh-CN');
    expect(view.noGoodMatch).toBe('没有合适的匹配：知识库中没有足够接近、可直接采用的方案。');
    expect(view.answers).toEqual([]);
    expect(view.weak[0]).toMatchObject({
      score: '匹配度 30%',
      matched: '命中词：printer、offline',
      kind: '知识文章',
    });
    const sure = buildMatchView({ candidates: [candidate('KB-1', 0.87, true)], noGoodMatch: false }, 'en');
    expect(sure).toMatchObject({ noGoodMatch: null, weakHeading: null });
    expect(sure.answers[0]).toMatchObject({ score: '87% match', matched: 'Matched words: printer, offline' });
  });
});
