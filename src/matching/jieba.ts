// Chinese word segmentation with jieba (@node-rs/jieba): Intl.Segmenter splits IT words badly
// (数据|库, 宕|机). Loading the dictionary reads a file once; segmenting is pure after that.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from '../core/matching/text.js';

/** A frequency high enough that a glossary word beats jieba's own split of it (蓝|屏 → 蓝屏). */
const GLOSSARY_FREQUENCY = 200_000;

export function jiebaSegmenter(extraWords: readonly string[] = []): Segmenter {
  const jieba = Jieba.withDict(dict);
  const words = extraWords.filter((w) => !/\s/.test(w));
  if (words.length > 0)
    jieba.loadDict(Buffer.from(words.map((w) => `${w} ${GLOSSARY_FREQUENCY} n`).join('\n')));
  // HMM on: it joins unknown words (企业微信) instead of leaving single characters. Tags let the
  // analyzer drop numerals, adverbs … and tell nouns (the object of a report) from the rest.
  return (text) => jieba.tag(text, true);
}
