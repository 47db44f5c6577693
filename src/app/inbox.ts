// Durable acknowledgement (architecture: "durable before acknowledged"). A platform that never
// redelivers what it got 200 for (Slack interactions) is answered only once the verified request
// is an inbox row, keyed by the platform's own ids. The request is then processed at once; if the
// process dies before it is done, the sweep (at start-up, then periodically) processes it again.
// Processing must be idempotent (the commands' idempotency keys): a crash after the commit and
// before `finish` replays a command that already took effect, which then changes nothing.
//
// Hand-off (separate web and worker roles on PostgreSQL): a web process stores a request that
// needs no answer of its own (the platform adapter decides which) and acknowledges it at once;
// the same INSERT notifies, and a worker's follower (inbox-follower.ts) claims the row and
// processes it. A worker that died while processing leaves the row to the sweep after its lease.

import { HandOffFollower, type HandOffRole } from './inbox-follower.js';
import { codesOnly } from './log.js';
import type { ChatPlatform, InboxStore } from './ports.js';

export interface InboxLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface InboxOptions {
  platform: ChatPlatform;
  /** How long a row is left to the process that received it before a sweep takes it over. */
  leaseMs: number;
  /** How often the sweep looks for rows left unprocessed. */
  sweepMs: number;
  /** Rows per sweep (bounded work per pass). */
  batch?: number;
  /** A row that failed this many sweeps is left for the operator (logged). */
  maxAttempts?: number;
  /** Finished rows are deleted after this long (they only stop repeats by then). */
  keepMs?: number;
  /** What this process does with hand-offs (`handOffRole`); none by default. */
  handOff?: HandOffRole;
  /** Handed-off rows a follower works on at once (claimed and not yet done). */
  followConcurrency?: number;
}

/** Processes one stored request; must not throw for a request it could not act on.
 *  `receivedAt`: when it was received (stored), the time the person acted. */
export type InboxHandler = (body: Record<string, unknown>, receivedAt: Date) => Promise<void>;

/** The request could not be stored: the platform must not be told it was received. */
export class InboxUnavailable extends Error {
  /** `cause` keeps the driver's error for its code (an outage or not); never logged whole. */
  constructor(cause?: unknown) {
    super('inbox: the request could not be stored', { cause });
    this.name = 'InboxUnavailable';
  }
}

export const DEFAULT_INBOX = { leaseMs: 30_000, sweepMs: 10_000 } as const;

export class Inbox {
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;
  private handler: InboxHandler | null = null;
  private follower: HandOffFollower | null = null;

  constructor(
    private readonly store: InboxStore,
    private readonly log: InboxLog,
    private readonly opts: InboxOptions,
    // Wall time, not the domain clock: leases are about processes, not about incidents.
    private readonly now: () => Date = () => new Date(),
    // The domain clock: when a request was received is when the person acted (docs/slack.md,
    // "Nothing acknowledged is lost"), stored with it so that a replay decides at that time too.
    private readonly received: () => Date = now,
  ) {}

  /**
   * Stores the request, then processes it. Returns false, without processing, when the key was
   * already received (a redelivery, or a row another process or a sweep is finishing): the
   * caller only acknowledges it. Throws when the request could not be stored: do not ack then.
   */
  async receive(
    key: string,
    body: Record<string, unknown>,
    process: (receivedAt: Date) => Promise<void>,
  ): Promise<boolean> {
    const receivedAt = this.received();
    const fresh = await this.admit(key, body, false, receivedAt);
    if (!fresh) return false;
    await this.run(key, () => process(receivedAt));
    return true;
  }

  private async admit(
    key: string,
    body: Record<string, unknown>,
    handOff: boolean,
    receivedAt = this.received(),
  ): Promise<boolean> {
    const leaseUntil = new Date(this.now().getTime() + this.opts.leaseMs);
    const { platform } = this.opts;
    try {
      return await this.store.admit({ platform, key, body, leaseUntil, receivedAt, handOff });
    } catch (err) {
      // The driver's error quotes the query's parameters (people's words): log its code only.
      const code =
        (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
      this.log.error({ key, code: code ?? 'unknown' }, 'inbox: request not stored, so not acknowledged');
      throw new InboxUnavailable(err);
    }
  }

  /** Whether this process hands requests off (`handOff`) rather than processing them itself. */
  get gives(): boolean {
    return this.opts.handOff === 'give';
  }

  /**
   * Stores the request for a worker to process and returns without processing it: the caller
   * acknowledges it at once. False for a repeat; throws as `receive` does when not stored.
   */
  handOff(key: string, body: Record<string, unknown>): Promise<boolean> {
    return this.admit(key, body, true);
  }

  /** Starts the sweep: once now (rows a crash left behind), then every `sweepMs`; a worker also
   *  follows the hand-offs from now on. */
  async start(handler: InboxHandler): Promise<number> {
    this.handler = handler;
    if (this.opts.handOff === 'take') this.follower = this.followerFor(handler);
    this.timer = setInterval(() => {
      void this.follower?.keepUp(); // listens again, or claims again, after a failure
      void this.sweep();
    }, this.opts.sweepMs);
    this.timer.unref();
    await this.follower?.keepUp();
    return this.sweep();
  }

  private followerFor(handler: InboxHandler): HandOffFollower {
    const host = {
      run: (key: string, process: () => Promise<void>) => this.run(key, process),
      isRunning: (key: string) => this.inFlight.has(key),
      warn: (obj: object, msg: string) => this.log.warn(obj, msg),
    };
    const { platform, leaseMs, followConcurrency } = this.opts;
    return new HandOffFollower(
      this.store,
      host,
      handler,
      { platform, leaseMs, concurrency: followConcurrency ?? 64 },
      this.now,
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.follower?.stop();
    this.follower = null;
    await this.sweeping;
  }

  /** One bounded pass: processes rows whose lease ran out; returns how many it processed. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const handler = this.handler;
    if (!handler) return 0;
    const now = this.now();
    const maxAttempts = this.opts.maxAttempts ?? 5;
    try {
      const rows = await this.store.claimStale({
        platform: this.opts.platform,
        now,
        leaseUntil: new Date(now.getTime() + this.opts.leaseMs),
        limit: this.opts.batch ?? 50,
        maxAttempts,
        skip: [...this.inFlight],
      });
      let done = 0;
      for (const row of rows) {
        if (this.inFlight.has(row.key)) continue; // taken by a request that arrived meanwhile
        this.log.info({ key: row.key, attempt: row.attempts }, 'inbox: finishing a request left unprocessed');
        if (row.attempts >= maxAttempts)
          this.log.error(
            { key: row.key },
            'inbox: last attempt; a failure now leaves the row to the operator',
          );
        await this.run(row.key, () => handler(row.body, row.receivedAt));
        done += 1;
      }
      const keepMs = this.opts.keepMs ?? 86_400_000;
      await this.store.prune(new Date(now.getTime() - keepMs), 500);
      return done;
    } catch (err) {
      this.log.warn({ err: codesOnly(err) }, 'inbox: sweep failed; the next one retries');
      return 0;
    }
  }

  /** Processes and marks done. A failure that reaches here is logged and the row left for the
   *  sweep; the usual failures (refused commands) are answered by the handler and count as done. */
  private async run(key: string, process: () => Promise<void>): Promise<void> {
    this.inFlight.add(key);
    try {
      await process();
      await this.store.finish(this.opts.platform, key, this.now());
    } catch (err) {
      this.log.error({ err: codesOnly(err), key }, 'inbox: processing failed; the sweep will retry it');
    } finally {
      this.inFlight.delete(key);
    }
  }
}
