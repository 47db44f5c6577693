// What a failed autocommit statement (Storage.oneStatement's write, its own COMMIT) leaves
// behind, told from the error alone: committed or not is unknown, certainly nothing written, or
// neither (a bug: thrown as it is).

/** admin_shutdown, crash_shutdown: a backend ended while (or after) it committed. */
const GOING_AWAY = new Set(['57P01', '57P02']);

/**
 * An ErrorResponse of these severities ends the session (FATAL) or the server (PANIC), and may
 * come after the statement's commit was made durable (a FATAL or PANIC raised at or just after
 * commit, whatever its SQLSTATE): its outcome is unknown, as for a connection lost.
 */
const SESSION_ENDING = new Set(['FATAL', 'PANIC']);

/**
 * Connection failures before anything could be sent (postgres.js connects on first use). Not
 * EHOSTUNREACH / ENETUNREACH: they can also end a socket that is open, after the statement was
 * sent (a route lost mid-flight), when its outcome is unknown.
 */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN']);

export function neverSent(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
  return neverSent((err as { cause?: unknown }).cause, depth + 1);
}

/** The ErrorResponse behind `err` (drizzle wraps driver errors in `cause`), if there is one. */
export function serverError(err: unknown, depth = 0): { code?: unknown; severity?: unknown } | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  if ('severity' in err) return err as { code?: unknown; severity?: unknown };
  return serverError((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * 'unknown': it may have committed (the server went away, or ended the session, while or after
 * it committed; or the connection was lost after it was sent). 'not_written': certainly rolled
 * back (any other answer: a miss, 22012, a refusal) or never sent (no connection was made).
 * null: neither, not a database failure.
 */
export function statementOutcome(
  err: unknown,
  unavailable: (err: unknown) => boolean,
): 'unknown' | 'not_written' | null {
  const answered = serverError(err);
  if (answered) {
    const ends = GOING_AWAY.has(String(answered.code)) || SESSION_ENDING.has(String(answered.severity));
    return ends ? 'unknown' : 'not_written';
  }
  if (neverSent(err)) return 'not_written';
  return unavailable(err) ? 'unknown' : null;
}
