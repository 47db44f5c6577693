// Sign-in for the web pages without a new identity system (issue 13 item 6): the bot hands a
// configured person a link carrying `personId.expiry.mac`, where mac = HMAC-SHA256 over the
// person and the expiry with a secret from the environment (WEB_LINK_SECRET). Rotating the secret
// revokes every link at once. The token names a person, never a role: roles are read from the
// configuration on every request, so removing someone's role takes effect on the next click.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Long enough that a brute-force guess of the secret is hopeless. */
export const MIN_SECRET_LENGTH = 32;

export type LinkRefusal = 'malformed' | 'bad_signature' | 'expired';

export type LinkCheck =
  | { ok: true; personId: string; expiresAt: Date }
  /** A genuine link past its expiry still names its person: the refusal speaks their language. */
  | { ok: false; reason: 'expired'; personId: string; expiredAt: Date }
  | { ok: false; reason: Exclude<LinkRefusal, 'expired'> };

export interface LinkSigner {
  /** A token for `personId`, valid until now + ttl. */
  issue(personId: string, now: Date): { token: string; expiresAt: Date };
  /** A token for `personId` valid until exactly `expiresAt` (a session bounded by its link). */
  issueUntil(personId: string, expiresAt: Date): string;
  /** Whether `token` is genuine and unexpired at `now`; which person it names. */
  verify(token: string, now: Date): LinkCheck;
}

export function linkSigner(secret: string, ttlMs: number): LinkSigner {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`WEB_LINK_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (!(ttlMs > 0)) throw new Error('web link lifetime must be positive');
  const mac = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

  return {
    issue(personId, now) {
      const expiresAt = new Date(now.getTime() + ttlMs);
      return { token: this.issueUntil(personId, expiresAt), expiresAt };
    },
    issueUntil(personId, expiresAt) {
      // base64url keeps ids with ':' or '.' (e.g. `teams:29:...`) unambiguous inside the token.
      const payload = `${Buffer.from(personId).toString('base64url')}.${expiresAt.getTime().toString(36)}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      const [idPart, expPart, macPart] = parts as [string, string, string];
      const payload = `${idPart}.${expPart}`;
      const given = Buffer.from(macPart, 'base64url');
      const expected = mac(payload);
      // Constant-time comparison, so the signature cannot be guessed byte by byte from timings.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'bad_signature' };
      }
      const expiresMs = Number.parseInt(expPart, 36);
      if (!Number.isSafeInteger(expiresMs)) return { ok: false, reason: 'malformed' };
      const personId = Buffer.from(idPart, 'base64url').toString('utf8');
      if (personId === '') return { ok: false, reason: 'malformed' };
      if (now.getTime() >= expiresMs)
        return { ok: false, reason: 'expired', personId, expiredAt: new Date(expiresMs) };
      return { ok: true, personId, expiresAt: new Date(expiresMs) };
    },
  };
}
