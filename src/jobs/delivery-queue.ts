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
// to write; migration 0020), then OutboxDelivery.attemptInOrder — incidents side by side
// (NOTIFY_CONCURRENCY, kept busy across claims), each incident's rows one after another in
// commit order.

import type { ChatPlaces } from '../app/chat-places.js';
import type { ConfigSource } from '../app/config-holder.js';
import {
  coalesceRefreshes,
  type DeliveryHooks,
  MAX_DELIVERY_ATTEMPTS,
  OutboxDelivery,
  refreshedLater,
} from '../app/delivery.js';
import type { ChatNotifier } from '../app/notifier.js';
import { DELIVERY_TOPIC_PREFIXES } from '../app/outbox.js';
import type { OutboxLease, OutboxRecord, Storage } from '../app/ports.js';
import type { Clock } from '../app/triage-service.js';
import type { TriageConfig } from '../core/config.js';
import type { Incident } from '../core/types.js';

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
 * Rows per embedded claim, as the BullMQ relay and the timer relay claim. A card refresh
 * superseded within a batch is not rendered: with 50, a backlog of 8 desks' clicks gave each
 * claim few incidents and few refreshes to drop, and delivery fell behind the commands it
 * follows (docs/core-speed.md, h/coresat: 1.06–1.14 Web API calls per transition at 50, 0.70–0.74
 * at 200; 500 drained no faster). What a crash redelivers is unchanged: the incidents in flight.
 */
export const EMBEDDED_DELIVERY_BATCH = 200;

/** One incident's rows of one claim, in claim (commit) order, with what its batch read for it. */
interface Group {
  incidentId: string;
  rows: OutboxRecord[];
  /** Not rendered: a later refresh of the same incident in the same claim supersedes them. */
  superseded: number[];
  /** Change rows whose refresh a later row of the claim does: their notifications alone go. */
  refreshedLater: ReadonlySet<number>;
  incident: Incident | null;
  knowledgeVersion: number | null;
  /** The batch's places; undefined: the incident was in flight when the batch read them, so its
   *  places are read when its turn comes (its earlier rows may keep cards until then). */
  places: ChatPlaces | undefined;
}

/**
 * Embedded delivery: claim (with a lease, so another instance skips them), then deliver —
 * `concurrency` incidents at once, continuously (IncidentLanes). While claims come back full, the
 * next one is made as soon as every claimed incident has started (the tail of the batch still
 * running), not once the batch's slowest incident is done (docs/core-speed.md, h/coredrain). An
 * incident's rows of a later claim wait for its rows of an earlier one: never two of its rows at
 * once in this process, always in claim order. A claim that is not full ends the round once
 * what it claimed is delivered, as before. A row this round still holds whose lease ran out (its
 * incident slow past DELIVERY_LEASE_MS) and a later claim took again goes to no lane a second
 * time (HeldRows): this process sends it once. Another process may still take it then, as it
 * always could once a lease ends.
 */
export class EmbeddedDelivery {
  private readonly delivery: OutboxDelivery;
  private stopping = false;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly batchSize = EMBEDDED_DELIVERY_BATCH,
    /** Incidents delivered at once: a chat platform's round trip is what a delivery waits on. */
    private readonly concurrency = 1,
  ) {
    this.delivery = new OutboxDelivery(deps.storage, deps.config, deps.notifiers, deps.clock, deps.hooks);
  }

  /** Claims nothing more: the round in progress ends once what it claimed is delivered. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * One round: claims and delivers until a claim is not full, and returns once everything it
   * claimed is delivered and marked (or failed and marked so). Throws the first failure of a
   * claim, a read or a mark, after the incidents in flight are done.
   */
  async tick(): Promise<boolean> {
    // No chat adapter on (yet): leave everything pending rather than "deliver" it to nobody.
    if (this.deps.notifiers.length === 0) return false;
    const lanes = new IncidentLanes(this.concurrency);
    const held = new HeldRows();
    let full = false;
    try {
      while (!this.stopping && lanes.failure === undefined) {
        // 'in flight': what this round claimed is delivered before the round ends.
        held.claiming();
        const rows = await claim(this.deps, this.batchSize, 'in flight');
        full = rows.length >= this.batchSize;
        // A row whose lease ran out while this round's lanes still hold it (a slow incident)
        // comes back in a later claim: its first copy sends and marks it, not a second.
        const fresh = rows.filter((row) => !held.has(row.id));
        if (fresh.length > 0) await this.feed(lanes, fresh, held);
        if (!full) break;
        // The next claim while the tail of this one runs; rows held back behind their own
        // incident's earlier rows count against it, so one slow incident cannot pile up claims.
        await lanes.until(() => lanes.ready === 0 && lanes.waitingRows < this.batchSize);
      }
    } finally {
      await lanes.idle();
    }
    if (lanes.failure !== undefined) throw lanes.failure;
    return full && !this.stopping;
  }

  /** Reads what the claimed rows' incidents need (one read for all) and hands them to the lanes. */
  private async feed(lanes: IncidentLanes, rows: readonly OutboxRecord[], held: HeldRows): Promise<void> {
    const wanted = new Set(coalesceRefreshes(rows));
    const later = refreshedLater(rows);
    const groups = byIncident(rows);
    // Every incident of the batch in one read, not one each: what changes after it has rows of
    // its own, delivered after these (and an older render never replaces a newer one).
    // Where their cards are, likewise, but only for incidents not in flight now: one in flight
    // may keep a card after this read, so its places are read when its turn comes.
    const ids = [...groups.keys()];
    const inFlight = new Set(ids.filter((id) => lanes.busy(id)));
    // The knowledge base's version comes with them: their cards need no read of their own.
    const [{ incidents: read, knowledgeVersion }, places] = await Promise.all([
      this.deps.storage.getIncidents(ids),
      this.delivery.placesFor(ids.filter((id) => !inFlight.has(id))),
    ]);
    const incidents = new Map(read.map((i) => [i.id, i]));
    for (const [incidentId, ofOne] of groups) {
      const group: Group = {
        incidentId,
        rows: ofOne.filter((row) => wanted.has(row)),
        superseded: ofOne.filter((row) => !wanted.has(row)).map((row) => row.id),
        refreshedLater: later,
        incident: incidents.get(incidentId) ?? null,
        knowledgeVersion,
        places: inFlight.has(incidentId) ? undefined : places,
      };
      const rowIds = ofOne.map((row) => row.id);
      held.hold(rowIds);
      const added = lanes.add(incidentId, ofOne.length, async () => {
        try {
          await this.deliverGroup(group);
        } finally {
          held.release(rowIds);
        }
      });
      // Refused (its incident failed this round): the rows stay leased and come back after the
      // lease with the failed ones, in order.
      if (!added) held.release(rowIds);
    }
  }

  private async deliverGroup(group: Group): Promise<void> {
    // Nothing left to render (every row superseded): no read of where its cards are.
    const places =
      group.places ?? (group.rows.length > 0 ? await this.delivery.placesFor([group.incidentId]) : undefined);
    const delivered = await this.delivery.attemptInOrder(
      group.rows,
      group.incident,
      places,
      group.knowledgeVersion,
      group.refreshedLater,
    );
    // One statement per incident, right after its rows went: a crash redelivers (after the
    // lease) only the incidents in flight, as a mark per row did, not the whole batch.
    const done = [...group.superseded, ...delivered];
    if (done.length > 0) await this.deps.storage.markOutboxProcessed(done, this.deps.clock.now());
  }
}

/**
 * Ids of the rows a round's lanes hold (queued or running), so that a claim made after their
 * lease ran out does not hand them to a lane a second time. A row is let go once its task ends
 * (marked, or failed), but a claim under way then may already have taken it before its mark
 * committed: what is let go during a claim still counts as held for that claim's rows.
 */
class HeldRows {
  private readonly rows = new Set<number>();
  /** Let go since the latest claim started. */
  private released = new Set<number>();

  /** A claim starts: rows let go before now were marked (or failed) before it reads. */
  claiming(): void {
    this.released = new Set();
  }

  has(id: number): boolean {
    return this.rows.has(id) || this.released.has(id);
  }

  hold(ids: readonly number[]): void {
    for (const id of ids) this.rows.add(id);
  }

  release(ids: readonly number[]): void {
    for (const id of ids) {
      this.rows.delete(id);
      this.released.add(id);
    }
  }
}

/**
 * Tasks keyed by incident: at most `concurrency` running at once, one incident's tasks one after
 * another in the order added (a lane each), the others free to overtake them. A task that fails
 * is kept as `failure`, and its incident's tasks are not run after it, whether queued then or
 * added later (add refuses them): their rows stay leased and come back after the lease with the
 * failed ones, in order.
 */
export class IncidentLanes {
  private readonly lanes = new Map<string, { tasks: (() => Promise<void>)[]; rows: number[] }>();
  private readonly runnable: string[] = [];
  private readonly running = new Set<string>();
  private readonly watchers = new Set<() => void>();
  /** Incidents whose task failed: none of their tasks runs after that. */
  private readonly failed = new Set<string>();
  /** Rows of tasks not started, behind their own incident's running task. */
  waitingRows = 0;
  failure: unknown = undefined;

  constructor(private readonly concurrency: number) {}

  /** Incidents with a task that could start but waits for a free slot. */
  get ready(): number {
    return this.runnable.length;
  }

  /** Whether the incident has a task running or waiting. */
  busy(incidentId: string): boolean {
    return this.lanes.has(incidentId);
  }

  /** Queues the task behind its incident's; false (not queued) once that incident failed. */
  add(incidentId: string, rows: number, task: () => Promise<void>): boolean {
    if (this.failed.has(incidentId)) return false;
    const lane = this.lanes.get(incidentId);
    if (lane) {
      lane.tasks.push(task);
      lane.rows.push(rows);
      if (this.running.has(incidentId)) this.waitingRows += rows;
      return true;
    }
    this.lanes.set(incidentId, { tasks: [task], rows: [rows] });
    this.runnable.push(incidentId);
    this.pump();
    return true;
  }

  /** Resolves once `condition` holds (checked now and after every task). */
  until(condition: () => boolean): Promise<void> {
    if (condition() || this.lanes.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!condition() && this.lanes.size > 0) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  /** Resolves once no task runs or waits. */
  idle(): Promise<void> {
    return this.until(() => this.lanes.size === 0);
  }

  private pump(): void {
    while (this.running.size < this.concurrency) {
      const incidentId = this.runnable.shift();
      if (incidentId === undefined) return;
      this.start(incidentId);
    }
  }

  private start(incidentId: string): void {
    const lane = this.lanes.get(incidentId);
    const task = lane?.tasks.shift();
    lane?.rows.shift();
    if (!lane || !task) return;
    this.running.add(incidentId);
    // Its later tasks now wait behind this one.
    this.waitingRows += lane.rows.reduce((a, b) => a + b, 0);
    void task()
      .catch((e: unknown) => {
        this.failure ??= e ?? new Error('delivery failed');
        this.failed.add(incidentId);
        lane.tasks.length = 0; // not after a failure: their rows come back with it, in order
      })
      .finally(() => {
        this.running.delete(incidentId);
        this.waitingRows -= lane.rows.reduce((a, b) => a + b, 0);
        if (lane.tasks.length > 0) this.runnable.push(incidentId);
        else this.lanes.delete(incidentId);
        this.pump();
        for (const check of [...this.watchers]) check();
      });
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
