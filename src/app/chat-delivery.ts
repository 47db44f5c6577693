// Carries out delivery plans on every chat platform that is on: finds the thread a placement
// replies in, renders the text in its reader's language, has the platform send it, and
// remembers where cards (and advice requests) landed so later changes and replies find them.
import type { Locale, TriageConfig } from '../core/config.js';
import type { Incident } from '../core/types.js';
import type { ChatPlaces } from './chat-places.js';
import { announcementPlan, deliveryPlan, homeOrder, type Placement, teamReachable } from './delivery-plan.js';
import {
  type Address,
  type ChatNotifier,
  type LocalText,
  messageReadActions,
  type Notification,
  renderText,
  type SentMessage,
} from './notifier.js';
import type { ChatRef } from './ports.js';

/** One platform's placements, given every platform that is on (deliveryPlan, announcementPlan). */
type Plan = (platform: string, platformsOn: readonly string[]) => Placement[];

export class ChatDelivery {
  constructor(
    private readonly notifiers: readonly ChatNotifier[],
    private readonly places: ChatPlaces,
    private readonly config: TriageConfig,
  ) {}

  /** Every platform at once; one platform's placements in order. Throws when any failed. */
  async deliver(notification: Notification, incident: Incident): Promise<void> {
    const plan: Plan = (platform, platformsOn) =>
      deliveryPlan(notification, incident, this.config, platform, platformsOn);
    await this.carryOut(plan, notification, incident);
    const platformsOn = this.notifiers.map((c) => c.platform);
    const unreached = unreachedNotice(notification, this.config, platformsOn);
    if (unreached) await this.deliver(unreached, incident);
  }

  /** A notice that concerns no incident, to the managers' channel on every platform (and with
   *  `eachManager`, to each manager in their own language: announcementPlan). */
  async announce(text: LocalText, opts: { eachManager?: boolean } = {}): Promise<void> {
    const plan: Plan = (platform, platformsOn) =>
      announcementPlan(text, this.config, platform, Object.assign({}, opts, { platformsOn }));
    await this.carryOut(plan, null, null);
  }

  private async carryOut(plan: Plan, notification: Notification | null, incident: Incident | null) {
    const platformsOn = this.notifiers.map((c) => c.platform);
    await Promise.all(
      this.notifiers.map(async (chat) => {
        for (const p of plan(chat.platform, platformsOn)) {
          const told = await this.place(chat, p, notification, incident);
          if (!told && p.person) await this.elsewhere(p.person, chat.platform, plan, notification, incident);
        }
      }),
    );
  }

  /**
   * A person their home platform cannot reach (Teams: no personal chat with the bot yet; the
   * adapter returns null) is told on their next platform, and so on until one delivers: told once
   * still, but told. Only on null: a send that throws has the row retried, home first again, so
   * the person is never told on two platforms by one row.
   */
  private async elsewhere(
    person: string,
    failed: string,
    plan: Plan,
    notification: Notification | null,
    incident: Incident | null,
  ): Promise<void> {
    const platformsOn = this.notifiers.map((c) => c.platform);
    const order = homeOrder(this.config, person, platformsOn, incident?.reportedVia ?? null);
    const at = order.indexOf(failed);
    for (const platform of at < 0 ? [] : order.slice(at + 1)) {
      const chat = this.notifiers.find((c) => c.platform === platform);
      const theirs = chat ? plan(platform, [platform]).filter((p) => p.person === person) : [];
      let told = false;
      for (const p of theirs) if (chat && (await this.place(chat, p, notification, incident))) told = true;
      if (told) return;
    }
  }

  private async place(
    chat: ChatNotifier,
    p: Placement,
    notification: Notification | null,
    incident: Incident | null,
  ): Promise<boolean> {
    const to = await this.address(chat, p, incident);
    if (!to) return false;
    const locale =
      p.locale === 'reporter'
        ? ((incident && (await chat.reporterLocale?.(incident))) ?? this.config.locale)
        : p.locale;
    const sent = await chat.send({
      to,
      text: renderText(locale, p.text, this.config.calendar.timeZone),
      says: p.text,
      mentions: p.mentions,
      card: p.card && incident ? { purpose: p.card, incident } : null,
      notification,
      readActions: messageReadActions(locale, notification),
    });
    if (!sent) return false;
    if (!incident) return true;
    const keep = (purpose: string, at: typeof sent.message) =>
      this.places.keepCard({ incidentId: incident.id, platform: chat.platform, purpose, ...at });
    if (p.card && sent.card)
      await keepNewCard(chat, this.places, {
        incident,
        purpose: p.card,
        card: sent.card,
        locale,
        timeZone: this.config.calendar.timeZone,
      });
    if (p.keepAs) await keep(p.keepAs, sent.message);
    return true;
  }

  /** The placement's address; null when it replies under a card that is not there and must not
   *  be posted elsewhere. */
  private async address(
    chat: ChatNotifier,
    p: Placement,
    incident: Incident | null,
  ): Promise<Address | null> {
    if (p.place.kind === 'direct') return p.place;
    const { channel, thread } = p.place;
    if (!thread || !incident) return { kind: 'channel', channel, replyTo: null };
    const under = (c: ChatRef) => c.purpose === thread.purpose && c.conversationId === channel;
    const cards = await this.places.cards(incident.id, chat.platform, (refs) => refs.some(under));
    const card = cards.find(under);
    if (card) return { kind: 'channel', channel, replyTo: card.messageId };
    return thread.ifMissing === 'post' ? { kind: 'channel', channel, replyTo: null } : null;
  }
}

/** What retiring a replaced card takes of a platform (its notifier). */
export type CardRetirer = Pick<ChatNotifier, 'platform' | 'retireCard'>;

/**
 * Keeps a card just posted as the one for its place (incident, platform, purpose, conversation:
 * one per place in chat_refs) and retires the card it replaced there, if any: only the newest is
 * kept up to date, so the older one (the reporter's after a second resolution, an engineer's after
 * another dispatch, a card opened again from a list) says where the current one is and keeps no
 * button that could only answer "out of date". The one rule for every path that posts a card:
 * delivery, and a platform's own (Teams: open from a list, the report form becoming the
 * reporter's card).
 */
export async function keepNewCard(
  chat: CardRetirer,
  places: ChatPlaces,
  at: { incident: Incident; purpose: string; card: SentMessage; locale: Locale; timeZone: string },
): Promise<void> {
  const { incident, purpose, card, locale, timeZone } = at;
  // The card retired is the one the write replaced, as the database found it under the row's
  // lock — not one read earlier (a batch reads its places once): a card another process kept
  // meanwhile (a Teams "open from a list" in this chat) is then retired, not left live and
  // never refreshed. Retired once the new card's place is written for good (inside a batch, with
  // its row's mark): were that write lost, chat_refs would still name the older card, and
  // refreshes would keep it — it must then still be the live one.
  await places.keepCard(
    { incidentId: incident.id, platform: chat.platform, purpose, ...card },
    async (older) => {
      const says = {
        key: 'card.replaced',
        params: { number: incident.number, title: incident.title },
      } as const;
      await chat.retireCard?.(older, renderText(locale, says, timeZone));
    },
  );
}

/**
 * IM2.11 to a team no platform that is on reaches (say only Teams has its channel, and Teams is
 * off): nobody was told, so the desk is, in the thread of its card, to contact the team another way.
 */
function unreachedNotice(
  n: Notification,
  cfg: TriageConfig,
  platforms: readonly string[],
): Notification | null {
  const r = n.recipient;
  if (n.kind !== 'assignment' || r.kind !== 'team' || teamReachable(cfg, r.teamId, platforms)) return null;
  const team = cfg.teams.find((t) => t.id === r.teamId);
  const lead = cfg.people.find((p) => p.id === team?.lead);
  return {
    incidentId: n.incidentId,
    kind: 'team_unreachable',
    recipient: { kind: 'desk' },
    text: {
      key: 'desk.team_unreachable',
      params: Object.assign({}, n.text.params, {
        team: team?.label ?? r.teamId,
        lead: lead?.name ?? '—',
        phone: lead?.phone ?? '—',
      }),
    },
    withCard: false,
  };
}
