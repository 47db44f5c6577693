// A migration runs in one transaction and a lock taken is held to its commit, so a statement that
// takes ACCESS EXCLUSIVE (DROP INDEX, ALTER TABLE, ALTER INDEX) before an index build makes every
// read of the table wait through the build too. From migration 0029 on, builds come first
// (docs/operations.md); earlier migrations are as they shipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';

const FIRST_CHECKED = 29;
const BLOCKS_READS = /^\s*(DROP INDEX|ALTER TABLE|ALTER INDEX)\b/i;
const BUILDS = /^\s*CREATE (UNIQUE )?INDEX\b/i;

/** Statements of a migration file, comments dropped. */
const statementsOf = (sql: string) =>
  sql
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);

/** Index builds that come after a statement that already blocks reads, by their first words. */
function buildsAfterReadLocks(sql: string): string[] {
  let locked = false;
  const late: string[] = [];
  for (const statement of statementsOf(sql)) {
    if (BUILDS.test(statement) && locked) late.push(statement.slice(0, 60));
    if (BLOCKS_READS.test(statement)) locked = true;
  }
  return late;
}

const files = readdirSync(MIGRATIONS_FOLDER).filter(
  (f) => f.endsWith('.sql') && Number(f.slice(0, 4)) >= FIRST_CHECKED,
);

describe('migrations build their indexes before taking locks that stop reads', () => {
  it('finds the migrations it checks', () => {
    expect(files).toContain('0029_incidents_hot_updates.sql');
  });
  it.each(files)('%s', (file) => {
    expect(buildsAfterReadLocks(readFileSync(join(MIGRATIONS_FOLDER, file), 'utf8'))).toEqual([]);
  });
  it('sees a build after a drop', () => {
    expect(
      buildsAfterReadLocks('DROP INDEX "a";--> statement-breakpoint\nCREATE INDEX "b" ON t (x);'),
    ).toEqual(['CREATE INDEX "b" ON t (x);']);
  });
});
