// The real Redis the queue tests use (127.0.0.1:6379 unless TEST_REDIS_URL / REDIS_URL say
// otherwise). Every test takes its own key prefix and deletes exactly its own keys afterwards:
// the Redis is shared with other test files and other people — never FLUSHALL it.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const testPrefix = (name = 't'): string => `${name}-${randomBytes(5).toString('hex')}`;

export function openRedis(): Redis {
  return new Redis(testRedisUrl, { maxRetriesPerRequest: null });
}

/** Deletes every key under the prefix (`{prefix}:…` for BullMQ, `{prefix}-armed:…` for timers). */
export async function wipePrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  for (const pattern of [`${prefix}:*`, `${prefix}-armed:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}

/** Polls until `check` returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve handle, for holding a handler in flight. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
