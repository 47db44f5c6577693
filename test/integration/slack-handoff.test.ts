// The hand-off (src/app/inbox.ts, adapters/slack/handoff.ts) between real processes: a
// `--role=web` bot and a `--role=worker` bot on one PostgreSQL database, each with a Slack Web
// API stand-in of its own, so that what a process sends shows which of them ran a request.
// A card click is acknowledged by the web process once stored and run by the worker at once;
// with the worker down, by the sweep after the lease (nothing lost), or by the next worker as
// soon as it listens; a click that opens a modal and a form submission still run in the web
// process.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, SIGNING_SECRET, sign } from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, sleep, waitFor } from '../support/child-bot.js';
import { reportSubmission } from '../support/slack-payloads.js';

const ALICE = 'U01ALICE01'; // a desk agent in config/example.en.yaml
const LEASE_SECONDS = 4;

type Payload = Record<string, unknown>;

describe('Slack hand-off: web acknowledges, worker runs', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  const api = { web: new Recorder(), worker: new Recorder() };
  let web: ChildBot;
  let worker: ChildBot;
  const bot = (role: 'web' | 'worker') =>
    ChildBot.create(
      {
        DATABASE_URL: db.url,
        ITSS_CONFIG: 'config/example.en.yaml',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: api[role].url,
        INBOX_LEASE_SECONDS: String(LEASE_SECONDS),
        INBOX_SWEEP_SECONDS: '1',
        LOG_LEVEL: 'warn',
      },
      [`--role=${role}`],
    );

  beforeAll(async () => {
    await Promise.all([api.web.start(), api.worker.start()]);
    db = await createTestDatabase('slackhandoff');
    sql = postgres(db.url, { max: 2, onnotice: () => {} });
    web = await bot('web');
    await web.start();
    worker = await bot('worker');
    await worker.start();
  }, 120_000);
  afterAll(async () => {
    await web?.kill();
    await worker?.kill();
    await sql?.end({ timeout: 1 });
    await db?.drop();
    await api.web.stop();
    await api.worker.stop();
  });

  it('a card click is acknowledged by the web process and run by the worker at once', {
    timeout: 60_000,
  }, async () => {
    const incident = await reported('Printer offline on 3F');
    const click = classifyClick(incident);
    const sent = Date.now();
    expect((await send(click)).status).toBe(200);
    expect(await pending(click)).toBeDefined(); // stored before the answer left
    expect(await waitFor(async () => (await status(incident.id)) === 'classified', 10_000), worker.log).toBe(
      true,
    );
    const row = await waitFor(async () => (await pending(click))?.done === true, 5_000);
    expect(row).toBe(true);
    // Claimed once, by the hand-off, before its lease ran out: no sweep took it.
    expect((await pending(click))?.attempts).toBe(1);
    expect(Date.now() - sent).toBeLessThan(LEASE_SECONDS * 1000);
    // A click that fails (an incident that does not exist) is answered by whoever ran it.
    const missing = classifyClick({ id: randomUUID(), version: 1 });
    expect((await send(missing)).status).toBe(200);
    expect(await waitFor(async () => api.worker.ephemerals(ALICE).length > 0, 10_000), worker.log).toBe(true);
    expect(api.web.ephemerals(ALICE)).toEqual([]);
  });

  it('a click that opens a modal and a form submission still run in the web process', {
    timeout: 60_000,
  }, async () => {
    const incident = await reported('Scanner jammed');
    const opened = api.web.callsTo('views.open').length;
    expect((await send(button(incident, 'itss:more'))).status).toBe(200); // "show full text"
    expect(await waitFor(async () => api.web.callsTo('views.open').length > opened, 10_000), web.log).toBe(
      true,
    );
    expect(api.worker.callsTo('views.open')).toEqual([]);
    // Field errors travel in the HTTP answer: only the web process can give them.
    const res = await send(report(''));
    expect(res.status).toBe(200);
    expect(res.body).toContain('"response_action":"errors"');
  });

  it('with the worker down, the web process still only stores a click; the sweep runs it later', {
    timeout: 90_000,
  }, async () => {
    const incident = await reported('VPN drops');
    await worker.kill();
    const click = classifyClick(incident);
    expect((await send(click)).status).toBe(200);
    // A form submission is run at once by the web process, worker or not.
    const title = `Wi-Fi down ${randomUUID().slice(0, 6)}`;
    expect((await send(report(title))).status).toBe(200);
    expect(await waitFor(async () => (await titled(title)) > 0, 10_000), web.log).toBe(true);
    // The click waits for its lease: the web process has not run it.
    await sleep(500);
    expect(await pending(click)).toMatchObject({ done: false, attempts: 0 });
    expect(await status(incident.id)).toBe('registered');
    // After the lease the web process's sweep takes it: nothing acknowledged is lost.
    expect(
      await waitFor(async () => (await status(incident.id)) === 'classified', (LEASE_SECONDS + 10) * 1000),
      web.log,
    ).toBe(true);
    expect(await waitFor(async () => (await pending(click))?.done === true, 5_000)).toBe(true);
  });

  it('a click handed off while no worker listened runs as soon as a worker starts, not after the lease', {
    timeout: 60_000,
  }, async () => {
    // The worker is down (the previous test killed it): a deploy restarting it, say.
    const before = { web: api.web.ephemerals(ALICE).length, worker: api.worker.ephemerals(ALICE).length };
    const missing = classifyClick({ id: randomUUID(), version: 1 }); // answered with an ephemeral
    expect((await send(missing)).status).toBe(200);
    expect(await pending(missing)).toMatchObject({ done: false, attempts: 0 });
    // A lease as long as the default (30 s) for this row: a sweep cannot take it within the test.
    const ts = (missing.actions as { action_ts: string }[])[0]?.action_ts ?? '';
    await sql`UPDATE inbox SET lease_until = now() + interval '30 seconds' WHERE key LIKE ${`%:${ts}:%`}`;
    worker = await bot('worker');
    await worker.start();
    // The new worker's catch-up claims it as soon as it listens; the lease has not run out.
    expect(await waitFor(async () => (await pending(missing))?.done === true, 20_000), worker.log).toBe(true);
    expect(await pending(missing)).toMatchObject({ attempts: 1 });
    expect(api.worker.ephemerals(ALICE).length).toBe(before.worker + 1);
    expect(api.web.ephemerals(ALICE).length).toBe(before.web); // no sweep in the web process ran it
  });

  // ---- the database ----

  /** A report through the web process (run there), once its incident is registered. */
  async function reported(title: string): Promise<{ id: string; version: number }> {
    expect((await send(report(title))).status).toBe(200);
    let found: { id: string; version: number } | undefined;
    await waitFor(async () => {
      [found] = await sql<{ id: string; version: number }[]>`
        SELECT id, version FROM incidents WHERE title = ${title}`;
      return found !== undefined;
    }, 15_000);
    if (!found) throw new Error(`not registered: ${title}\n${web.log}`);
    return found;
  }

  async function status(id: string): Promise<string | undefined> {
    const [row] = await sql<{ status: string }[]>`SELECT status FROM incidents WHERE id = ${id}`;
    return row?.status;
  }

  async function titled(title: string): Promise<number> {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM incidents WHERE title = ${title}`;
    return row?.n ?? 0;
  }

  /** The click's inbox row (by its action_ts, part of the key). */
  async function pending(payload: Payload): Promise<{ done: boolean; attempts: number } | undefined> {
    const ts = (payload.actions as { action_ts: string }[])[0]?.action_ts ?? '';
    const [row] = await sql<{ done: boolean; attempts: number }[]>`
      SELECT done_at IS NOT NULL AS done, attempts FROM inbox WHERE key LIKE ${`%:${ts}:%`}`;
    return row;
  }

  // ---- what Slack sends ----

  async function send(payload: Payload): Promise<{ status: number; body: string }> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await fetch(`${web.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
    return { status: res.status, body: await res.text() };
  }
});

const trigger = () => `${Date.now()}.${randomUUID().slice(0, 8)}`;
let actionTs = Math.floor(Date.now() / 1000);
const nextTs = () => {
  actionTs += 1;
  return `${actionTs}.000100`;
};
const alice = { id: ALICE, username: 'alice', name: 'alice', team_id: 'T1' };

function report(title: string): Payload {
  return reportSubmission('UREPORTER1', title, 'It stopped this morning.');
}

/** IM2.1 on the desk card: the category select, the nature chosen before. */
function classifyClick(incident: { id: string; version: number }): Payload {
  const blockId = `itss:sel:classify:${incident.id}:${incident.version}`;
  return deskClick({
    state: {
      values: {
        [blockId]: {
          'itss:sel:nature': { type: 'static_select', selected_option: { value: 'fault' } },
          'itss:sel:category': { type: 'static_select', selected_option: { value: 'network.vpn' } },
        },
      },
    },
    actions: [
      {
        type: 'static_select',
        action_id: 'itss:sel:category',
        block_id: blockId,
        selected_option: { value: 'network.vpn' },
        action_ts: nextTs(),
      },
    ],
  });
}

function button(incident: { id: string }, actionId: string): Payload {
  return deskClick({
    actions: [
      { type: 'button', action_id: actionId, block_id: 'b', value: incident.id, action_ts: nextTs() },
    ],
  });
}

/** A click on the desk card by Alice, as Slack sends it; `rest`: the action and any state. */
function deskClick(rest: Record<string, unknown>): Payload {
  return {
    type: 'block_actions',
    user: alice,
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'test' },
    trigger_id: trigger(),
    container: { type: 'message', message_ts: '1781000000.000001', channel_id: 'C01SERVDSK' },
    channel: { id: 'C01SERVDSK', name: 'desk' },
    ...rest,
  };
}
