// A periodic task that never overlaps itself, runs again at once while it has more to do, and
// whose stop() waits for the round in progress (graceful shutdown).

export interface LoopOptions {
  name: string;
  intervalMs: number;
  /** One round; return true when there is more to do right away (a full batch). */
  tick: () => Promise<boolean | undefined>;
  onError?: (err: Error, context: string) => void;
  /** Run a first round at once (default true). */
  immediate?: boolean;
  /**
   * Rounds start `intervalMs` apart (minus the round's own duration) rather than `intervalMs`
   * after the previous one ended: reconciliation promises "late by at most one interval".
   */
  fixedRate?: boolean;
}

export class Loop {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private running = false;

  constructor(private readonly opts: LoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.plan(this.opts.immediate === false ? this.opts.intervalMs : 0);
  }

  /** Runs a round now (tests, startup), or waits for the one in progress. */
  async runOnce(): Promise<void> {
    if (this.current) return this.current;
    this.current = this.round().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private plan(delay: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce();
    }, delay);
  }

  private async round(): Promise<void> {
    const started = Date.now();
    let next = this.opts.intervalMs;
    try {
      const more = await this.opts.tick();
      if (this.opts.fixedRate) next = Math.max(0, next - (Date.now() - started));
      if (more === true) next = 0;
    } catch (e) {
      this.opts.onError?.(e instanceof Error ? e : new Error(String(e)), this.opts.name);
      // A failing round (database down …) is retried, but not in a tight loop.
      next = Math.max(next, 1_000);
    }
    this.plan(next);
  }
}
