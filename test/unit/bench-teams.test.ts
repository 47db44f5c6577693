// `npm run bench -- teams`: the reference must get the same chance as ours. Every target gets the
// same warm-up, and both run as the same kind of JavaScript (no transpiler for either).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTargets } from '../../bench/compiled.js';
import { targetExecArgv } from '../../bench/open-loop.js';
import { warmUp } from '../../bench/teams.js';

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
    const dir = mkdtempSync(join(tmpdir(), 'bench-teams-'));
    const files = compileTargets(['teams-server', 'teams-ref'], dir);
    for (const file of Object.values(files)) expect(targetExecArgv(file, ['--x'])).toEqual(['--x']);
    const code = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    rmSync(dir, { recursive: true, force: true });
    expect(code).toContain('onAdaptiveCardInvoke'); // the reference is in it
    expect(code).toContain('TriageService'); // and ours
    expect(code).not.toMatch(/__name\(/); // esbuild's keepNames helper, as tsx adds it
    expect(targetExecArgv('/x/teams-server.ts')).toEqual(['--import', 'tsx']);
  }, 60_000);
});
