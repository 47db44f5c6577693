// The frame every page shares: language, title, navigation for the signed-in person, and the
// one stylesheet. No inline script or style, so the Content-Security-Policy can forbid both.
import type { Locale } from '../../core/config.js';
import { t } from '../../i18n/index.js';
import { type Html, type HtmlValue, html } from './html.js';

export const ASSET_PATH = '/web/assets';

export interface PageFrame {
  locale: Locale;
  title: string;
  /** The signed-in person, for the navigation line; absent on refusal pages. */
  who?: { name: string; until: string | null; desk: boolean };
  /** Extra `<head>` content (a redirect, chart scripts). */
  head?: HtmlValue;
  /** Link web.css and the icon (default); false when the pages, and so their assets, are off
   *  (then an empty data: icon, which the CSP allows): a page with no icon link makes the browser
   *  ask for /favicon.ico, a 404 in its console. */
  stylesheet?: boolean;
}

export function page(frame: PageFrame, body: HtmlValue): Html {
  const l = frame.locale;
  return html`<!doctype html>
<html lang="${l}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title}</title>
${frame.stylesheet === false ? html`<link rel="icon" href="data:,">` : html`<link rel="stylesheet" href="${ASSET_PATH}/web.css"><link rel="icon" href="${ASSET_PATH}/favicon.svg">`}
${frame.head}
</head>
<body>
${frame.who ? nav(l, frame.who) : null}
<main>
<h1>${frame.title}</h1>
${body}
</main>
</body>
</html>
`;
}

function nav(l: Locale, who: NonNullable<PageFrame['who']>): Html {
  const links = who.desk
    ? html`<a href="/web/queue">${t(l, 'web.nav.queue')}</a> <a href="/web/reports">${t(l, 'web.nav.reports')}</a>`
    : null;
  const signedIn = who.until ? t(l, 'web.signed_in_as', { name: who.name, until: who.until }) : who.name;
  return html`<nav>${links}
<span class="who">${signedIn}</span>
<form method="post" action="/web/logout"><button type="submit">${t(l, 'web.nav.sign_out')}</button></form>
</nav>`;
}
