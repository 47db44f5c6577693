// The Slack module (registered in src/main/modules.ts): on when SLACK_BOT_TOKEN and
// SLACK_SIGNING_SECRET are set. With SLACK_APP_TOKEN it connects over Socket Mode (no public
// URL needed); otherwise Slack posts to POST /slack/events on the bot's HTTP server (PORT).
// SLACK_API_URL points the Web API client elsewhere (tests, proxies).

import type { AppContext, AppModule, RunningModule } from '../../src/app/app-module.js';
import { ChatPlaces } from '../../src/app/chat-places.js';
import { EnvError } from '../../src/app/env.js';
import { DEFAULT_INBOX, Inbox } from '../../src/app/inbox.js';
import {
  createSlackBot,
  EVENTS_PATH,
  type SlackBot,
  type SlackBotOptions,
  type SlackSettings,
} from './app.js';
import { SLACK } from './people.js';

export const OFF_MESSAGE =
  'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on (and SLACK_APP_TOKEN for Socket Mode); see docs/slack.md';

/** Null when Slack stays off; throws EnvError on a value that cannot be right. */
export function readSlackSettings(env: NodeJS.ProcessEnv): SlackSettings | null {
  const value = (name: string) => env[name]?.trim() || null;
  const botToken = value('SLACK_BOT_TOKEN');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  if (!botToken || !signingSecret) return null;
  const appToken = value('SLACK_APP_TOKEN');
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
  const seconds = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!(n > 0 && n <= 3_600)) throw new EnvError([`${name}: expected seconds between 0 and 3600`]);
    return n * 1_000;
  };
  return {
    leaseMs: seconds('INBOX_LEASE_SECONDS', DEFAULT_INBOX.leaseMs / 1_000),
    sweepMs: seconds('INBOX_SWEEP_SECONDS', DEFAULT_INBOX.sweepMs / 1_000),
  };
}

export interface StartedSlack {
  bot: SlackBot;
  running: RunningModule;
}

/** Starts the bot on the app's context: mounts the HTTP route, registers the notifier. */
export async function startSlack(
  ctx: AppContext,
  settings: SlackSettings,
  extra: Pick<SlackBotOptions, 'clientOptions' | 'notifier'> = {},
): Promise<StartedSlack> {
  const bot = createSlackBot({
    settings,
    deps: {
      service: ctx.service,
      config: ctx.config,
      places: new ChatPlaces(ctx.storage),
      clock: ctx.clock,
      log: ctx.log,
      knowledge: ctx.knowledge,
      inbox: new Inbox(ctx.storage.inbox, ctx.log, { platform: SLACK, ...readInboxTimes(ctx.env) }),
    },
    express: ctx.http.app,
    ...extra,
  });
  await bot.start();
  ctx.notifiers.push(bot.notifier);
  ctx.log.info(
    { mode: bot.mode },
    bot.mode === 'socket' ? 'Slack is on (Socket Mode)' : `Slack is on: POST ${EVENTS_PATH}`,
  );
  return { bot, running: { health: () => bot.health(), stop: () => bot.stop() } };
}

export const slackModule: AppModule = {
  name: 'slack',
  async start(ctx) {
    const settings = readSlackSettings(ctx.env);
    if (!settings) {
      ctx.log.info(OFF_MESSAGE);
      return null;
    }
    return (await startSlack(ctx, settings)).running;
  },
};
