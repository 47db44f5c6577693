// The web sign-in link (issue 13 item 6): genuine, unexpired links name their person; forged,
// tampered, expired and rotated-secret links are refused; roles are never in the token.
import { describe, expect, it } from 'vitest';
import { mayUseDeskPages } from '../../src/app/web/page-access.js';
import { linkSigner } from '../../src/app/web/signed-link.js';
import { actorFor } from '../fixtures/config.js';

const SECRET = 'a'.repeat(40);
const HOUR = 3_600_000;
const now = new Date('2026-12-05T03:00:00Z');

describe('signed web links', () => {
  const signer = linkSigner(SECRET, HOUR);

  it('names the person a genuine link was issued to, until it expires', () => {
    const { token, expiresAt } = signer.issue('teams:29:1a.b', now);
    expect(expiresAt.getTime()).toBe(now.getTime() + HOUR);
    expect(signer.verify(token, new Date(now.getTime() + HOUR - 1))).toEqual({
      ok: true,
      personId: 'teams:29:1a.b',
      expiresAt,
    });
  });

  it('refuses a link once it has expired', () => {
    const { token } = signer.issue('alice', now);
    expect(signer.verify(token, new Date(now.getTime() + HOUR))).toEqual({
      ok: false,
      reason: 'expired',
      personId: 'alice',
      expiredAt: new Date(now.getTime() + HOUR),
    });
  });

  it('refuses a link whose person or expiry was changed, so one person cannot use it as another', () => {
    const { token } = signer.issue('alice', now);
    const [, exp, mac] = token.split('.');
    const asMia = `${Buffer.from('mia').toString('base64url')}.${exp}.${mac}`;
    expect(signer.verify(asMia, now)).toEqual({ ok: false, reason: 'bad_signature' });
    const [id] = token.split('.');
    const later = `${id}.${(now.getTime() + 100 * HOUR).toString(36)}.${mac}`;
    expect(signer.verify(later, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses every old link after the secret is rotated', () => {
    const { token } = signer.issue('alice', now);
    expect(linkSigner('b'.repeat(40), HOUR).verify(token, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses garbage without throwing', () => {
    for (const junk of ['', 'x', 'a.b', 'a.b.c.d', '..', 'YWxpY2U.zz.!!!']) {
      expect(signer.verify(junk, now).ok).toBe(false);
    }
  });

  it('will not start with a short secret or a non-positive lifetime', () => {
    expect(() => linkSigner('short', HOUR)).toThrow(/WEB_LINK_SECRET/);
    expect(() => linkSigner(SECRET, 0)).toThrow(/lifetime/);
  });
});

describe('desk pages', () => {
  it('are for desk agents and incident managers only', () => {
    expect(mayUseDeskPages(actorFor('alice'))).toBe(true);
    expect(mayUseDeskPages(actorFor('mia'))).toBe(true);
    expect(mayUseDeskPages(actorFor('nick'))).toBe(false);
    expect(mayUseDeskPages({ id: 'slack:U1', name: 'x', roles: [], teams: [] })).toBe(false);
  });
});
