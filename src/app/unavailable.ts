// "The database is unavailable": a command that failed because PostgreSQL could not be reached
// (stopped, restarting, network gone) rather than because of what the person asked. Adapters
// answer it with a specific message — nothing was saved (one transaction per command, rolled back
// with the connection), try again in a minute — instead of the generic "something went wrong".
// Recognised by codes only, so nothing of the failed query (people's words) is needed to decide.
// A socket code alone does not say which peer went away: a reply to Teams or Slack that could not
// connect fails with the same ECONNREFUSED. Errors of an outbound HTTP call carry the request
// (Azure's RestError `request.url`, axios' `config.url`, Slack's `original`); those are the
// platform being unreachable, never the database (platformUnreachable below).

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
 *  driver errors) and AggregateError's `errors` (Node tries every address of a host). An error
 *  of an outbound HTTP call (see platformUnreachable) is never a database outage. */
export function databaseUnavailableCode(err: unknown): string | null {
  if (requestHost(err, SLACK_DEFAULT_API_URL) !== null) return null;
  return outageCode(err);
}

export const isDatabaseUnavailable = (err: unknown): boolean => databaseUnavailableCode(err) !== null;

/** A chat platform (Teams' serviceUrl, Slack's API) that could not be reached: the socket code and
 *  the host that was called — a host, never a path or body, so nothing people wrote is logged. */
export interface PlatformUnreachable {
  code: string;
  host: string;
}

/** `slackApiUrl`: the Web API base the Slack client calls (SLACK_API_URL, else Slack's own), whose
 *  host is logged for a Slack error: @slack/web-api 7+ calls fetch, and its error names no URL. */
export function platformUnreachable(
  err: unknown,
  slackApiUrl: string = SLACK_DEFAULT_API_URL,
): PlatformUnreachable | null {
  const host = requestHost(err, slackApiUrl);
  if (host === null) return null;
  const code = outageCode(err);
  return code && SOCKET_CODES.has(code) ? { code, host } : null;
}

function outageCode(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (DRIVER_CODES.has(code) || SOCKET_CODES.has(code) || SERVER_CODES.has(code)) return code;
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return code;
  }
  for (const e of inner(err)) {
    const found = outageCode(e, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The errors `err` wraps: `cause`, AggregateError's `errors`, Slack's `original` (axios). */
function inner(err: object): unknown[] {
  const { cause, errors, original } = err as { cause?: unknown; errors?: unknown; original?: unknown };
  return [cause, original, ...(Array.isArray(errors) ? errors : [])];
}

/** The host of the outbound HTTP request `err` (or an error it wraps) failed on, else null. */
function requestHost(err: unknown, slackApiUrl: string, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const { request, config } = err as {
    request?: { url?: unknown };
    config?: { url?: unknown; baseURL?: unknown };
  };
  if (typeof request?.url === 'string') return hostOf(request.url);
  // @slack/web-api 7+ calls fetch, whose error names no URL; the wrapper's code says it was Slack.
  if ((err as { code?: unknown }).code === 'slack_webapi_request_error') return hostOf(slackApiUrl);
  // axios keeps a relative url (Slack's "chat.postMessage") next to its baseURL.
  if (typeof config?.url === 'string')
    return hostOf(config.url, typeof config.baseURL === 'string' ? config.baseURL : undefined);
  for (const e of inner(err)) {
    const found = requestHost(e, slackApiUrl, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** @slack/web-api's own default, used when SLACK_API_URL is not set. */
export const SLACK_DEFAULT_API_URL = 'https://slack.com/api/';

function hostOf(url: string, base?: string): string {
  try {
    return new URL(url, base).host || 'unknown';
  } catch {
    return 'unknown';
  }
}
