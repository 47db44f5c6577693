// Clicks in flights (Storage.oneStatement on PostgreSQL): a click's one statement that arrives
// while `flushers` flights are on their way waits, and the clicks that waited go together in the
// next flight: BEGIN, their statements ordered by incident id, COMMIT, issued at once on one
// connection (postgres.js pipelines them in one socket write), so the server commits them once.
// When fewer flights are out, a click goes at once, alone, as its own autocommit statement.
//
// Each click is answered only once its flight's COMMIT is: nothing before it is durable. A flight
// fails whole (a transaction: one statement's error, 22012 or 23505 for a click that missed, aborts it); it
// is then known to have written nothing (the server answered an error, or nothing was sent), and
// its clicks run again, each alone, concurrently, exactly as they would have without flights: the
// one that missed misses again and takes its miss path, the others commit. A flight whose outcome
// is unknown (the connection lost once it was sent, the server going away) is not run again: each
// of its clicks fails with that error, as a lone statement's lost COMMIT does.
//
// Two clicks on one incident never share a flight: a click whose incident is already waiting, in
// a flight or being written alone goes alone at once, and meets the other in the server (its row
// lock, its key) as it would have without flights. So a flight's incidents are distinct, and its
// row locks are taken in id order, as every flight's are: two flights cannot wait for each other.

export interface FlightRuns<T, R> {
  /** One item alone (its own statement, its own commit). */
  alone(item: T): Promise<R>;
  /** Several items in one transaction, in this order: their answers, in order, once committed. */
  together(items: T[]): Promise<R[]>;
  /** Whether `together`'s failure may have committed (then it is not run again). */
  outcomeUnknown(err: unknown): boolean;
}

export interface FlightOptions {
  /** Flights on their way at once (each holds one connection for its round trip). */
  flushers: number;
  /** Items in one flight at most. */
  maxFlight: number;
}

/** `keyOf`: the incident an item writes (items of one key never share a flight; flights go in
 *  key order). Returns what to call for each item: it settles as `alone` would for that item. */
export function clickFlights<T, R>(
  keyOf: (item: T) => string,
  runs: FlightRuns<T, R>,
  { flushers, maxFlight }: FlightOptions,
): (item: T) => Promise<R> {
  type Waiter = { item: T; key: string; resolve(r: R): void; reject(err: unknown): void };
  let queue: Waiter[] = [];
  let running = 0;
  /** Items per key waiting, in a flight or running alone. */
  const busy = new Map<string, number>();
  const enter = (key: string) => busy.set(key, (busy.get(key) ?? 0) + 1);
  const leave = (key: string) => {
    const n = (busy.get(key) ?? 1) - 1;
    if (n > 0) busy.set(key, n);
    else busy.delete(key);
  };
  const settleAlone = (w: Waiter) => runs.alone(w.item).then(w.resolve, w.reject);

  const fly = async (flight: Waiter[]) => {
    if (flight.length === 1) return settleAlone(flight[0] as Waiter);
    let answers: R[];
    try {
      answers = await runs.together(flight.map((w) => w.item));
    } catch (err) {
      if (runs.outcomeUnknown(err)) {
        for (const w of flight) w.reject(err);
        return;
      }
      // Nothing of the flight was written: each click as it would have gone without flights.
      await Promise.all(flight.map(settleAlone));
      return;
    }
    for (const [i, w] of flight.entries()) w.resolve(answers[i] as R);
  };

  const flush = async () => {
    running += 1;
    try {
      while (queue.length > 0) {
        const flight = queue.slice(0, maxFlight).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        queue = queue.slice(flight.length);
        try {
          await fly(flight);
        } catch (err) {
          // Only a bug gets here (alone and together settle their waiters): fail what is unsettled.
          for (const w of flight) w.reject(err);
        } finally {
          for (const w of flight) leave(w.key);
        }
      }
    } finally {
      running -= 1;
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      const key = keyOf(item);
      const waiter = { item, key, resolve, reject };
      if (busy.has(key)) {
        enter(key);
        void settleAlone(waiter).finally(() => leave(key));
        return;
      }
      enter(key);
      queue.push(waiter);
      if (running < flushers) void flush();
    });
}
