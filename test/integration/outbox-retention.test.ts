// Outbox retention (OUTBOX_KEEP_DAYS): sent rows older than the desk keeps them are deleted, page
// by page in id order; rows still pending, and sent rows still inside the window, stay.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prunePageSql } from '../../db/outbox-retention.js';
import { queryRows } from '../../db/sql-rows.js';
import { TOPIC } from '../../src/app/outbox.js';
import type { OutboxMessage, OutboxPruneRequest } from '../../src/app/ports.js';
import { OutboxRetention } from '../../src/jobs/outbox-retention.js';
import { readJobSettings } from '../../src/jobs/settings.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation, newIncident } from '../support/incidents.js';
import { startTestJobs } from '../support/jobs.js';

const NOW = new Date('2026-03-03T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
const clock = { now: () => NOW };

/** What each row is: created `created` days ago, sent `sent` days ago (null: still pending). */
interface Shape {
  key: string;
  created: number;
  sent: number | null;
}

describe.each(backends)('outbox retention on $name', ({ open }) => {
  let b: OpenBackend;
  beforeEach(async () => {
    b = await open();
  });
  afterEach(() => b.close());

  /** Queues the rows, then gives them their ages (`aged` false: created and pending now). */
  async function seed(shapes: readonly Shape[], aged = true): Promise<void> {
    const incident = newIncident();
    const rows = shapes.map(
      (s): OutboxMessage => ({
        incidentId: incident.id,
        topic: TOPIC.viewRefresh,
        payload: { key: s.key },
        dedupeKey: s.key,
        availableAt: daysAgo(s.created),
      }),
    );
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident));
      await uow.enqueueOutbox(rows);
    });
    for (const s of aged ? shapes : []) {
      const sent = s.sent === null ? null : daysAgo(s.sent).toISOString();
      await b.db.orm.execute(
        sql`UPDATE outbox SET created_at = ${daysAgo(s.created).toISOString()}::timestamptz,
                              processed_at = ${sent}::timestamptz WHERE dedupe_key = ${s.key}`,
      );
    }
  }

  const keys = async () =>
    (await b.storage.listOutbox({})).map((r) => String((r.payload as { key: string }).key)).sort();

  it('deletes sent rows past the window and keeps pending and recent ones', async () => {
    await seed([
      { key: 'old-sent', created: 60, sent: 59 },
      { key: 'old-failed', created: 50, sent: null }, // failed for good: the operator's to answer
      { key: 'old-sent-2', created: 45, sent: 44 },
      { key: 'old-sent-late', created: 40, sent: 2 }, // retried for weeks, sent two days ago
      { key: 'recent-sent', created: 5, sent: 5 },
      { key: 'recent-pending', created: 1, sent: null },
    ]);
    const retention = new OutboxRetention(b.storage, clock, { keepMs: 30 * DAY });
    expect(await retention.round()).toBe(2);
    expect(await keys()).toEqual(['old-failed', 'old-sent-late', 'recent-pending', 'recent-sent']);
    expect(await retention.round()).toBe(0);
  });

  it('walks a long backlog a bounded number of pages per round, then starts again', async () => {
    const old = Array.from({ length: 9 }, (_, i): Shape => ({ key: `o${i}`, created: 90 - i, sent: 89 - i }));
    await seed([...old, { key: 'pending', created: 80, sent: null }, { key: 'new', created: 1, sent: 1 }]);
    const pages: number[] = [];
    const storage = {
      pruneOutbox: async (page: OutboxPruneRequest) => {
        pages.push(page.afterId);
        return b.storage.pruneOutbox(page);
      },
    };
    const retention = new OutboxRetention(storage, clock, {
      keepMs: 30 * DAY,
      pageSize: 2,
      pagesPerRound: 2,
    });
    expect(await retention.round()).toBe(4);
    expect(await retention.round()).toBe(4);
    // Third round: o8, the pending row and then the kept row end the walk.
    expect(await retention.round()).toBe(1);
    expect(await keys()).toEqual(['new', 'pending']);
    // Each round went on from where the last stopped; after reaching kept rows, from the start.
    expect(pages[0]).toBe(0);
    expect(pages[2]).toBeGreaterThan(pages[1] as number);
    expect(await retention.round()).toBe(0);
    expect(pages.at(-1)).toBe(0);
  });

  it('runs in the workers by default, and not at all with OUTBOX_KEEP_DAYS=0', async () => {
    await seed([{ key: 'old-sent', created: 60, sent: 59 }]);
    const never = await startTestJobs('embedded', b.storage, testConfig(), {
      clock,
      settings: { outboxKeepDays: 0 },
    });
    expect(never.retention).toBeNull();
    await never.dispose();
    expect(await keys()).toContain('old-sent');
    const jobs = await startTestJobs('embedded', b.storage, testConfig(), { clock });
    await jobs.retention?.runOnce();
    await jobs.dispose();
    // (Starting the jobs may queue rows of its own; only the seeded one is old.)
    expect(await keys()).not.toContain('old-sent');
  });

  it('reads a page through the primary key from where it starts, however many rows follow', async () => {
    const shapes = Array.from({ length: 3000 }, (_, i): Shape => ({ key: `r${i}`, created: 3, sent: 3 }));
    await seed(shapes, false);
    await b.db.orm.execute(sql`ANALYZE outbox`);
    const page = prunePageSql({ before: daysAgo(30), afterId: 10, limit: 20 });
    const [plan] = await queryRows<{ 'QUERY PLAN': unknown }>(b.db.orm, sql`EXPLAIN (FORMAT JSON) ${page}`);
    const text = JSON.stringify(plan?.['QUERY PLAN']);
    expect(text).toContain('"Index Name":"outbox_pkey"');
    expect(text).not.toMatch(/"Node Type":"(Seq Scan|Sort)"/);
  });
});

describe('OUTBOX_KEEP_DAYS', () => {
  it('defaults to 30, takes 0 for "for ever", and refuses anything else at start-up', () => {
    expect(readJobSettings({}).outboxKeepDays).toBe(30);
    expect(readJobSettings({ OUTBOX_KEEP_DAYS: '0' }).outboxKeepDays).toBe(0);
    expect(() => readJobSettings({ OUTBOX_KEEP_DAYS: 'a month' })).toThrow(/OUTBOX_KEEP_DAYS/);
    expect(() => readJobSettings({ OUTBOX_KEEP_DAYS: '-1' })).toThrow(/OUTBOX_KEEP_DAYS/);
  });
});
