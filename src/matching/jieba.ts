// Chinese word segmentation with jieba (@node-rs/jieba): Intl.Segmenter splits IT words badly
// (数据|库, 宕|机). Loading the dictionary reads a file once; segmenting is pure after that.
// The native module and its 5 MB dictionary are loaded when a segmenter is built (the warm-up,
// src/app/warm-up.ts), not when the bot's modules are imported: `@node-rs/jieba/dict.js` would
// also read the 6 MB IDF table, which keyword extraction needs and we don't, and keep both.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as JiebaModule from '@node-rs/jieba';
import type { Segmenter } from '../core/matching/text.js';
import { USER_WORDS } from './jieba-words.js';

/** A frequency high enough that a glossary word beats jieba's own split of it (蓝|屏 → 蓝屏). */
const GLOSSARY_FREQUENCY = 200_000;

/**
 * `extraWords`: the glossary's Chinese terms; the user dictionary (jieba-words.ts) is loaded
 * with them, so verb + result complement stays one word (扫完 | 点, not 扫 | 完点).
 */
export function jiebaSegmenter(extraWords: readonly string[] = []): Segmenter {
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as typeof JiebaModule;
  const jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  const words = extraWords.filter((w) => !/\s/.test(w)).map((word) => ({ word, tag: 'n' }));
  const known = new Set(words.map((w) => w.word));
  const all = [...words, ...USER_WORDS.filter((w) => !known.has(w.word))];
  jieba.loadDict(Buffer.from(all.map((w) => `${w.word} ${GLOSSARY_FREQUENCY} ${w.tag}`).join('\n')));
  // HMM on: it joins unknown words (企业微信) instead of leaving single characters. Tags let the
  // analyzer drop numerals, adverbs … and tell nouns (the object of a report) from the rest.
  return (text) => jieba.tag(text, true);
}
