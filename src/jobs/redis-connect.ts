// One ioredis client for a Redis target, shared by the Redis half of src/jobs (redis-jobs.ts and
// the database-index check in redis-database.ts) so neither imports the other.
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../app/env.js';

/** A client for the target: by URL, or through Sentinel (ioredis asks the sentinels for the
 *  master, and asks again when the connection drops, so a failover is a reconnection). */
export function connectRedis(target: RedisTarget, options: RedisOptions): Redis {
  if ('url' in target) return new Redis(target.url, options);
  const { sentinels, name, password, sentinelPassword, db } = target.sentinel;
  return new Redis({
    ...options,
    sentinels,
    name,
    db,
    ...(password ? { password } : {}),
    ...(sentinelPassword ? { sentinelPassword } : {}),
  });
}
