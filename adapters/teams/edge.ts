// The Teams wire edge, before the CloudAdapter and the bot:
//  - a token that cannot be a Bot Framework token — unsigned (`alg: none`), HMAC-signed (HS256,
//    which would let anyone holding a shared secret forge one) or not a JWT at all — is refused
//    before botbuilder fetches OpenID metadata and signing keys for it (a request per forgery);
//  - text from outside is cleaned once (src/core/clean-text.ts): the whole activity — text,
//    value (card inputs, Action.Execute data, dialog submissions), channel data — so every
//    handler sees text PostgreSQL will store. The token does not sign the body.
import { cleanDeep } from '../../src/core/clean-text.js';

/** The algorithms botframework-connector accepts for channel and emulator tokens. */
export const SIGNING_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512'];

/** True when the Authorization header carries a JWT whose header names an RSA signature. */
export function plausibleBotToken(authorization: string | undefined): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.exec(authorization ?? '');
  if (!match?.[1]) return false;
  try {
    const header = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' && SIGNING_ALGORITHMS.includes(header.alg);
  } catch {
    return false;
  }
}

/** The activity with every string cleaned (keys too). */
export function cleanActivity<T>(activity: T): T {
  return cleanDeep(activity);
}
