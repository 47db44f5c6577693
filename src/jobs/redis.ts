// The two Redis connections of the jobs module, and how a Redis outage shows in logs and health.
//
// BullMQ's workers block on Redis (BZPOPMIN …) and must wait out an outage: their connection
// keeps `maxRetriesPerRequest: null`. Everything done on behalf of a command, a relay or a
// reconciliation pass (Queue.add, the armed-timer registry, health) goes through a second,
// fail-fast connection instead — no offline queue, a command timeout — so a Redis outage is an
// error at once, never a wait (and never a wait while a database transaction is open).
// See BullMQ's "Failing fast when Redis is down" (enableOfflineQueue: false for producers).
import type { Redis } from 'ioredis';

export function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}

/** Transport failures of a Redis client (as opposed to a bug or a database error). */
export function isRedisError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND)$/.test(code)
  )
    return true;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|Reached the max retries|Redis not connected|redis not ready/.test(
      err.message,
    )
  );
}

/** Short reason for /healthz and logs: the error code when there is one (ECONNREFUSED). */
export function redisReason(err: Error | null): string {
  if (!err) return 'not connected';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : err.message;
}

export interface OutageLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Redis errors at a bounded rate. An outage makes every client, queue, worker and loop fail
 * several times a second; the log gets the first error, then at most one summary line per
 * `intervalMs` with how many errors there were, and one line when Redis is back.
 */
export class RedisOutageLog {
  private downSince: number | null = null;
  private lastLine = 0;
  private suppressed = 0;
  private total = 0;
  private lastError: Error | null = null;

  constructor(
    private readonly log: OutageLog,
    private readonly intervalMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  /** The latest error of the outage in progress (null when Redis is up). */
  get reason(): string | null {
    return this.downSince === null ? null : redisReason(this.lastError);
  }

  error(err: Error, context: string): void {
    const t = this.now();
    // The connection's own error (ECONNREFUSED …) says more than a client's "not connected".
    if (this.lastError === null || typeof (err as { code?: unknown }).code === 'string') this.lastError = err;
    this.total++;
    if (this.downSince === null) {
      this.downSince = t;
      this.lastError = err;
      this.lastLine = t;
      this.suppressed = 0;
      this.total = 1;
      this.log.error({ err, context }, 'redis unavailable: queueing stops, the database keeps every change');
      return;
    }
    this.suppressed++;
    if (t - this.lastLine < this.intervalMs) return;
    this.log.warn(
      { errors: this.suppressed, downForMs: t - this.downSince, reason: redisReason(err), context },
      'redis still unavailable',
    );
    this.lastLine = t;
    this.suppressed = 0;
  }

  /** The producer connection is ready again: one line, if there was an outage. */
  recovered(): void {
    if (this.downSince === null) return;
    this.log.info({ downForMs: this.now() - this.downSince, errors: this.total }, 'redis is back');
    this.downSince = null;
    this.lastError = null;
    this.suppressed = 0;
    this.total = 0;
  }
}
