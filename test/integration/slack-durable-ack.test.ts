// Nothing acknowledged before it is durable (issue 15): the 200 to a Slack request leaves only
// after the commit of the inbox INSERT that holds it. The bot runs as a child process on its own
// database; the test holds a lock on `inbox` that every INSERT waits for, so the window between
// storing and committing is as long as the test wants, without any hook in the product. While
// the lock is held, the request's INSERT is seen waiting and no answer comes; once it is released,
// the 200 comes, and at that moment another connection already sees the row (committed).
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, SIGNING_SECRET, sign } from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, sleep, waitFor } from '../support/child-bot.js';
import { reportSubmission } from '../support/slack-payloads.js';

describe('Slack: the acknowledgement waits for the commit', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  let recorder: Recorder;
  let bot: ChildBot;

  beforeAll(async () => {
    recorder = new Recorder();
    await recorder.start();
    db = await createTestDatabase('slackdurable');
    sql = postgres(db.url, { max: 3, onnotice: () => {} });
    bot = await ChildBot.create({
      DATABASE_URL: db.url,
      ITSS_CONFIG: 'config/example.en.yaml',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: recorder.url,
      LOG_LEVEL: 'warn',
    });
    await bot.start();
  }, 90_000);
  afterAll(async () => {
    await bot?.kill();
    await sql?.end({ timeout: 1 });
    await db?.drop();
    await recorder?.stop();
  });

  it('answers 200 only after the INSERT holding the request committed', { timeout: 60_000 }, async () => {
    // SHARE ROW EXCLUSIVE: INSERTs wait for it; the bot's reads (and FOR UPDATE) do not.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let locked = () => {};
    const isLocked = new Promise<void>((r) => (locked = r));
    const lock = sql.begin(async (tx) => {
      await tx`LOCK TABLE inbox IN SHARE ROW EXCLUSIVE MODE`;
      locked();
      await held;
    });
    await isLocked;

    const title = `Durable ${randomUUID().slice(0, 8)}`;
    const body = `payload=${encodeURIComponent(JSON.stringify(reportSubmission('U01BOB0001', title)))}`;
    let answeredAt = 0;
    const answer = fetch(`${bot.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    }).then((res) => {
      answeredAt = performance.now();
      return res.status;
    });

    // The request reached its INSERT, which waits on the lock…
    const waiting = await waitFor(async () => (await insertsWaiting()) > 0, 20_000);
    expect(waiting, bot.log).toBe(true);
    // …and no answer leaves meanwhile.
    await sleep(700);
    expect(answeredAt, 'answered before the request was stored').toBe(0);
    expect(await storedRows()).toBe(0);

    const releasedAt = performance.now();
    release();
    await lock;
    expect(await answer).toBe(200);
    expect(answeredAt).toBeGreaterThanOrEqual(releasedAt);
    // Answered, so committed: another session sees the row at once.
    expect(await storedRows()).toBe(1);
  });

  /** INSERTs into the inbox of this database waiting for a lock (the bot's ack connections). */
  async function insertsWaiting(): Promise<number> {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO inbox%'`;
    return row?.n ?? 0;
  }

  async function storedRows(): Promise<number> {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM inbox WHERE key LIKE 'view:%'`;
    return row?.n ?? 0;
  }
});
