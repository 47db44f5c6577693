// An operator's trial: `node scripts/start.mjs --rol=web` (mistyped) or a bare `web` started role
// `all` without a word. Anything but --role is refused at start-up with one line and exit 2.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStartArgs, UsageError } from '../../src/app/env.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the start-up command line', () => {
  it.each([[[]], [['--role=web']], [['--role', 'worker']], [['--role=all']]])('%j is accepted', (argv) => {
    expect(() => checkStartArgs(argv)).not.toThrow();
  });

  it.each([
    [['--rol=web'], /^unknown option --rol\n/],
    [['--role=web', '--verbose'], /^unknown option --verbose\n/],
    [['-r', 'web'], /^unknown option -r\n/],
    [['web'], /^unexpected argument "web" \(did you mean --role=web\?\)\n/],
    [['--role=web', 'extra'], /^unexpected argument "extra"\n/],
  ])('%j is refused', (argv, message) => {
    expect(() => checkStartArgs(argv)).toThrow(UsageError);
    expect(() => checkStartArgs(argv)).toThrow(message);
  });

  it('the bot exits 2 with that line, before opening anything', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/main.ts', '--rol=web'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^unknown option --rol\nusage: npm start/);
  }, 70_000);
});
