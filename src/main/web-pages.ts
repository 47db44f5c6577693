// Wiring of the web pages (issue 13 item 6): the report and queue queries over the database,
// the sign-in checks from the settings, and the routes under /web on the bot's HTTP server.
import type { Database } from '../../db/connect.js';
import { createDeskQueueQueries } from '../../db/desk-queue.js';
import type { AppContext } from '../app/app-module.js';
import { webPagesOff } from '../app/web-server/pages-off.js';
import { webRouter } from '../app/web-server/routes.js';
import { WebAuth } from '../app/web-server/web-auth.js';

type WebWiring = Pick<
  AppContext,
  'settings' | 'configs' | 'service' | 'reports' | 'exports' | 'http' | 'clock' | 'log'
>;

/**
 * Mounts /web when WEB_BASE_URL is set (else a page saying they are off and how to turn them on);
 * returns what chat adapters hand links out with.
 */
export function mountWebPages(ctx: WebWiring, db: Database): WebAuth | null {
  const settings = ctx.settings.web;
  if (!settings) {
    ctx.log.info('web pages are off: set WEB_BASE_URL and WEB_LINK_SECRET to turn them on (docs/web.md)');
    ctx.http.app.use(
      '/web',
      webPagesOff(() => ctx.configs.current()),
    );
    return null;
  }
  const auth = new WebAuth(settings);
  const router = webRouter({
    auth,
    // Read per request: a reload or a directory refresh reaches the next page (config-holder.ts).
    get config() {
      return ctx.configs.current();
    },
    service: ctx.service,
    reports: ctx.reports,
    exports: ctx.exports,
    queue: createDeskQueueQueries(db),
    clock: ctx.clock,
    log: ctx.log,
  });
  ctx.http.app.use('/web', router);
  ctx.log.info({ baseUrl: settings.baseUrl, sso: settings.trustedUserHeader !== null }, 'web pages on /web');
  return auth;
}
