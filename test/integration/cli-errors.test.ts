// Bad input to the commands an operator runs gets one clear line (and, for a usage mistake, the
// command's usage), never a stack trace: a taken port at start-up, an --out file that cannot be
// written, a data directory the running bot holds, an unknown option.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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

describe('operator commands fail with one clear line', { timeout: 120_000 }, () => {
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
});
