// The production analyzer: the shipped glossary plus jieba that knows the glossary's words.
// Built once per process (loading jieba's dictionary takes ~100 ms).
import { type Analyzer, createAnalyzer } from '../core/matching/analyzer.js';
import { GLOSSARY_SOURCE } from '../core/matching/glossary/index.js';
import { compileGlossary, hanTermsOf, parseGlossary } from '../core/matching/glossary.js';
import { jiebaSegmenter } from './jieba.js';

let shared: Analyzer | null = null;

export function defaultAnalyzer(): Analyzer {
  shared ??= analyzerFor(GLOSSARY_SOURCE);
  return shared;
}

/** Whether the default analyzer is built (the warm-up, src/app/warm-up.ts). */
export const defaultAnalyzerBuilt = (): boolean => shared !== null;

/**
 * The default analyzer, built at its first use rather than now: the bot's start does not wait
 * for jieba's dictionary (0.15 s). The composition root warms it once the bot has answered, so
 * the first report normally finds it ready.
 */
export function deferredDefaultAnalyzer(): Analyzer {
  return {
    get glossary() {
      return defaultAnalyzer().glossary;
    },
    terms: (text) => defaultAnalyzer().terms(text),
    index: (entry) => defaultAnalyzer().index(entry),
    correct: (term) => defaultAnalyzer().correct(term),
    splitHan: (term) => defaultAnalyzer().splitHan(term),
  };
}

/** An analyzer over another glossary source (tests, experiments). */
export function analyzerFor(source: string): Analyzer {
  const lines = parseGlossary(source);
  const segment = jiebaSegmenter(hanTermsOf(lines));
  return createAnalyzer(compileGlossary(lines, segment), segment);
}
