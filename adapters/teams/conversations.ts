// Where the bot can reach people and channels proactively: Bot Framework conversation
// references, kept in conversation_refs (platform `teams`) when the bot is installed, added to a
// team or chat, or messaged. Posting to a channel or a person we hold no reference for goes
// through the service endpoint last seen (one serviceUrl per tenant region).
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { ConversationRef } from '../../src/app/ports.js';
import { SCOPE } from './ids.js';

/** A Bot Framework ConversationReference, as much of it as proactive messages need. */
export interface Reference {
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
  activityId?: string;
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  conversation?: {
    id: string;
    conversationType?: string;
    isGroup?: boolean;
    tenantId?: string;
    name?: string;
  };
}

/** The fields of an inbound activity we keep references from. */
export interface InboundActivity {
  serviceUrl?: string;
  channelId?: string;
  locale?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
  recipient?: { id?: string; name?: string };
  conversation?: { id?: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    channel?: { id?: string; name?: string };
  };
}

export const PLATFORM = 'teams';
const SERVICE_KEY = 'default';

/** `19:abc@thread.tacv2;messageid=123` → channel and root message (a reply thread in a channel). */
export function splitThread(conversationId: string): { channel: string; root: string | null } {
  const m = /^(.*);messageid=(.+)$/.exec(conversationId);
  return m
    ? { channel: m[1] ?? conversationId, root: m[2] ?? null }
    : { channel: conversationId, root: null };
}

export const tenantOf = (a: InboundActivity): string | undefined =>
  a.conversation?.tenantId ?? a.channelData?.tenant?.id;

export class Conversations {
  /** What was last written per row: an unchanged reference is not written again. */
  private readonly written = new Map<string, string>();

  constructor(private readonly places: ChatPlaces) {}

  /** Keeps every reference this activity reveals: personal chat, channel, team, group chat. */
  async remember(a: InboundActivity): Promise<void> {
    if (!a.serviceUrl || !a.conversation?.id) return;
    const tenantId = tenantOf(a);
    const bot = a.recipient?.id ? { id: a.recipient.id, name: a.recipient.name ?? '' } : undefined;
    const base: Reference = {
      channelId: a.channelId ?? 'msteams',
      serviceUrl: a.serviceUrl,
      ...(bot ? { bot } : {}),
      ...(a.locale ? { locale: a.locale } : {}),
    };
    const conversation = (id: string, type: string) => ({
      id,
      conversationType: type,
      isGroup: type !== 'personal',
      ...(tenantId ? { tenantId } : {}),
    });
    const writes: Promise<void>[] = [
      this.save(SCOPE.service, SERVICE_KEY, { ...base, conversation: conversation('', 'service') }),
    ];
    const type = a.conversation.conversationType ?? 'personal';
    if (type === 'personal' && a.from?.id) {
      const ref: Reference = {
        ...base,
        user: {
          id: a.from.id,
          name: a.from.name ?? '',
          ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
        },
        conversation: conversation(a.conversation.id, 'personal'),
      };
      writes.push(this.save(SCOPE.personal, a.from.id, ref));
      if (a.from.aadObjectId) writes.push(this.save(SCOPE.personal, a.from.aadObjectId, ref));
    } else if (type === 'channel') {
      const channel = a.channelData?.channel?.id ?? splitThread(a.conversation.id).channel;
      writes.push(
        this.save(SCOPE.channel, channel, { ...base, conversation: conversation(channel, 'channel') }),
      );
      const team = a.channelData?.team?.id;
      if (team)
        writes.push(this.save(SCOPE.team, team, { ...base, conversation: conversation(team, 'channel') }));
    } else if (type === 'groupChat') {
      writes.push(
        this.save(SCOPE.chat, a.conversation.id, {
          ...base,
          conversation: conversation(a.conversation.id, type),
        }),
      );
    }
    await Promise.all(writes);
  }

  /** Keeps a reference the bot made itself (a 1:1 chat it created). */
  async rememberPersonal(userKey: string, ref: Reference): Promise<void> {
    await this.save(SCOPE.personal, userKey, ref);
  }

  async get(scope: string, key: string): Promise<Reference | null> {
    const row = await this.places.conversation(PLATFORM, scope, key);
    return row ? (row.reference as Reference) : null;
  }

  /** The bot's personal chat with this user (`29:…` id or AAD object id), if it has one. */
  personal(userKey: string): Promise<Reference | null> {
    return this.get(SCOPE.personal, userKey);
  }

  /** The service endpoint: serviceUrl, tenant and the bot's own id as last seen. */
  service(): Promise<Reference | null> {
    return this.get(SCOPE.service, SERVICE_KEY);
  }

  /** A reference for posting into any conversation (channel, personal or group chat) by id. */
  async forConversation(conversationId: string): Promise<Reference | null> {
    const { channel } = splitThread(conversationId);
    const known = (await this.get(SCOPE.channel, channel)) ?? (await this.service());
    if (!known) return null;
    return { ...known, conversation: { ...known.conversation, id: conversationId } };
  }

  private async save(scope: string, key: string, reference: Reference): Promise<void> {
    const id = `${scope}|${key}`;
    const json = JSON.stringify(reference);
    if (this.written.get(id) === json) return;
    const row: ConversationRef = {
      platform: PLATFORM,
      scope,
      key,
      reference: reference as Record<string, unknown>,
    };
    await this.places.keepConversation(row);
    this.written.set(id, json);
    if (this.written.size > 10_000) this.written.delete(this.written.keys().next().value as string);
  }
}
