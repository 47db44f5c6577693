// Turns committed outbox rows (notify.*, view.refresh) into chat messages through every
// ChatNotifier that is on. A failed row is retried with backoff and its error kept on the row.
import type { TriageConfig } from '../core/config.js';
import type { Effect } from '../core/decision.js';
import type { Incident } from '../core/types.js';
import { ChatDelivery } from './chat-delivery.js';
import { ChatPlaces } from './chat-places.js';
import { type ConfigSource, sourceOf } from './config-holder.js';
import { notificationsFor } from './notifications.js';
import type { ChatNotifier } from './notifier.js';
import { effectsOf, refreshes, TOPIC, withEffects } from './outbox.js';
import type { OutboxRecord, Storage } from './ports.js';
import type { Clock } from './triage-service.js';

export const MAX_DELIVERY_ATTEMPTS = 8;

/** 5 s, 10 s, 20 s … capped at 10 min: rides out a platform's rate limit or a short outage. */
export const backoffMs = (attempts: number): number => Math.min(5_000 * 2 ** attempts, 600_000);

/**
 * Some of a row's effects failed, others went: `rest` is what failed, in order, for the row's
 * retry to carry (markOutboxFailed rewrites the payload), so a retry — the relay's backoff or
 * `outbox:failed retry` — sends only what did not go. Within one effect, as with a row per
 * effect, a failure sends the whole effect again (at least once).
 */
export class PartlyDelivered extends Error {
  constructor(
    override readonly cause: unknown,
    readonly rest: Effect[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * A platform's rate-limit answer, as adapters surface it: `retryAfterMs`, or Slack's WebClient
 * `retryAfter` (seconds, code slack_webapi_rate_limited_error), or an HTTP 429 (then 1 s).
 */
export function retryAfterMs(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { retryAfterMs?: unknown; retryAfter?: unknown; statusCode?: unknown; status?: unknown };
  if (typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0) return e.retryAfterMs;
  if (typeof e.retryAfter === 'number' && e.retryAfter >= 0) return e.retryAfter * 1000;
  if (e.statusCode === 429 || e.status === 429) return 1000;
  return null;
}

/** The platform's own error behind a PartlyDelivered (its "retry after", its message). */
export const causeOf = (e: unknown): unknown => (e instanceof PartlyDelivered ? e.cause : e);

export interface DeliveryHooks {
  /** Before the cards of an incident are re-rendered (IM2.7 records what the desk is shown;
   *  `knowledgeVersion` as ChatNotifier.refresh gets it). Must not throw: the cards are
   *  rendered anyway. */
  beforeRefresh?: (incident: Incident, knowledgeVersion?: number) => Promise<void>;
  /** A delivery failed and will be retried (for /metrics). */
  failed?: (topic: string) => void;
}

export class OutboxDelivery {
  private readonly places: ChatPlaces;
  private readonly configs: ConfigSource;

  constructor(
    private readonly storage: Storage,
    config: TriageConfig | ConfigSource,
    private readonly notifiers: readonly ChatNotifier[],
    private readonly clock: Clock,
    private readonly hooks: DeliveryHooks = {},
  ) {
    this.places = new ChatPlaces(storage);
    this.configs = sourceOf(config);
  }

  /** Delivers one row to every platform, its effects one after another in commit order; throws
   *  when any platform failed (to be retried): PartlyDelivered when some of its effects went.
   *  An effect that fails holds back none after it, as a failed row held back none of the
   *  incident's later rows: a reporter's DM refused leaves the desk card refreshed.
   *  `incident`: already read by the caller for this row's incident (undefined: read it now).
   *  `places`: the caller's batch's (placesFor); without it, where cards are is read afresh.
   *  `knowledgeVersion`: read with `incident` (Storage.getIncidents), for its cards' matches.
   *  `skipRefresh`: a change row's refresh is done by another (a later row, a queued refresh). */
  async deliver(
    row: OutboxRecord,
    incident?: Incident | null,
    places?: ChatPlaces,
    knowledgeVersion?: number | null,
    skipRefresh = false,
  ): Promise<void> {
    const known = incident === undefined ? undefined : (knowledgeVersion ?? undefined);
    const current = incident === undefined ? await this.storage.getIncident(row.incidentId) : incident;
    if (!current) return; // nothing left to show
    // One configuration for the whole row: who is told and how it reads.
    const config = this.configs.current();
    const effects = effectsOf(row);
    const chat = new ChatDelivery(this.notifiers, places ?? this.places, config);
    const failed: Effect[] = [];
    let first: unknown;
    for (const [i, effect] of effects.entries()) {
      try {
        if (effect.type !== 'refresh_views') {
          const notes = notificationsFor(effect, current, config);
          await Promise.all(notes.map((note) => chat.deliver(note, current)));
        } else if (!(skipRefresh && row.topic === TOPIC.chatChange)) {
          await this.refresh(current, places, known);
        }
      } catch (e) {
        if (failed.length === 0) first = e;
        failed.push(effect);
        // The platform said when to come back: nothing more of this row goes before then. What
        // the caller sees stays the first failure: a row that also failed otherwise is a failure
        // (an attempt used, its own error kept), not only a rate limit.
        if (retryAfterMs(e) !== null) {
          failed.push(...effects.slice(i + 1));
          break;
        }
      }
    }
    if (failed.length === 0) return;
    throw failed.length === effects.length ? first : new PartlyDelivered(first, failed);
  }

  private async refresh(current: Incident, places?: ChatPlaces, known?: number): Promise<void> {
    await this.hooks.beforeRefresh?.(current, known);
    await Promise.all(this.notifiers.map((n) => n.refresh(current, places, known)));
  }

  /**
   * One incident's rows in commit order, the incident read once for all of them: every row shows
   * the incident as it is now, which is what a read per row a moment apart showed too. Returns
   * the ids delivered and not yet marked, for the caller to mark in one statement with other
   * incidents'. A row that posted cards is marked here at once, with those cards' places and the
   * rows delivered before it, in one statement (one commit): the place is written when it was
   * (right after the row's last post), and a crash redelivers no more than before.
   * `incident`: read by the caller with other incidents' since the rows were claimed (undefined:
   * read it now); a change after that read has rows of its own, delivered after these.
   * `knowledgeVersion`: read in the same statement as `incident` (Storage.getIncidents).
   */
  async attemptInOrder(
    rows: readonly OutboxRecord[],
    incident?: Incident | null,
    places?: ChatPlaces,
    knowledgeVersion?: number | null,
    refreshedLater: ReadonlySet<number> = new Set(),
  ): Promise<number[]> {
    const first = rows[0];
    if (!first) return [];
    // Read here, the version is not: the cards then read it themselves.
    const known = incident === undefined ? undefined : knowledgeVersion;
    if (incident === undefined) incident = await this.storage.getIncident(first.incidentId);
    let delivered: number[] = [];
    // IM2.1 and on: where a posted card is must outlive a crash as it did (a desk card whose
    // place is lost is posted again by the next refresh), so it goes as soon as its row is
    // done — delivered or failed — not with the incident's later rows.
    // What waits for the places (an older card's retirement) goes after the commit, never when
    // it failed: chat_refs then still names the older card, which must stay live.
    const keep = async () => {
      const kept = places?.takeKept(first.incidentId);
      if (!kept || kept.cards.length === 0) return;
      const replaced = await this.storage.markOutboxProcessed(delivered, this.clock.now(), kept.cards);
      delivered = [];
      await kept.afterward(replaced);
    };
    for (const [i, row] of rows.entries()) {
      const skipRefresh = refreshedLater.has(row.id);
      if (this.holdsKeeps(row, skipRefresh)) places?.holdKeeps(row.incidentId);
      const outcome = await this.tryDeliver(row, incident, places, known, keep, skipRefresh);
      if (outcome === true) delivered.push(row.id);
      await keep();
      // Rate limited: the incident's later rows wait with it, in order (a reporter is not told
      // "resolved" before the "assigned" the platform held back).
      if (outcome instanceof Date) {
        await this.holdBack(rows.slice(i + 1), outcome);
        break;
      }
    }
    return delivered;
  }

  /**
   * Whether a row's cards may wait for its mark. A notification's redelivery posts its cards
   * again whether their places were kept or not; a refresh posts a desk card only where none is
   * kept, and with several platforms one platform's desk card would wait for the others' refresh.
   */
  private holdsKeeps(row: OutboxRecord, skipRefresh: boolean): boolean {
    const renders = row.topic === TOPIC.viewRefresh || (refreshes(row) && !skipRefresh);
    return !renders || this.notifiers.length === 1;
  }

  /** Where the cards of a batch's incidents are, read once for the batch (ChatPlaces.forBatch). */
  placesFor(incidentIds: readonly string[]): Promise<ChatPlaces> {
    return this.places.forBatch(incidentIds);
  }

  /** Rows due again at `until`, their leases ended, nothing else of them changed. */
  private async holdBack(rows: readonly OutboxRecord[], until: Date): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    await this.storage.transaction((uow) => uow.updateOutbox(ids, { availableAt: until, endLease: true }));
  }

  /** True when delivered; on failure the row is kept with its error and a later retry time
   *  (`beforeFailed` first: the cards it did post), which is returned when the platform set it
   *  (a rate limit), false otherwise. */
  private async tryDeliver(
    row: OutboxRecord,
    incident?: Incident | null,
    places?: ChatPlaces,
    knowledgeVersion?: number | null,
    beforeFailed?: () => Promise<void>,
    skipRefresh = false,
  ) {
    try {
      await this.deliver(row, incident, places, knowledgeVersion, skipRefresh);
      return true as const;
    } catch (e) {
      await beforeFailed?.();
      const message = e instanceof Error ? e.message : String(e);
      this.hooks.failed?.(row.topic);
      // What went is not sent again: the row keeps only the rest (one statement, as before).
      const rest = e instanceof PartlyDelivered ? withEffects(row, e.rest) : undefined;
      const wait = retryAfterMs(causeOf(e));
      const now = this.clock.now().getTime();
      // Rate limited: back when the platform said (at least a second later, never at once), no
      // attempt used (as on BullMQ).
      if (wait === null) {
        await this.storage.markOutboxFailed(row.id, message, new Date(now + backoffMs(row.attempts)), rest);
        return false as const;
      }
      const until = new Date(now + Math.max(wait, 1_000));
      await this.storage.deferOutbox(row.id, message, until, rest);
      return until;
    }
  }
}

/** Latest state for a refresh: a burst of changes re-renders once per incident. A `view.refresh`
 *  row whose incident has a later refreshing row in the batch is dropped (refreshedLater: a
 *  change row's is skipped, its notifications still go). */
export function coalesceRefreshes(rows: readonly OutboxRecord[]): OutboxRecord[] {
  const last = lastRefreshes(rows);
  return rows.filter((row, i) => row.topic !== TOPIC.viewRefresh || last.get(row.incidentId) === i);
}

/** Ids of the change rows whose refresh a later row of the same incident in the batch does. */
export function refreshedLater(rows: readonly OutboxRecord[]): Set<number> {
  const last = lastRefreshes(rows);
  const ids = new Set<number>();
  rows.forEach((row, i) => {
    if (row.topic === TOPIC.chatChange && refreshes(row) && last.get(row.incidentId) !== i) ids.add(row.id);
  });
  return ids;
}

function lastRefreshes(rows: readonly OutboxRecord[]): Map<string, number> {
  const last = new Map<string, number>();
  rows.forEach((row, i) => {
    if (refreshes(row)) last.set(row.incidentId, i);
  });
  return last;
}
