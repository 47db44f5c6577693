// Who is told what, where, on one chat platform: the delivery policy, once for every platform
// (issue 11, item 1). A notification (src/app/notifications.ts: who must hear what) becomes
// placements — a channel post, a reply in the thread of one of the incident's cards, or a direct
// message — each with its reader's language, its mentions and the card that goes with it. The
// platform only carries them out (ChatNotifier.send). Pure: a mixed deployment (a Slack desk, a
// Teams team) follows from whose accounts and which channels exist on each platform.
import {
  type Accounts,
  accountOn,
  type Locale,
  nowhereInChat,
  type PlatformId,
  type TriageConfig,
} from '../core/config.js';
import type { Incident } from '../core/types.js';
import { PURPOSE } from './card-places.js';
import { localeFor } from './identity.js';
import type { LocalText, Mention, Notification } from './notifier.js';

/** Where a message goes: a person's 1:1 chat, or a channel (as a new post or in a card's thread). */
export type Place =
  | { kind: 'direct'; user: string }
  | {
      kind: 'channel';
      channel: string;
      /** Reply in the thread of the incident's card with this purpose, in this channel. */
      thread: { purpose: string; ifMissing: 'post' | 'skip' } | null;
    };

export interface Placement {
  place: Place;
  /** The reader's language; `reporter`: the reporter's, which the platform may know better. */
  locale: Locale | 'reporter';
  text: LocalText;
  mentions: readonly Mention[];
  /** The incident's card for this place (a chat_refs purpose), sent with the message. */
  card: string | null;
  /** Remember the message itself under this purpose (its thread is then ours, e.g. advice). */
  keepAs: string | null;
  /** The person this direct message tells (oneHome chose this platform for them): when it cannot
   *  reach them here, ChatDelivery tells them on their next platform instead. */
  person?: string;
}

const placement = (place: Place, locale: Placement['locale'], text: LocalText): Placement => ({
  place,
  locale,
  text,
  mentions: [],
  card: null,
  keepAs: null,
});

const newPost = (channel: string): Place => ({ kind: 'channel', channel, thread: null });
const underCard = (channel: string, purpose: string, ifMissing: 'post' | 'skip'): Place => ({
  kind: 'channel',
  channel,
  thread: { purpose, ifMissing },
});

/**
 * Every placement of one notification on `platform`; none when nobody is reachable there.
 * `platformsOn`: every chat platform that is on (default: this one alone), so that a person with
 * an account on several hears about the incident once (oneHome).
 */
export function deliveryPlan(
  n: Notification,
  incident: Incident,
  cfg: TriageConfig,
  platform: PlatformId,
  platformsOn: readonly PlatformId[] = [platform],
): Placement[] {
  if (platform === EMAIL) return emailPlan(n, cfg);
  const r = n.recipient;
  const here = oneHome(cfg, platform, platformsOn, incident.reportedVia);
  switch (r.kind) {
    case 'person':
      return here(r.personId) ? toPerson(n, cfg, platform, r.personId) : [];
    case 'reporter':
      return here(incident.reporterId) ? toReporter(n, incident, cfg, platform) : [];
    case 'team':
      return toTeam(n, cfg, platform, r.teamId, r.mention, here);
    case 'desk':
      return toDesk(n, incident, cfg, platform);
    case 'managers': {
      const channel = on(cfg.channels.managers, platform);
      if (!channel) return [];
      return [
        Object.assign(placement(newPost(channel), cfg.locale, n.text), {
          card: n.withCard ? PURPOSE.managers : null,
        }),
      ];
    }
  }
}

/**
 * A notice that concerns no incident, for the managers' channel in the desk's language. With
 * `eachManager`, every incident manager also reads it in their own language: by DM when their
 * configured language is not the desk's, or when this platform has no managers' channel.
 */
export function announcementPlan(
  text: LocalText,
  cfg: TriageConfig,
  platform: PlatformId,
  opts: { eachManager?: boolean; platformsOn?: readonly PlatformId[] } = {},
): Placement[] {
  const channel = on(cfg.channels.managers, platform);
  const posts = channel ? [placement(newPost(channel), cfg.locale, text)] : [];
  if (!opts.eachManager) return posts;
  const here = oneHome(cfg, platform, opts.platformsOn ?? [platform], null);
  const dms = cfg.people
    .filter((p) => p.roles.includes('manager') && (!channel || localeFor(cfg, p.id) !== cfg.locale))
    .filter((p) => here(p.id))
    .flatMap((p) => {
      const user = userOn(cfg, p.id, platform);
      return user
        ? [{ ...placement({ kind: 'direct', user }, localeFor(cfg, p.id), text), person: p.id }]
        : [];
    });
  return [...posts, ...dms];
}

function toPerson(n: Notification, cfg: TriageConfig, platform: PlatformId, personId: string): Placement[] {
  const user = userOn(cfg, personId, platform);
  if (!user) return [];
  const p = placement({ kind: 'direct', user }, localeFor(cfg, personId), n.text);
  return [Object.assign(p, { card: n.withCard ? PURPOSE.dm(personId) : null, person: personId })];
}

/** The reporter's own buttons come along: confirm / reopen after IM4.1, reply when asked. */
function toReporter(
  n: Notification,
  incident: Incident,
  cfg: TriageConfig,
  platform: PlatformId,
): Placement[] {
  const user = userOn(cfg, incident.reporterId, platform);
  if (!user) return [];
  const configured = cfg.people.some((p) => p.id === incident.reporterId);
  const locale = configured ? localeFor(cfg, incident.reporterId) : 'reporter';
  const asked = n.text.key === 'reporter.info_requested' || n.text.key === 'reporter.info_requested_by_desk';
  const card = n.withCard || asked ? PURPOSE.reporter : null;
  // People answer a question in its thread: keep it, so that reply is read as the answer.
  return [
    Object.assign(placement({ kind: 'direct', user }, locale, n.text), {
      card,
      keepAs: asked ? PURPOSE.question : null,
      person: incident.reporterId,
    }),
  ];
}

/** IM2.11: the assignment with the team mentioned and its card; IM2.9: the advice request, whose
 *  thread is kept for the answer; anything else in the thread of the team's card. */
function toTeam(
  n: Notification,
  cfg: TriageConfig,
  platform: PlatformId,
  teamId: string,
  mention: boolean,
  here: (personId: string) => boolean,
): Placement[] {
  const channels = cfg.teams.find((t) => t.id === teamId)?.channels ?? {};
  const channel = on(channels, platform);
  if (!channel) return nowhereInChat(channels) ? toMembers(n, cfg, platform, teamId, here) : [];
  const mentions = mention ? teamMentions(cfg, teamId, platform) : [];
  if (n.kind === 'assignment')
    return [
      Object.assign(placement(newPost(channel), cfg.locale, n.text), {
        mentions,
        card: PURPOSE.team(teamId),
      }),
    ];
  if (n.kind === 'advice_request')
    return [
      Object.assign(placement(newPost(channel), cfg.locale, n.text), {
        mentions,
        keepAs: PURPOSE.advice(teamId),
      }),
    ];
  const place = underCard(channel, PURPOSE.team(teamId), 'post');
  return [Object.assign(placement(place, cfg.locale, n.text), { mentions })];
}

/** A team with no channel anywhere: each member by DM, in their language (IM2.11 still reaches
 *  them); the assignment with their own card, an advice request kept so its thread is answered. */
function toMembers(
  n: Notification,
  cfg: TriageConfig,
  platform: PlatformId,
  teamId: string,
  here: (personId: string) => boolean,
): Placement[] {
  const team = cfg.teams.find((t) => t.id === teamId);
  const ids = team ? [...new Set([team.lead, ...team.members].filter((x): x is string => x !== null))] : [];
  return ids.flatMap((personId) => {
    const user = here(personId) ? userOn(cfg, personId, platform) : null;
    if (!user) return [];
    const p = Object.assign(placement({ kind: 'direct', user }, localeFor(cfg, personId), n.text), {
      person: personId,
    });
    if (n.kind === 'assignment') return [Object.assign(p, { card: PURPOSE.dm(personId) })];
    return [Object.assign(p, { keepAs: n.kind === 'advice_request' ? PURPOSE.advice(teamId) : null })];
  });
}

/** In the thread of the desk card; IM2.14: a decline also under the declining team's card. */
function toDesk(n: Notification, incident: Incident, cfg: TriageConfig, platform: PlatformId): Placement[] {
  const out: Placement[] = [];
  const desk = on(cfg.channels.desk, platform);
  if (desk) out.push(placement(underCard(desk, PURPOSE.desk, 'post'), cfg.locale, n.text));
  const declined = n.kind === 'decline' ? incident.declines.at(-1)?.team : undefined;
  const teamChannel = declined ? on(cfg.teams.find((t) => t.id === declined)?.channels, platform) : null;
  if (declined && teamChannel)
    out.push(placement(underCard(teamChannel, PURPOSE.team(declined), 'skip'), cfg.locale, n.text));
  return out;
}

/** The e-mail channel (SMTP_URL, adapters/email): not a chat platform, so it carries only what a
 *  person must not miss — on-site work (IM2.6) — and whatever is meant for someone with no chat
 *  account at all. Channels, teams and the reporter stay in chat. */
export const EMAIL = 'email';

const ON_SITE: readonly Notification['kind'][] = [
  'onsite_dispatch',
  'onsite_cancelled',
  'onsite_rescheduled',
];

function emailPlan(n: Notification, cfg: TriageConfig): Placement[] {
  if (n.recipient.kind !== 'person') return [];
  const { personId } = n.recipient;
  const person = cfg.people.find((p) => p.id === personId);
  if (!person?.email) return [];
  if (!nowhereInChat(person.accounts) && !ON_SITE.includes(n.kind)) return [];
  return [placement({ kind: 'direct', user: person.email }, localeFor(cfg, personId), n.text)];
}

/**
 * Whether a person is told on `platform`: a person hears about an incident once, on the platform
 * the incident lives on (`home`: where it was reported) when they have an account there and it
 * is on, else on the first platform that is on where they have one. Without this, someone with a
 * Slack and a Teams id got every notice twice, once in each (docs/platforms.md).
 */
export function oneHome(
  cfg: TriageConfig,
  platform: PlatformId,
  platformsOn: readonly PlatformId[],
  home: PlatformId | null,
): (personId: string) => boolean {
  return (personId) => homeOrder(cfg, personId, platformsOn, home)[0] === platform;
}

/** The platforms that are on where the person has an account, the one oneHome picks first; a
 *  direct message the first cannot deliver goes to the next (ChatDelivery). */
export function homeOrder(
  cfg: TriageConfig,
  personId: string,
  platformsOn: readonly PlatformId[],
  home: PlatformId | null,
): PlatformId[] {
  const order =
    home && platformsOn.includes(home) ? [home, ...platformsOn.filter((p) => p !== home)] : platformsOn;
  return order.filter((p) => p !== EMAIL && userOn(cfg, personId, p) !== null);
}

const on = (accounts: Accounts | undefined, platform: PlatformId): string | null =>
  accounts ? accountOn(accounts, platform) : null;

/** A configured person's account, or the raw id of someone who reported from this platform. */
export function userOn(cfg: TriageConfig, personId: string, platform: PlatformId): string | null {
  const raw = `${platform}:`;
  if (personId.startsWith(raw)) return personId.slice(raw.length);
  return on(cfg.people.find((p) => p.id === personId)?.accounts, platform);
}

/**
 * IM2.11: whether an assignment to the team reaches anyone on one of `platforms` — its channel
 * there, or (a team with no channel anywhere) a lead or member with an account there; the rule
 * toTeam follows. A team only a platform that is off could reach is told nothing.
 */
export function teamReachable(cfg: TriageConfig, teamId: string, platforms: readonly PlatformId[]): boolean {
  const team = cfg.teams.find((t) => t.id === teamId);
  if (!team) return false;
  const people = [team.lead, ...team.members].filter((x): x is string => x !== null);
  return platforms.some((platform) =>
    nowhereInChat(team.channels)
      ? people.some((id) => userOn(cfg, id, platform) !== null)
      : on(team.channels, platform) !== null,
  );
}

/** The configured teams none of the platforms that are on reaches (a start-up warning). */
export const unreachableTeams = (cfg: TriageConfig, platforms: readonly PlatformId[]): string[] =>
  cfg.teams.filter((t) => !teamReachable(cfg, t.id, platforms)).map((t) => t.id);

/** The team's lead and members with an account on the platform, once each. */
export function teamMentions(cfg: TriageConfig, teamId: string, platform: PlatformId): Mention[] {
  const team = cfg.teams.find((t) => t.id === teamId);
  if (!team) return [];
  const ids = [...new Set([team.lead, ...team.members].filter((x): x is string => x !== null))];
  return ids.flatMap((id) => {
    const person = cfg.people.find((p) => p.id === id);
    const user = on(person?.accounts, platform);
    return person && user ? [{ user, name: person.name }] : [];
  });
}
