// Issue 10 item 6: an unreachable database at start-up. The bot waits a bounded, logged while for
// a database that is still coming up, then stops with ONE line naming host:port and the reason —
// never a stack trace, never the password — and exit status 1; a problem waiting cannot fix
// (no such database, wrong password) stops it at once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseUnreachableError, reachPostgres } from '../../db/reach.js';
import { freePort, startSecondPostgres } from '../support/second-services.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('start-up with an unreachable PostgreSQL', () => {
  it('retries with a logged backoff, then gives one line with host:port and the reason', async () => {
    const port = await freePort(); // nothing listens there
    const lines: string[] = [];
    const error = await reachPostgres(`postgres://itss:s3cret@127.0.0.1:${port}/itss`, {
      log: (l) => lines.push(l),
      delaysMs: [10, 20],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toBe(
      `database: cannot connect to PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED, connection refused: is PostgreSQL running and listening there?); gave up after 3 attempts`,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^database: PostgreSQL at 127.0.0.1:${port} unreachable \\(ECONNREFUSED.*retrying in 0.01 s$`,
      ),
    );
    expect([...lines, (error as Error).message].join('\n')).not.toContain('s3cret');
  });

  it('waits for a database that comes up within the bound', async () => {
    const pg = await startSecondPostgres();
    try {
      pg.stop('immediate');
      const lines: string[] = [];
      const reached = reachPostgres(pg.url, {
        log: (l) => lines.push(l),
        delaysMs: [300, 600, 1_200, 2_400, 4_800],
      });
      await new Promise((r) => setTimeout(r, 100));
      pg.start();
      await expect(reached).resolves.toBeUndefined();
      expect(lines.length).toBeGreaterThan(0);
    } finally {
      pg.destroy();
    }
  }, 60_000);

  it('the process: exit 1 with one clear line, no stack trace, no password', () => {
    const url = 'postgres://postgres:s3cret@127.0.0.1:5432/itss_no_such_database';
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', PORT: '0' };
    delete env.REDIS_URL;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/main.ts'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'database: cannot connect to PostgreSQL at 127.0.0.1:5432 (3D000, database "itss_no_such_database" does not exist)',
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain('s3cret');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 90_000);
});
