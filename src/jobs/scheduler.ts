// The scheduler port: what wakes the system at a deadline. Two implementations pass the same
// contract suite (test/integration/scheduler-contract.test.ts): BullMQ delayed jobs when
// REDIS_URL is set (bullmq-scheduler.ts), an in-process timer heap otherwise
// (embedded-scheduler.ts). Neither decides anything: the handler (TimerService.fire) re-reads the
// incident under lock and drops a wake-up that is stale.
import type { TimerSpec } from '../core/decision.js';

/** One wake-up: which timer, the instant it was armed for, the incident version that armed it. */
export interface ArmedTimer {
  incidentId: string;
  key: string;
  at: Date;
  version: number;
}

export type FireHandler = (timer: ArmedTimer) => Promise<unknown>;

/** Everything that should be armed for one incident. */
export interface TimerSet {
  incidentId: string;
  version: number;
  timers: readonly TimerSpec[];
}

export interface SyncOptions {
  /**
   * Also check that the timers believed armed still have a live wake-up, and re-arm those that
   * do not (reconciliation: covers a Redis that lost its data, or a wake-up that gave up).
   */
  verify?: boolean;
}

export interface SyncResult {
  armed: number;
  cancelled: number;
  kept: number;
}

export interface TimerScheduler {
  readonly kind: 'bullmq' | 'embedded';
  /**
   * Makes each set the complete armed set of its incident: new timers and timers whose instant
   * moved are (re)armed, timers no longer listed are cancelled, unchanged ones are left alone.
   * A set with no timers cancels everything of that incident. Syncs of one incident may race
   * (relays and reconciliations sync outside any transaction); callers re-read the incident
   * afterwards and sync again when it moved (timer-relay.ts syncFresh), so the last word is
   * always a state read after the last change.
   */
  sync(sets: readonly TimerSet[], opts?: SyncOptions): Promise<SyncResult>;
  /** What is armed (tests, operations); all incidents when no id is given. */
  armed(incidentId?: string): Promise<ArmedTimer[]>;
  /** Starts calling `handler` for due timers; a handler that throws is retried with backoff. */
  start(handler: FireHandler): Promise<void>;
  /** Stops waking; waits for handlers in flight (BullMQ: hands unfinished jobs back). */
  stop(): Promise<void>;
  /** Releases connections (after stop, or for an arm-only instance). */
  close(): Promise<void>;
  health(): Promise<unknown>;
}

/** Retries of a wake-up whose handler failed (database down …), with exponential backoff. */
export const FIRE_ATTEMPTS = 8;
export const FIRE_BACKOFF_MS = 1_000;

export const fireBackoffMs = (attemptsMade: number): number =>
  Math.min(FIRE_BACKOFF_MS * 2 ** Math.max(0, attemptsMade - 1), 60_000);
