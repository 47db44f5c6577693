// Group commit: calls that arrive while a statement is on its way wait and go together in the
// next one (one round trip, one socket write and one WAL flush for all of them). Under load the
// batches grow by themselves; when idle a call goes at once.

/** Runs a batch; answers each item, in order. Throwing fails every item of the batch. */
export type BatchRun<T, R> = (batch: T[]) => Promise<R[]>;

/** Runs `start` once the current turn of the event loop has read what it had to read. */
export type TurnEnd = (start: () => void) => void;

/**
 * At most `flushers` batches in flight at once (one per connection meant for them), each of at
 * most `maxBatch` items. With `gather`, an idle flusher starts only at the end of the current
 * turn of the event loop (`setImmediate`), taking everything that turn brought: a burst of
 * requests read in one turn goes as one batch, instead of its first item alone on one
 * connection, its second alone on the other, and the rest waiting for one of those round trips.
 * A flusher coming back with items waiting takes them at once, as without it.
 */
export function groupCommit<T, R>(
  run: BatchRun<T, R>,
  flushers: number,
  maxBatch = 500,
  gather?: TurnEnd,
): (item: T) => Promise<R> {
  type Waiter = { item: T; resolve(r: R): void; reject(err: unknown): void };
  let queue: Waiter[] = [];
  let running = 0;
  let starting = false;
  const flush = async () => {
    running += 1;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const answers = await run(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(answers[i] as R);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    running -= 1;
  };
  const start = () => {
    if (!gather) return void flush();
    if (starting) return; // this turn's start is already set: the item joins its batch
    starting = true;
    gather(() => {
      starting = false;
      // A flusher that came back meanwhile may have taken them all; then there is nothing to do.
      if (queue.length > 0 && running < flushers) void flush();
    });
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (running < flushers) start();
    });
}

/**
 * One read for the callers that ask while one is on its way: they share the next read, which
 * begins after they asked, so it sees every commit made before they asked (never the answer of
 * a read that began earlier).
 */
export function sharedRead<R>(read: () => Promise<R>): () => Promise<R> {
  const grouped = groupCommit<null, R>(async (asks) => {
    const answer = await read();
    return asks.map(() => answer);
  }, 1);
  return () => grouped(null);
}
