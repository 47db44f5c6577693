// Keeping every card that shows an incident in step with it, once for every platform: the
// triage card of a new incident is posted to the desk channel by its first refresh (IM1 →
// IM2.1), and every card already posted (chat_refs) is re-rendered from the incident. A platform
// supplies only the primitives (post a card, update one); it coalesces calls to fit its limits.
import { accountOn, type TriageConfig } from '../core/config.js';
import type { Incident } from '../core/types.js';
import { PURPOSE } from './card-places.js';
import type { ChatPlaces } from './chat-places.js';
import type { SentMessage } from './notifier.js';
import type { ChatPlatform, ChatRef } from './ports.js';

export interface CardPrimitives {
  readonly platform: ChatPlatform;
  /** The incident's card for `purpose` as a new message in `channel`; null when that place shows
   *  no card or the channel cannot be posted to (the adapter logs why: retrying will not help). */
  postCard(
    channel: string,
    purpose: string,
    incident: Incident,
    knowledgeVersion?: number,
  ): Promise<SentMessage | null>;
  /** Re-renders the card at `ref`; a message deleted meanwhile is the adapter's to log and skip.
   *  `knowledgeVersion` (both): read with `incident`, for the card's matches (ChatNotifier.refresh). */
  updateCard(ref: ChatRef, incident: Incident, knowledgeVersion?: number): Promise<void>;
}

/** A render a notifier's Coalescer holds: the newest incident, with the places of the delivery
 *  batch that asked for it (none: the notifier's own, read afresh). */
export interface Rendering {
  version: number;
  incident: Incident;
  places?: ChatPlaces | undefined;
  /** Read with `incident` (ChatNotifier.refresh). */
  knowledgeVersion?: number | undefined;
}

/** Every place is tried; the first failure is rethrown (to retry) after the others were done. */
export async function refreshCards(
  chat: CardPrimitives,
  places: ChatPlaces,
  cfg: TriageConfig,
  incident: Incident,
  knowledgeVersion?: number,
): Promise<void> {
  const desk = accountOn(cfg.channels.desk, chat.platform);
  const hasDesk = (refs: readonly ChatRef[]) => refs.some((r) => r.purpose === PURPOSE.desk);
  // Before a desk card is posted, its absence is read afresh (a batch's places read earlier).
  const refs = await places.cards(incident.id, chat.platform, desk ? hasDesk : undefined);
  const failures: unknown[] = [];
  for (const ref of refs)
    await chat.updateCard(ref, incident, knowledgeVersion).catch((err: unknown) => failures.push(err));
  // The desk card last: its place is written once the refresh is done (with the row's mark,
  // OutboxDelivery.attemptInOrder), so no other call comes between posting it and keeping it.
  if (desk && !hasDesk(refs)) {
    try {
      const sent = await chat.postCard(desk, PURPOSE.desk, incident, knowledgeVersion);
      if (sent)
        await places.keepCard({
          incidentId: incident.id,
          platform: chat.platform,
          purpose: PURPOSE.desk,
          ...sent,
        });
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
}
