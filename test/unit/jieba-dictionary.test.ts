// The jieba dictionary is loaded without its rarest words (native memory): only lines whose
// frequency reaches the minimum are kept, byte for byte, and a line without one is dropped.
import { describe, expect, it } from 'vitest';
import { commonWords, MIN_DICTIONARY_FREQUENCY } from '../../src/matching/jieba.js';

const dict = (lines: string[]) => Buffer.from(lines.join('\n'));

describe('commonWords (jieba dictionary filter)', () => {
  it('keeps the lines at or above the minimum frequency, tags and all', () => {
    const out = commonWords(dict(['打印机 120 n', '生僻词 4 n', '蓝屏 5', '数据库 9000 n']), 5);
    expect(out.toString()).toBe('打印机 120 n\n蓝屏 5\n数据库 9000 n');
  });

  it('drops lines with no frequency and copes with a trailing newline', () => {
    const out = commonWords(dict(['无频率', '网络 77 n', '']), 5);
    expect(out.toString()).toBe('网络 77 n\n');
  });

  it('leaves out a real share of the shipped dictionary but keeps common IT words', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const file = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'));
    const keptBytes = commonWords(file, MIN_DICTIONARY_FREQUENCY);
    expect(keptBytes.length).toBeLessThan(file.length * 0.6);
    const kept = keptBytes.toString();
    for (const word of ['打印机', '服务器', '密码', '网络'])
      expect(kept).toMatch(new RegExp(`^${word} \\d+`, 'm'));
  });
});
