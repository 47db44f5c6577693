// Starting Slack (Bolt and the Web API client), loaded by module.ts only when Slack is on.

import type { AppContext, RunningModule } from '../../src/app/app-module.js';
import { ChatPlaces } from '../../src/app/chat-places.js';
import { Inbox } from '../../src/app/inbox.js';
import { handOffRole } from '../../src/app/inbox-follower.js';
import {
  createSlackBot,
  EVENTS_PATH,
  type SlackBot,
  type SlackBotOptions,
  type SlackSettings,
} from './app.js';
import { slackDirectory } from './directory.js';
import { SLACK } from './people.js';
import { readInboxTimes } from './settings.js';

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
      // Read per use: a reloaded configuration reaches the next request (config-holder.ts).
      get config() {
        return ctx.configs.current();
      },
      places: new ChatPlaces(ctx.storage),
      clock: ctx.clock,
      log: ctx.log,
      knowledge: ctx.knowledge,
      reports: ctx.reports,
      inbox: new Inbox(
        ctx.storage.inbox,
        ctx.log,
        {
          platform: SLACK,
          ...readInboxTimes(ctx.env),
          handOff: handOffRole(ctx.settings.role, ctx.storage.inbox),
        },
        undefined,
        // Received on the domain clock: the time a person acted, for their command (docs/slack.md).
        () => ctx.clock.now(),
      ),
      web: ctx.web ?? null,
      pinConfig: (work) => ctx.configs.pin(work),
    },
    express: ctx.http.app,
    ...extra,
  });
  await bot.start();
  ctx.notifiers.push(bot.notifier);
  const refresh = ctx.configs.fromFile().directory?.refreshMinutes ?? 15;
  ctx.directories.push(slackDirectory(bot.app.client, refresh * 60_000));
  ctx.log.info(
    { mode: bot.mode },
    bot.mode === 'socket' ? 'Slack is on (Socket Mode)' : `Slack is on: POST ${EVENTS_PATH}`,
  );
  return { bot, running: { health: () => bot.health(), stop: () => bot.stop() } };
}
