// Chinese word segmentation with jieba (@node-rs/jieba): Intl.Segmenter splits IT words badly
// (数据|库, 宕|机). Loading the dictionary reads a file once; segmenting is pure after that.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from '../core/matching/text.js';
import { USER_WORDS } from './jieba-words.js';

/** A frequency high enough that a glossary word beats jieba's own split of it (蓝|屏 → 蓝屏). */
const GLOSSARY_FREQUENCY = 200_000;

/**
 * `extraWords`: the glossary's Chinese terms; the user dictionary (jieba-words.ts) is loaded
 * with them, so verb + result complement stays one word (扫完 | 点, not 扫 | 完点).
 */
export function jiebaSegmenter(extraWords: readonly string[] = []): Segmenter {
  const jieba = Jieba.withDict(dict);
  const words = extraWords.filter((w) => !/\s/.test(w)).map((word) => ({ word, tag: 'n' }));
  const known = new Set(words.map((w) => w.word));
  const all = [...words, ...USER_WORDS.filter((w) => !known.has(w.word))];
  jieba.loadDict(Buffer.from(all.map((w) => `${w.word} ${GLOSSARY_FREQUENCY} ${w.tag}`).join('\n')));
  // HMM on: it joins unknown words (企业微信) instead of leaving single characters. Tags let the
  // analyzer drop numerals, adverbs … and tell nouns (the object of a report) from the rest.
  return (text) => jieba.tag(text, true);
}
