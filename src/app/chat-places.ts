// Where incidents live in chat, for the chat adapters: the cards posted for an incident
// (chat_refs: re-rendered after every change; a reply in a card's thread finds its incident)
// and the conversation references a platform needs to write somewhere later. Adapters keep and
// find these through this service, never through the Storage port (issue 11, item 4). They are
// delivery bookkeeping, not a person's read of an incident: nothing here is shown to anyone.
import type { ChatPlatform, ChatRef, ConversationRef, Storage } from './ports.js';

/** What a caller needs of an incident's cards to act on them; see ChatPlaces.cards. */
export type CardsNeed = (refs: readonly ChatRef[]) => boolean;

/** What to do with the card a kept card took the place of (retire it), once the keep is written. */
export type OnReplaced = (older: ChatRef) => Promise<void>;

/** The cards a batch held for an incident (ChatPlaces.takeKept), and what waits for them. */
export interface Kept {
  cards: ChatRef[];
  /** To run once `cards` are written, with the cards their places named until then (as the write
   *  returned them); never when writing them failed. */
  afterward: (replaced: readonly ChatRef[]) => Promise<void>;
}

const samePlace = (a: ChatRef, b: ChatRef) =>
  a.incidentId === b.incidentId &&
  a.platform === b.platform &&
  a.purpose === b.purpose &&
  a.conversationId === b.conversationId;

const nothingKept = (): Kept => ({ cards: [], afterward: async () => undefined });

export class ChatPlaces {
  constructor(protected readonly storage: Storage) {}

  /** The card message `messageId` in that conversation is, if it is one of ours. */
  card(platform: ChatPlatform, conversationId: string, messageId: string): Promise<ChatRef | null> {
    return this.storage.findChatRef(platform, conversationId, messageId);
  }

  /**
   * Every card posted for the incident, on `platform` only when given. `need`: what the caller
   * acts on (say, "a desk card is there", before posting one); read here anyway, it matters only
   * to a batch's places (forBatch), which read again when their earlier read does not satisfy it.
   */
  async cards(incidentId: string, platform?: ChatPlatform, _need?: CardsNeed): Promise<ChatRef[]> {
    return onPlatform(await this.storage.listChatRefs(incidentId), platform);
  }

  /**
   * Remembers a posted card (same incident, platform, purpose and conversation: replaced).
   * `replaced`: run with the card the place named until the write — as the database found it under
   * the row's lock, not as anyone read it before — once the write is for good: at once here; while
   * a batch's places hold the card, after the caller wrote it (takeKept). So what changes a chat
   * message because of a kept card (retiring the card it replaced) never happens while that
   * card's place could still be lost, and reaches the card another process kept meanwhile.
   */
  async keepCard(ref: ChatRef, replaced?: OnReplaced): Promise<void> {
    const older = await this.storage.upsertChatRef(ref);
    if (older && replaced) await replaced(older);
  }

  /**
   * From now until takeKept(incidentId), the incident's cards kept are held here instead of
   * written, for the delivery to write with the mark of the row that posted them (one commit,
   * not two). Only a batch's places hold; these write at once.
   */
  holdKeeps(_incidentId: string): void {}

  /** The cards held since holdKeeps(incidentId), for the caller to write, and what is to follow
   *  once they are written (afterKept: the caller runs it then, never if the write failed);
   *  holding ends. */
  takeKept(_incidentId: string): Kept {
    return nothingKept();
  }

  conversation(platform: string, scope: string, key: string): Promise<ConversationRef | null> {
    return this.storage.getConversationRef(platform, scope, key);
  }

  keepConversation(ref: ConversationRef): Promise<void> {
    return this.storage.saveConversationRef(ref);
  }

  /**
   * The places for one delivery batch: the cards of all its incidents in one read, instead of a
   * read per card refresh and per thread reply (≈ 0.4 statements per transition). Use it for
   * that batch only, then drop it: a card another process keeps later is seen by the next batch.
   */
  async forBatch(incidentIds: readonly string[]): Promise<ChatPlaces> {
    const refs = new Map<string, ChatRef[]>(incidentIds.map((id) => [id, []]));
    for (const ref of await this.storage.listChatRefsOf(incidentIds)) refs.get(ref.incidentId)?.push(ref);
    return new BatchPlaces(this.storage, refs);
  }
}

/**
 * A batch's cards, read when the batch began; the cards this process keeps meanwhile are added.
 * Another process may keep a card in the meantime (a reporter's form becoming their card, a
 * second instance posting the desk card): a read that does not satisfy its caller's `need` is
 * done again, so a card is never posted twice for having been missed, and a card kept after the
 * read is updated by the next batch's refresh — as with a read per refresh that came just before.
 */
class BatchPlaces extends ChatPlaces {
  /** Cards kept while their incident's delivery holds them (holdKeeps … takeKept), each with
   *  what waits for it to be written and the held cards it took the place of (never written). */
  private readonly held = new Map<string, Held[]>();

  constructor(
    storage: Storage,
    private readonly refs: Map<string, ChatRef[]>,
  ) {
    super(storage);
  }

  override async cards(incidentId: string, platform?: ChatPlatform, need?: CardsNeed): Promise<ChatRef[]> {
    const known = this.refs.get(incidentId);
    if (known) {
      const mine = onPlatform(known, platform);
      if (!need || need(mine)) return mine;
    }
    const read = onPlatform(await this.storage.listChatRefs(incidentId), platform);
    // Another platform's cards, kept meanwhile by this process, stay as they are.
    const others = platform ? (known ?? []).filter((r) => r.platform !== platform) : [];
    this.refs.set(incidentId, [...others, ...read]);
    return [...read];
  }

  override holdKeeps(incidentId: string): void {
    this.held.set(incidentId, []);
  }

  override takeKept(incidentId: string): Kept {
    const held = this.held.get(incidentId) ?? [];
    this.held.delete(incidentId);
    if (held.length === 0) return nothingKept();
    return {
      cards: held.map((h) => h.ref),
      afterward: async (replaced) => {
        for (const h of held) {
          const older = [...h.superseded, ...replaced.filter((r) => samePlace(r, h.ref))];
          for (const o of older) if (o.messageId !== h.ref.messageId) await h.replaced?.(o);
        }
      },
    };
  }

  override async keepCard(ref: ChatRef, replaced?: OnReplaced): Promise<void> {
    const held = this.held.get(ref.incidentId);
    if (held) {
      // A card held for the same place is replaced before it was ever written: this one's
      // `replaced` retires it too, with what the place named in the database.
      const earlier = held.findIndex((h) => samePlace(h.ref, ref));
      const superseded =
        earlier === -1 ? [] : [...(held[earlier] as Held).superseded, (held[earlier] as Held).ref];
      if (earlier !== -1) held.splice(earlier, 1);
      held.push({ ref, replaced, superseded });
    } else await super.keepCard(ref, replaced);
    const known = this.refs.get(ref.incidentId);
    if (!known) return;
    this.refs.set(ref.incidentId, [...known.filter((r) => !samePlace(r, ref)), ref]);
  }
}

interface Held {
  ref: ChatRef;
  replaced: OnReplaced | undefined;
  superseded: ChatRef[];
}

const onPlatform = (refs: readonly ChatRef[], platform?: ChatPlatform): ChatRef[] =>
  platform ? refs.filter((r) => r.platform === platform) : [...refs];
