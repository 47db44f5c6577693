// Chat notifications through a BullMQ `notify` queue (with REDIS_URL; see delivery-queue.ts for
// the design). Apart from the embedded delivery so that a bot without Redis never loads BullMQ.
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  causeOf,
  MAX_DELIVERY_ATTEMPTS,
  OutboxDelivery,
  PartlyDelivered,
  retryAfterMs,
} from '../app/delivery.js';
import { DELIVERY_TOPIC_PREFIXES, refreshes, TOPIC, withEffects } from '../app/outbox.js';
import type { OutboxRecord } from '../app/ports.js';
import { claim, DELIVERY_LEASE_MS, type DeliveryDeps, later } from './delivery-queue.js';
import { closeWorker } from './worker-close.js';

export interface BullDeliveryOptions {
  /** For the worker: waits through outages (`maxRetriesPerRequest: null`). */
  connection: Redis;
  /** Fail-fast connection for the queue the relay adds to; defaults to `connection`. */
  producer?: Redis;
  /** The database's installation id (storage.installationId()): part of every job id. */
  installationId?: string;
  prefix?: string;
  /** Where this release's relay puts its jobs (default DELIVERY_QUEUE). */
  queueName?: string;
  /** Drained, never fed (default LEGACY_DELIVERY_QUEUE; null: none). */
  legacyQueueName?: string | null;
  concurrency?: number;
  /** Global limit across instances: at most `max` deliveries per `durationMs`. */
  rateLimit?: { max: number; durationMs: number };
  batchSize?: number;
  /** Backoff of the first retry; doubles with each attempt. */
  backoffMs?: number;
  closeTimeoutMs?: number;
  stalledIntervalMs?: number;
}

/**
 * `outbox.{installation}.{row id}.{created ms}`: one job per row, so two instances relaying the
 * same row enqueue it once; the installation id and the row's creation instant keep a
 * re-created or restored database (whose row ids start again) from meeting a job id that an
 * earlier database already used on the same Redis prefix — BullMQ would skip that add.
 */
export function deliveryJobId(installationId: string, row: Pick<OutboxRecord, 'id' | 'createdAt'>): string {
  const parts = installationId ? [installationId, row.id, row.createdAt.getTime()] : [row.id];
  return `outbox.${parts.join('.')}`;
}

/**
 * The queue this release's relay feeds. Not `notify`: a worker of a release before `chat.change`
 * rows (src/app/outbox.ts) consumes `notify` and would read a change job as one unknown effect,
 * send nothing and mark its row delivered — in a rolling update, every change an old pod's worker
 * picked up would be lost. Older workers never see this queue.
 */
export const DELIVERY_QUEUE = 'deliveries';
/** The queue of releases before it: fed by their relays only, drained by this release's workers
 *  too (one row per effect, which they read), so nothing an older pod queued is left behind. */
export const LEGACY_DELIVERY_QUEUE = 'notify';

interface NotifyJob {
  row?: Pick<OutboxRecord, 'id' | 'incidentId' | 'topic' | 'payload' | 'attempts'>;
  incidentId: string;
}

export class BullDelivery {
  readonly queue: Queue<NotifyJob>;
  private workers: Worker<NotifyJob>[] = [];
  private readonly delivery: OutboxDelivery;
  private readonly queueName: string;
  private readonly prefix: string;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly opts: BullDeliveryOptions,
  ) {
    this.queueName = opts.queueName ?? DELIVERY_QUEUE;
    this.prefix = opts.prefix ?? 'itss';
    this.queue = new Queue<NotifyJob>(this.queueName, {
      connection: opts.producer ?? opts.connection,
      prefix: this.prefix,
    });
    this.queue.on('error', (err) => deps.onError?.(err, 'notify queue'));
    this.delivery = new OutboxDelivery(deps.storage, deps.config, deps.notifiers, deps.clock, deps.hooks);
  }

  /**
   * Relay round: due rows → jobs. True when the batch was full. The rows are claimed and leased
   * in one short transaction, enqueued outside it (Redis is never awaited with a transaction
   * open), and released at once if Redis refuses them, so the next round retries.
   */
  async relayTick(): Promise<boolean> {
    if (this.deps.notifiers.length === 0) return false;
    // Not connected yet (Redis down since start-up): BullMQ would wait for the connection
    // rather than fail, so leave the rows unclaimed and try again next round.
    const producer = this.opts.producer;
    if (producer && producer.status !== 'ready') throw new Error(`Redis not connected (${producer.status})`);
    const limit = this.opts.batchSize ?? 200;
    const rows = await claim(this.deps, limit);
    if (rows.length === 0) return false;
    const refreshes = rows.filter((r) => r.topic === TOPIC.viewRefresh);
    try {
      await this.enqueue(rows);
    } catch (e) {
      await this.deps.storage.transaction((uow) =>
        uow.updateOutbox(
          rows.map((r) => r.id),
          { availableAt: this.deps.clock.now() },
        ),
      );
      throw e;
    }
    // A refresh renders whatever is current when it runs: its rows are done once queued.
    if (refreshes.length > 0)
      await this.deps.storage.transaction((uow) =>
        uow.updateOutbox(
          refreshes.map((r) => r.id),
          { processedAt: this.deps.clock.now() },
        ),
      );
    return rows.length >= limit;
  }

  /**
   * Redis came back after its connection dropped: the jobs of rows leased before may be gone with
   * it (a restart without persistence, a failover to an empty replica). Ends those leases now, so
   * the next relay round enqueues the rows again — at once, not after DELIVERY_LEASE_MS. A job that
   * did survive is not doubled: the row's job id is the same, and BullMQ skips an id it holds.
   * Rows whose attempts are used up (dead) are left as they are. Returns how many were released.
   */
  async releaseLeases(): Promise<number> {
    const now = this.deps.clock.now();
    const leased: number[] = [];
    for (const topicPrefix of DELIVERY_TOPIC_PREFIXES) {
      for (const row of await this.deps.storage.listOutbox({ pendingOnly: true, topicPrefix }))
        if (row.availableAt > now && row.attempts < MAX_DELIVERY_ATTEMPTS) leased.push(row.id);
    }
    if (leased.length > 0)
      await this.deps.storage.transaction((uow) => uow.updateOutbox(leased, { availableAt: now }));
    return leased.length;
  }

  private async enqueue(rows: readonly OutboxRecord[]): Promise<void> {
    const backoff = { type: 'exponential', delay: this.opts.backoffMs ?? 5_000 };
    // A change row's refresh goes as the incident's refresh job too (coalesced, never two renders
    // of a card at once); its job delivers its notifications (process: skipRefresh).
    const rendering = rows.filter(refreshes);
    const notes = rows.filter((r) => r.topic !== TOPIC.viewRefresh);
    for (const incidentId of new Set(rendering.map((r) => r.incidentId))) {
      await this.queue.add(
        'refresh',
        { incidentId },
        {
          deduplication: { id: `refresh.${incidentId}`, keepLastIfActive: true },
          attempts: MAX_DELIVERY_ATTEMPTS,
          backoff,
        },
      );
    }
    if (notes.length === 0) return;
    await this.queue.addBulk(
      notes.map((row) => ({
        name: row.topic,
        data: {
          incidentId: row.incidentId,
          row: {
            id: row.id,
            incidentId: row.incidentId,
            topic: row.topic,
            payload: row.payload,
            attempts: row.attempts,
          },
        },
        opts: {
          jobId: deliveryJobId(this.opts.installationId ?? '', row),
          attempts: Math.max(1, MAX_DELIVERY_ATTEMPTS - row.attempts),
          backoff,
        },
      })),
    );
  }

  async start(): Promise<void> {
    if (this.workers.length > 0) return;
    const legacy =
      this.opts.legacyQueueName === undefined ? LEGACY_DELIVERY_QUEUE : this.opts.legacyQueueName;
    const names = legacy && legacy !== this.queueName ? [this.queueName, legacy] : [this.queueName];
    this.workers = names.map((name) => this.workerOn(name));
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  private workerOn(name: string): Worker<NotifyJob> {
    const o = this.opts;
    const worker: Worker<NotifyJob> = new Worker<NotifyJob>(name, (job) => this.process(job, worker), {
      connection: o.connection,
      prefix: this.prefix,
      concurrency: o.concurrency ?? 5,
      limiter: o.rateLimit ? { max: o.rateLimit.max, duration: o.rateLimit.durationMs } : undefined,
      stalledInterval: o.stalledIntervalMs ?? 30_000,
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    });
    worker.on('error', (err) => this.deps.onError?.(err, 'notify worker'));
    worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
        this.deps.onError?.(err, `delivery ${job.id ?? '?'} (${job.name}) failed for good`);
    });
    return worker;
  }

  private async process(job: Job<NotifyJob>, worker: Worker<NotifyJob>): Promise<void> {
    const now = this.deps.clock.now();
    const row: OutboxRecord = {
      id: job.data.row?.id ?? 0,
      incidentId: job.data.incidentId,
      topic: job.data.row?.topic ?? TOPIC.viewRefresh,
      payload: job.data.row?.payload ?? {},
      dedupeKey: '',
      availableAt: now,
      createdAt: now,
      processedAt: null,
      attempts: job.data.row?.attempts ?? 0,
      lastError: null,
    };
    try {
      await this.delivery.deliver(row, undefined, undefined, undefined, true);
    } catch (e) {
      // What went is not sent again by the job's next attempt, nor by the row's next relay.
      const rest = e instanceof PartlyDelivered ? withEffects(row, e.rest) : undefined;
      if (rest && job.data.row)
        await job.updateData({ ...job.data, row: { ...job.data.row, payload: rest } });
      const wait = retryAfterMs(causeOf(e));
      const message = e instanceof Error ? e.message : String(e);
      // The job still holds the row: its lease is renewed whether it was rate limited or failed.
      const leased = later(this.deps.clock, DELIVERY_LEASE_MS);
      if (wait !== null) {
        // The platform said when to come back: pause this queue, and it costs no attempt. The
        // row keeps only what is left too, so a job Redis loses meanwhile is queued again by the
        // relay without what went.
        if (rest && job.data.row) await this.deps.storage.deferOutbox(row.id, message, leased, rest);
        await worker.rateLimit(wait);
        throw Worker.RateLimitError();
      }
      this.deps.hooks?.failed?.(row.topic);
      if (job.data.row) await this.deps.storage.markOutboxFailed(row.id, message, leased, rest);
      throw e;
    }
    if (job.data.row) await this.deps.storage.markOutboxProcessed([row.id], this.deps.clock.now());
  }

  async stop(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => closeWorker(w, this.opts.closeTimeoutMs ?? 10_000)));
  }

  async close(): Promise<void> {
    await this.stop();
    await this.queue.close();
  }
}
