// Deadline timers as BullMQ delayed jobs.
//
// Job id `{hash of installation id + timer key}.{incident version that armed it}` (timer-job.ts) —
// deterministic and unique per database (two databases sharing a Redis prefix never collide);
// the key is the job's name (its incident's UUID shortened, timer-job.ts jobNameOf). A new
// version of a moved timer is a new job, so re-arming never collides with the old job, even
// while that one is in flight (it then finds itself stale and does nothing). The id is a 12-char
// hash rather than the key because BullMQ copies the id into the job's stored options: keeping
// every field of the job hash under 64 bytes keeps Redis' compact listpack encoding, which is
// most of the difference between ~350 and ~750 bytes per pending timer (timer-job.ts: the rest).
// What is armed per incident is kept in a small Redis hash `{prefix}-armed:{queue}:{incident}`
// (field = key without the incident id, value = `{version}:{epoch ms base 36}`): that is how a later
// sync finds the stale jobs to remove, and how reconciliation checks that each armed timer still
// has a live job. A failed firing is retried by moving its job back to delayed with backoff.
import { DelayedError, type Job, type JobsOptions, type KeepJobs, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TimerSpec } from '../core/decision.js';
import {
  type ArmedTimer,
  FIRE_ATTEMPTS,
  type FireHandler,
  fireBackoffMs,
  type SyncOptions,
  type SyncResult,
  type TimerScheduler,
  type TimerSet,
} from './scheduler.js';
import {
  atOfJobData,
  decodeRegistered,
  encodeRegistered,
  isLegacyJobId,
  jobNameOf,
  keyOfJobName,
  legacyTimerJobId,
  type Registered,
  type TimerJobData,
  TimerQueue,
  timerJobId,
  versionOfJobId,
} from './timer-job.js';
import { closeWorker } from './worker-close.js';

export { timerJobId, versionOfJobId } from './timer-job.js';

export interface BullTimerOptions {
  /** ioredis with `maxRetriesPerRequest: null`; the worker duplicates it for its blocking reads. */
  connection: Redis;
  /**
   * Fail-fast ioredis (no offline queue, a command timeout) for the queue and the armed-timer
   * registry: what a relay or reconciliation calls must fail during an outage, not wait.
   * Defaults to `connection`.
   */
  producer?: Redis;
  /** The database's installation id (storage.installationId()): part of every job id. */
  installationId?: string;
  /** Redis key prefix (BullMQ's `prefix`); tests use their own. Default `itss`. */
  prefix?: string;
  queueName?: string;
  /** Timers handled at once by this process. */
  concurrency?: number;
  /** A job whose worker died is moved back to wait after this (BullMQ stalled check). */
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  lockDurationMs?: number;
  /** Retention of finished jobs (completed are few and useless; failed are kept to look at). */
  removeOnComplete?: KeepJobs;
  removeOnFail?: KeepJobs;
  /** How long stop() waits for jobs in flight before it hands them back (force close). */
  closeTimeoutMs?: number;
  /**
   * Length of the queue's event stream (BullMQ keeps 10,000 by default). Nothing here listens to
   * it; a short one saves ~1 MB of Redis that would otherwise sit there for dashboards. Default 1000.
   */
  eventsMaxLen?: number;
  now?: () => number;
  onError?: (err: Error, context: string) => void;
}

const FORGET_SCRIPT = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0`;

/** Timer keys are `{incident id}.…` (escalation.ts) and incident ids have no '.'. */
export const incidentOfKey = (key: string): string => key.slice(0, key.indexOf('.'));

export class BullTimerScheduler implements TimerScheduler {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue;
  readonly prefix: string;
  readonly queueName: string;
  private worker: Worker | null = null;
  /** The fail-fast producer connection: queue, registry, health. */
  private readonly redis: Redis;
  private readonly now: () => number;
  private readonly installationId: string;

  constructor(private readonly opts: BullTimerOptions) {
    this.redis = opts.producer ?? opts.connection;
    this.prefix = opts.prefix ?? 'itss';
    this.queueName = opts.queueName ?? 'timers';
    this.now = opts.now ?? Date.now;
    this.installationId = opts.installationId ?? '';
    this.queue = new TimerQueue(this.queueName, {
      connection: this.redis,
      prefix: this.prefix,
      streams: { events: { maxLen: opts.eventsMaxLen ?? 1000 } },
    });
    this.queue.on('error', (err) => this.report(err, 'timer queue'));
  }

  /** This database's job id of a timer (see timerJobId). */
  jobId(key: string, version: number): string {
    return timerJobId(key, version, this.installationId);
  }

  /** The id of the job a registry entry stands for (an older version's entry: its older id). */
  private armedJobId(key: string, r: Registered): string {
    return r.legacy ? legacyTimerJobId(key, r.version, this.installationId) : this.jobId(key, r.version);
  }

  private registryKey(incidentId: string): string {
    return `${this.prefix}-armed:${this.queueName}:${incidentId}`;
  }

  private jobKey(jobId: string): string {
    return `${this.prefix}:${this.queueName}:${jobId}`;
  }

  async sync(sets: readonly TimerSet[], opts: SyncOptions = {}): Promise<SyncResult> {
    const result: SyncResult = { armed: 0, cancelled: 0, kept: 0 };
    if (sets.length === 0) return result;
    const registries = await this.readRegistries(sets.map((s) => s.incidentId));
    const removals: string[] = [];
    const adds: { set: TimerSet; spec: TimerSpec }[] = [];
    const kept: Kept[] = [];
    for (const set of sets) {
      for (const t of set.timers) {
        if (set.incidentId.includes('.') || incidentOfKey(t.key) !== set.incidentId)
          throw new Error(`timer key ${t.key} does not belong to incident ${set.incidentId}`);
      }
    }
    sets.forEach((set, n) => {
      const old = registries[n] ?? new Map<string, Registered>();
      const wanted = new Map(set.timers.map((t) => [fieldOf(set.incidentId, t.key), t]));
      for (const [field, spec] of wanted) {
        const before = old.get(field);
        if (before && before.at === spec.at.getTime()) {
          kept.push({ set, spec, jobId: this.armedJobId(spec.key, before), registered: before });
          continue;
        }
        if (before) removals.push(this.armedJobId(spec.key, before));
        adds.push({ set, spec });
      }
      for (const [field, before] of old) {
        if (wanted.has(field)) continue;
        removals.push(this.armedJobId(keyOf(set.incidentId, field), before));
        result.cancelled++;
      }
    });
    // Verified: a kept timer whose job is gone (Redis lost it) or finished without firing
    // (failed for good) is armed again; its old job id is freed first, as the version may match.
    const rearm = opts.verify ? await this.deadJobs(kept.map((k) => k.jobId)) : new Set<string>();
    const keepNow = kept.filter((k) => !rearm.has(k.jobId));
    const redo = kept.filter((k) => rearm.has(k.jobId));
    await Promise.all([...removals, ...redo.map((k) => k.jobId)].map((id) => this.queue.remove(id)));
    const jobs = [
      ...adds.map(({ set, spec }) => this.job(set, spec, set.version)),
      ...redo.map(({ set, spec }) => this.job(set, spec, set.version)),
    ];
    if (jobs.length > 0) await this.queue.addBulk(jobs);
    await this.writeRegistries(sets, [...adds, ...redo], keepNow);
    result.armed = jobs.length;
    result.kept = keepNow.length;
    return result;
  }

  private job(_set: TimerSet, spec: TimerSpec, version: number) {
    const data: TimerJobData = spec.at.getTime();
    // No attempts/backoff options: they would be stored with every pending job (see the top);
    // the processor reschedules a failed firing itself.
    const opts: JobsOptions = {
      jobId: this.jobId(spec.key, version),
      delay: Math.max(0, spec.at.getTime() - this.now()),
    };
    return { name: jobNameOf(spec.key), data, opts };
  }

  private async readRegistries(ids: readonly string[]): Promise<Map<string, Registered>[]> {
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.registryKey(id));
    const replies = (await pipe.exec()) ?? [];
    return replies.map(([err, value]) => {
      if (err) throw err;
      const map = new Map<string, Registered>();
      for (const [field, raw] of Object.entries((value ?? {}) as Record<string, string>)) {
        const registered = decodeRegistered(raw);
        if (registered) map.set(field, registered);
      }
      return map;
    });
  }

  private async writeRegistries(
    sets: readonly TimerSet[],
    armed: readonly { set: TimerSet; spec: TimerSpec }[],
    kept: readonly Kept[],
  ): Promise<void> {
    const fields = new Map<string, string[]>();
    const put = (incidentId: string, key: string, registered: Registered) => {
      const list = fields.get(incidentId) ?? [];
      list.push(fieldOf(incidentId, key), encodeRegistered(registered));
      fields.set(incidentId, list);
    };
    for (const { set, spec } of armed)
      put(set.incidentId, spec.key, { version: set.version, at: spec.at.getTime(), legacy: false });
    for (const { set, spec, registered } of kept) put(set.incidentId, spec.key, registered);
    const pipe = this.redis.multi();
    for (const set of sets) {
      const key = this.registryKey(set.incidentId);
      pipe.del(key);
      const values = fields.get(set.incidentId);
      if (values && values.length > 0) pipe.hset(key, ...values);
    }
    await pipe.exec();
  }

  /** Job ids with no job, or a job that finished (completed without firing, or failed for good). */
  private async deadJobs(jobIds: readonly string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const pipe = this.redis.pipeline();
    for (const id of jobIds) pipe.hmget(this.jobKey(id), 'name', 'finishedOn');
    const replies = (await pipe.exec()) ?? [];
    const dead = new Set<string>();
    replies.forEach(([err, value], n) => {
      if (err) throw err;
      const [name, finishedOn] = value as [string | null, string | null];
      if (name === null || finishedOn !== null) dead.add(jobIds[n] as string);
    });
    return dead;
  }

  async armed(incidentId?: string): Promise<ArmedTimer[]> {
    const ids = incidentId ? [incidentId] : await this.registeredIncidents();
    const registries = await this.readRegistries(ids);
    return ids.flatMap((id, n) =>
      [...(registries[n] ?? new Map<string, Registered>())].map(([field, r]) => ({
        incidentId: id,
        key: keyOf(id, field),
        at: new Date(r.at),
        version: r.version,
      })),
    );
  }

  private async registeredIncidents(): Promise<string[]> {
    const prefix = this.registryKey('');
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) ids.push(k.slice(prefix.length));
    } while (cursor !== '0');
    return ids;
  }

  async start(handler: FireHandler): Promise<void> {
    if (this.worker) return;
    const o = this.opts;
    this.worker = new Worker<TimerJobData>(
      this.queueName,
      async (job: Job<TimerJobData>, token?: string) => {
        const key = keyOfJobName(job.name);
        const incidentId = incidentOfKey(key);
        const version = versionOfJobId(job.id ?? '');
        const at = atOfJobData(job.data);
        let outcome: unknown;
        try {
          outcome = await handler({ incidentId, key, at: new Date(at), version });
        } catch (e) {
          // Database down, woken early …: back to delayed with backoff, FIRE_ATTEMPTS times in all;
          // after that it fails for good and reconciliation arms it again.
          const tries = Math.max(1, job.attemptsStarted);
          if (tries >= FIRE_ATTEMPTS) throw e;
          this.report(e instanceof Error ? e : new Error(String(e)), `timer ${key} attempt ${tries}`);
          await job.moveToDelayed(Date.now() + fireBackoffMs(tries), token);
          throw new DelayedError();
        }
        // Off the critical path: the job completes without waiting for the registry clean-up
        // (a missed clean-up only leaves an entry the next sync of the incident drops).
        const legacy = isLegacyJobId(job.id ?? '');
        this.forget(incidentId, key, { version, at, legacy }).catch((e: unknown) =>
          this.report(e instanceof Error ? e : new Error(String(e)), `timer ${key} registry`),
        );
        return outcome;
      },
      {
        connection: o.connection,
        prefix: this.prefix,
        concurrency: o.concurrency ?? 10,
        stalledInterval: o.stalledIntervalMs ?? 30_000,
        maxStalledCount: o.maxStalledCount ?? 2,
        lockDuration: o.lockDurationMs ?? 30_000,
        removeOnComplete: o.removeOnComplete ?? { age: 3600, count: 1000 },
        removeOnFail: o.removeOnFail ?? { age: 7 * 24 * 3600 },
      },
    );
    this.worker.on('error', (err) => this.report(err, 'timer worker'));
    this.worker.on('failed', (job, err) => {
      if (job)
        this.report(err, `timer ${keyOfJobName(job.name)} gave up after ${job.attemptsStarted} attempts`);
    });
    await this.worker.waitUntilReady();
  }

  /** Done with: off the registry, unless a sync has re-armed the key meanwhile (compare-and-delete). */
  private async forget(incidentId: string, key: string, registered: Registered): Promise<void> {
    await this.redis.eval(
      FORGET_SCRIPT,
      1,
      this.registryKey(incidentId),
      fieldOf(incidentId, key),
      encodeRegistered(registered),
    );
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await closeWorker(worker, this.opts.closeTimeoutMs ?? 10_000);
  }

  async close(): Promise<void> {
    await this.stop();
    await this.queue.close();
  }

  async health(): Promise<unknown> {
    return this.redis.ping();
  }

  private report(err: Error, context: string): void {
    this.opts.onError?.(err, context);
  }
}

/** A timer left armed as it was: its job, and the registry entry that stands for it. */
interface Kept {
  set: TimerSet;
  spec: TimerSpec;
  jobId: string;
  registered: Registered;
}

/** Registry field: the key without `{incidentId}.` (it is in the hash's name already). */
function fieldOf(incidentId: string, key: string): string {
  const head = `${incidentId}.`;
  return key.startsWith(head) ? key.slice(head.length) : `=${key}`;
}

function keyOf(incidentId: string, field: string): string {
  return field.startsWith('=') ? field.slice(1) : `${incidentId}.${field}`;
}
