// A click acknowledged before a crash is recorded at the time it was acknowledged (docs/slack.md,
// "When a person acted"), not when a restart replays it. As in slack-crash.test.ts, a bot runs as
// a child process and the test holds an EXCLUSIVE lock on `incidents`: the team's Accept click is
// stored and answered 200, its command waits on the lock, and the bot is killed there. The
// acceptance limit then passes and its timer fires; only then does another process (the in-process
// harness, its clock moved on) replay the row from the inbox. The acceptance must carry the
// acknowledged time, the breach stays, and the second-line report counts the acceptance in time.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondLine } from '../../db/reports/second-line.js';
import { TimerService } from '../../src/app/timer-service.js';
import { safeTimerSchedule } from '../../src/core/draft.js';
import {
  elementsOf,
  type Harness,
  SIGNING_SECRET,
  sign,
  startHarness,
  TO,
} from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, waitFor } from '../support/child-bot.js';

const MINUTE = 60_000;

describe('Slack: a click acknowledged before a crash keeps its time', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  let h: Harness;
  let bot: ChildBot | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('slackactedat');
    sql = postgres(db.url, { max: 3, onnotice: () => {} });
    h = await startHarness({ databaseUrl: db.url });
    // The child stamps the row on the wall clock: the harness's clock starts there too.
    h.clock.current = new Date();
  }, 90_000);
  afterAll(async () => {
    await bot?.kill();
    await h?.close();
    await sql?.end({ timeout: 1 });
    await db?.drop();
  });

  it('records the acceptance at its acknowledged time; the breach that fired meanwhile stays', {
    timeout: 120_000,
  }, async () => {
    const assigned = await h.incident('VPN drops every few minutes', TO.assigned);
    await h.settle();
    const card = h.recorder.card('CNETWORK', assigned.number);
    const assignedAt = assigned.assignedAt as Date;

    bot = await ChildBot.create({
      DATABASE_URL: db.url,
      ITSS_CONFIG: 'config/example.en.yaml',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: h.recorder.url,
      // Left to the bot that received it until the test hands it over (below).
      INBOX_LEASE_SECONDS: '3600',
      LOG_LEVEL: 'warn',
    });
    await bot.start();

    // The window: acknowledged, then killed before the command could commit.
    const lock = await sql.reserve();
    await lock`BEGIN`;
    await lock`LOCK TABLE incidents IN EXCLUSIVE MODE`;
    expect(await click(bot, acceptClick(card))).toBe(200);
    const [row] = await sql<{ received_at: Date }[]>`
      SELECT received_at FROM inbox WHERE key LIKE 'action:%' AND done_at IS NULL`;
    expect(row).toBeDefined();
    const acknowledgedAt = row?.received_at as Date;
    expect(acknowledgedAt.getTime() - assignedAt.getTime()).toBeLessThan(30 * MINUTE);
    await bot.kill();
    bot = null;
    await lock`COMMIT`;
    lock.release();

    // The limit passes with the click unprocessed: its timer fires (IM2.12 breach, announced).
    h.clock.current = new Date(assignedAt.getTime() + 31 * MINUTE);
    const timer = safeTimerSchedule(assigned, h.config, h.clock.now()).find(
      (t) => t.kind === 'acceptance' && t.detail.ping === 1,
    );
    expect(timer).toBeDefined();
    if (!timer) return;
    const timers = new TimerService(h.storage, h.config, h.clock);
    expect(await timers.fire(assigned.id, timer.key, timer.at)).toBe('fired');

    // The restart's sweep takes the row over once its lease is out, and replays it.
    await sql`UPDATE inbox SET lease_until = now() - interval '1 second' WHERE done_at IS NULL`;
    expect(await waitFor(async () => (await pending()) === 0, 30_000)).toBe(true);
    await h.settle();

    const incident = await h.storage.getIncident(assigned.id);
    expect(incident).toMatchObject({ status: 'accepted', acceptedBy: 'nora' });
    expect(incident?.acceptedAt?.toISOString()).toBe(acknowledgedAt.toISOString());
    expect(incident?.breaches).toContain('acceptance'); // it was announced: it stays
    const audit = await h.storage.listAudit(assigned.id);
    const accepted = audit.find((e) => e.action === 'accepted');
    const breached = audit.find((e) => e.action === 'deadline_breached');
    expect(accepted?.at.toISOString()).toBe(acknowledgedAt.toISOString());
    expect(breached?.at.toISOString()).toBe(h.clock.now().toISOString());
    // Recorded after the breach, stamped before it: the order of recording and the time acted.
    expect(Number(accepted?.id)).toBeGreaterThan(Number(breached?.id));

    // The second-line report's verdict: accepted within the 30-minute limit.
    const period = { from: new Date(assignedAt.getTime() - 60 * MINUTE), to: h.clock.now() };
    const report = await secondLine(h.backend.db, period, {}, h.config.limits.acceptanceMinutes);
    expect(report.teams.find((t) => t.team === 'network')).toMatchObject({ accepted: 1, acceptedInTime: 1 });
  });

  const pending = async () =>
    (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM inbox WHERE done_at IS NULL`)[0]?.n ?? 0;
});

type Card = ReturnType<Harness['recorder']['card']>;

/** Nora's Accept on the team card, as Slack sends it. */
function acceptClick(card: Card): Record<string, unknown> {
  const hit = elementsOf(card.blocks).find(({ element }) => element.action_id === 'itss:do:accept');
  if (!hit) throw new Error('no Accept button on the team card');
  return {
    type: 'block_actions',
    user: { id: 'UNORA', username: 'nora', name: 'nora', team_id: 'T1' },
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'test' },
    trigger_id: `${Date.now()}.acted`,
    container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
    channel: { id: card.channel, name: 'network' },
    message: { type: 'message', ts: card.ts, text: card.text, blocks: card.blocks },
    state: { values: {} },
    actions: [
      {
        type: 'button',
        action_id: 'itss:do:accept',
        block_id: hit.block.block_id ?? 'auto',
        value: hit.element.value,
        action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      },
    ],
  };
}

async function click(bot: ChildBot, payload: Record<string, unknown>): Promise<number> {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const res = await fetch(`${bot.base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
    body,
  });
  return res.status;
}
