// Transactions take at most `slots` of the pool's connections at once; the others wait here, in
// arrival order. postgres.js serves its pool from one FIFO queue, BEGINs and plain reads alike,
// so under a burst the reads that finish an already committed click (the answer card's
// knowledge-base version and matches) waited behind every newer click's BEGIN: the slowest clicks
// spent half their time there (BENCH_STAGES, docs/teams-speed.md). With the rest of the pool kept
// from transactions, those reads find a connection at once and newer clicks wait for older ones.

/** Runs `run` once fewer than `slots` gated runs are under way; FIFO. */
export type Gate = <T>(run: () => Promise<T>) => Promise<T>;

export function transactionGate(slots: number): Gate {
  let busy = 0;
  const waiting: (() => void)[] = [];
  // A finished run hands its slot straight to the oldest waiter.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy -= 1;
  };
  return async (run) => {
    if (busy < slots) busy += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await run();
    } finally {
      release();
    }
  };
}
