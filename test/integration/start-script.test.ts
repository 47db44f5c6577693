// `npm start` runs the compiled bot (scripts/start.mjs): it compiles once, starts from dist/
// without compiling while nothing changed, and compiles again after any source file changed —
// so the faster start never runs stale code. Run on a copy of the tree (node_modules linked),
// so the checkout's own dist/ is left alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const COPIED = [
  'src',
  'adapters',
  'db',
  'scripts',
  'config',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

describe('npm start (scripts/start.mjs)', () => {
  let tree: string;

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'itss-start-'));
    for (const p of COPIED) cpSync(join(ROOT, p), join(tree, p), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  /** Whether this start compiled first. */
  async function startOnce(): Promise<boolean> {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: tree,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: join(tree, '.data'),
        ITSS_CONFIG: 'config/example.en.yaml',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      return (await untilUp(child)).includes('compiling the sources to dist/');
    } finally {
      await stop(child);
    }
  }

  it('compiles once, then starts from dist/, and compiles again after a source changed', async () => {
    expect(await startOnce()).toBe(true);
    expect(existsSync(join(tree, 'dist', 'src', 'main', 'main.js'))).toBe(true);
    expect(existsSync(join(tree, 'dist', 'bundle', 'main.js'))).toBe(true); // what runs
    expect(await startOnce()).toBe(false);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(tree, 'src', 'core', 'priority.ts'), later, later);
    expect(await startOnce()).toBe(true);
  }, 900_000); // two compiles (tsc + bundle) and a first PGlite start: minutes on a loaded 2-core machine
});

function untilUp(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ITSS triage bot is up')) resolve(output);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was up:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
