// "The database is unavailable": a command that failed because PostgreSQL could not be reached
// (stopped, restarting, network gone) rather than because of what the person asked. Adapters
// answer it with a specific message — nothing was saved (one transaction per command, rolled back
// with the connection), try again in a minute — instead of the generic "something went wrong".
// Recognised by codes only, so nothing of the failed query (people's words) is needed to decide.

/** See CommitOutcomeUnknown below. */
export const COMMIT_OUTCOME_UNKNOWN = 'COMMIT_OUTCOME_UNKNOWN';

/** postgres.js connection errors, Node socket errors, and SQLSTATEs of a server going away. */
const DRIVER_CODES = new Set([
  COMMIT_OUTCOME_UNKNOWN,
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** admin_shutdown, crash_shutdown, cannot_connect_now (starting up / recovering), too_many_connections. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * The connection died after the command's work was done, while COMMIT was on its way: the server
 * may have committed before it went away, so "nothing was saved" could be false. The person is
 * told it may or may not have been saved, and to look before trying again.
 */
export class CommitOutcomeUnknown extends Error {
  readonly code = COMMIT_OUTCOME_UNKNOWN;
  constructor(cause: unknown) {
    super('the database connection was lost during COMMIT', { cause });
    this.name = 'CommitOutcomeUnknown';
  }
}

/** Which words an outage gets: nothing saved, or maybe saved (lost during COMMIT). */
export const outageKind = (code: string): 'db_unavailable' | 'db_outcome_unknown' =>
  code === COMMIT_OUTCOME_UNKNOWN ? 'db_outcome_unknown' : 'db_unavailable';

/** The error code that makes `err` a database outage, or null. Follows `cause` (drizzle wraps
 *  driver errors) and AggregateError's `errors` (Node tries every address of a host). */
export function databaseUnavailableCode(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (DRIVER_CODES.has(code) || SOCKET_CODES.has(code) || SERVER_CODES.has(code)) return code;
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return code;
  }
  const errors = (err as { errors?: unknown }).errors;
  const inner = [(err as { cause?: unknown }).cause, ...(Array.isArray(errors) ? errors : [])];
  for (const e of inner) {
    const found = databaseUnavailableCode(e, depth + 1);
    if (found) return found;
  }
  return null;
}

export const isDatabaseUnavailable = (err: unknown): boolean => databaseUnavailableCode(err) !== null;
