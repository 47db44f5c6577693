// Environment of the jobs module (timers, relays, deliveries). A bad value stops startup with
// the variable's name and what was expected, like src/app/env.ts.
import { EnvError } from '../app/env.js';

export interface JobSettings {
  /** Timer firings handled at once per process (TIMER_CONCURRENCY, default 10). */
  timerConcurrency: number;
  /** Chat deliveries at once per process (NOTIFY_CONCURRENCY, default 5). */
  notifyConcurrency: number;
  /** Deliveries per second across all instances (NOTIFY_RATE_PER_SECOND, default 20). */
  notifyRatePerSecond: number;
  /** How often the outbox relays look for new rows (RELAY_INTERVAL_MS, default 250). */
  relayIntervalMs: number;
  /** How often every open deadline is checked against the scheduler (RECONCILE_INTERVAL_MS, 60 000). */
  reconcileIntervalMs: number;
  /** Redis key prefix of the queues (QUEUE_PREFIX, default itss). */
  queuePrefix: string;
  /** How long shutdown waits for jobs in flight before handing them back (SHUTDOWN_TIMEOUT_MS, 10 000). */
  shutdownTimeoutMs: number;
  /** During a Redis outage, at most one log line per this many ms (REDIS_ERROR_LOG_INTERVAL_MS, 30 000). */
  redisErrorLogIntervalMs: number;
  /** Days a sent outbox row is kept before it is deleted (OUTBOX_KEEP_DAYS, default 30; 0 keeps
   *  them for ever). Rows still pending are never deleted. */
  outboxKeepDays: number;
}

export function readJobSettings(env: NodeJS.ProcessEnv): JobSettings {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: expected a whole number ${min}..${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const settings: JobSettings = {
    timerConcurrency: int('TIMER_CONCURRENCY', 10, 1, 1000),
    notifyConcurrency: int('NOTIFY_CONCURRENCY', 5, 1, 1000),
    notifyRatePerSecond: int('NOTIFY_RATE_PER_SECOND', 20, 1, 10_000),
    relayIntervalMs: int('RELAY_INTERVAL_MS', 250, 10, 60_000),
    reconcileIntervalMs: int('RECONCILE_INTERVAL_MS', 60_000, 1_000, 3_600_000),
    queuePrefix: env.QUEUE_PREFIX?.trim() || 'itss',
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    redisErrorLogIntervalMs: int('REDIS_ERROR_LOG_INTERVAL_MS', 30_000, 1_000, 3_600_000),
    outboxKeepDays: int('OUTBOX_KEEP_DAYS', 30, 0, 3650),
  };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(settings.queuePrefix))
    problems.push('QUEUE_PREFIX: expected 1..64 letters, digits, _ or - (no ":")');
  if (problems.length > 0) throw new EnvError(problems);
  return settings;
}
