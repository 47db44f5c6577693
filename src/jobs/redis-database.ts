// The database index of REDIS_URL (`redis://host:6379/99`) or REDIS_DB must exist on the server.
// ioredis sends SELECT on every connect and, when the server answers "ERR DB index is out of
// range", only emits an error and carries on in database 0 (redis/ioredis#1213): BullMQ's keys
// would land in db 0 and the bot would call itself ready. So the index is checked at start-up
// (a configuration error, refused like any other), and a connection whose SELECT fails later
// (Redis was down at start-up) is closed at once rather than used.
import { Redis } from 'ioredis';
import { EnvError, type RedisTarget } from '../app/env.js';
import { connectRedis } from './redis-connect.js';

const CHECK_TIMEOUT_MS = 3_000;

/** The error ioredis emits when its SELECT was refused. */
export const isSelectRefused = (err: Error): boolean =>
  err.name === 'ReplyError' && /DB index|invalid DB/i.test(err.message);

/** The variable that names the index, for the operator's message. */
export const dbVariable = (target: RedisTarget): string => ('url' in target ? 'REDIS_URL' : 'REDIS_DB');

/** The one line an operator gets for a database index the server does not have. */
export function selectRefusedMessage(target: RedisTarget, db: number, err: Error): string {
  return `${dbVariable(target)}: Redis database ${db} does not exist on this server (SELECT answered "${err.message}"); use an index below its "databases" setting (16 by default)`;
}

/** Throws EnvError when Redis is reachable and refuses the configured database index; an
 *  unreachable Redis is left to the outage handling (and to closeOnSelectRefused). */
export async function checkRedisDatabase(target: RedisTarget): Promise<void> {
  const db = configuredDb(target);
  if (db === 0) return;
  // Connected to db 0, then SELECT by hand: its answer is ours to read, not an emitted error.
  const probe = connectRedis(target, {
    db: 0,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: CHECK_TIMEOUT_MS,
    commandTimeout: CHECK_TIMEOUT_MS,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
  } catch {
    probe.disconnect();
    return;
  }
  try {
    await probe.select(db);
  } catch (err) {
    if (err instanceof Error && isSelectRefused(err))
      throw new EnvError([selectRefusedMessage(target, db, err)]);
  } finally {
    probe.disconnect();
  }
}

/** The index ioredis would SELECT for the target (from the URL's path, or REDIS_DB). */
export function configuredDb(target: RedisTarget): number {
  if (!('url' in target)) return target.sentinel.db;
  const parsed = new Redis(target.url, { lazyConnect: true });
  const db = parsed.options.db ?? 0;
  parsed.disconnect();
  return db;
}
