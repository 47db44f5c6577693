// Work done after Slack's ack keeps running when the HTTP response has gone. The tracker lets
// shutdown (and tests) wait until that work has finished, and bounds how much of it runs at once:
// every request is already durable in the inbox before its ack, so under a burst the work can wait
// its turn, while acknowledgements keep their share of the event loop. Unbounded, a burst of
// 1,500 clicks a second started that many commands at once, and the acks behind them timed out.
// While an acknowledgement is under way (stored, not yet answered) fewer commands start: each of
// the ack's steps (its INSERT's answer, its reply) waits on the event loop behind the turns of
// the commands running, so acks are served first and the work catches up between them.
import PQueue from 'p-queue';

/** Commands at once: enough to keep the database pool (10 connections) busy, no more. */
export const WORK_CONCURRENCY = 16;

/** Commands at once while an acknowledgement is under way. */
export const WORK_WHILE_ACKING = 4;

export class WorkTracker {
  private readonly queue: PQueue;
  private acking = 0;

  constructor(
    private readonly concurrency = WORK_CONCURRENCY,
    private readonly whileAcking = Math.min(WORK_WHILE_ACKING, concurrency),
  ) {
    this.queue = new PQueue({ concurrency });
  }

  /** Marks an acknowledgement under way until the returned function is called (once is enough). */
  acknowledging(): () => void {
    this.acking += 1;
    this.queue.concurrency = this.whileAcking;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.acking -= 1;
      if (this.acking === 0) this.queue.concurrency = this.concurrency;
    };
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
