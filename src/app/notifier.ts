// The chat port: what any platform adapter must do for the core's effects to reach people.
// Slack and Teams each implement ChatNotifier; the delivery loop/queue calls every one that is on.
import type { Labels, Locale } from '../core/config.js';
import type { Incident } from '../core/types.js';
import { formatDateTime, label, type MessageKey, t } from '../i18n/index.js';
import type { ChatPlatform } from './ports.js';

export type Recipient =
  /** A configured person, by direct message. */
  | { kind: 'person'; personId: string }
  /** The incident's reporter, by direct message (configured person or raw chat id). */
  | { kind: 'reporter' }
  /** A second-line team's channel, its members mentioned. */
  | { kind: 'team'; teamId: string; mention: boolean }
  /** The service desk channel (in the incident's thread when it has a card there). */
  | { kind: 'desk' }
  /** The incident managers' channel. */
  | { kind: 'managers' };

export type NotificationKind =
  | 'reporter_update'
  | 'manager_notice'
  | 'assignment'
  | 'advice_request'
  | 'decline'
  | 'onsite_dispatch'
  | 'onsite_cancelled'
  | 'relay'
  | 'ping'
  | 'breach';

export type ParamValue = string | number | Date | Labels;

/** Platform-neutral text: rendered in each recipient's own language by the adapter. */
export interface LocalText {
  key: MessageKey;
  params: Readonly<Record<string, ParamValue>>;
}

export interface Notification {
  incidentId: string;
  kind: NotificationKind;
  recipient: Recipient;
  text: LocalText;
  /** Also post the incident's card with the recipient's actions (assignment, on-site task …). */
  withCard: boolean;
}

export interface ChatNotifier {
  readonly platform: ChatPlatform;
  /** Re-render every message that shows this incident (desk card, team card, DMs with cards). */
  refresh(incident: Incident): Promise<void>;
  /** Sends one notification; throws to have it retried later. Recipients it cannot reach on
   *  this platform (no chat id configured) are skipped silently. */
  deliver(notification: Notification, incident: Incident): Promise<void>;
  /** Posts a notice that concerns no incident to the incident managers' channel, in the desk's
   *  language (the calendar warning, app/calendar-warning.ts); skipped when no channel is set. */
  announce(text: LocalText): Promise<void>;
}

/** Renders a LocalText for one reader: labels in their language, times in the desk's zone. */
export function renderText(locale: Locale, text: LocalText, timeZone: string): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params)) {
    if (value instanceof Date) params[name] = formatDateTime(locale, value, timeZone);
    else if (typeof value === 'object') params[name] = label(locale, value);
    else params[name] = value;
  }
  return t(locale, text.key, params);
}
