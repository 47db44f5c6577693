// The worker's side of the inbox hand-off (see inbox.ts): it LISTENs for rows a web process
// handed off, claims them in batches and runs each through the inbox's own `run` (which marks it
// done). Whatever was handed off while no worker listened (all restarting in a deploy, a LISTEN
// connection re-established) it claims as soon as it listens again: its catch-up. A claim that
// fails leaves the rows leased to nobody, so the inbox's sweep takes them after their lease.
import type { ProcessRole } from './env.js';
import type { ChatPlatform, InboxEntry, InboxStore } from './ports.js';

/** `give`: hands requests off (web); `take`: follows and processes them (worker). */
export type HandOffRole = 'give' | 'take' | 'none';

/**
 * Only where separate processes share a database that can tell them (PostgreSQL): web processes
 * give, workers take. One `all` process (and the embedded database) processes what it receives.
 */
export function handOffRole(role: ProcessRole, store: Pick<InboxStore, 'handsOff'>): HandOffRole {
  if (!store.handsOff || role === 'all') return 'none';
  return role === 'web' ? 'give' : 'take';
}

/** Keys told but not yet claimed, at most: beyond it the sweep takes them after their lease. */
const MAX_TOLD = 10_000;

export interface FollowerOptions {
  platform: ChatPlatform;
  leaseMs: number;
  /** Handed-off rows worked on at once (claimed and not yet done). */
  concurrency: number;
}

/** What the follower needs of its inbox: run a row (and mark it done), and whether a key is running. */
export interface FollowerHost {
  run(key: string, process: () => Promise<void>): Promise<void>;
  isRunning(key: string): boolean;
  warn(obj: object, msg: string): void;
}

export class HandOffFollower {
  /** Handed-off keys told and not yet claimed, in the order told. */
  private readonly told = new Set<string>();
  private following = 0;
  private claiming = false;
  /** Listening (again) and not yet through the rows handed off while nobody listened. */
  private behind = false;
  private subscribing = false;
  private unfollow: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: InboxStore,
    private readonly host: FollowerHost,
    private readonly handler: (body: Record<string, unknown>, receivedAt: Date) => Promise<void>,
    private readonly opts: FollowerOptions,
    private readonly now: () => Date,
  ) {}

  /** Listens if not yet listening, and claims what a failed claim left: called at start and on
   *  every sweep turn. When it cannot listen (the database is down), the next turn tries again,
   *  and meanwhile the sweep takes what was handed off. */
  async keepUp(): Promise<void> {
    void this.claimTold();
    if (this.unfollow || this.subscribing) return;
    this.subscribing = true;
    try {
      this.unfollow = await this.store.follow(
        this.opts.platform,
        (key) => this.tell(key),
        () => this.catchUp(),
      );
    } catch (err) {
      this.host.warn({ err }, 'inbox: not following hand-offs yet; the sweep takes them meanwhile');
    } finally {
      this.subscribing = false;
    }
  }

  async stop(): Promise<void> {
    await this.unfollow?.();
    this.unfollow = null;
    this.told.clear();
    this.behind = false;
  }

  private tell(key: string): void {
    if (this.host.isRunning(key) || this.told.size >= MAX_TOLD) return;
    this.told.add(key);
    void this.claimTold();
  }

  /** LISTEN is in place (at first, or again after a reconnect): keys told meanwhile were lost,
   *  so claim every handed-off row nobody claimed yet, oldest first, in batches like told keys. */
  private catchUp(): void {
    this.behind = true;
    void this.claimTold();
  }

  /** Claims what was handed off (the catch-up first, then told keys), a batch at a time, while
   *  fewer than `concurrency` are being worked on; each runs as soon as claimed. One claim in
   *  flight at once. */
  private async claimTold(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      while ((this.behind || this.told.size > 0) && this.following < this.opts.concurrency) {
        for (const row of await this.claimBatch(this.opts.concurrency - this.following)) this.start(row);
      }
    } catch (err) {
      // Not claimed: still leased to nobody, so the sweep takes them after their lease.
      this.host.warn({ err }, 'inbox: claiming handed-off requests failed; the sweep will take them');
    } finally {
      this.claiming = false;
    }
  }

  private async claimBatch(room: number): Promise<InboxEntry[]> {
    const { platform } = this.opts;
    const leaseUntil = new Date(this.now().getTime() + this.opts.leaseMs);
    if (this.behind) {
      const rows = await this.store.claimWaiting({ platform, limit: room, leaseUntil });
      if (rows.length < room) this.behind = false; // none left: rows handed off from now on are told
      return rows;
    }
    const keys: string[] = [];
    for (const key of this.told) {
      if (keys.length >= room) break;
      keys.push(key);
    }
    for (const key of keys) this.told.delete(key);
    return this.store.claimHandedOff({ platform, keys, leaseUntil });
  }

  private start(row: InboxEntry): void {
    this.following += 1;
    void this.host
      .run(row.key, () => this.handler(row.body, row.receivedAt))
      .finally(() => {
        this.following -= 1;
        void this.claimTold();
      });
  }
}
