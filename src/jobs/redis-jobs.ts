// Everything the jobs module needs only with REDIS_URL: the two Redis connections (see redis.ts
// for why two), the BullMQ timer scheduler and delivery queue, and the queue's failed jobs.
// module.ts imports this file only when Redis is configured, so an embedded bot never loads
// BullMQ and ioredis (25 MB of memory, a tenth of a second of start-up).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisTarget } from '../app/env.js';
import { TOPIC } from '../app/outbox.js';
import { DELIVERY_QUEUE, LEGACY_DELIVERY_QUEUE } from './bull-delivery.js';
import type { FailedDelivery } from './failed.js';
import { connectRedis } from './redis-connect.js';

export { BullDelivery } from './bull-delivery.js';
export { BullTimerScheduler } from './bullmq-scheduler.js';

/** How long one producer command may take before it fails (a hung Redis, not a down one). */
export const PRODUCER_COMMAND_TIMEOUT_MS = 5_000;

export interface RedisConnections {
  /** For BullMQ workers: waits through outages (BullMQ duplicates it for its blocking reads). */
  worker: Redis;
  /** For producers and bookkeeping: fails fast while Redis is unreachable. */
  producer: Redis;
}

export function openRedisConnections(target: RedisTarget): RedisConnections {
  return {
    worker: connectRedis(target, { maxRetriesPerRequest: null }),
    producer: connectRedis(target, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
    }),
  };
}

/** Card refreshes the delivery queues gave up on (this release's and the older `notify`). */
export async function failedQueueJobs(
  connection: Redis,
  prefix: string,
  queueNames: readonly string[] = [DELIVERY_QUEUE, LEGACY_DELIVERY_QUEUE],
  limit = 500,
): Promise<FailedDelivery[]> {
  const lists = await Promise.all(queueNames.map((name) => failedRefreshes(connection, prefix, name, limit)));
  return lists.flat().slice(0, limit);
}

async function failedRefreshes(
  connection: Redis,
  prefix: string,
  queueName: string,
  limit: number,
): Promise<FailedDelivery[]> {
  const queue = new Queue(queueName, { connection, prefix });
  try {
    const jobs = await queue.getFailed(0, limit - 1);
    return jobs
      .filter((j) => j.name === 'refresh')
      .map((j) => ({
        outboxId: null,
        incidentId: String((j.data as { incidentId?: unknown }).incidentId ?? ''),
        topic: TOPIC.viewRefresh,
        effect: null,
        attempts: j.attemptsMade,
        lastError: j.failedReason ?? null,
        createdAt: new Date(j.timestamp).toISOString(),
      }));
  } finally {
    await queue.close();
  }
}

/** The queue's failed jobs for an admin request: fails rather than waits while Redis is down. */
export async function failedInQueue(target: RedisTarget, prefix: string): Promise<FailedDelivery[]> {
  const redis = connectRedis(target, {
    maxRetriesPerRequest: 1,
    commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
  });
  try {
    return await failedQueueJobs(redis, prefix);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export { checkRedisDatabase, configuredDb, isSelectRefused, selectRefusedMessage } from './redis-database.js';
