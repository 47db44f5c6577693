// The Slack module (registered in src/main/modules.ts): on when SLACK_BOT_TOKEN and
// SLACK_SIGNING_SECRET are set. With SLACK_APP_TOKEN it connects over Socket Mode (no public
// URL needed); otherwise Slack posts to POST /slack/events on the bot's HTTP server (PORT).
// SLACK_API_URL points the Web API client elsewhere (tests, proxies).
// Bolt and the Web API client (a quarter of a second to import) are loaded only when Slack is
// on, so a Teams-only or embedded try-out starts without them.
import type { AppModule } from '../../src/app/app-module.js';
import { OFF_MESSAGE, readSlackSettings } from './settings.js';

export const slackModule: AppModule = {
  name: 'slack',
  async start(ctx) {
    const settings = readSlackSettings(ctx.env);
    if (!settings) {
      ctx.log.info(OFF_MESSAGE);
      return null;
    }
    const { startSlack } = await import('./start.js');
    return (await startSlack(ctx, settings)).running;
  },
};
