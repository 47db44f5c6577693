// Keeps earlier resolved incidents searchable as IM2.7 candidates: at start and every minute
// (worker role), resolutions become `incident` knowledge candidates and reopened ones retire.

import type { AppModule } from './app-module.js';
import { codesOnly } from './log.js';

const EVERY_MS = 60_000;

export const earlierIncidentsModule: AppModule = {
  name: 'knowledge_sync',
  async start(ctx) {
    const knowledge = ctx.knowledge;
    if (ctx.settings.role === 'web' || !knowledge) return null;
    let running: Promise<unknown> = Promise.resolve();
    const sync = () => {
      running = knowledge.indexResolvedIncidents().catch((err: unknown) => {
        ctx.log.warn(
          { err: codesOnly(err) },
          'knowledge sync of resolved incidents failed; retrying next minute',
        );
      });
    };
    sync();
    const timer = setInterval(sync, EVERY_MS);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};
