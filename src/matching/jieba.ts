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
 * jieba's dictionary words seen fewer than this many times are left out: 244,000 of its 349,000
 * words (rare names, idioms, compounds) held 23 of its 41 MB of native memory for splits an IT
 * report hardly needs; such a word is cut into its common parts instead, and the glossary's and
 * the user dictionary's words are loaded on top as before. Matching quality on bench/kb-data's
 * dev splits did not move (bench/kb-data/README.md).
 */
export const MIN_DICTIONARY_FREQUENCY = 10;

/**
 * `extraWords`: the glossary's Chinese terms; the user dictionary (jieba-words.ts) is loaded
 * with them, so verb + result complement stays one word (扫完 | 点, not 扫 | 完点).
 */
export function jiebaSegmenter(extraWords: readonly string[] = []): Segmenter {
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as typeof JiebaModule;
  const dictionary = readFileSync(require.resolve('@node-rs/jieba/dict.txt'));
  const jieba = Jieba.withDict(commonWords(dictionary, MIN_DICTIONARY_FREQUENCY));
  const words = extraWords.filter((w) => !/\s/.test(w)).map((word) => ({ word, tag: 'n' }));
  const known = new Set(words.map((w) => w.word));
  const all = [...words, ...USER_WORDS.filter((w) => !known.has(w.word))];
  jieba.loadDict(Buffer.from(all.map((w) => `${w.word} ${GLOSSARY_FREQUENCY} ${w.tag}`).join('\n')));
  // HMM on: it joins unknown words (企业微信) instead of leaving single characters. Tags let the
  // analyzer drop numerals, adverbs … and tell nouns (the object of a report) from the rest.
  return (text) => jieba.tag(text, true);
}

/**
 * The lines of a jieba dictionary (`word frequency [tag]`) whose frequency is at least `min`,
 * filtered on the bytes: no string per line on the heap for a 5 MB file read once.
 */
export function commonWords(dictionary: Buffer, min: number): Buffer {
  const kept: Buffer[] = [];
  let start = 0;
  while (start < dictionary.length) {
    let end = dictionary.indexOf(0x0a, start);
    if (end < 0) end = dictionary.length;
    if (frequencyOf(dictionary, start, end) >= min) kept.push(dictionary.subarray(start, end + 1));
    start = end + 1;
  }
  return Buffer.concat(kept);
}

/** The number after the first space of a line; 0 when there is none. */
function frequencyOf(buf: Buffer, start: number, end: number): number {
  let i = buf.indexOf(0x20, start);
  if (i < 0 || i >= end) return 0;
  let n = 0;
  for (i += 1; i < end; i++) {
    const digit = (buf[i] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) break;
    n = n * 10 + digit;
  }
  return n;
}
