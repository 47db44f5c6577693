// The chat port: what any platform adapter must do for the core's effects to reach people.
// Slack and Teams each implement ChatNotifier's primitives; the delivery loop/queue plans every
// message once (delivery-plan.ts) and hands it to every platform that is on.
import type { Labels, Locale } from '../core/config.js';
import type { Incident } from '../core/types.js';
import { formatDateTime, label, type MessageKey, t } from '../i18n/index.js';
import type { ChatPlaces } from './chat-places.js';
import type { Caption, ChatPlatform, ChatRef } from './ports.js';
import type { ReadActionKind } from './views/incident-view.js';

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
  | 'onsite_rescheduled'
  | 'onsite_unreachable'
  | 'team_unreachable'
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
  /** Read-only buttons on the message itself, for a message without the card (the IM2.9 advice
   *  request: "History"); each click is authorised for whoever makes it. */
  readActions?: readonly ReadActionKind[];
}

/** A read-only button of a message, in the reader's language: the adapter renders it as it renders
 *  a card's (IncidentView.readActions). */
export interface MessageReadAction {
  kind: ReadActionKind;
  label: string;
  incidentId: string;
}

/** A person to mention, by their user id on the platform. */
export interface Mention {
  user: string;
  name: string;
}

/** Where one message goes on a platform: a 1:1 chat, or a channel (a new post or a reply). */
export type Address =
  | { kind: 'direct'; user: string }
  | { kind: 'channel'; channel: string; replyTo: string | null };

export interface OutgoingMessage {
  to: Address;
  /** In the reader's language; the platform escapes and cuts it for its wire. */
  text: string;
  /** What the text says (catalog key and parameters): for logs and tests, never sent. */
  says: LocalText;
  mentions: readonly Mention[];
  /** The incident's card for this place (a chat_refs purpose), sent with the message. */
  card: { purpose: string; incident: Incident } | null;
  /** The notification this message carries out; null for a notice about no incident. */
  notification: Notification | null;
  /** Read-only buttons under the text (Notification.readActions); absent: none. */
  readActions?: readonly MessageReadAction[];
}

/** Where a message now lives (chat_refs coordinates). */
export interface SentMessage {
  conversationId: string;
  messageId: string;
  /** The thread replies to it go to; null where the platform has none (Teams personal chats). */
  threadId: string | null;
  /** Kept with the card (ChatRef.caption), for a platform whose update replaces the text too. */
  caption?: Caption | null;
}

/**
 * The chat port: the primitives a platform adapter supplies. What is said, to whom and where is
 * decided once for every platform (src/app/delivery-plan.ts, src/app/chat-delivery.ts).
 */
export interface ChatNotifier {
  readonly platform: ChatPlatform;
  /** Re-render every message that shows this incident (desk card, team card, DMs with cards).
   *  `places`: a delivery batch's (ChatPlaces.forBatch); without it, the adapter's own.
   *  `knowledgeVersion`: read with `incident` (Storage.getIncidents): its cards' matches are
   *  looked up by it (KnowledgeService.cardMatches) instead of reading it again. */
  refresh(incident: Incident, places?: ChatPlaces, knowledgeVersion?: number): Promise<void>;
  /**
   * Sends one message (opening the 1:1 chat first when needed); throws to have it retried later.
   * Returns where the message and, when one was sent, its card now live; null when the place
   * cannot be reached on this platform yet (the adapter logs why).
   */
  send(message: OutgoingMessage): Promise<{ message: SentMessage; card: SentMessage | null } | null>;
  /** The reporter's language when the configuration does not know them (e.g. their client's). */
  reporterLocale?(incident: Incident): Promise<Locale | null>;
  /**
   * Turns the card at `ref`, which a newer card in the same place replaced, into `text` alone:
   * no buttons, nothing left to go stale (ChatDelivery). Never throws: a card it cannot change
   * (gone, unreachable) is the adapter's to log.
   */
  retireCard?(ref: ChatRef, text: string): Promise<void>;
}

const READ_ACTION_LABEL: Readonly<Record<ReadActionKind, MessageKey>> = { history: 'history.action' };

/** A notification's read-only buttons for one reader (the same labels as on cards). */
export function messageReadActions(locale: Locale, n: Notification | null): MessageReadAction[] {
  if (!n?.readActions) return [];
  return n.readActions.map((kind) => ({
    kind,
    label: t(locale, READ_ACTION_LABEL[kind]),
    incidentId: n.incidentId,
  }));
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
