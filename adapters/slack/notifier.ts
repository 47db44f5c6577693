// ChatNotifier for Slack (src/app/notifier.ts): delivers notifications as messages and keeps
// every card that shows an incident in step with it. Cards are re-rendered from the incident
// (chat.update), never patched; renders of one incident are coalesced so a burst of changes
// stays within Slack's rate limits. Where each card lives is remembered in chat_refs.
import { PURPOSE, purposeKind, viewerFor } from '../../src/app/card-places.js';
import { Coalescer } from '../../src/app/coalescer.js';
import { localeFor } from '../../src/app/identity.js';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import type { ChatNotifier, LocalText, Notification } from '../../src/app/notifier.js';
import { renderText } from '../../src/app/notifier.js';
import type { ChatRef } from '../../src/app/ports.js';
import { EARLY_MATCH_STATUSES, earlyMatchHint } from '../../src/app/views/match-view.js';
import type { Locale } from '../../src/core/config.js';
import type { Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { type Block, type CardOptions, cardBlocks, cardText } from './blocks.js';
import type { SlackDeps, WebClient } from './deps.js';
import { onSlack, slackIdOf, teamChannel, teamSlackIds } from './people.js';
import { esc, LIMITS, truncate } from './text.js';

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
  private readonly renders: Coalescer<Incident>;
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly deps: SlackDeps,
    opts: SlackNotifierOptions = {},
  ) {
    this.renders = new Coalescer((incident) => this.render(incident), opts.minUpdateIntervalMs ?? 0);
  }

  /** Re-renders every Slack message showing the incident; posts the desk card if there is none. */
  refresh(incident: Incident): Promise<void> {
    return this.renders.run(incident.id, incident);
  }

  async deliver(n: Notification, incident: Incident): Promise<void> {
    const cfg = this.deps.config;
    const r = n.recipient;
    switch (r.kind) {
      case 'person': {
        const user = slackIdOf(cfg, r.personId);
        if (!user) return;
        const channel = await this.dm(user);
        await this.post(channel, this.text(n, localeFor(cfg, r.personId)));
        if (n.withCard) await this.postCard(channel, PURPOSE.dm(r.personId), incident);
        return;
      }
      case 'reporter': {
        const user = slackIdOf(cfg, incident.reporterId);
        if (!user) return;
        const channel = await this.dm(user);
        await this.post(channel, this.text(n, localeFor(cfg, incident.reporterId)));
        // The reporter's own buttons: confirm / reopen after IM4.1, reply when asked for more.
        if (n.withCard || n.text.key === 'reporter.info_requested')
          await this.postCard(channel, PURPOSE.reporter, incident);
        return;
      }
      case 'team':
        return this.deliverToTeam(n, incident, r.teamId, r.mention);
      case 'desk': {
        const channel = onSlack(cfg.channels.desk);
        if (!channel) return;
        const card = await this.findRef(incident.id, PURPOSE.desk);
        await this.post(channel, this.text(n, cfg.locale), card?.messageId);
        if (n.kind === 'decline') await this.tellDecliningTeam(n, incident);
        return;
      }
      case 'managers': {
        const channel = onSlack(cfg.channels.managers);
        if (!channel) return;
        await this.post(channel, this.text(n, cfg.locale));
        if (n.withCard) await this.postCard(channel, PURPOSE.managers, incident);
        return;
      }
    }
  }

  async announce(text: LocalText): Promise<void> {
    const { channels, locale } = this.deps.config;
    const managers = onSlack(channels.managers);
    if (!managers) return;
    await this.post(managers, this.text({ text }, locale));
  }

  /** IM2.11 assignment card with the team mentioned; relays go into the card's thread. */
  private async deliverToTeam(n: Notification, incident: Incident, teamId: string, mention: boolean) {
    const cfg = this.deps.config;
    const channel = teamChannel(cfg, teamId);
    if (!channel) return;
    const mentions = mention ? teamSlackIds(cfg, teamId).map((id) => `<@${id}>`) : [];
    const text = [...mentions, this.text(n, cfg.locale)].join(' ');
    if (n.kind === 'assignment') {
      await this.post(channel, text);
      await this.postCard(channel, PURPOSE.team(teamId), incident);
      return;
    }
    if (n.kind === 'advice_request') {
      const ts = await this.post(channel, text);
      await this.remember(incident.id, PURPOSE.advice(teamId), channel, ts);
      return;
    }
    const card = await this.findRef(incident.id, PURPOSE.team(teamId), channel);
    await this.post(channel, text, card?.messageId);
  }

  /** IM2.14: the decline is also posted in the thread of the team's own card. */
  private async tellDecliningTeam(n: Notification, incident: Incident) {
    const team = incident.declines.at(-1)?.team;
    if (!team) return;
    const channel = teamChannel(this.deps.config, team);
    const card = channel ? await this.findRef(incident.id, PURPOSE.team(team), channel) : null;
    if (channel && card) await this.post(channel, this.text(n, this.deps.config.locale), card.messageId);
  }

  // ---- cards --------------------------------------------------------------------------------

  /** Every place is tried; a failure is rethrown (to retry) only after the others were done. */
  private async render(incident: Incident): Promise<void> {
    const refs = await this.deps.places.cards(incident.id, 'slack');
    const failures: unknown[] = [];
    const desk = onSlack(this.deps.config.channels.desk);
    if (desk && !refs.some((r) => r.purpose === PURPOSE.desk)) {
      // The triage card of a new incident (IM1 → IM2.1) is posted by its first refresh.
      await this.postCard(desk, PURPOSE.desk, incident).catch((err: unknown) => {
        if (!this.misconfigured(err, desk)) failures.push(err);
      });
    }
    for (const ref of refs) {
      const card = await this.cardFor(ref.purpose, incident);
      if (card) await this.update(ref, card).catch((err: unknown) => failures.push(err));
    }
    if (failures.length > 0) throw failures[0];
  }

  /** A channel the bot cannot post to is the operator's to fix; retrying will not help. */
  private misconfigured(err: unknown, channel: string): boolean {
    const code = errorCode(err);
    if (!code || !GONE.has(code)) return false;
    this.deps.log.error(
      { code, channel },
      'slack: cannot post to the desk channel; invite the bot (/invite)',
    );
    return true;
  }

  /** The card for a place (src/app/card-places.ts), as the people there see it. */
  async cardFor(purpose: string, incident: Incident): Promise<Card | null> {
    const place = viewerFor('slack', purpose, incident, this.deps.config);
    if (!place) return null; // not a card (advice requests): nothing to re-render
    const { viewer, locale } = place;
    const opts: CardOptions = {};
    switch (purposeKind(purpose)) {
      case PURPOSE.desk:
        opts.hint = t(locale, 'slack.hint.desk');
        if (incident.status === 'matching') opts.matches = await this.matches(incident);
        if (EARLY_MATCH_STATUSES.includes(incident.status))
          opts.earlyMatches = earlyMatchHint(await this.matches(incident), locale);
        break;
      case 'team_card':
        opts.hint = t(locale, 'slack.hint.team');
        break;
      case PURPOSE.reporter:
        opts.labels = {
          confirm: t(locale, 'slack.reporter.fixed'),
          reopen: t(locale, 'slack.reporter.still_broken'),
        };
        break;
    }
    const view = this.deps.service.viewOf(incident, viewer, locale);
    return { blocks: cardBlocks(view, opts), text: cardText(view) };
  }

  /** A failed search must not keep the card from updating: it then shows "no good match". */
  private async matches(incident: Incident): Promise<MatchResult> {
    try {
      return await this.deps.knowledge.cardMatches(incident);
    } catch (err) {
      this.deps.log.warn({ err, incident: incident.number }, 'slack: matching failed; card shows none');
      return { candidates: [], noGoodMatch: true };
    }
  }

  private async postCard(channel: string, purpose: string, incident: Incident): Promise<void> {
    const card = await this.cardFor(purpose, incident);
    if (!card) return;
    const res = await this.client.chat.postMessage({
      channel,
      text: card.text,
      blocks: card.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    await this.remember(incident.id, purpose, res.channel ?? channel, res.ts ?? '');
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

  private async remember(incidentId: string, purpose: string, channel: string, ts: string) {
    if (!ts) return;
    await this.deps.places.keepCard({
      incidentId,
      platform: 'slack',
      purpose,
      conversationId: channel,
      messageId: ts,
      threadId: ts,
    });
  }

  async findRef(incidentId: string, purpose: string, channel?: string): Promise<ChatRef | null> {
    const refs = await this.deps.places.cards(incidentId);
    return (
      refs.find(
        (r) =>
          r.platform === 'slack' &&
          r.purpose === purpose &&
          (channel === undefined || r.conversationId === channel),
      ) ?? null
    );
  }

  // ---- messages -----------------------------------------------------------------------------

  private text(n: Pick<Notification, 'text'>, locale: Locale): string {
    return esc(truncate(renderText(locale, n.text, this.deps.config.calendar.timeZone), LIMITS.messageText));
  }

  /** Plain mrkdwn text (already escaped). Never `link_names` or `parse: full`. */
  async post(channel: string, text: string, thread?: string): Promise<string> {
    const res = await this.client.chat.postMessage({
      channel,
      text,
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
