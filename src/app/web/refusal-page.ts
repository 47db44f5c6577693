// Pages that say no: an expired or damaged link, no session, a page not for the person's role,
// an incident they have no part in, the pages switched off. Always in the reader's language,
// always how to go on.
import type { Locale } from '../../core/config.js';
import { type MessageKey, t } from '../../i18n/index.js';
import type { Html } from './html.js';
import { html } from './html.js';
import { page } from './layout.js';

export type Refusal =
  | { kind: 'expired'; at: string }
  | { kind: 'invalid' }
  | { kind: 'no_session' }
  | { kind: 'desk_only' }
  | { kind: 'not_yours'; message: string }
  | { kind: 'not_found'; message?: string }
  | { kind: 'off' };

const TITLES: Readonly<Record<Refusal['kind'], MessageKey>> = {
  expired: 'web.refused.expired.title',
  invalid: 'web.refused.invalid.title',
  no_session: 'web.refused.no_session.title',
  desk_only: 'web.refused.desk_only.title',
  not_yours: 'web.refused.not_yours.title',
  not_found: 'web.not_found.title',
  off: 'web.off.title',
};

/** What the page says, and whether to add how to get a new link. */
function explain(l: Locale, r: Refusal): { text: string; how: boolean } {
  switch (r.kind) {
    case 'expired':
      return { text: t(l, 'web.refused.expired', { at: r.at }), how: true };
    case 'invalid':
      return { text: t(l, 'web.refused.invalid'), how: true };
    case 'no_session':
      return { text: t(l, 'web.refused.no_session'), how: true };
    case 'desk_only':
      return { text: t(l, 'web.refused.desk_only'), how: false };
    case 'not_yours':
      return { text: r.message, how: false };
    case 'not_found':
      return { text: r.message ?? t(l, 'web.not_found'), how: false };
    case 'off':
      return { text: t(l, 'web.off'), how: false };
  }
}

export function refusalPage(locale: Locale, refusal: Refusal): Html {
  const { text, how } = explain(locale, refusal);
  return page(
    // Pages off: nothing under /web is served, not even the stylesheet.
    { locale, title: t(locale, TITLES[refusal.kind]), stylesheet: refusal.kind !== 'off' },
    html`<p class="refusal" data-refusal="${refusal.kind}">${text}</p>
${how ? html`<p>${t(locale, 'web.refused.how')}</p>` : null}`,
  );
}
