// Slack's environment, read without loading Bolt: whether Slack is on, and what it needs.
import { EnvError } from '../../src/app/env.js';
import { DEFAULT_INBOX } from '../../src/app/inbox.js';
import type { SlackSettings } from './app.js';

export const OFF_MESSAGE =
  'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on (and SLACK_APP_TOKEN for Socket Mode); see docs/slack.md';

/** The variables Slack needs together; SLACK_APP_TOKEN (Socket Mode) only with them. */
const REQUIRED = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

/** Null when Slack stays off (none of its credentials set); throws EnvError on a value that cannot
 *  be right, or on a half configuration: some of SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and
 *  SLACK_APP_TOKEN set but not both of the first two is a mistake, not "Slack off". */
export function readSlackSettings(env: NodeJS.ProcessEnv): SlackSettings | null {
  const value = (name: string) => env[name]?.trim() || null;
  const botToken = value('SLACK_BOT_TOKEN');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  const appToken = value('SLACK_APP_TOKEN');
  if (!botToken && !signingSecret && !appToken) return null;
  if (!botToken || !signingSecret) {
    const set = [...REQUIRED, 'SLACK_APP_TOKEN'].filter((name) => value(name));
    throw new EnvError(
      REQUIRED.filter((name) => !value(name)).map(
        (name) =>
          `${name}: required with ${set.join(' and ')} (set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for Slack, or neither)`,
      ),
    );
  }
  const apiUrl = value('SLACK_API_URL');
  const problems: string[] = [];
  if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN: expected a bot token (xoxb-…)');
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN: expected an app-level token (xapp-…) with connections:write');
  if (apiUrl && !/^https?:\/\/\S+$/.test(apiUrl))
    problems.push('SLACK_API_URL: expected an http(s) URL such as https://slack.com/api/');
  if (problems.length > 0) throw new EnvError(problems);
  return { botToken, signingSecret, appToken, apiUrl };
}

/** INBOX_LEASE_SECONDS (default 30): how long a request is left to the process that received
 *  it before the sweep (every INBOX_SWEEP_SECONDS, default 10) finishes it after a crash. */
export function readInboxTimes(env: NodeJS.ProcessEnv): { leaseMs: number; sweepMs: number } {
  const milliseconds = (name: string, fallbackMs: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallbackMs;
    const n = Number(raw);
    if (!(n > 0 && n <= 3_600)) throw new EnvError([`${name}: expected seconds between 0 and 3600`]);
    return n * 1_000;
  };
  return {
    leaseMs: milliseconds('INBOX_LEASE_SECONDS', DEFAULT_INBOX.leaseMs),
    sweepMs: milliseconds('INBOX_SWEEP_SECONDS', DEFAULT_INBOX.sweepMs),
  };
}
