// Bad input to the commands an operator runs gets one clear line (and, for a usage mistake, the
// command's usage), never a stack trace: a taken port at start-up, an --out file that cannot be
// written, a data directory the running bot holds, an unknown option.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = 'config/example.en.yaml';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ITSS_CONFIG: CONFIG, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const NO_STACK = /^\s+at /m;

// Each run starts tsx and may initialise a fresh embedded database: minutes on a loaded machine.
describe('operator commands fail with one clear line', { timeout: 300_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-errors-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('npm start on a taken port: exit 1, one line naming the port and PORT', async () => {
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await run('src/main/main.ts', [], {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(dir, 'start'),
        LOG_LEVEL: 'warn',
      });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `http: cannot listen: port ${port} on 127.0.0.1 is already in use by another process; set PORT to a free port (EADDRINUSE)`,
      );
      expect(r.stderr).not.toMatch(NO_STACK);
    } finally {
      taken.close();
    }
  });

  /** A data directory the running bot holds: its lock names a live process (this one). */
  async function lockedDataDir(): Promise<string> {
    const dataDir = join(dir, 'locked');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, '.lock'), `${process.pid}\n`);
    return dataDir;
  }

  it('report --out into a missing directory: one line naming the file, exit 1, no file', async () => {
    const out = join(dir, 'no-such-dir', 'a.csv');
    const r = await run('scripts/report.ts', ['export', 'incidents', '--out', out], {
      DATA_DIR: join(dir, 'report'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `--out ${out}: cannot write the file: its directory does not exist (ENOENT)`,
    );
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('a data directory the bot holds: one line, no usage, and no --out file left behind', async () => {
    const DATA_DIR = await lockedDataDir();
    const outDir = join(dir, 'out');
    await mkdir(outDir);
    const report = await run('scripts/report.ts', ['export', 'audit', '--out', join(outDir, 'a.csv')], {
      DATA_DIR,
    });
    const outbox = await run('src/cli/outbox-failed.ts', [], { DATA_DIR });
    for (const r of [report, outbox]) {
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`PGlite data directory ${DATA_DIR} is in use by process ${process.pid}`);
      expect(r.stderr).not.toContain('usage');
    }
    expect(await readdir(outDir)).toEqual([]);
  });

  const COMMANDS = [
    ['report', 'scripts/report.ts', 'usage: npm run report'],
    ['kb', 'scripts/kb.ts', 'usage: npm run kb --'],
    ['kb:import', 'scripts/kb-import.ts', 'usage: npm run kb:import'],
    ['outbox:failed', 'src/cli/outbox-failed.ts', 'usage: npm run outbox:failed'],
    ['calendar', 'scripts/calendar.ts', 'usage: npm run calendar'],
  ] as const;

  it.each(COMMANDS)(
    '%s: an unknown option is named with the usage (exit 2); --help and -h print the usage (exit 0)',
    async (_name, script, usage) => {
      // The data directory is locked: none of these may get as far as opening it.
      const env = { DATA_DIR: await lockedDataDir(), LANG: 'en_US.UTF-8' };
      const bogus = await run(script, ['--bogus'], env);
      expect(bogus.code).toBe(2);
      expect(bogus.stderr.split('\n')[0]).toBe('unknown option --bogus');
      expect(bogus.stderr).toContain(usage);
      for (const help of ['--help', '-h']) {
        const r = await run(script, [help], env);
        expect(r.code, help).toBe(0);
        expect(r.stdout.startsWith(usage), help).toBe(true);
      }
    },
  );

  it('kb:import says it in Chinese when LANG is Chinese', async () => {
    const r = await run('scripts/kb-import.ts', ['--bogus'], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知选项 --bogus\n用法：npm run kb:import');
    const missing = await run('scripts/kb-import.ts', ['--encoding'], { LANG: 'zh_CN.UTF-8' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('选项 --encoding 需要一个值\n用法：npm run kb:import');
  });

  it.each([
    ['kb:import', 'scripts/kb-import.ts'],
    ['kb', 'scripts/kb.ts'],
  ])('%s refuses a --lang that names no language, as report does', async (_name, script) => {
    const r = await run(script, ['--lang', 'fr'], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang 只能是 en 或 zh-CN，而不是 "fr"');
  });

  it('LANG=C with a zh-CN desk: every command answers in the configuration’s language (src/cli/lang.ts)', async () => {
    const env = {
      DATA_DIR: await lockedDataDir(),
      LANG: 'C.UTF-8',
      ITSS_CONFIG: 'config/example.zh-CN.yaml',
    };
    for (const [script, usage] of [
      ['scripts/report.ts', '用法：npm run report'],
      ['scripts/kb.ts', '用法：npm run kb'],
      ['scripts/kb-import.ts', '用法：npm run kb:import'],
    ] as const) {
      const r = await run(script, ['--bogus'], env);
      expect(r.stderr, script).toContain(`未知选项 --bogus\n${usage}`);
      const en = await run(script, ['--bogus', '--lang', 'en'], env);
      expect(en.stderr.split('\n')[0], script).toBe('unknown option --bogus');
    }
  });

  const MISSING = [
    ['report', 'scripts/report.ts', ['export', 'incidents', '--out'], '--out', 'usage: npm run report'],
    ['kb', 'scripts/kb.ts', ['list', '--status'], '--status', 'usage: npm run kb --'],
    ['kb:import', 'scripts/kb-import.ts', ['--config'], '--config', 'usage: npm run kb:import'],
  ] as const;

  it.each(MISSING)(
    '%s: an option without its value is named in the project’s words with the usage (exit 2)',
    async (_name, script, args, option, usage) => {
      const r = await run(script, [...args], { DATA_DIR: await lockedDataDir(), LANG: 'en_US.UTF-8' });
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`option ${option} needs a value`);
      expect(r.stderr).toContain(usage);
      expect(r.stderr).not.toContain('parseArgs');
      expect(r.stderr).not.toContain('argument missing');
    },
  );
});
