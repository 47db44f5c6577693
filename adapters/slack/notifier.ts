// ChatNotifier for Slack (src/app/notifier.ts): sends the messages the delivery plan places
// (src/app/delivery-plan.ts) — text, then the card as a message of its own — and keeps every card
// that shows an incident in step with it. Cards are re-rendered from the incident
// (chat.update), never patched; renders of one incident are coalesced so a burst of changes
// stays within Slack's rate limits. Where each card lives is remembered in chat_refs.

import { PURPOSE, purposeKind, viewerFor } from '../../src/app/card-places.js';
import { type Rendering, refreshCards } from '../../src/app/card-refresh.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import { Coalescer } from '../../src/app/coalescer.js';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import { codesOnly } from '../../src/app/log.js';
import type { ChatNotifier, OutgoingMessage, SentMessage } from '../../src/app/notifier.js';
import type { ChatRef } from '../../src/app/ports.js';
import { EARLY_MATCH_STATUSES, earlyMatchHint } from '../../src/app/views/match-view.js';
import { incidentPagePath } from '../../src/app/web-server/chat-link.js';
import type { Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { type Block, type CardOptions, cardBlocks, cardText } from './blocks.js';
import type { SlackDeps, WebClient } from './deps.js';
import { ACTION } from './ids.js';
import { esc, escapeWithin, LIMITS, mrkdwn, plain, truncate } from './text.js';

export interface SlackNotifierOptions {
  /**
   * Least time between two renders of one incident's cards (default 0: renders are coalesced —
   * one running, one waiting with the newest state — but not delayed, because a delay would hold
   * up a delivery loop that sends row by row; the platform-wide rate limit is the delivery
   * queue's, and the Web API client waits out Slack's Retry-After).
   */
  minUpdateIntervalMs?: number;
}

/** Errors that mean "this message is gone", not "try again later". */
const GONE = new Set([
  'message_not_found',
  'channel_not_found',
  'cant_update_message',
  'is_archived',
  'not_in_channel',
]);

/** The Web API's error code (`not_in_channel` …) of a failed call. */
const errorCode = (err: unknown): string | undefined => (err as { data?: { error?: string } }).data?.error;

interface Card {
  blocks: Block[];
  text: string;
}

export class SlackNotifier implements ChatNotifier {
  readonly platform = 'slack' as const;
  private readonly renders: Coalescer<Rendering>;
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly deps: SlackDeps,
    opts: SlackNotifierOptions = {},
  ) {
    this.renders = new Coalescer((r) => this.render(r), opts.minUpdateIntervalMs ?? 0);
  }

  /** Re-renders every Slack message showing the incident; posts the desk card if there is none. */
  refresh(incident: Incident, places?: ChatPlaces, knowledgeVersion?: number): Promise<void> {
    return this.renders.run(incident.id, { version: incident.version, incident, places, knowledgeVersion });
  }

  /** Text (mentions first), then the card as its own message: Slack threads hang off either. */
  async send(m: OutgoingMessage): Promise<{ message: SentMessage; card: SentMessage | null } | null> {
    const channel = m.to.kind === 'direct' ? await this.dm(m.to.user) : m.to.channel;
    const replyTo = m.to.kind === 'channel' ? m.to.replyTo : null;
    const mentions = m.mentions.map((x) => `<@${x.user}>`);
    const text = [...mentions, esc(truncate(m.text, LIMITS.messageText))].join(' ');
    const ts = await this.post(channel, text, replyTo ?? undefined, readBlocks(text, m.readActions));
    if (!ts) return null;
    const message = { conversationId: channel, messageId: ts, threadId: replyTo ?? ts };
    const card = m.card ? await this.postCard(channel, m.card.purpose, m.card.incident) : null;
    return { message, card };
  }

  // ---- cards --------------------------------------------------------------------------------

  private render({ incident, places, knowledgeVersion }: Rendering): Promise<void> {
    return refreshCards(this, places ?? this.deps.places, this.deps.config, incident, knowledgeVersion);
  }

  /** A channel the bot cannot post to is the operator's to fix; retrying will not help. */
  private misconfigured(err: unknown, channel: string): boolean {
    const code = errorCode(err);
    if (!code || !GONE.has(code)) return false;
    this.deps.log.error({ code, channel }, 'slack: cannot post to this channel; invite the bot (/invite)');
    return true;
  }

  /** The card for a place (src/app/card-places.ts), as the people there see it; `knowledgeVersion`:
   *  read with `incident` (ChatNotifier.refresh), for its matches. */
  async cardFor(purpose: string, incident: Incident, knowledgeVersion?: number): Promise<Card | null> {
    const place = viewerFor('slack', purpose, incident, this.deps.config);
    if (!place) return null; // not a card (advice requests): nothing to re-render
    const { viewer, locale } = place;
    const opts: CardOptions = {};
    switch (purposeKind(purpose)) {
      case PURPOSE.desk:
        opts.hint = t(locale, 'slack.hint.desk');
        if (incident.status === 'matching') opts.matches = await this.matches(incident, knowledgeVersion);
        if (EARLY_MATCH_STATUSES.includes(incident.status))
          opts.earlyMatches = earlyMatchHint(await this.matches(incident, knowledgeVersion), locale);
        break;
      case 'team_card':
        // The thread relays to the desk only while this team holds the incident (not once declined).
        if (purpose === PURPOSE.team(incident.assignedTeam ?? '')) opts.hint = t(locale, 'slack.hint.team');
        break;
      case PURPOSE.reporter:
        opts.labels = {
          confirm: t(locale, 'slack.reporter.fixed'),
          reopen: t(locale, 'slack.reporter.still_broken'),
        };
        break;
    }
    if (this.deps.web) opts.pageUrl = this.deps.web.pageUrl(incidentPagePath(incident.id));
    const view = await this.deps.service.cardView(incident, viewer, locale);
    return { blocks: cardBlocks(view, opts), text: cardText(view) };
  }

  /** A failed search must not keep the card from updating: it then shows "no good match". */
  private async matches(incident: Incident, knowledgeVersion?: number): Promise<MatchResult> {
    try {
      return await this.deps.knowledge.cardMatches(incident, undefined, knowledgeVersion);
    } catch (err) {
      this.deps.log.warn(
        { err: codesOnly(err), incident: incident.number },
        'slack: matching failed; card shows none',
      );
      return { candidates: [], noGoodMatch: true };
    }
  }

  /** The card for a place as a message of its own; null when that place shows no card. */
  async postCard(
    channel: string,
    purpose: string,
    incident: Incident,
    knowledgeVersion?: number,
  ): Promise<SentMessage | null> {
    const card = await this.cardFor(purpose, incident, knowledgeVersion);
    if (!card) return null;
    try {
      const res = await this.client.chat.postMessage({
        channel,
        text: card.text,
        blocks: card.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      const ts = res.ts ?? '';
      return ts ? { conversationId: res.channel ?? channel, messageId: ts, threadId: ts } : null;
    } catch (err) {
      if (this.misconfigured(err, channel)) return null;
      throw err;
    }
  }

  async updateCard(ref: ChatRef, incident: Incident, knowledgeVersion?: number): Promise<void> {
    const card = await this.cardFor(ref.purpose, incident, knowledgeVersion);
    if (card) await this.update(ref, card);
  }

  /** A card a newer one replaced (src/app/chat-delivery.ts): its text alone, no buttons. */
  async retireCard(ref: ChatRef, text: string): Promise<void> {
    const said = escapeWithin(text, LIMITS.sectionText).text;
    await this.update(ref, { text: said, blocks: [{ type: 'section', text: mrkdwn(said) }] }).catch(
      // Ids only: a kept place may carry a caption, which is people's words.
      (err: unknown) => {
        const { incidentId, purpose, conversationId, messageId } = ref;
        this.deps.log.warn(
          { code: errorCode(err), ref: { incidentId, purpose, conversationId, messageId } },
          'slack: older card not retired',
        );
      },
    );
  }

  private async update(ref: ChatRef, card: Card): Promise<void> {
    try {
      await this.client.chat.update({
        channel: ref.conversationId,
        ts: ref.messageId,
        text: card.text,
        blocks: card.blocks,
      });
    } catch (err) {
      const code = errorCode(err);
      if (!code || !GONE.has(code)) throw err;
      this.deps.log.warn({ code, ref }, 'slack: card message is gone; not re-rendered');
    }
  }

  // ---- messages -----------------------------------------------------------------------------

  /** Plain mrkdwn text (already escaped), or `blocks` showing it. Never `link_names` or `parse: full`. */
  async post(channel: string, text: string, thread?: string, blocks?: Block[]): Promise<string> {
    const res = await this.client.chat.postMessage({
      channel,
      text,
      ...(blocks ? { blocks } : {}),
      ...(thread ? { thread_ts: thread } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return res.ts ?? '';
  }

  /** The bot's DM channel with a user (cached; conversations.open is idempotent). */
  async dm(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const res = await this.client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
    this.dmChannels.set(userId, id);
    return id;
  }
}

/**
 * A message with read-only buttons (OutgoingMessage.readActions, e.g. "History" on an advice
 * request): its text as a section, the buttons below, wired as a card's are. Undefined: none.
 */
function readBlocks(text: string, actions: OutgoingMessage['readActions']): Block[] | undefined {
  if (!actions || actions.length === 0) return undefined;
  return [
    { type: 'section', text: mrkdwn(truncate(text, LIMITS.sectionText)) },
    {
      type: 'actions',
      elements: actions.map((a) => ({
        type: 'button',
        action_id: ACTION[a.kind],
        text: plain(a.label, LIMITS.buttonText),
        value: a.incidentId,
      })),
    },
  ];
}
