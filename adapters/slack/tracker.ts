// Work done after Slack's ack keeps running when the HTTP response has gone. The tracker lets
// shutdown (and tests) wait until that work has finished, and bounds how much of it runs at once:
// every request is already durable in the inbox before its ack, so under a burst the work can wait
// its turn, while acknowledgements keep their share of the event loop. Unbounded, a burst of
// 1,500 clicks a second started that many commands at once, and the acks behind them timed out.
import PQueue from 'p-queue';

/** Commands at once: enough to keep the database pool (10 connections) busy, no more. */
export const WORK_CONCURRENCY = 16;

export class WorkTracker {
  private readonly queue: PQueue;

  constructor(concurrency = WORK_CONCURRENCY) {
    this.queue = new PQueue({ concurrency });
  }

  /** Runs `work` in its turn; the returned promise never rejects (work handles its own errors). */
  run(work: () => Promise<void>): Promise<void> {
    return this.queue.add(work).catch(() => undefined);
  }

  /** Resolves when nothing is running or waiting, including work added while waiting. */
  async settled(): Promise<void> {
    while (this.size > 0) await this.queue.onIdle();
  }

  /** Running and waiting. */
  get size(): number {
    return this.queue.size + this.queue.pending;
  }
}
