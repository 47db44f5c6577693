// What chat adapters say when a person asks for the web pages (`/incident web` on Slack, `web`
// on Teams), and the plain page address a card links to. Platform-neutral, so both say the same.
// Card links carry no token: a card is seen by everyone in its channel, so a link on it must not
// sign anyone in. It opens the page for whoever already has a session (every read checked), and
// otherwise a page that says how to get a personal link in chat (a reply only they see).
import type { Locale, TriageConfig } from '../../core/config.js';
import type { Actor } from '../../core/types.js';
import { formatDateTime, t } from '../../i18n/index.js';

/** The part of WebAuth chat adapters use. */
export interface WebLinks {
  signInLink(personId: string, now: Date): { url: string; expiresAt: Date } | null;
  pageUrl(path: string): string;
}

export const incidentPagePath = (incidentId: string): string =>
  `/web/incidents/${encodeURIComponent(incidentId)}`;

export interface WebLinkReply {
  text: string;
  /** The personal sign-in link (or, behind an SSO proxy, the start page); null when pages are off. */
  url: string | null;
  label: string;
}

/** The answer to "web": a link for `actor` only; to be sent where only they see it. */
export function webLinkReply(
  web: WebLinks | null | undefined,
  actor: Actor,
  locale: Locale,
  config: TriageConfig,
  now: Date,
): WebLinkReply {
  const label = t(locale, 'web.chat.open');
  if (!web) return { text: t(locale, 'web.chat.off'), url: null, label };
  const link = web.signInLink(actor.id, now);
  if (!link) return { text: label, url: web.pageUrl('/web/'), label };
  const until = formatDateTime(locale, link.expiresAt, config.calendar.timeZone);
  return { text: t(locale, 'web.chat.link', { until }), url: link.url, label };
}

/** Whether a chat command's text asks for the web pages. */
export const asksForWeb = (text: string): boolean => ['web', '网页'].includes(text.trim().toLowerCase());
