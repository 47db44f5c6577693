// /readyz of the real bot (child processes, Slack over HTTP to a recorder of its Web API):
// it names Slack with what this process's latest delivery did — configured, ok, failing with
// Slack's error code — and from SIGTERM answers 503 'stopping' while the bot still serves, for
// SHUTDOWN_DRAIN_MS, before it closes and exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, SIGNING_SECRET, sign } from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, waitFor } from '../support/child-bot.js';
import { exampleConfigCoveringComingYears } from '../support/example-config.js';
import { reportSubmission } from '../support/slack-payloads.js';

const DESK = 'C01SERVDSK';

type Readiness = {
  status: string;
  failing?: string[];
  platforms?: Record<string, { state: string; error?: string; note?: string }>;
};

describe('/readyz of the running bot', () => {
  let recorder: Recorder;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const bots: ChildBot[] = [];

  beforeAll(async () => {
    recorder = new Recorder();
    await recorder.start();
    db = await createTestDatabase('readyz');
  });
  afterAll(async () => {
    for (const b of bots) await b.kill();
    await db?.drop();
    await recorder?.stop();
  });

  const bot = async (args: string[] = []) => {
    const b = await ChildBot.create(
      {
        DATABASE_URL: db.url,
        // No provisional-year warning nor scheduled report: either would be this process's first Slack delivery.
        ITSS_CONFIG: exampleConfigCoveringComingYears(),
        ITSS_CONFIG_WATCH: 'off',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: recorder.url,
        SHUTDOWN_DRAIN_MS: '3000',
        LOG_LEVEL: 'warn',
      },
      args,
    );
    bots.push(b);
    return b;
  };

  const readiness = async (b: ChildBot) => {
    const res = await fetch(`${b.base}/readyz`);
    return { code: res.status, body: (await res.json()) as Readiness };
  };

  it('names Slack with its latest delivery, and says stopping from SIGTERM until it exits', {
    timeout: 90_000,
  }, async () => {
    const b = await bot();
    const web = await bot(['--role=web']);
    await Promise.all([b.start(), web.start()]);
    expect((await readiness(b)).body.platforms).toEqual({
      slack: { state: 'configured', note: 'nothing delivered by this process yet' },
    });
    expect((await readiness(web)).body.platforms?.slack).toMatchObject({
      state: 'configured',
      note: expect.stringContaining('--role=worker'),
    });

    // Slack fails the first desk card: failing, by Slack's own error code; still 200.
    recorder.failures.set(`chat.postMessage ${DESK}`, 'internal_error');
    expect(await report(web, 'UREADY01', 'Printer on floor 3 jams')).toBe(200);
    let seen: Awaited<ReturnType<typeof readiness>> | undefined;
    const failing = await waitFor(async () => {
      seen = await readiness(b);
      return seen.body.platforms?.slack?.state === 'failing';
    }, 20_000);
    expect(failing, b.log).toBe(true);
    expect(seen).toMatchObject({
      code: 200,
      body: {
        status: 'degraded',
        failing: ['platforms.slack'],
        platforms: { slack: { error: 'slack_webapi_platform_error: internal_error' } },
      },
    });
    // The outbox retries it (5 s backoff): the card goes out and Slack is ok again.
    const ok = await waitFor(async () => (await readiness(b)).body.status === 'ready', 30_000);
    expect(ok, b.log).toBe(true);
    expect((await readiness(b)).body.platforms?.slack).toMatchObject({ state: 'ok' });
    expect((await readiness(web)).body.platforms?.slack?.state).toBe('configured');

    // SIGTERM: not ready at once, while the bot still answers everything else.
    b.signal('SIGTERM');
    let stopping: Awaited<ReturnType<typeof readiness>> | undefined;
    expect(
      await waitFor(
        async () => {
          stopping = await readiness(b);
          return stopping.code === 503;
        },
        2_000,
        20,
      ),
    ).toBe(true);
    expect(stopping?.body).toEqual({ status: 'stopping' });
    expect((await fetch(`${b.base}/livez`)).status).toBe(200);
    await b.ended();
    expect(b.exitCode).toBe(0);
    await expect(fetch(`${b.base}/readyz`)).rejects.toThrow();
  });

  async function report(b: ChildBot, userId: string, title: string): Promise<number> {
    const payload = reportSubmission(userId, title, 'It jams on every page.');
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await fetch(`${b.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
    return res.status;
  }
});
