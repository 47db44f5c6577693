// An operator's trial: `node scripts/start.mjs --rol=web` (mistyped) or a bare `web` started role
// `all` without a word, and `--role=wrker` exited 1 like a bad environment variable. Anything but
// --role=web|worker|all is refused at start-up with one line and exit 2.
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
    [['--role=wrker'], /^--role: expected web, worker or all, got "wrker"\nusage: npm start/],
    [['--role', 'wrker'], /^--role: expected web, worker or all, got "wrker"\n/],
    [['--role'], /^--role: expected web, worker or all, got ""\n/],
  ])('%j is refused', (argv, message) => {
    expect(() => checkStartArgs(argv)).toThrow(UsageError);
    expect(() => checkStartArgs(argv)).toThrow(message);
  });

  const start = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('the bot exits 2 with that line, before opening anything', () => {
    const run = start(['--rol=web']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^unknown option --rol\nusage: npm start/);
  }, 70_000);

  it('a bad --role value is a usage mistake too: exit 2 with one line and the usage', () => {
    const run = start(['--role=wrker']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      '--role: expected web, worker or all, got "wrker"\nusage: npm start [-- --role=web|worker|all]\n',
    );
  }, 70_000);

  it('a bad environment variable keeps exit 1 (EnvError), without the usage', () => {
    const run = start(['--role=web'], { PORT: 'eighty' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Invalid environment:\n {2}PORT: expected a port number/);
    expect(run.stderr).not.toMatch(/usage:/);
  }, 70_000);
});
