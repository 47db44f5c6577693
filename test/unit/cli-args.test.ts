// The operator commands' shared first look at their command line (src/cli/args.ts).
import { describe, expect, it } from 'vitest';
import { answerHelpOrUnknown, optionMissingValue, unknownOption } from '../../src/cli/args.js';

const OPTIONS = { out: { type: 'string' }, all: { type: 'boolean', short: 'a' } } as const;

describe('unknownOption', () => {
  it('names the first undeclared option as typed, long or short', () => {
    expect(unknownOption(['export', '--out', 'a.csv', '--all'], OPTIONS)).toBeNull();
    expect(unknownOption(['--out=a.csv', '-a'], OPTIONS)).toBeNull();
    expect(unknownOption(['x', '--bogus', '--worse'], OPTIONS)).toBe('--bogus');
    expect(unknownOption(['-x'], OPTIONS)).toBe('-x');
    expect(unknownOption(['--constructor'], OPTIONS)).toBe('--constructor'); // not Object's own
  });

  it('leaves everything after -- alone', () => {
    expect(unknownOption(['--', '--bogus'], OPTIONS)).toBeNull();
  });
});

describe('optionMissingValue', () => {
  it('names a string option given without its value: last, or followed by another option', () => {
    expect(optionMissingValue(['export', '--out'], OPTIONS)).toBe('--out');
    expect(optionMissingValue(['--out', '--all'], OPTIONS)).toBe('--out');
    expect(optionMissingValue(['--out', '-a'], OPTIONS)).toBe('--out');
  });

  it('accepts a value, an empty or dash-led one written with =, and "-"; booleans need none', () => {
    expect(optionMissingValue(['--out', 'a.csv', '--all'], OPTIONS)).toBeNull();
    expect(optionMissingValue(['--out=', '--out=-x', '--out', '-', '-a'], OPTIONS)).toBeNull();
    expect(optionMissingValue(['--', '--out'], OPTIONS)).toBeNull();
  });
});

describe('answerHelpOrUnknown', () => {
  const io = () => {
    const said: string[] = [];
    return { said, print: (t: string) => said.push(`out:${t}`), fail: (t: string) => said.push(`err:${t}`) };
  };

  it('--help or -h: the usage on stdout, exit 0; an unknown option: named with the usage, exit 2', () => {
    const a = io();
    expect(answerHelpOrUnknown(['-h', '--bogus'], OPTIONS, 'usage: x', a)).toBe(0);
    expect(a.said).toEqual(['out:usage: x']);
    const b = io();
    expect(answerHelpOrUnknown(['--bogus'], OPTIONS, 'usage: x', b)).toBe(2);
    expect(b.said).toEqual(['err:unknown option --bogus\nusage: x']);
    expect(answerHelpOrUnknown(['--out', 'f', '--', '--help'], OPTIONS, 'usage: x', io())).toBeNull();
  });

  it('an option without its value: the project’s own line, in English or Chinese, exit 2', () => {
    const en = io();
    expect(answerHelpOrUnknown(['export', '--out'], OPTIONS, 'usage: x', en)).toBe(2);
    expect(en.said).toEqual(['err:option --out needs a value\nusage: x']);
    const zh = io();
    expect(answerHelpOrUnknown(['--out'], OPTIONS, '用法：x', zh, 'zh-CN')).toBe(2);
    expect(zh.said).toEqual(['err:选项 --out 需要一个值\n用法：x']);
    const unknownZh = io();
    expect(answerHelpOrUnknown(['--bogus'], OPTIONS, '用法：x', unknownZh, 'zh-CN')).toBe(2);
    expect(unknownZh.said).toEqual(['err:未知选项 --bogus\n用法：x']);
  });
});
