// Issue 16 item 3: several processes share one PostgreSQL and one Redis. Two web processes
// (`--role=web`: HTTP and commands) and two workers (`--role=worker`: timers, relays,
// deliveries) of the real bot run as child processes on one fresh database and one Redis key
// prefix; Slack's Web API is a local recorder. Reports arrive signed, alternating between the two
// web processes, each with severity 1 (P1), whose deadlines this configuration shortens to a
// minute, so every deadline and escalation falls due while the test watches. Then it counts:
// every timer of every incident fired exactly once in the audit trail (not once per worker),
// and every chat message reached Slack exactly once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, Recorder, SIGNING_SECRET, sign, textOf } from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, sleep, waitFor } from '../support/child-bot.js';
import { openRedis, testPrefix, wipePrefix } from '../support/redis.js';
import { reportSubmission } from '../support/slack-payloads.js';

const REPORTS = 12;
/** P1's two deadlines and their escalations at 50% and 100% (oneMinuteP1): six timers each. */
const TIMERS_PER_INCIDENT = 6;
/** Before any timer: the desk card and the reporter's confirmation. Then one message per firing. */
const MESSAGES_PER_INCIDENT = 2 + TIMERS_PER_INCIDENT;

type Payload = Record<string, unknown>;

describe('two web processes and two workers on one PostgreSQL and one Redis', () => {
  let recorder: Recorder;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  let dir: string;
  const prefix = testPrefix('scale');
  const bots: ChildBot[] = [];

  beforeAll(async () => {
    recorder = new Recorder();
    await recorder.start();
    db = await createTestDatabase('scale');
    sql = postgres(db.url, { max: 2, onnotice: () => {} });
    dir = mkdtempSync(join(tmpdir(), 'itss-scale-'));
    writeFileSync(join(dir, 'itss.yaml'), oneMinuteP1(readFileSync('config/example.en.yaml', 'utf8')));
  });
  afterAll(async () => {
    for (const b of bots) await b.kill();
    await sql?.end({ timeout: 1 });
    await db?.drop();
    await recorder?.stop();
    const redis = openRedis();
    await wipePrefix(redis, prefix);
    await redis.quit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const bot = async (role: 'web' | 'worker') => {
    const b = await ChildBot.create(
      {
        DATABASE_URL: db.url,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: prefix,
        ITSS_CONFIG: join(dir, 'itss.yaml'),
        ITSS_CONFIG_WATCH: 'off',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: recorder.url,
        // Both workers reconcile every few seconds: each re-checks every open incident's timers
        // against Redis and fires what is overdue — the races the shared state must absorb.
        RECONCILE_INTERVAL_MS: '2000',
        RELAY_INTERVAL_MS: '100',
        NOTIFY_RATE_PER_SECOND: '200',
        LOG_LEVEL: 'warn',
      },
      [`--role=${role}`],
    );
    bots.push(b);
    return b;
  };

  it('fires every timer once and sends every message once', { timeout: 200_000 }, async () => {
    const [webA, webB, workerA, workerB] = await Promise.all([
      bot('web'),
      bot('web'),
      bot('worker'),
      bot('worker'),
    ]);
    // All four migrate the fresh database at once (the migration takes an advisory lock).
    await Promise.all([webA, webB, workerA, workerB].map((b) => b.start(90_000)));
    const webs = [webA, webB];

    const titles = Array.from({ length: REPORTS }, (_, i) => `Scale report ${i}`);
    for (const [i, title] of titles.entries()) {
      const via = webs[i % 2] as ChildBot;
      expect(await send(via, report(`USCALE${String(i).padStart(2, '0')}`, title)), via.log).toBe(200);
    }
    const incidents = await waitForIncidents(titles);
    const lastDue = await lastDeadline();

    // Every timer due, fired, and its messages delivered; then a few more reconciliation and
    // relay rounds in both workers, in which nothing may fire or be sent again.
    const settled = await waitFor(
      async () =>
        Date.now() > lastDue.getTime() &&
        (await firingsIn(incidents)).length >= REPORTS * TIMERS_PER_INCIDENT &&
        (await pendingOutbox()) === 0,
      lastDue.getTime() - Date.now() + 30_000,
      250,
    );
    await sleep(5_000);
    const logs = bots.map((b) => b.log).join('\n');
    expect(settled, logs).toBe(true);

    const firings = await firingsIn(incidents);
    const perFiring = countBy(firings.map((f) => `${f.number} ${f.timer}@${f.due}`));
    const firedTwice = [...perFiring].filter(([, n]) => n > 1).map(([k]) => k);
    const perIncident = countBy(firings.map((f) => f.number));
    const posts = recorder.callsTo('chat.postMessage');
    const perMessage = countBy(posts.map(messageKey));
    const sentTwice = [...perMessage].filter(([, n]) => n > 1).map(([k]) => k);
    const postsPerIncident = incidents.map(
      (i) => posts.filter((p) => textOf(asMessage(p)).includes(i)).length,
    );
    const workers = await Promise.all([workerA, workerB].map(timerOutcomes));
    const web = await Promise.all(webs.map(timerOutcomes));
    const summary = {
      processes: { web: webs.length, worker: workers.length },
      // Per worker, from its /metrics: firings it recorded, and wake-ups it found already done.
      workers,
      incidents: incidents.length,
      firings: firings.length,
      firedTwice: firedTwice.length,
      chatMessages: posts.length,
      sentTwice: sentTwice.length,
      postsPerIncident,
    };
    console.info(`scale-out: ${JSON.stringify(summary)}`);
    expect(firedTwice, logs).toEqual([]);
    expect(incidents.map((n) => perIncident.get(n))).toEqual(incidents.map(() => TIMERS_PER_INCIDENT));
    expect(sentTwice).toEqual([]);
    const first = posts.filter((p) => textOf(asMessage(p)).includes(incidents[0] ?? '?')).map(messageKey);
    expect(postsPerIncident, first.join('\n')).toEqual(incidents.map(() => MESSAGES_PER_INCIDENT));
    expect(await failedOutbox()).toBe(0);
    // Both workers took a share of the firings; the web processes fired nothing.
    expect(workers.map((w) => w.fired > 0)).toEqual([true, true]);
    expect(workers.reduce((sum, w) => sum + w.fired, 0)).toBe(firings.length);
    expect(web.map((w) => w.fired)).toEqual([0, 0]);
    // Each worker's /readyz says its own latest delivery through Slack went out.
    const slack = async (b: ChildBot) =>
      ((await (await fetch(`${b.base}/readyz`)).json()) as { platforms: { slack: { state: string } } })
        .platforms.slack.state;
    expect(await Promise.all([workerA, workerB].map(slack))).toEqual(['ok', 'ok']);
  });

  // ---- what the database holds ----

  async function waitForIncidents(titles: readonly string[]): Promise<string[]> {
    let numbers: string[] = [];
    const found = await waitFor(async () => {
      const rows = await sql<{ number: string }[]>`
        SELECT number FROM incidents WHERE title IN ${sql(titles)} ORDER BY number`;
      numbers = rows.map((r) => r.number);
      return numbers.length === titles.length;
    }, 30_000);
    expect(found, bots.map((b) => b.log).join('\n')).toBe(true);
    return numbers;
  }

  async function lastDeadline(): Promise<Date> {
    const [row] = await sql<{ at: Date }[]>`
      SELECT max(greatest(respond_by, resolve_by)) AS at FROM incidents`;
    if (!row?.at) throw new Error('no deadlines were set');
    return row.at;
  }

  /** Timer firings in the audit trail (actions of TIMER_ACTIONS, by the system). */
  function firingsIn(numbers: readonly string[]) {
    return sql<{ number: string; timer: string; due: string }[]>`
      SELECT i.number, a.payload->>'timer' AS timer, a.payload->>'due' AS due
      FROM audit_events a JOIN incidents i ON i.id = a.incident_id
      WHERE a.actor_id = 'system' AND a.payload ? 'timer' AND i.number IN ${sql(numbers)}`;
  }

  const count = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const pendingOutbox = () => count(sql`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`);
  const failedOutbox = () => count(sql`SELECT count(*)::int AS n FROM outbox WHERE last_error IS NOT NULL`);

  async function send(b: ChildBot, payload: Payload): Promise<number> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await fetch(`${b.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
    return res.status;
  }
});

/** `itss_timers_fired_total` of one process, by outcome (fired, already_fired, stale …). */
async function timerOutcomes(b: ChildBot): Promise<{ fired: number; alreadyFired: number }> {
  const text = await (await fetch(`${b.base}/metrics`)).text();
  const of = (outcome: string) =>
    Number(new RegExp(`^itss_timers_fired_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { fired: of('fired'), alreadyFired: of('already_fired') };
}

/**
 * P1 answers and resolves within a minute, so every timer falls due in 60 s: each deadline and,
 * at 50% and 100% of it, an escalation. (The example's 80% step is left out: under a minute,
 * "in 0 min" reads "due now" at 50% and at 80% alike, and two messages saying the same thing
 * in the same thread could not be told from a message sent twice. Since the Slack desk trial of
 * 2026-12-07 each reminder says its point, "in < 1 min … 50% of its time used"; the test keeps
 * the two-step ladder all the same.)
 */
function oneMinuteP1(yaml: string): string {
  const sla = 'P1: { respond: 15m, resolve: 4h, clock: 24x7 }';
  const escalation = /\n {2}P1:\n(?: {4}- .*\n)+/;
  if (!yaml.includes(sla) || !escalation.test(yaml))
    throw new Error('config/example.en.yaml changed: update the test');
  return yaml
    .replace(sla, 'P1: { respond: 1m, resolve: 1m, clock: 24x7 }')
    .replace(
      escalation,
      [
        '',
        '  P1:',
        '    - { deadline: respond, at: 50%, targets: [team] }',
        '    - { deadline: respond, at: 100%, targets: [manager] }',
        '    - { deadline: resolve, at: 50%, targets: [team] }',
        '    - { deadline: resolve, at: 100%, targets: [manager] }',
        '',
      ].join('\n'),
    );
}

function countBy(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

const asMessage = (c: ApiCall) => ({
  text: String(c.args.text ?? ''),
  blocks: (c.args.blocks as Parameters<typeof textOf>[0]['blocks']) ?? [],
});

/** A chat message as Slack would show it: where, in which thread, what it says. */
const messageKey = (c: ApiCall): string =>
  JSON.stringify([c.args.channel, c.args.thread_ts ?? null, textOf(asMessage(c))]);

/** A submitted report modal (IM1), as Slack sends it: severity 1, so priority P1. */
function report(userId: string, title: string): Payload {
  return reportSubmission(userId, title, undefined, {
    severity: { value: { type: 'static_select', selected_option: { value: '1' } } },
  });
}
