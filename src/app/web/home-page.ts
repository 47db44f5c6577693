// Pages with a sentence and a link: the start page of people outside the desk (the incidents
// they reported), the sign-in hand-over, and the signed-out and error pages.
import type { Locale } from '../../core/config.js';
import type { Incident } from '../../core/types.js';
import { statusLabel, t } from '../../i18n/index.js';
import { type Html, html } from './html.js';
import { type PageFrame, page } from './layout.js';

export function homePage(frame: Omit<PageFrame, 'title'>, mine: readonly Incident[]): Html {
  const l = frame.locale;
  const list =
    mine.length === 0
      ? html`<p class="empty">${t(l, 'web.home.none')}</p>`
      : html`<ul>${mine.map(
          (i) =>
            html`<li><a href="/web/incidents/${encodeURIComponent(i.id)}">${i.number}</a> ${i.title} · ${statusLabel(l, i.status, 'reporter')}</li>`,
        )}</ul>`;
  return page({ ...frame, title: t(l, 'web.home.title') }, list);
}

/** After a good link: the cookie is set; this page moves on to `next` (a link without JavaScript). */
export function signedInPage(locale: Locale, until: string, next: string): Html {
  // A same-site refresh, not a 302: a redirect chain started from the chat app is cross-site,
  // and the browser would withhold the SameSite=Strict cookie on its next hop.
  const head = html`<meta http-equiv="refresh" content="0;url=${next}">`;
  return page(
    { locale, title: t(locale, 'web.continue'), head },
    html`<p>${t(locale, 'web.signing_in', { until })}</p><p><a href="${next}">${t(locale, 'web.continue')}</a></p>`,
  );
}

export function signedOutPage(locale: Locale): Html {
  return page(
    { locale, title: t(locale, 'web.signed_out.title') },
    html`<p>${t(locale, 'web.signed_out')}</p>`,
  );
}

export function errorPage(locale: Locale): Html {
  return page({ locale, title: t(locale, 'web.error.title') }, html`<p>${t(locale, 'web.error')}</p>`);
}
