// First contact with PostgreSQL at start-up. An unreachable database used to end start-up with a
// driver stack trace; now the operator gets one line naming host:port and the reason (never the
// URL: it may hold the password). A database that is still starting (the bot and PostgreSQL boot
// together after a reboot or in one compose/pod) is waited for with a bounded, logged backoff;
// anything that waiting cannot fix (wrong password, no such database) ends start-up at once, and
// so does the wait running out — exit 1, so the supervisor sees it and the operator reads why.
import { databaseUnavailableCode } from '../src/app/unavailable.js';
import { postgresTarget } from './postgres-url.js';

export class DatabaseUnreachableError extends Error {}

export interface ReachOptions {
  log: (msg: string) => void;
  /** Pauses between attempts; start-up gives up after the last one. About 30 s by default. */
  delaysMs?: readonly number[];
  connectTimeoutSeconds?: number;
}

const DEFAULT_DELAYS = [1_000, 2_000, 4_000, 8_000, 15_000];

const PLAIN: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is PostgreSQL running and listening there?',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'no answer (timed out)',
  CONNECT_TIMEOUT: 'no answer (timed out)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  '57P03': 'the database system is starting up',
};

/** `host:port` of a postgres:// URL, without user or password. */
export function databaseTarget(url: string): string {
  try {
    const u = new URL(url);
    const socketDir = postgresTarget(url).options.host;
    return `${socketDir ?? (u.hostname || 'localhost')}:${u.port || '5432'}`;
  } catch {
    return 'the DATABASE_URL host';
  }
}

/** A short reason from a connection failure: its code and what it means, or the server's words. */
export function connectionReason(err: unknown): string {
  const outage = databaseUnavailableCode(err);
  if (outage) return `${outage}, ${PLAIN[outage] ?? 'connection failed'}`;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (e?.cause) return connectionReason(e.cause);
  const code = typeof e?.code === 'string' ? `${e.code}, ` : '';
  return `${code}${typeof e?.message === 'string' ? e.message.split('\n')[0] : String(err)}`;
}

/** Resolves once PostgreSQL answers; else throws DatabaseUnreachableError with one clear line. */
export async function reachPostgres(url: string, opts: ReachOptions): Promise<void> {
  const target = databaseTarget(url);
  const delays = opts.delaysMs ?? DEFAULT_DELAYS;
  for (let attempt = 0; ; attempt++) {
    const err = await tryOnce(url, opts.connectTimeoutSeconds ?? 5);
    if (!err) return;
    const reason = connectionReason(err);
    const transient = databaseUnavailableCode(err) !== null;
    const delay = delays[attempt];
    if (!transient || delay === undefined) {
      const waited = transient ? `; gave up after ${attempt + 1} attempts` : '';
      throw new DatabaseUnreachableError(
        `database: cannot connect to PostgreSQL at ${target} (${reason})${waited}`,
      );
    }
    opts.log(`database: PostgreSQL at ${target} unreachable (${reason}); retrying in ${delay / 1000} s`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function tryOnce(databaseUrl: string, connectTimeout: number): Promise<unknown> {
  const { default: postgres } = await import('postgres'); // not loaded by an embedded start
  const target = postgresTarget(databaseUrl);
  const probe = postgres(target.url, {
    max: 1,
    connect_timeout: connectTimeout,
    onnotice: () => {},
    ...target.options,
  });
  try {
    await probe`select 1`;
    return null;
  } catch (err) {
    return err;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}
