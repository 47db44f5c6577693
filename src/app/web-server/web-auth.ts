// Who is asking for a web page (issue 13 item 6). A chat link carries a signed, expiring token
// naming the person; the first request trades it for a session cookie (HttpOnly, SameSite=Strict,
// expiring with the link) so the token does not stay in the address bar or browser history.
// Behind an SSO proxy, a configured header names the person instead (docs/web.md). Either way
// only the person's id is established here: roles and read rights are checked per request.
import { createHmac } from 'node:crypto';
import { parseCookie } from 'cookie';
import type express from 'express';
import { type LinkSigner, linkSigner } from '../web/signed-link.js';
import type { WebSettings } from './settings.js';

export const SESSION_COOKIE = 'itss_web_session';
export const SIGN_IN_PATH = '/web/sign-in';

export type Who =
  | { ok: true; personId: string; until: Date | null }
  | { ok: false; reason: 'no_session' | 'invalid' }
  | { ok: false; reason: 'expired'; personId: string; expiredAt: Date };

export class WebAuth {
  private readonly links: LinkSigner | null;
  private readonly sessions: LinkSigner | null;

  constructor(readonly settings: WebSettings) {
    const secret = settings.linkSecret;
    this.links = secret ? linkSigner(secret, settings.linkTtlMs) : null;
    // A key of its own for cookies, so a session value is never accepted as a link and back.
    this.sessions = secret ? linkSigner(derive(secret, 'itss web session'), settings.linkTtlMs) : null;
  }

  /** The link to hand `personId` in chat; null when only the SSO proxy signs people in. */
  signInLink(personId: string, now: Date): { url: string; expiresAt: Date } | null {
    if (!this.links) return null;
    const { token, expiresAt } = this.links.issue(personId, now);
    return { url: `${this.settings.baseUrl}${SIGN_IN_PATH}?t=${encodeURIComponent(token)}`, expiresAt };
  }

  /** A page's address for anyone (no token): chat cards carry these. */
  pageUrl(path: string): string {
    return `${this.settings.baseUrl}${path}`;
  }

  /** Checks a link's token; on success, the cookie value of a session ending when the link does. */
  exchange(token: string, now: Date): { who: Who; cookie: string | null } {
    if (!this.links || !this.sessions) return { who: { ok: false, reason: 'invalid' }, cookie: null };
    const check = this.links.verify(token, now);
    if (check.ok)
      return {
        who: { ok: true, personId: check.personId, until: check.expiresAt },
        cookie: this.sessions.issueUntil(check.personId, check.expiresAt),
      };
    return { who: refusal(check), cookie: null };
  }

  /** The person behind a request: the trusted header when configured and present, else the session. */
  who(req: express.Request, now: Date): Who {
    const header = this.settings.trustedUserHeader;
    const named = header ? req.get(header)?.trim() : undefined;
    if (named) return { ok: true, personId: named, until: null };
    const value = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (!value || !this.sessions) return { ok: false, reason: 'no_session' };
    const check = this.sessions.verify(value, now);
    return check.ok ? { ok: true, personId: check.personId, until: check.expiresAt } : refusal(check);
  }

  /** Cookie attributes: Secure whenever the pages are served over https. */
  cookieOptions(expires: Date): express.CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.settings.baseUrl.startsWith('https:'),
      path: '/web',
      expires,
    };
  }
}

function refusal(check: Exclude<ReturnType<LinkSigner['verify']>, { ok: true }>): Who {
  return check.reason === 'expired'
    ? { ok: false, reason: 'expired', personId: check.personId, expiredAt: check.expiredAt }
    : { ok: false, reason: 'invalid' };
}

const derive = (secret: string, purpose: string): string =>
  createHmac('sha256', secret).update(purpose).digest('hex');
