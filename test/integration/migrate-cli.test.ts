// An operator's trial: `npm run db:migrate` on an empty database applied 22 migrations but printed
// only "migrations are up to date", between PostgreSQL NOTICEs ('schema "drizzle" already exists,
// skipping'). It now says how many it applied, and drizzle's IF NOT EXISTS notices stay quiet.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/child-bot.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MIGRATIONS = (
  JSON.parse(readFileSync(join(ROOT, 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

function migrate(url: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'db/migrate-cli.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('npm run db:migrate', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('migrate');
  });
  afterAll(() => db.drop());

  it('says how many it applied, then that there was nothing to apply; no NOTICEs', () => {
    const first = migrate(db.url);
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain(`applied ${MIGRATIONS} migrations; migrations are up to date`);
    const second = migrate(db.url);
    expect(second.status, second.out).toBe(0);
    expect(second.out).toContain('migrations are up to date (none to apply)');
    expect(first.out + second.out).not.toMatch(/postgres: |already exists/);
  }, 120_000);
});
