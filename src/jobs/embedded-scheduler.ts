// Deadline timers without Redis: an in-process min-heap and one Node timer for the earliest.
// It is fed by the same outbox relay and reconciliation as the BullMQ scheduler and behaves the
// same (same contract suite); what it cannot do is outlive its process — which is fine, because
// the deadlines are facts in the database and reconciliation re-arms them at startup.
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

export interface EmbeddedTimerOptions {
  /** Timers handled at once. */
  concurrency?: number;
  now?: () => number;
  onError?: (err: Error, context: string) => void;
}

/**
 * One armed timer. Every open incident keeps a handful of these for as long as it is open (five
 * or six each, tens of thousands in all), so they hold no more than they must: `at` as a number
 * (a Date is an object of its own) made into a Date only when handed out, and the key and
 * incident id strings of the first sync that armed them (a later sync's equal copies are dropped).
 */
interface Entry extends Omit<ArmedTimer, 'at'> {
  /** The timer's due time (ms). */
  atMs: number;
  /** When it is next due to run (`atMs`, or later after a failed attempt). */
  runAt: number;
  attempts: number;
  cancelled: boolean;
  seq: number;
}

/** Node timers cannot wait longer than ~24.8 days; re-check at least hourly anyway. */
const MAX_WAIT_MS = 3_600_000;

export class EmbeddedTimerScheduler implements TimerScheduler {
  readonly kind = 'embedded' as const;
  private readonly byIncident = new Map<string, Map<string, Entry>>();
  private readonly heap = new MinHeap<Entry>((a, b) => a.runAt - b.runAt || a.seq - b.seq);
  private readonly ready: Entry[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private handler: FireHandler | null = null;
  private wake: NodeJS.Timeout | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  private seq = 0;
  private readonly now: () => number;
  private readonly concurrency: number;

  constructor(private readonly opts: EmbeddedTimerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.concurrency = Math.max(1, opts.concurrency ?? 10);
  }

  async sync(sets: readonly TimerSet[], _opts: SyncOptions = {}): Promise<SyncResult> {
    // Nothing to verify: this heap is the only place a wake-up lives, and one that gave up is
    // dropped from it, so the next sync arms it again like a new one.
    const result: SyncResult = { armed: 0, cancelled: 0, kept: 0 };
    for (const set of sets) {
      const old = this.byIncident.get(set.incidentId) ?? new Map<string, Entry>();
      const next = new Map<string, Entry>();
      const incidentId = firstOf(old)?.incidentId ?? set.incidentId;
      for (const spec of set.timers) {
        const before = old.get(spec.key);
        const atMs = spec.at.getTime();
        if (before && before.atMs === atMs) {
          next.set(before.key, before);
          result.kept++;
          continue;
        }
        if (before) before.cancelled = true;
        const entry: Entry = {
          incidentId,
          key: before?.key ?? spec.key,
          atMs,
          version: set.version,
          runAt: atMs,
          attempts: 0,
          cancelled: false,
          seq: this.seq++,
        };
        next.set(spec.key, entry);
        this.heap.push(entry);
        result.armed++;
      }
      for (const [key, before] of old) {
        if (next.has(key)) continue;
        before.cancelled = true;
        result.cancelled++;
      }
      if (next.size > 0) this.byIncident.set(set.incidentId, next);
      else this.byIncident.delete(set.incidentId);
    }
    this.schedule();
    return result;
  }

  async armed(incidentId?: string): Promise<ArmedTimer[]> {
    const maps = incidentId ? [this.byIncident.get(incidentId)] : [...this.byIncident.values()];
    return maps.flatMap((m) =>
      [...(m?.values() ?? [])].map(({ incidentId, key, atMs, version }) => ({
        incidentId,
        key,
        at: new Date(atMs),
        version,
      })),
    );
  }

  async start(handler: FireHandler): Promise<void> {
    this.handler = handler;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.handler = null;
    this.clearWake();
    // Due entries not started yet go back to the heap for a later start().
    for (const entry of this.ready.splice(0)) this.heap.push(entry);
    await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.stop();
    this.byIncident.clear();
    this.heap.clear();
  }

  async health(): Promise<unknown> {
    return 'ok';
  }

  private clearWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    this.wakeAt = Number.POSITIVE_INFINITY;
  }

  /** Keeps one Node timer on the earliest live entry. */
  private schedule(): void {
    if (!this.handler) return;
    while (this.heap.peek()?.cancelled) this.heap.pop();
    const first = this.heap.peek();
    if (!first) {
      this.clearWake();
      return;
    }
    if (this.wake && this.wakeAt <= first.runAt) return;
    this.clearWake();
    const delay = Math.min(Math.max(0, first.runAt - this.now()), MAX_WAIT_MS);
    this.wakeAt = first.runAt;
    this.wake = setTimeout(() => {
      this.wake = null;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.collectDue();
    }, delay);
    this.wake.unref?.();
  }

  private collectDue(): void {
    const now = this.now();
    for (let top = this.heap.peek(); top && top.runAt <= now; top = this.heap.peek()) {
      const entry = this.heap.pop() as Entry;
      if (!entry.cancelled) this.ready.push(entry);
    }
    this.pump();
    this.schedule();
  }

  private pump(): void {
    while (this.handler && this.inFlight.size < this.concurrency && this.ready.length > 0) {
      const entry = this.ready.shift() as Entry;
      if (entry.cancelled) continue;
      const run = this.run(entry, this.handler).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  private async run(entry: Entry, handler: FireHandler): Promise<void> {
    const { incidentId, key, atMs, version } = entry;
    try {
      await handler({ incidentId, key, at: new Date(atMs), version });
      this.forget(entry);
    } catch (e) {
      entry.attempts++;
      const err = e instanceof Error ? e : new Error(String(e));
      if (entry.attempts >= FIRE_ATTEMPTS) {
        this.opts.onError?.(err, `timer ${key} gave up after ${entry.attempts} attempts`);
        this.forget(entry);
        return;
      }
      this.opts.onError?.(err, `timer ${key} attempt ${entry.attempts}`);
      if (entry.cancelled) return;
      entry.runAt = this.now() + fireBackoffMs(entry.attempts);
      this.heap.push(entry);
      this.schedule();
    }
  }

  /** Done with (fired, stale or given up): off the armed set unless a sync replaced it already. */
  private forget(entry: Entry): void {
    const map = this.byIncident.get(entry.incidentId);
    if (map?.get(entry.key) !== entry) return;
    map.delete(entry.key);
    if (map.size === 0) this.byIncident.delete(entry.incidentId);
  }
}

function firstOf<V>(map: Map<string, V>): V | undefined {
  for (const value of map.values()) return value;
  return undefined;
}

/** A binary min-heap; cancelled entries are dropped lazily when they reach the top. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  peek(): T | undefined {
    return this.items[0];
  }

  clear(): void {
    this.items.length = 0;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i] as T, a[parent] as T) >= 0) break;
      [a[i], a[parent]] = [a[parent] as T, a[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l] as T, a[m] as T) < 0) m = l;
      if (r < a.length && this.less(a[r] as T, a[m] as T) < 0) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as T, a[i] as T];
      i = m;
    }
    return top;
  }
}
