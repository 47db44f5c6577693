// Fault test (issue 10.1, Teams): Teams does the work before it answers an invoke, and redelivers
// an activity it got no answer for, with the same id. The bot runs as a child process on its own
// database; a table lock held by the test keeps the report (an `adaptiveCard/action` invoke) from
// committing, the bot is killed mid-invoke, started again, and the same activity is delivered
// again — then once more after the answer and once more after another kill. One incident.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  BOT,
  Connector,
  dataOf,
  type Json,
  personalChat,
  TENANT,
} from '../protocol/teams/harness.js';
import { ChildBot, createTestDatabase, waitFor } from '../support/child-bot.js';

const wang = { id: '29:wang', name: 'Wang Fang', aadObjectId: 'aad-wang' };
const chat = personalChat(wang);
const TITLE = 'Teams crash report';

describe('Teams: kill -9 mid-invoke, then the same activity again', () => {
  let connector: Connector;
  let serviceUrl = '';
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  const bots: ChildBot[] = [];
  const bot = async () => {
    const b = await ChildBot.create({
      DATABASE_URL: db.url,
      ITSS_CONFIG: 'config/example.en.yaml',
      TEAMS_LOCAL: '1',
      LOG_LEVEL: 'warn',
    });
    bots.push(b);
    await b.start();
    return b;
  };

  beforeAll(async () => {
    connector = new Connector();
    serviceUrl = await connector.start();
    db = await createTestDatabase('teamscrash');
    sql = postgres(db.url, { max: 3, onnotice: () => {} });
  });
  afterAll(async () => {
    for (const b of bots) await b.kill();
    await sql?.end({ timeout: 1 });
    await db?.drop();
    await connector?.close();
  });

  const activity = (type: string, id: string, extra: Json): Json => ({
    type,
    id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: wang,
    recipient: BOT,
    conversation: chat,
    locale: 'en-US',
    channelData: { tenant: { id: TENANT } },
    ...extra,
  });
  const post = (b: ChildBot, a: Json) =>
    fetch(`${b.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(a),
    });
  const incidents = async () =>
    (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM incidents WHERE title = ${TITLE}`)[0]?.n ?? 0;
  const waiting = async () =>
    (
      await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`
    )[0]?.n ?? 0;

  it('has exactly one effect however often the activity comes back', { timeout: 180_000 }, async () => {
    let b = await bot();
    // The report form, offered in personal chat; its submit is what Teams sends back.
    expect(
      (await post(b, activity('message', 'act-hello', { text: TITLE, textFormat: 'plain' }))).status,
    ).toBe(200);
    // Replies leave after the HTTP answer (adapters/teams/replies.ts): wait for the form to arrive.
    expect(await waitFor(async () => connector.postedTo(chat.id).some((p) => p.card), 20_000), b.log).toBe(
      true,
    );
    const offer = connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    const invoke = activity('invoke', 'act-crash-report', {
      name: 'adaptiveCard/action',
      replyToId: offer?.id,
      value: {
        action: {
          type: 'Action.Execute',
          verb: submit.verb,
          data: { ...dataOf(submit), 'report.title': TITLE, 'report.description': 'Printer offline' },
        },
        trigger: 'manual',
      },
    });

    let sent = 0;
    let answered = 0;
    const deliver = async () => {
      sent += 1;
      const res = await post(b, invoke).catch(() => null);
      if (res?.status === 200) answered += 1;
      return res;
    };
    // 1. Killed mid-invoke: the report waits on the lock, no answer has left.
    const lock = await sql.reserve();
    await lock`BEGIN`;
    await lock`LOCK TABLE incidents IN EXCLUSIVE MODE`;
    const pending = deliver();
    expect(await waitFor(async () => (await waiting()) > 0, 20_000), b.log).toBe(true);
    await b.kill();
    let crashes = 1;
    expect(await pending).toBeNull(); // Teams got no answer: it will redeliver
    await lock`COMMIT`;
    lock.release();
    expect(await incidents()).toBe(0);

    // 2. Redelivered to the restarted bot: registered, answered with the incident's card.
    const started = Date.now();
    b = await bot();
    const res = await deliver();
    const seconds = (Date.now() - started) / 1000;
    expect(res?.status).toBe(200);
    expect(JSON.stringify(await res?.json())).toContain(TITLE);
    // 3. Redelivered again (an answer lost on the way), then after another kill -9.
    expect((await deliver())?.status).toBe(200);
    await b.kill();
    crashes += 1;
    b = await bot();
    expect((await deliver())?.status).toBe(200);

    const found = await incidents();
    const summary = {
      sent,
      answered,
      effects: found,
      lost: found === 0 ? 1 : 0,
      duplicated: Math.max(0, found - 1),
      crashes,
      secondsToRecover: seconds,
    };
    console.info(`teams-crash: ${JSON.stringify(summary)}`);
    expect(summary).toMatchObject({ sent: 4, answered: 3, effects: 1, lost: 0, duplicated: 0 });
  });
});
