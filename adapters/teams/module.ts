// The Microsoft Teams module (registered in src/main/modules.ts): a botbuilder CloudAdapter at
// POST /api/messages on the bot's HTTP server (PORT).
//   MicrosoftAppId (+ MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId): on, with
//     Bot Framework authentication of every request.
//   TEAMS_LOCAL=1 and no MicrosoftAppId: on, unauthenticated, for local testing (Agents
//     Playground, protocol tests). Anyone who can reach it could act as anyone, so the whole
//     server then listens on 127.0.0.1 only, and says so.
//   Neither: off (the log says what to set). An empty MicrosoftAppId alone does not turn an
//     unauthenticated bot on: docker-compose passes empty values through.
// botbuilder (0.4 s to import) is loaded only when Teams is on.
import type { AppModule } from '../../src/app/app-module.js';
import { OFF_MESSAGE, readTeamsSettings } from './settings.js';

export const teamsModule: AppModule = {
  name: 'teams',
  async start(ctx) {
    const settings = readTeamsSettings(ctx.env);
    if (!settings) {
      ctx.log.info(OFF_MESSAGE);
      return null;
    }
    const { startTeams } = await import('./start.js');
    return (await startTeams(ctx, settings)).running;
  },
};
