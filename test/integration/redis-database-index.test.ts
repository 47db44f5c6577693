// An operator's trial: REDIS_URL=redis://127.0.0.1:6379/99 (the server has 16 databases) logged
// "ERR DB index is out of range", then "redis is back", /readyz said ready and BullMQ's keys
// landed in db 0 — ioredis only emits the refused SELECT and carries on (redis/ioredis#1213).
// Start-up now refuses it with one line naming REDIS_URL. Uses the shared Redis read-only.

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../../src/app/env.js';
import { checkRedisDatabase, configuredDb } from '../../src/jobs/redis-database.js';

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
