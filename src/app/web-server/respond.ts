// Sending a page: the headers every page carries, the reader's language, and refusals.
import type express from 'express';
import type { Locale, TriageConfig } from '../../core/config.js';
import type { Html } from '../web/html.js';
import { type Refusal, refusalPage } from '../web/refusal-page.js';

// Scripts only from here (ECharts and our chart script), nothing inline; ECharts writes style
// attributes while drawing, so inline styles are allowed. No framing, forms only to ourselves.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function sendPage(res: express.Response, status: number, body: Html): void {
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      // Personal pages: never kept by a shared cache or the back button of another user.
      'cache-control': 'no-store',
      'content-security-policy': CSP,
      // The sign-in token must not leak to another site through the Referer header.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    })
    .send(body.text);
}

const STATUS: Readonly<Record<Refusal['kind'], number>> = {
  expired: 401,
  invalid: 401,
  no_session: 401,
  desk_only: 403,
  not_yours: 403,
  not_found: 404,
  off: 404,
};

export function refuse(res: express.Response, locale: Locale, refusal: Refusal): void {
  sendPage(res, STATUS[refusal.kind], refusalPage(locale, refusal));
}

/** For someone not (yet) known: the browser's preference between our two languages, else the configured one. */
export function browserLocale(req: express.Request, config: TriageConfig): Locale {
  if (!req.get('accept-language')) return config.locale;
  const best = req.acceptsLanguages('zh-CN', 'zh', 'en');
  if (!best) return config.locale;
  return best.startsWith('zh') ? 'zh-CN' : 'en';
}
