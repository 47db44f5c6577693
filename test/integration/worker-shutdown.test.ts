// An operator's trial: a worker (`--role=worker`) whose Redis was unreachable never exited on
// SIGTERM — the log stopped at "http closed" (BullMQ's queue.close() waits for a connection that
// never comes) and a second SIGTERM or Ctrl-C was ignored. Every close on shutdown is bounded now,
// and a second signal exits at once. Redis here is a port nothing listens on, never the shared one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildBot, createTestDatabase } from '../support/child-bot.js';
import { freePort } from '../support/second-services.js';

const JOBS_TIMEOUT_MS = 1_000;

describe('a worker whose Redis is unreachable', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redisUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('shutdown');
    redisUrl = `redis://127.0.0.1:${await freePort()}`;
  });
  afterAll(() => db.drop());

  async function worker(): Promise<ChildBot> {
    const bot = await ChildBot.create(
      {
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl,
        SHUTDOWN_TIMEOUT_MS: String(JOBS_TIMEOUT_MS),
        ITSS_CONFIG: 'config/example.en.yaml',
      },
      ['--role=worker'],
    );
    await bot.start(60_000, (status) => status === 503); // /healthz: redis down
    return bot;
  }

  it('ends on SIGTERM within the jobs timeout and the queues’ 5 s', async () => {
    const bot = await worker();
    const from = Date.now();
    bot.signal('SIGTERM');
    const ended = await Promise.race([bot.ended().then(() => true), sleep(20_000).then(() => false)]);
    if (!ended) await bot.kill();
    expect(ended, bot.log).toBe(true);
    expect(Date.now() - from).toBeLessThan(JOBS_TIMEOUT_MS + 5_000 + 5_000 + 2_000);
    expect(bot.exitCode).toBe(0);
  }, 90_000);

  it('a second signal ends it at once', async () => {
    const bot = await worker();
    bot.signal('SIGTERM');
    expect(await bot.logged('shutting down')).toBe(true);
    const from = Date.now();
    bot.signal('SIGINT');
    const ended = await Promise.race([bot.ended().then(() => true), sleep(5_000).then(() => false)]);
    if (!ended) await bot.kill();
    expect(ended, bot.log).toBe(true);
    expect(Date.now() - from).toBeLessThan(2_000);
    expect(bot.exitCode).toBe(1);
  }, 90_000);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
