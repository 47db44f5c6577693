// `npm run bench -- teams`: the reference must get the same chance as ours. Every target gets the
// same warm-up, and both run as the same kind of JavaScript (no transpiler for either).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTargets } from '../../bench/compiled.js';
import { targetExecArgv } from '../../bench/open-loop.js';
import { roundOrder, warmUp } from '../../bench/teams.js';

describe('the Teams bench warm-up', () => {
  const record = () => {
    const calls: string[] = [];
    const target = (label: string) => ({
      label,
      run: async (rate: number, seconds: number) => void calls.push(`${label} ${rate}/s ${seconds}s`),
    });
    return { calls, targets: [target('ours'), target('bare'), target('durable')] };
  };

  it('gives ours and every reference the same seconds at each measured rate, rate by rate', async () => {
    const { calls, targets } = record();
    await warmUp([200, 400], 10, targets);
    expect(calls).toEqual([
      'ours 200/s 10s',
      'bare 200/s 10s',
      'durable 200/s 10s',
      'ours 400/s 10s',
      'bare 400/s 10s',
      'durable 400/s 10s',
    ]);
  });

  it('runs nothing with --warmup 0', async () => {
    const { calls, targets } = record();
    await warmUp([200, 400], 0, targets);
    expect(calls).toEqual([]);
  });
});

describe('the Teams bench targets as compiled JavaScript', () => {
  it('bundles ours and the reference without keepNames, and starts them without tsx', () => {
    const built = compileTargets(['teams-server', 'teams-ref']);
    let code: string;
    try {
      const files = Object.values(built.files);
      for (const file of files) expect(targetExecArgv(file, ['--x'])).toEqual(['--x']);
      const dir = dirname(files[0] as string);
      code = readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
    } finally {
      built.remove();
    }
    expect(existsSync(dirname(built.files['teams-ref'] as string))).toBe(false);
    expect(code).toContain('onAdaptiveCardInvoke'); // the reference is in it
    expect(code).toContain('TriageService'); // and ours
    expect(code).not.toMatch(/__name\(/); // esbuild's keepNames helper, as tsx adds it
    expect(targetExecArgv('/x/teams-server.ts')).toEqual(['--import', 'tsx']);
  }, 60_000);
});

describe('the Teams bench rounds', () => {
  it('run ours first in odd rounds and the references first in even ones', () => {
    expect(roundOrder(1, 'ours', ['bare', 'durable'])).toEqual(['ours', 'bare', 'durable']);
    expect(roundOrder(2, 'ours', ['bare', 'durable'])).toEqual(['bare', 'durable', 'ours']);
    expect(roundOrder(3, 'ours', ['bare'])).toEqual(['ours', 'bare']);
  });
});
