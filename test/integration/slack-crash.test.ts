// Fault test (issue 10.1): acknowledged Slack work survives kill -9. The bot runs as a child
// process on its own database; the test holds an EXCLUSIVE lock on `incidents`, so every report
// and click it sends is acknowledged (200) and then stuck before its commit — the window between
// the ack and the commit, made wide and deterministic without any hook in the product. The bot is
// killed there, started again (and killed once more while it finishes the rows a crash left),
// and the test counts: sent, acknowledged, effects found, lost, duplicated, people told.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { Recorder, SIGNING_SECRET, sign } from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, sleep, waitFor } from '../support/child-bot.js';
import { reportSubmission } from '../support/slack-payloads.js';

const DESK = 'C01SERVDSK';
const ALICE = 'U01ALICE01'; // a desk agent in config/example.en.yaml
const REPORTS = 3;
const CLICKS = 3;
const STREAM = 30;

type Mode = 'http' | 'socket';
type Payload = Record<string, unknown>;

describe.each<{ mode: Mode }>([{ mode: 'http' }, { mode: 'socket' }])(
  'Slack ($mode): kill -9 between the ack and the commit',
  ({ mode }) => {
    let recorder: Recorder;
    let ws: SocketServer;
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let sql: postgres.Sql;
    const bots: ChildBot[] = [];
    const bot = async () => {
      const b = await ChildBot.create({
        DATABASE_URL: db.url,
        ITSS_CONFIG: 'config/example.en.yaml',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: recorder.url,
        ...(mode === 'socket' ? { SLACK_APP_TOKEN: 'xapp-1-test' } : {}),
        INBOX_LEASE_SECONDS: '1',
        INBOX_SWEEP_SECONDS: '1',
        LOG_LEVEL: 'warn',
      });
      bots.push(b);
      return b;
    };

    beforeAll(async () => {
      recorder = new Recorder();
      await recorder.start();
      ws = new SocketServer();
      await new Promise((resolve) => ws.server.once('listening', resolve));
      recorder.socketUrl = ws.url;
      db = await createTestDatabase('slackcrash');
      sql = postgres(db.url, { max: 3, onnotice: () => {} });
    });
    afterAll(async () => {
      for (const b of bots) await b.kill();
      await sql?.end({ timeout: 1 });
      await db?.drop();
      await recorder?.stop();
      await ws?.close();
    });

    it('loses and duplicates nothing acknowledged; each reporter is told once', {
      timeout: 180_000,
    }, async () => {
      const first = await bot();
      await first.start();
      // Setup: incidents with desk cards to click on (not under test).
      for (let i = 0; i < CLICKS; i++)
        expect(await send(first, report(`USETUP${i}`, `Setup ${i}`))).toBe(true);
      const cards = await waitFor(
        async () => deskCards().length >= CLICKS && (await pendingOutbox()) === 0,
        30_000,
      );
      expect(cards, first.log).toBe(true);

      // The window: a lock the bot's commands wait on, then reports and clicks, each acked.
      const lock = await sql.reserve();
      await lock`BEGIN`;
      await lock`LOCK TABLE incidents IN EXCLUSIVE MODE`;
      const reporters = Array.from({ length: REPORTS }, (_, i) => `UCRASH${i}`);
      const requests = [
        ...reporters.map((u, i) => report(u, `Crash report ${i}`)),
        ...deskCards()
          .slice(0, CLICKS)
          .map((card) => classifyClick(card)),
      ];
      let acknowledged = 0;
      for (const payload of requests) if (await send(first, payload)) acknowledged += 1;
      expect(await pendingInbox()).toBe(requests.length); // durable before the 200s left
      await first.kill();
      let crashes = 1;

      // The restart finishes the rows; kill it too while it is at it (the lock still holds).
      const second = await bot();
      await second.start();
      expect(await waitFor(async () => (await claimedInbox()) === requests.length, 20_000), second.log).toBe(
        true,
      );
      await second.kill();
      crashes += 1;
      await lock`COMMIT`;
      lock.release();

      const started = Date.now();
      const third = await bot();
      await third.start();
      const recovered = await waitFor(async () => (await effects()).found === requests.length, 30_000);
      const seconds = (Date.now() - started) / 1000;
      // Let every sweep and delivery run a few more times: nothing may happen twice.
      await waitFor(async () => (await pendingInbox()) === 0 && (await pendingOutbox()) === 0, 15_000);
      await sleep(3_000);
      const e = await effects();
      const told = reporters.map((u) => recorder.posted(`D${u}`).length);
      const summary = {
        sent: requests.length,
        acknowledged,
        effects: e.found,
        lost: requests.length - e.found,
        duplicated: e.duplicated,
        crashes,
        secondsToRecover: seconds,
        toldPerReporter: told,
        errorsToClicker: recorder.ephemerals(ALICE),
      };
      console.info(`slack-crash (${mode}): ${JSON.stringify(summary)}`);
      expect(recovered, third.log).toBe(true);
      expect(summary).toMatchObject({ acknowledged: requests.length, lost: 0, duplicated: 0 });
      expect(told).toEqual(reporters.map(() => 1));
      expect(summary.errorsToClicker).toEqual([]);
      expect(await pendingInbox()).toBe(0);

      // A stream of reports, killed at a random moment: some are stored and not yet committed,
      // some committed and not yet marked done, some done. Every acknowledged one, exactly once.
      const streamers = Array.from({ length: STREAM }, (_, i) => `USTREAM${i}`);
      const outcomes: Promise<boolean>[] = [];
      const killAt = Date.now() + 150 + Math.floor(Math.random() * 300);
      let killed: Promise<void> | null = null;
      for (const [i, u] of streamers.entries()) {
        if (!killed && Date.now() >= killAt) killed = third.kill();
        outcomes.push(send(third, report(u, `Stream report ${i}`)).catch(() => false));
        await sleep(20);
      }
      await (killed ?? third.kill());
      const acked = (await Promise.all(outcomes)).map((ok, i) => (ok ? `Stream report ${i}` : null));
      const window = await stranded();
      const restarted = Date.now();
      const fourth = await bot();
      await fourth.start();
      const ackedTitles = acked.filter((x): x is string => x !== null);
      const back = await waitFor(async () => {
        const found = await streamEffects();
        return ackedTitles.every((t) => (found.get(t) ?? 0) > 0);
      }, 30_000);
      const streamSeconds = (Date.now() - restarted) / 1000;
      // Desk cards go out at about one a second per channel (Slack's limit); the DMs follow.
      // Messages the killed process had claimed wait for their delivery lease (5 min) instead.
      await waitFor(async () => (await pendingInbox()) === 0 && (await dueOutbox()) === 0, 45_000);
      await sleep(3_000);
      const found = await streamEffects();
      const registered = [...found.keys()].map((t) => Number(t.split(' ').at(-1)));
      const stream = {
        sent: STREAM,
        acknowledged: ackedTitles.length,
        effects: [...found.values()].reduce((a, b) => a + b, 0),
        lost: ackedTitles.filter((t) => !found.has(t)).length,
        duplicated: [...found.values()].reduce((d, n) => d + n - 1, 0),
        crashes: 1,
        storedNotCommittedAtKill: window.notCommitted,
        committedNotMarkedDoneAtKill: window.committed,
        secondsToRecover: streamSeconds,
        reportersToldTwice: registered.filter((i) => recorder.posted(`DUSTREAM${i}`).length > 1),
        // Not told yet: their message is still in the outbox, leased by the killed process.
        reportersToldLater: registered.filter((i) => recorder.posted(`DUSTREAM${i}`).length === 0),
      };
      const waiting = await leasedDms();
      const untoldAndNotWaiting = stream.reportersToldLater.filter((i) => !waiting.has(`Stream report ${i}`));
      console.info(`slack-crash stream (${mode}): ${JSON.stringify(stream)}`);
      expect(back, fourth.log).toBe(true);
      expect(stream).toMatchObject({ lost: 0, duplicated: 0, reportersToldTwice: [] });
      expect(untoldAndNotWaiting).toEqual([]);
      expect(await pendingInbox()).toBe(0);
    });

    /** Titles of stream incidents whose reporter DM is still waiting in the outbox. */
    async function leasedDms(): Promise<Set<string>> {
      const rows = await sql<{ title: string }[]>`
        SELECT DISTINCT i.title FROM outbox o JOIN incidents i ON i.id = o.incident_id
        WHERE o.processed_at IS NULL AND (o.topic LIKE 'notify.%' OR o.topic = 'chat.change') AND i.title LIKE 'Stream report %'`;
      return new Set(rows.map((r) => r.title));
    }

    /** Unfinished inbox rows at a crash: whether their report had committed or not. */
    async function stranded(): Promise<{ committed: number; notCommitted: number }> {
      const rows = await sql<{ committed: boolean }[]>`
        SELECT EXISTS (
          SELECT 1 FROM incidents
          WHERE title = i.body #>> '{view,state,values,title,value,value}'
        ) AS committed
        FROM inbox i WHERE done_at IS NULL`;
      const committed = rows.filter((r) => r.committed).length;
      return { committed, notCommitted: rows.length - committed };
    }

    async function streamEffects(): Promise<Map<string, number>> {
      const rows = await sql<{ title: string; n: number }[]>`
        SELECT title, count(*)::int AS n FROM incidents WHERE title LIKE 'Stream report %' GROUP BY title`;
      return new Map(rows.map((r) => [r.title, r.n]));
    }

    // ---- what was found in the database ----

    async function effects(): Promise<{ found: number; duplicated: number }> {
      const reports = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM incidents WHERE title LIKE 'Crash report %' GROUP BY title`;
      const clicks = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM audit_events WHERE action = 'classified' GROUP BY incident_id`;
      const all = [...reports, ...clicks];
      return { found: all.length, duplicated: all.reduce((d, r) => d + r.n - 1, 0) };
    }
    const count = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
    const pendingInbox = () => count(sql`SELECT count(*)::int AS n FROM inbox WHERE done_at IS NULL`);
    const claimedInbox = () =>
      count(sql`SELECT count(*)::int AS n FROM inbox WHERE done_at IS NULL AND attempts > 0`);
    const dueOutbox = () =>
      count(
        sql`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL AND (topic LIKE 'notify.%' OR topic = 'chat.change') AND available_at <= now() AND (leased_until IS NULL OR leased_until <= now())`,
      );
    const pendingOutbox = () =>
      count(
        sql`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL AND (topic LIKE 'notify.%' OR topic = 'chat.change')`,
      );

    // ---- what Slack sends ----

    const deskCards = () =>
      recorder.posted(DESK).filter((m) => m.blocks.some((b) => b.block_id?.startsWith('itss:sel:classify:')));

    /** Sends an interaction the way Slack does in this mode; true when it was acknowledged. */
    async function send(b: ChildBot, payload: Payload): Promise<boolean> {
      if (mode === 'socket') return ws.send(payload);
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const res = await fetch(`${b.base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
        body,
      });
      return res.status === 200;
    }
  },
);

/** A stand-in for Slack's Socket Mode endpoint: hello to every connection, envelopes to the
 *  latest, resolved by the bot's ack (its envelope_id). */
class SocketServer {
  readonly server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  private socket: WebSocket | null = null;
  private readonly waiters = new Map<string, () => void>();

  constructor() {
    this.server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as Payload;
        this.waiters.get(String(msg.envelope_id ?? ''))?.();
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** True once acked; false when the connection is gone first or no ack came in 10 s. */
  send(payload: Payload): Promise<boolean> {
    const id = randomUUID();
    const socket = this.socket;
    if (!socket) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      socket.once('close', () => resolve(false));
      this.waiters.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.send(
        JSON.stringify({ envelope_id: id, type: 'interactive', payload, accepts_response_payload: true }),
      );
    });
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const form = (payload: Payload): Payload => payload;
const trigger = () => `${Date.now()}.${randomUUID().slice(0, 8)}`;
let actionTs = Math.floor(Date.now() / 1000);

/** A submitted report modal (IM1), as Slack sends it. */
function report(userId: string, title: string): Payload {
  return form(reportSubmission(userId, title));
}

/** IM2.1 on the desk card: the category select, the nature chosen before (state.values). */
function classifyClick(card: { ts: string; channel: string; blocks: { block_id?: string }[] }): Payload {
  const block = card.blocks.find((b) => b.block_id?.startsWith('itss:sel:classify:'));
  if (!block?.block_id) throw new Error('no classify block on the card');
  actionTs += 1;
  return form({
    type: 'block_actions',
    user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    team: { id: 'T1', domain: 'test' },
    trigger_id: trigger(),
    container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
    channel: { id: card.channel, name: 'desk' },
    message: { type: 'message', ts: card.ts, blocks: card.blocks },
    state: {
      values: {
        [block.block_id]: {
          'itss:sel:nature': { type: 'static_select', selected_option: { value: 'fault' } },
          'itss:sel:category': { type: 'static_select', selected_option: { value: 'network.vpn' } },
        },
      },
    },
    actions: [
      {
        type: 'static_select',
        action_id: 'itss:sel:category',
        block_id: block.block_id,
        selected_option: { value: 'network.vpn' },
        action_ts: `${actionTs}.000100`,
      },
    ],
  });
}
