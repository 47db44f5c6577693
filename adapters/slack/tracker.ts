// Work done after Slack's ack keeps running when the HTTP response has gone. The tracker lets
// shutdown (and tests) wait until that work has finished.
export class WorkTracker {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work` tracked; the returned promise never rejects (work handles its own errors). */
  run(work: () => Promise<void>): Promise<void> {
    const p = work().catch(() => undefined);
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  /** Resolves when nothing is running, including work started while waiting. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
