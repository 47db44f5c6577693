// ChatNotifier for Microsoft Teams (src/app/notifier.ts): sends the messages the delivery plan
// places (src/app/delivery-plan.ts) as proactive activities through stored conversation references and every card that shows an incident kept in step
// with it by updating the message in place. Cards are re-rendered from the incident, never
// patched; renders of one incident are coalesced. Where each card lives is kept in chat_refs.

import { captionNow, stampCaption } from '../../src/app/card-caption.js';
import { PURPOSE } from '../../src/app/card-places.js';
import { type Rendering, refreshCards } from '../../src/app/card-refresh.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import { Coalescer } from '../../src/app/coalescer.js';
import type {
  ChatNotifier,
  Mention,
  MessageReadAction,
  OutgoingMessage,
  SentMessage,
} from '../../src/app/notifier.js';
import { renderText } from '../../src/app/notifier.js';
import type { Caption, ChatRef } from '../../src/app/ports.js';
import type { Locale, TriageConfig } from '../../src/core/config.js';
import type { Incident } from '../../src/core/types.js';
import { attachment, card, data, dialogButton, type Json } from './card-parts.js';
import { messageCard } from './cards.js';
import type { Conversations, Reference } from './conversations.js';
import { inProactiveTurn } from './proactive.js';
import type { CardRenderer } from './render.js';
import { escapeMarkdown, LIMITS, truncate } from './text.js';

/** What we send: a message with text and/or one Adaptive Card. */
export interface OutgoingActivity {
  type: 'message';
  id?: string;
  text?: string;
  textFormat?: 'markdown' | 'plain' | 'xml';
  attachments?: { contentType: string; content: Json }[];
  entities?: Json[];
  summary?: string;
}

interface Sent {
  id?: string;
}

/** The Bot Framework connector calls we make (botframework-connector's ConnectorClient). */
export interface Connector {
  conversations: {
    sendToConversation(conversationId: string, activity: OutgoingActivity): Promise<Sent>;
    replyToActivity(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<Sent>;
    updateActivity(conversationId: string, activityId: string, activity: OutgoingActivity): Promise<Sent>;
  };
}

interface TurnLike {
  adapter: { ConnectorClientKey: symbol };
  turnState: { get(key: symbol): unknown };
  activity: object;
}

/** The CloudAdapter's proactive side. */
export interface ProactiveAdapter {
  continueConversationAsync(
    appId: string,
    reference: Reference,
    logic: (ctx: TurnLike) => Promise<void>,
  ): Promise<void>;
  createConversationAsync(
    appId: string,
    channelId: string,
    serviceUrl: string,
    audience: string,
    parameters: Json,
    logic: (ctx: TurnLike) => Promise<void>,
  ): Promise<void>;
}

export interface TeamsLog {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface TeamsNotifierDeps {
  adapter: ProactiveAdapter;
  /** MicrosoftAppId ('' when running unauthenticated). */
  appId: string;
  places: ChatPlaces;
  config: TriageConfig;
  conversations: Conversations;
  renderer: CardRenderer;
  log: TeamsLog;
  /** Least time between two renders of the same incident's cards (default 500 ms). */
  minUpdateIntervalMs?: number;
}

/** The text of a card's message as posted (with its mention entities), kept with the card
 *  (ChatRef.caption) to be sent again by updates while still true (src/app/card-caption.ts); null
 *  when the card came alone. */
export function captionOf(a: OutgoingActivity): Caption | null {
  if (!a.text) return null;
  return {
    text: a.text,
    ...(a.textFormat ? { textFormat: a.textFormat } : {}),
    ...(a.entities ? { entities: a.entities } : {}),
  };
}

/** The Bot Framework's audience for bot → channel calls. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export class TeamsNotifier implements ChatNotifier {
  readonly platform = 'teams' as const;
  private readonly renders: Coalescer<Rendering>;
  /** The no-service-address line was said (since a chat last could be started). */
  private saidNoService = false;

  constructor(private readonly deps: TeamsNotifierDeps) {
    this.renders = new Coalescer((r) => this.render(r), deps.minUpdateIntervalMs ?? 500);
  }

  /** Re-renders every Teams message showing the incident; posts the desk card if there is none. */
  refresh(incident: Incident, places?: ChatPlaces, knowledgeVersion?: number): Promise<void> {
    return this.renders.run(incident.id, { version: incident.version, incident, places, knowledgeVersion });
  }

  /** One activity: the text (mentions first) with the card for the place attached. */
  async send(m: OutgoingMessage): Promise<{ message: SentMessage; card: SentMessage | null } | null> {
    const rendered = m.card ? await this.deps.renderer.render(m.card.purpose, m.card.incident) : null;
    const text = this.message(m.text, m.mentions);
    const attachments = [
      ...(rendered ? [attachment(rendered.card)] : []),
      ...(m.readActions && m.readActions.length > 0 ? [attachment(readActionsCard(m.readActions))] : []),
    ];
    const activity = attachments.length > 0 ? { ...text, attachments } : text;
    const message =
      m.to.kind === 'direct'
        ? await this.direct(m.to.user, activity)
        : await this.inChannel(m.to.channel, activity, m.to.replyTo);
    if (!message) return null;
    return {
      message,
      card:
        rendered && m.card
          ? { ...message, caption: stampCaption(captionOf(text), m.card.incident, m.card.purpose) }
          : null,
    };
  }

  /** The reporter's language, when the configuration does not know them: their client's. */
  reporterLocale(incident: Incident): Promise<Locale | null> {
    return this.deps.renderer.reporterLocale(incident);
  }

  private async inChannel(channel: string, activity: OutgoingActivity, replyTo: string | null) {
    const id = await this.post(channel, activity, replyTo ?? undefined);
    return id ? { conversationId: channel, messageId: id, threadId: replyTo ?? id } : null;
  }

  // ---- cards --------------------------------------------------------------------------------

  private render({ incident, places, knowledgeVersion }: Rendering): Promise<void> {
    return refreshCards(this, places ?? this.deps.places, this.deps.config, incident, knowledgeVersion);
  }

  /** A card as a new post; the desk's triage card says it is new, for the channel's feed. */
  async postCard(
    channel: string,
    purpose: string,
    incident: Incident,
    knowledgeVersion?: number,
  ): Promise<SentMessage | null> {
    const rendered = await this.channelCard(purpose, incident, knowledgeVersion);
    if (!rendered) return null;
    const { locale, calendar } = this.deps.config;
    const text =
      purpose === PURPOSE.desk
        ? this.message(
            renderText(
              locale,
              { key: 'teams.desk.new', params: { number: incident.number } },
              calendar.timeZone,
            ),
          )
        : { type: 'message' as const };
    const id = await this.post(channel, { ...text, attachments: [attachment(rendered.card)] });
    return id
      ? {
          conversationId: channel,
          messageId: id,
          threadId: id,
          caption: stampCaption(captionOf(text), incident),
        }
      : null;
  }

  async updateCard(ref: ChatRef, incident: Incident, knowledgeVersion?: number): Promise<void> {
    const rendered = await this.channelCard(ref.purpose, incident, knowledgeVersion);
    // Teams replaces the whole activity: the text goes with every update, so only while it is
    // still true (src/app/card-caption.ts); else the card stands alone.
    if (rendered)
      await this.update(ref, {
        ...captionNow(ref.caption, incident),
        type: 'message',
        attachments: [attachment(rendered.card)],
      });
  }

  /** A card a newer one replaced (src/app/chat-delivery.ts): its text alone, no buttons. */
  async retireCard(ref: ChatRef, text: string): Promise<void> {
    const { incidentId, purpose, conversationId, messageId } = ref;
    await this.update(ref, { type: 'message', attachments: [attachment(messageCard(text))] }).catch(
      (err: unknown) =>
        this.deps.log.warn(
          {
            status: (err as { statusCode?: number }).statusCode,
            ref: { incidentId, purpose, conversationId, messageId },
          },
          'teams: older card not retired',
        ),
    );
  }

  /** A place's card as everyone there sees it (no one person's view, no banner). */
  private channelCard(purpose: string, incident: Incident, knowledgeVersion?: number) {
    return this.deps.renderer.render(purpose, incident, undefined, undefined, knowledgeVersion);
  }

  private async update(ref: ChatRef, activity: OutgoingActivity): Promise<void> {
    const reference = await this.deps.conversations.forConversation(ref.conversationId);
    if (!reference) throw new Error(`teams: no conversation reference to update ${ref.conversationId}`);
    try {
      await this.connector(reference, (c) =>
        c.conversations.updateActivity(ref.conversationId, ref.messageId, { ...activity, id: ref.messageId }),
      );
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 403) throw err;
      // Ids only: the caption holds people's words (a complaint's note), never for the log.
      const { incidentId, purpose, conversationId, messageId } = ref;
      this.deps.log.warn(
        { status, ref: { incidentId, purpose, conversationId, messageId } },
        'teams: card message is gone; not re-rendered',
      );
    }
  }

  // ---- messages -----------------------------------------------------------------------------

  /** Text in markdown, people's words escaped; mentions are the only markup. */
  private message(text: string, mentions: readonly Mention[] = []): OutgoingActivity {
    const body = escapeMarkdown(truncate(text, LIMITS.messageText));
    if (mentions.length === 0) return { type: 'message', text: body, textFormat: 'markdown' };
    const tags = mentions.map((m) => ({
      id: m.user,
      name: m.name,
      text: `<at>${escapeMarkdown(m.name)}</at>`,
    }));
    return {
      type: 'message',
      text: `${tags.map((m) => m.text).join(' ')} ${body}`,
      textFormat: 'markdown',
      entities: tags.map((m) => ({ type: 'mention', text: m.text, mentioned: { id: m.id, name: m.name } })),
    };
  }

  /** Posts in a channel: a new post, or a reply in the thread of `replyTo`. Returns the message id. */
  private async post(channel: string, activity: OutgoingActivity, replyTo?: string): Promise<string> {
    const reference = await this.deps.conversations.forConversation(channel);
    if (!reference) {
      this.deps.log.warn({ channel }, 'teams: no conversation reference yet (install the app in the team)');
      return '';
    }
    const sent = await this.connector(reference, (c) =>
      replyTo
        ? c.conversations.replyToActivity(`${channel};messageid=${replyTo}`, replyTo, activity)
        : c.conversations.sendToConversation(channel, activity),
    );
    return sent?.id ?? '';
  }

  /** A direct message (personal chat), created first when the bot has none with this user yet. */
  private async direct(user: string, activity: OutgoingActivity): Promise<SentMessage | null> {
    const { reference, noService } = await this.chatWith(user);
    const conversationId = reference?.conversation?.id;
    if (!reference || !conversationId) {
      this.cannotReach(user, noService);
      return null;
    }
    const sent = await this.connector(reference, (c) =>
      c.conversations.sendToConversation(conversationId, activity),
    );
    return sent?.id ? { conversationId, messageId: sent.id, threadId: null } : null;
  }

  /**
   * Without a stored service address nobody has written to the bot since it was installed (a
   * fresh install; the demo before the Playground connects): every direct message fails alike
   * and it passes by itself, so one info line says it, not a warning per person. With one, a
   * person who still cannot be reached is worth a warning.
   */
  private cannotReach(user: string, noService: boolean): void {
    if (!noService) {
      this.deps.log.warn(
        { user },
        'teams: cannot reach this user (no personal chat, and none could be started)',
      );
      return;
    }
    if (this.saidNoService) return;
    this.saidNoService = true;
    this.deps.log.info(
      'teams: nobody has written to the bot yet (no Teams service address stored), so it cannot start chats; direct messages are skipped until someone does — normal on a fresh install and in the demo',
    );
  }

  /** The personal chat with `user`: stored at install / first message, else created now. */
  async personalChat(user: string): Promise<Reference | null> {
    return (await this.chatWith(user)).reference;
  }

  private async chatWith(user: string): Promise<{ reference: Reference | null; noService: boolean }> {
    const known = await this.deps.conversations.personal(user);
    if (known) return { reference: known, noService: false };
    const service = await this.deps.conversations.service();
    const tenantId = service?.conversation?.tenantId;
    if (!service?.serviceUrl) return { reference: null, noService: true };
    this.saidNoService = false;
    let created: Reference | null = null;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      'msteams',
      service.serviceUrl,
      BOT_FRAMEWORK_AUDIENCE,
      {
        isGroup: false,
        ...(service.bot ? { bot: service.bot } : {}),
        members: [{ id: user }],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      },
      async (ctx) => {
        const a = ctx.activity as { conversation?: { id?: string; tenantId?: string } };
        if (!a.conversation?.id) return;
        created = {
          channelId: 'msteams',
          serviceUrl: service.serviceUrl,
          ...(service.bot ? { bot: service.bot } : {}),
          user: { id: user, name: '' },
          conversation: {
            id: a.conversation.id,
            conversationType: 'personal',
            isGroup: false,
            ...(tenantId ? { tenantId } : {}),
          },
        };
      },
    );
    if (created) await this.deps.conversations.rememberPersonal(user, created);
    return { reference: created, noService: false };
  }

  /** Runs `work` with the connector client for the reference's service (a proactive turn). */
  private connector<T>(reference: Reference, work: (c: Connector) => Promise<T>): Promise<T> {
    return inProactiveTurn(this.deps.adapter, this.deps.appId, reference, (ctx) => {
      const client = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as Connector | undefined;
      if (!client) throw new Error('teams: no connector client in the proactive turn');
      return work(client);
    });
  }
}

/** A message's read-only buttons (e.g. "History" on an advice request) as a card of buttons only,
 *  each opening its dialog as the card's own does. */
const readActionsCard = (actions: readonly MessageReadAction[]): Json =>
  card(
    [],
    actions.map((a) => dialogButton(a.label, data({ i: a.incidentId, dlg: a.kind }))),
  );
