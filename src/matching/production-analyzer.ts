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

/** An analyzer over another glossary source (tests, experiments). */
export function analyzerFor(source: string): Analyzer {
  const lines = parseGlossary(source);
  const segment = jiebaSegmenter(hanTermsOf(lines));
  return createAnalyzer(compileGlossary(lines, segment), segment);
}
