// People's words never reach the log (issue 10 item 7), through Teams: a report whose INSERT
// PostgreSQL refuses is logged with the error's type, SQLSTATE and constraint — not with its
// title, its description or the reporter's name (drizzle's message and PostgreSQL's "Failing row
// contains (…)" detail would carry them).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/log.js';
import { testConfig } from '../../fixtures/config.js';
import { actionsOf, type Harness, type Json, personalChat, startHarness } from './harness.js';

const TITLE = 'TITLE-MARKER-e4d1c7';
const DESCRIPTION = 'DESCRIPTION-MARKER-90af3b';
const NAME = 'NAME-MARKER-77c2d5';
const reporter = { id: '29:marked', name: NAME, aadObjectId: 'aad-marked' };

describe("Teams: a failed write logs ids and codes, never people's words", () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startHarness(
      testConfig(),
      undefined,
      createLogger('debug', { write: (line: string) => void lines.push(line) }),
    );
    await h.backend.db.orm.execute(
      sql.raw(`ALTER TABLE incidents ADD CONSTRAINT no_markers CHECK (title NOT LIKE '%MARKER%')`),
    );
  });
  afterAll(() => h.close());

  it('the error is logged with its code and constraint; no title, description or name', async () => {
    const chat = personalChat(reporter);
    await h.message(reporter, chat, 'report');
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    const answer = await h.execute(
      reporter,
      { conversation: chat, messageId: offer?.id ?? '' },
      form,
      submit,
      {
        'report.title': TITLE,
        'report.description': DESCRIPTION,
        'report.severity': '3',
      },
    );
    expect(answer.status).toBe(200);
    expect(await h.storage.listIncidents({})).toEqual([]);

    const all = lines.join('\n');
    for (const marker of [TITLE, DESCRIPTION, NAME]) expect(all).not.toContain(marker);
    const failed = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => e.level === 50 && e.err);
    expect(failed.length).toBeGreaterThan(0);
    const err = failed[0]?.err as { type: string; cause?: Record<string, unknown> };
    expect(err.type).toBe('DrizzleQueryError');
    expect(err.cause).toMatchObject({
      code: '23514',
      constraint_name: 'no_markers',
      table_name: 'incidents',
    });
  });
});
