// The operator commands' shared first look at their command line (src/cli/args.ts).
import { describe, expect, it } from 'vitest';
import { answerHelpOrUnknown, unknownOption } from '../../src/cli/args.js';

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
});
