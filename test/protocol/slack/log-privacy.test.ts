// People's words never reach the log (issue 10 item 7). A report whose INSERT PostgreSQL refuses
// (a CHECK constraint added for the test; the real cases were constraint and encoding errors)
// is logged with the error's type, SQLSTATE and constraint — and without its title, its
// description or the reporter's name, which drizzle's error message and PostgreSQL's "Failing
// row contains (…)" detail would otherwise carry into the line.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/log.js';
import { type Harness, startHarness, user } from './harness.js';

const TITLE = 'TITLE-MARKER-5c2e91';
const DESCRIPTION = 'DESCRIPTION-MARKER-a07d44';
const NAME = 'NAME-MARKER-3b9f10';
const reporter = user('UMARKED', 'marked');

describe("Slack: a failed write logs ids and codes, never people's words", () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startHarness({
      log: createLogger('debug', { write: (line: string) => void lines.push(line) }),
    });
    h.recorder.displayNames.set(reporter.id, NAME);
    // The write fails the way a refused row does: PostgreSQL names the constraint and, in its
    // detail, the whole failing row.
    await h.backend.db.orm.execute(
      sql.raw(`ALTER TABLE incidents ADD CONSTRAINT no_markers CHECK (title NOT LIKE '%MARKER%')`),
    );
  });
  afterAll(() => h.close());

  it('the error is logged with its code and constraint; no title, description or name', async () => {
    await h.command(reporter, '');
    await h.settle();
    expect((await h.submit(reporter, { title: TITLE, description: DESCRIPTION })).status).toBe(200);
    await h.settle();
    // Nothing was stored, and the reporter was told something went wrong.
    expect(await h.storage.listIncidents({})).toEqual([]);
    expect(h.recorder.ephemerals(reporter.id).length + h.recorder.posted(`D${reporter.id}`).length).toBe(1);

    const all = lines.join('\n');
    for (const marker of [TITLE, DESCRIPTION, NAME]) expect(all).not.toContain(marker);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const failed = entries.filter((e) => e.level === 50 && e.err);
    expect(failed.length).toBeGreaterThan(0);
    const err = failed[0]?.err as { type: string; cause?: Record<string, unknown> };
    expect(err.type).toBe('DrizzleQueryError');
    expect(err.cause).toMatchObject({
      code: '23514',
      constraint_name: 'no_markers',
      table_name: 'incidents',
    });
    expect(failed[0]?.user).toBe(reporter.id);
  });
});
