// Per-key serialisation with "latest wins" for re-rendering cards: while an incident's cards are
// being re-rendered, further requests for it collapse into one more render of the newest state,
// and an older snapshot never overwrites a newer one. Shared by the chat notifiers.
/**
 * A burst of changes costs at most two updates per message instead of one per change.
 * `minIntervalMs` spaces renders of the same key (platform rate limits).
 */
export class Coalescer<T extends { version: number }> {
  private readonly slots = new Map<string, Slot<T>>();
  /** Highest version rendered per key (bounded), to drop snapshots older than what is shown. */
  private readonly done = new Map<string, number>();

  constructor(
    private readonly render: (value: T) => Promise<void>,
    private readonly minIntervalMs = 0,
    private readonly remember = 10_000,
  ) {}

  run(key: string, value: T): Promise<void> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { next: null, waiters: [], busy: false, lastAt: 0 };
      this.slots.set(key, slot);
    }
    if (!slot.next || value.version >= slot.next.version) slot.next = value;
    const promise = new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
    if (!slot.busy) void this.pump(key, slot);
    return promise;
  }

  private async pump(key: string, slot: Slot<T>): Promise<void> {
    slot.busy = true;
    while (slot.next) {
      const wait = slot.lastAt + this.minIntervalMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const value = slot.next as T;
      slot.next = null;
      const waiters = slot.waiters.splice(0);
      if (value.version < (this.done.get(key) ?? -1)) {
        for (const w of waiters) w.resolve();
        continue;
      }
      try {
        await this.render(value);
        this.markDone(key, value.version);
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
      slot.lastAt = Date.now();
    }
    slot.busy = false;
    this.slots.delete(key);
  }

  private markDone(key: string, version: number): void {
    const previous = this.done.get(key) ?? -1;
    this.done.delete(key); // re-insert: the map's order is the eviction order
    this.done.set(key, Math.max(version, previous));
    if (this.done.size > this.remember) {
      const oldest = this.done.keys().next().value;
      if (oldest !== undefined) this.done.delete(oldest);
    }
  }
}

interface Slot<T> {
  next: T | null;
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
  busy: boolean;
  lastAt: number;
}
