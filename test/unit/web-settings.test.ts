// The web pages' environment (src/app/web-server/settings.ts): off unless asked for, and every
// wrong value stops start-up naming the variable and what was expected.
import { describe, expect, it } from 'vitest';
import { EnvError, readSettings } from '../../src/app/env.js';

const SECRET = 'x'.repeat(40);
const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    readSettings(env);
    return [];
  } catch (err) {
    if (err instanceof EnvError) return [...err.problems];
    throw err;
  }
};

describe('web settings', () => {
  it('leave the pages off when none of their variables is set', () => {
    expect(readSettings({}).web).toBeNull();
  });

  it('read the base URL, the secret, the lifetime and the SSO header', () => {
    const env = {
      WEB_BASE_URL: 'https://itss.example.com/',
      WEB_LINK_SECRET: SECRET,
      WEB_LINK_MINUTES: '30',
      WEB_TRUSTED_USER_HEADER: 'X-Forwarded-User',
    };
    expect(readSettings(env).web).toEqual({
      baseUrl: 'https://itss.example.com',
      linkSecret: SECRET,
      linkTtlMs: 30 * 60_000,
      trustedUserHeader: 'x-forwarded-user',
    });
    expect(readSettings({ WEB_BASE_URL: 'http://h', WEB_LINK_SECRET: SECRET }).web?.linkTtlMs).toBe(
      3_600_000,
    );
  });

  it('name each wrong variable and what it should be', () => {
    expect(problems({ WEB_LINK_SECRET: SECRET })).toEqual([expect.stringMatching(/^WEB_BASE_URL: expected/)]);
    expect(problems({ WEB_BASE_URL: 'ftp://x', WEB_LINK_SECRET: SECRET })).toEqual([
      expect.stringMatching(/^WEB_BASE_URL: expected an http\(s\) URL/),
    ]);
    expect(problems({ WEB_BASE_URL: 'https://x' })).toEqual([
      expect.stringMatching(/^WEB_LINK_SECRET: required/),
    ]);
    expect(problems({ WEB_BASE_URL: 'https://x', WEB_LINK_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^WEB_LINK_SECRET: expected at least 32 characters/),
    ]);
    expect(problems({ WEB_BASE_URL: 'https://x', WEB_LINK_SECRET: SECRET, WEB_LINK_MINUTES: '0' })).toEqual([
      expect.stringMatching(/^WEB_LINK_MINUTES: expected whole minutes/),
    ]);
    expect(problems({ WEB_BASE_URL: 'https://x', WEB_TRUSTED_USER_HEADER: 'X User' })).toEqual([
      expect.stringMatching(/^WEB_TRUSTED_USER_HEADER: expected a header name/),
    ]);
  });
});
