// Where incidents live in chat, for the chat adapters: the cards posted for an incident
// (chat_refs: re-rendered after every change; a reply in a card's thread finds its incident)
// and the conversation references a platform needs to write somewhere later. Adapters keep and
// find these through this service, never through the Storage port (issue 11, item 4). They are
// delivery bookkeeping, not a person's read of an incident: nothing here is shown to anyone.
import type { ChatPlatform, ChatRef, ConversationRef, Storage } from './ports.js';

export class ChatPlaces {
  constructor(private readonly storage: Storage) {}

  /** The card message `messageId` in that conversation is, if it is one of ours. */
  card(platform: ChatPlatform, conversationId: string, messageId: string): Promise<ChatRef | null> {
    return this.storage.findChatRef(platform, conversationId, messageId);
  }

  /** Every card posted for the incident, on `platform` only when given. */
  async cards(incidentId: string, platform?: ChatPlatform): Promise<ChatRef[]> {
    const refs = await this.storage.listChatRefs(incidentId);
    return platform ? refs.filter((r) => r.platform === platform) : refs;
  }

  /** Remembers a posted card (same incident, platform, purpose and conversation: replaced). */
  keepCard(ref: ChatRef): Promise<void> {
    return this.storage.upsertChatRef(ref);
  }

  conversation(platform: string, scope: string, key: string): Promise<ConversationRef | null> {
    return this.storage.getConversationRef(platform, scope, key);
  }

  keepConversation(ref: ConversationRef): Promise<void> {
    return this.storage.saveConversationRef(ref);
  }
}
