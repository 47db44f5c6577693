// Chat notifications out of the outbox, through their own queue (BullMQ, bull-delivery.ts) or the
// embedded loop (here).
//
// BullMQ: a relay claims due `notify.*` / `view.refresh` rows (FOR UPDATE SKIP LOCKED) and
// enqueues one job per notification, job id `outbox.{row id}` — so two instances relaying the
// same row cannot send it twice — and leases the row (its `available_at` moves out) while the
// queue holds it. The worker delivers through every ChatNotifier that is on, under a global rate
// limit, honours a platform's "retry after", retries with backoff, and writes each failure onto
// the row (attempts, last_error). A row whose attempts are used up stays in the outbox, pending,
// with its error: dead, listed by `npm run outbox:failed`, never dropped.
// Card refreshes are coalesced per incident (at most one running and one waiting), so a burst of
// changes re-renders once and two renders of one card never race.
//
// Embedded (no Redis): the same claim with a lease in a column of its own ('in flight', cheaper
// to write; migration 0020), then OutboxDelivery.attempt — incidents side
// by side (NOTIFY_CONCURRENCY), each incident's rows one after another in commit order.
import PQueue from 'p-queue';
import type { ConfigSource } from '../app/config-holder.js';
import {
  coalesceRefreshes,
  type DeliveryHooks,
  MAX_DELIVERY_ATTEMPTS,
  OutboxDelivery,
} from '../app/delivery.js';
import type { ChatNotifier } from '../app/notifier.js';
import { DELIVERY_TOPIC_PREFIXES } from '../app/outbox.js';
import type { OutboxLease, OutboxRecord, Storage } from '../app/ports.js';
import type { Clock } from '../app/triage-service.js';
import type { TriageConfig } from '../core/config.js';

/** How long a relayed row is left to the queue before it is relayed again (lost job cover). */
export const DELIVERY_LEASE_MS = 5 * 60_000;

export interface DeliveryDeps {
  storage: Storage;
  /** Read per delivered row (config-holder.ts). */
  config: TriageConfig | ConfigSource;
  /** Read at every delivery: chat modules may register theirs after this one started. */
  notifiers: readonly ChatNotifier[];
  clock: Clock;
  onError?: (err: Error, context: string) => void;
  hooks?: DeliveryHooks;
}

export const later = (clock: Clock, ms: number) => new Date(clock.now().getTime() + ms);

/**
 * Rows per embedded claim, as the BullMQ relay and the timer relay claim. Every batch waits for
 * its slowest incident before the next claim (an incident's rows go in commit order), and a card
 * refresh superseded within the batch is not rendered: with 50, a backlog of 8 desks' clicks gave
 * each claim few incidents and few refreshes to drop, and delivery fell behind the commands it
 * follows (docs/core-speed.md, h/coresat: 1.06–1.14 Web API calls per transition at 50, 0.70–0.74
 * at 200; 500 drained no faster). What a crash redelivers is unchanged: the incidents in flight.
 */
export const EMBEDDED_DELIVERY_BATCH = 200;

/** Embedded delivery: claim (with a lease, so another instance skips them), then deliver. */
export class EmbeddedDelivery {
  private readonly delivery: OutboxDelivery;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly batchSize = EMBEDDED_DELIVERY_BATCH,
    /** Incidents delivered at once: a chat platform's round trip is what a delivery waits on. */
    private readonly concurrency = 1,
  ) {
    this.delivery = new OutboxDelivery(deps.storage, deps.config, deps.notifiers, deps.clock, deps.hooks);
  }

  async tick(): Promise<boolean> {
    // No chat adapter on (yet): leave everything pending rather than "deliver" it to nobody.
    if (this.deps.notifiers.length === 0) return false;
    // 'in flight': the batch is delivered before the next claim of this process.
    const rows = await claim(this.deps, this.batchSize, 'in flight');
    if (rows.length === 0) return false;
    const wanted = new Set(coalesceRefreshes(rows));
    const groups = byIncident(rows);
    // Every incident of the batch in one read, not one each: what changes after it has rows of
    // its own, delivered in a later batch (and an older render never replaces a newer one).
    // Where their cards are, likewise: read once for this batch, and again for the next.
    const ids = [...groups.keys()];
    // The knowledge base's version comes with them: their cards need no read of their own.
    const [{ incidents: read, knowledgeVersion }, places] = await Promise.all([
      this.deps.storage.getIncidents(ids),
      this.delivery.placesFor(ids),
    ]);
    const incidents = new Map(read.map((i) => [i.id, i]));
    const queue = new PQueue({ concurrency: this.concurrency });
    await queue.addAll(
      [...groups].map(([incidentId, ofOne]) => async () => {
        const delivered = await this.delivery.attemptInOrder(
          ofOne.filter((row) => wanted.has(row)),
          incidents.get(incidentId) ?? null,
          places,
          knowledgeVersion,
        );
        const superseded = ofOne.filter((row) => !wanted.has(row)).map((row) => row.id);
        // One statement per incident, right after its rows went: a crash redelivers (after the
        // lease) only the incidents in flight, as a mark per row did, not the whole batch.
        const done = [...superseded, ...delivered];
        if (done.length > 0) await this.deps.storage.markOutboxProcessed(done, this.deps.clock.now());
      }),
    );
    return rows.length >= this.batchSize;
  }
}

/** Rows grouped by incident, each group in claim (commit) order. */
function byIncident(rows: readonly OutboxRecord[]): Map<string, OutboxRecord[]> {
  const groups = new Map<string, OutboxRecord[]>();
  for (const row of rows) groups.set(row.incidentId, [...(groups.get(row.incidentId) ?? []), row]);
  return groups;
}

/** Claims due delivery rows and leases them, in one statement. */
export async function claim(
  deps: DeliveryDeps,
  limit: number,
  lease: OutboxLease = 'queued',
): Promise<OutboxRecord[]> {
  return deps.storage.transaction(async (uow) => {
    const now = deps.clock.now();
    return uow.claimOutbox({
      topicPrefixes: DELIVERY_TOPIC_PREFIXES,
      now,
      limit,
      maxAttempts: MAX_DELIVERY_ATTEMPTS,
      leaseUntil: later(deps.clock, DELIVERY_LEASE_MS),
      lease,
    });
  });
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
