// The web pages' routes under /web (issue 13 item 6), mounted by the composition root. Every
// page request resolves the person (web-auth.ts), then checks what they may see against the
// configuration as it is now: the desk pages by role, an incident by the read rule every chat
// path uses (TriageService.view). Pages are rendered by src/app/web.

import express from 'express';
import { isDomainError } from '../../core/errors.js';
import { errorMessage, formatDateTime } from '../../i18n/index.js';
import { shownName } from '../history/names.js';
import { actorById, localeFor } from '../identity.js';
import { codesOnly } from '../log.js';
import { errorPage, homePage, signedInPage, signedOutPage } from '../web/home-page.js';
import { incidentPage } from '../web/incident-page.js';
import { mayUseDeskPages } from '../web/page-access.js';
import { queuePage } from '../web/queue-page.js';
import { timelineHtml } from '../web/timeline.js';
import { assetRoutes } from './assets-routes.js';
import { exportRoute } from './export-route.js';
import { reportRoute } from './report-route.js';
import { browserLocale, refuse, sendPage } from './respond.js';
import { SESSION_COOKIE, SIGN_IN_PATH, type WebAuth } from './web-auth.js';
import type { Visit, WebPagesDeps } from './web-deps.js';

type PageHandler = (req: express.Request, res: express.Response, visit: Visit) => Promise<void>;

export function webRouter(deps: WebPagesDeps): express.Router {
  const router = express.Router();
  router.use('/assets', assetRoutes());
  router.get('/sign-in', (req, res) => signIn(deps, req, res));
  router.post('/logout', (req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/web' });
    sendPage(res, 200, signedOutPage(browserLocale(req, deps.config)));
  });
  const page = (handler: PageHandler, desk = false) => personPage(deps, handler, desk);
  router.get('/', page(home));
  router.get('/queue', page(queue, true));
  router.get('/reports', page(reportRoute(deps), true));
  router.get('/incidents/:id', page(incident));
  router.get('/export/:file', page(exportRoute(deps), true));
  router.use((req, res) => refuse(res, browserLocale(req, deps.config), { kind: 'not_found' }));
  // Four parameters: Express treats it as the error handler only with this arity.
  router.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    deps.log.error({ err: codesOnly(err), path: req.path }, 'web page failed');
    sendPage(res, 500, errorPage(browserLocale(req, deps.config)));
  });
  return router;

  async function home(_req: express.Request, res: express.Response, visit: Visit): Promise<void> {
    if (mayUseDeskPages(visit.actor)) return res.redirect(303, '/web/queue');
    const mine = await deps.service.reportedBy(visit.actor, { open: true, limit: 100 });
    sendPage(res, 200, homePage(visit.frame, mine));
  }

  async function queue(_req: express.Request, res: express.Response, visit: Visit): Promise<void> {
    const limit = deps.queueLimit ?? 200;
    const rows = await deps.queue.openIncidents(limit);
    const now = deps.clock.now();
    sendPage(res, 200, queuePage({ frame: visit.frame, config: deps.config, rows, limit, now }));
  }

  async function incident(req: express.Request, res: express.Response, visit: Visit): Promise<void> {
    try {
      // The id or the number (INC-000001): a desk says the number.
      const incident = await deps.service.readByRef(String(req.params.id), visit.actor);
      const view = await deps.service.cardView(incident, visit.actor, visit.locale);
      const timeline = timelineHtml(await deps.service.history(incident.id, visit.actor, visit.locale));
      sendPage(res, 200, incidentPage({ frame: visit.frame, view, timeline }));
    } catch (err) {
      if (!isDomainError(err) || (err.code !== 'not_yours' && err.code !== 'not_found')) throw err;
      const message = errorMessage(visit.locale, err, { timeZone: deps.config.calendar.timeZone });
      refuse(
        res,
        visit.locale,
        err.code === 'not_yours' ? { kind: 'not_yours', message } : { kind: 'not_found', message },
      );
    }
  }
}

/** Resolves the person, refuses who may not come in, then runs the page. */
function personPage(deps: WebPagesDeps, handler: PageHandler, deskOnly: boolean): express.RequestHandler {
  return async (req, res) => {
    const now = deps.clock.now();
    const who = deps.auth.who(req, now);
    if (!who.ok) return refuseWho(deps, req, res, who);
    const actor = actorById(deps.config, who.personId);
    const locale = localeFor(deps.config, actor.id);
    if (deskOnly && !mayUseDeskPages(actor)) return refuse(res, locale, { kind: 'desk_only' });
    const until = who.until ? formatDateTime(locale, who.until, deps.config.calendar.timeZone) : null;
    // Someone outside the configuration reads "unknown person (Teams)", not their raw chat id.
    const name = shownName(locale, actor.id, actor.name);
    const frame = { locale, who: { name, until, desk: mayUseDeskPages(actor) } };
    await handler(req, res, { actor, locale, frame });
  };
}

function refuseWho(
  deps: WebPagesDeps,
  req: express.Request,
  res: express.Response,
  who: Exclude<ReturnType<WebAuth['who']>, { ok: true }>,
): void {
  if (who.reason !== 'expired') {
    refuse(res, browserLocale(req, deps.config), { kind: who.reason });
    return;
  }
  const locale = localeFor(deps.config, who.personId);
  res.clearCookie(SESSION_COOKIE, { path: '/web' });
  refuse(res, locale, {
    kind: 'expired',
    at: formatDateTime(locale, who.expiredAt, deps.config.calendar.timeZone),
  });
}

/** GET /web/sign-in?t=…&next=/web/…: the chat link's token for a session cookie. */
function signIn(deps: WebPagesDeps, req: express.Request, res: express.Response): void {
  const token = typeof req.query.t === 'string' ? req.query.t : '';
  const { who, cookie } = deps.auth.exchange(token, deps.clock.now());
  if (!who.ok || !cookie || !who.until) {
    refuseWho(deps, req, res, who.ok ? { ok: false, reason: 'invalid' } : who);
    return;
  }
  res.cookie(SESSION_COOKIE, cookie, deps.auth.cookieOptions(who.until));
  const locale = localeFor(deps.config, who.personId);
  const until = formatDateTime(locale, who.until, deps.config.calendar.timeZone);
  sendPage(res, 200, signedInPage(locale, until, nextPage(req.query.next)));
}

/** Only our own pages: an open redirect would lend the bot's address to phishing. */
function nextPage(next: unknown): string {
  return typeof next === 'string' && /^\/web\/[A-Za-z0-9/_-]*$/.test(next) ? next : '/web/';
}

export { SIGN_IN_PATH };
