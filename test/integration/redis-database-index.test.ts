// An operator's trial: REDIS_URL=redis://127.0.0.1:6379/99 (the server has 16 databases) logged
// "ERR DB index is out of range", then "redis is back", /readyz said ready and BullMQ's keys
// landed in db 0 — ioredis only emits the refused SELECT and carries on (redis/ioredis#1213).
// Start-up now refuses it with one line naming REDIS_URL. Uses the shared Redis read-only.

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../../src/app/env.js';
import { checkRedisDatabase, configuredDb } from '../../src/jobs/redis-database.js';
import { ChildBot, createTestDatabase } from '../support/child-bot.js';
import { startSecondRedis } from '../support/second-services.js';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the Redis database index', () => {
  it('one the server does not have is refused at start-up, naming REDIS_URL', async () => {
    const err = await checkRedisDatabase({ url: `${REDIS}/99` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EnvError);
    const { problems } = err as EnvError;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^REDIS_URL: Redis database 99 does not exist on this server/);
    expect(problems[0]).toContain('DB index is out of range');
  });

  it('one it has passes; so does db 0', async () => {
    await expect(checkRedisDatabase({ url: `${REDIS}/3` })).resolves.toBeUndefined();
    await expect(checkRedisDatabase({ url: REDIS })).resolves.toBeUndefined();
  });

  it('an unreachable Redis is left to the outage handling, not refused', async () => {
    const port = await freePort();
    await expect(checkRedisDatabase({ url: `redis://127.0.0.1:${port}/99` })).resolves.toBeUndefined();
  });

  it('reads the index as ioredis does', () => {
    expect(configuredDb({ url: 'redis://127.0.0.1:6379/99' })).toBe(99);
    expect(configuredDb({ url: 'redis://127.0.0.1:6379' })).toBe(0);
  });
});

// Redis down at start-up (nothing to check), then back without that database: ioredis would go on
// in db 0. A second redis-server of this test's own, never the shared one.
describe('a worker whose Redis comes back without the configured database', () => {
  it('closes its connections with the same line: no key in db 0, never "redis is back"', async () => {
    const redis = await startSecondRedis();
    const db = await createTestDatabase('redisdb');
    await redis.stop();
    const bot = await ChildBot.create(
      { DATABASE_URL: db.url, REDIS_URL: `${redis.url}/99`, ITSS_CONFIG: 'config/example.en.yaml' },
      ['--role=worker'],
    );
    try {
      await bot.start(60_000, (status) => status === 503);
      await redis.start();
      expect(await bot.logged('REDIS_URL: Redis database 99 does not exist', 20_000), bot.log).toBe(true);
      await new Promise((r) => setTimeout(r, 2_000));
      const look = new Redis(redis.url);
      try {
        expect(await look.dbsize()).toBe(0);
      } finally {
        look.disconnect();
      }
      expect(bot.log).not.toContain('redis is back');
    } finally {
      await bot.kill();
      await redis.destroy();
      await db.drop();
    }
  }, 120_000);
});
