// The Redis settings docs/timers.md asks for, read once when the bot first reaches Redis, so an
// operator learns of a missing one from the start-up log rather than from a lost or late timer.
// Managed services often refuse CONFIG; the bot then says once that it could not check.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisSettingNote {
  level: 'warn' | 'info';
  msg: string;
}

const READ = ['maxmemory-policy', 'hz', 'appendonly'] as const;
type RedisSettings = Partial<Record<(typeof READ)[number], string>>;

/** What the settings read mean for timers and deliveries (pure: the test reads it directly). */
export function redisSettingNotes(values: RedisSettings): RedisSettingNote[] {
  const notes: RedisSettingNote[] = [];
  const policy = values['maxmemory-policy'];
  if (policy && policy !== 'noeviction')
    notes.push({
      level: 'warn',
      msg: `redis: maxmemory-policy is ${policy}; set noeviction — an evicted key is a lost or corrupted timer or delivery (docs/timers.md)`,
    });
  const hz = Number(values.hz);
  if (values.hz !== undefined && Number.isFinite(hz) && hz < 100)
    notes.push({
      level: 'info',
      msg: `redis: hz is ${hz}; with hz 100 deadline timers fire within ~20–30 ms of their time instead of ~100 ms (p99; docs/timers.md)`,
    });
  if (values.appendonly === 'no')
    notes.push({
      level: 'info',
      msg: 'redis: appendonly is no; after a Redis restart the pending timers are re-armed from the database by reconciliation, so they fire late but are not lost (docs/timers.md)',
    });
  return notes;
}

/** Reads the settings and logs what they mean; never throws (start-up must not hang on it). */
export async function checkRedisSettings(redis: Redis, log: Logger): Promise<void> {
  let values: RedisSettings;
  try {
    values = await readSettings(redis);
  } catch {
    log.info(
      'redis: cannot read its settings (CONFIG GET is refused, as on many managed services); check maxmemory-policy noeviction, hz 100 and appendonly yes by hand (docs/timers.md)',
    );
    return;
  }
  for (const note of redisSettingNotes(values)) log[note.level](note.msg);
}

async function readSettings(redis: Redis): Promise<RedisSettings> {
  const values: RedisSettings = {};
  for (const key of READ) {
    // CONFIG GET answers [name, value] (nothing for a name this server does not know).
    const [, value] = (await redis.config('GET', key)) as string[];
    if (value !== undefined) values[key] = value;
  }
  return values;
}
