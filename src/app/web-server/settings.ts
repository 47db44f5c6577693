// The web pages' environment (issue 13 item 6), validated at start-up with the variable's name
// and what was expected. Pages are on when WEB_BASE_URL is set; signing in takes either signed
// chat links (WEB_LINK_SECRET) or the organisation's single sign-on proxy (WEB_TRUSTED_USER_HEADER).
import { MIN_SECRET_LENGTH } from '../web/signed-link.js';

export interface WebSettings {
  /** Where people reach the pages, without a trailing slash (links in chat start with it). */
  baseUrl: string;
  /** HMAC key of the sign-in links and session cookies; rotating it signs everyone out. */
  linkSecret: string | null;
  /** How long a link (and the session it opens) lasts. */
  linkTtlMs: number;
  /** Lower-case header a trusted SSO proxy sets to the person's configured id (docs/web.md). */
  trustedUserHeader: string | null;
}

export const DEFAULT_LINK_MINUTES = 60;
const MAX_LINK_MINUTES = 7 * 24 * 60;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

/** Null when the pages stay off; appends what is wrong to `problems`. */
export function readWebSettings(env: NodeJS.ProcessEnv, problems: string[]): WebSettings | null {
  const value = (name: string) => env[name]?.trim() || null;
  const baseUrl = value('WEB_BASE_URL');
  const linkSecret = value('WEB_LINK_SECRET');
  const header = value('WEB_TRUSTED_USER_HEADER');
  const minutesRaw = value('WEB_LINK_MINUTES');
  if (!baseUrl && !linkSecret && !header) return null;
  const before = problems.length;
  if (!baseUrl)
    problems.push('WEB_BASE_URL: expected the pages’ public address, e.g. https://itss.example.com');
  else if (!isHttpUrl(baseUrl)) problems.push(`WEB_BASE_URL: expected an http(s) URL, got "${baseUrl}"`);
  if (!linkSecret && !header)
    problems.push(
      'WEB_LINK_SECRET: required for the web pages (or WEB_TRUSTED_USER_HEADER behind an SSO proxy)',
    );
  if (linkSecret && linkSecret.length < MIN_SECRET_LENGTH)
    problems.push(
      `WEB_LINK_SECRET: expected at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`,
    );
  if (header && !HEADER_NAME.test(header))
    problems.push(
      `WEB_TRUSTED_USER_HEADER: expected a header name such as X-Forwarded-User, got "${header}"`,
    );
  const minutes = minutesRaw === null ? DEFAULT_LINK_MINUTES : Number(minutesRaw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_LINK_MINUTES)
    problems.push(`WEB_LINK_MINUTES: expected whole minutes 1..${MAX_LINK_MINUTES}, got "${minutesRaw}"`);
  if (problems.length > before) return null;
  return {
    baseUrl: (baseUrl as string).replace(/\/+$/, ''),
    linkSecret,
    linkTtlMs: minutes * 60_000,
    trustedUserHeader: header?.toLowerCase() ?? null,
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.search === '' && u.hash === '';
  } catch {
    return false;
  }
}
