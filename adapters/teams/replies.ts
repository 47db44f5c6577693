// Replies sent after the request, not during it. The Bot Framework wants an invoke answered
// within about 5 s and a message activity acknowledged promptly, while a slow, failing or hung
// connector held our answers for 11–60 s when the bot sent its replies inline (each send waits
// for the connector and its retries). Everything but the invoke response itself therefore goes
// through this queue: the HTTP answer leaves as soon as the work is committed, and the replies
// follow, in order per conversation, each attempt bounded in time and retried with backoff.
//
// In memory, not the outbox: these are acknowledgements of work already committed ("added to
// the work log", help, a list), many outside any incident. A crash loses an unsent
// acknowledgement, never the work. An attempt given up on after its time limit may still reach
// the connector later, so a reply can, rarely, arrive twice.

import {
  type Activity,
  type ConversationReference,
  type ResourceResponse,
  type SendActivitiesHandler,
  TurnContext,
} from 'botbuilder';
import { codesOnly } from '../../src/app/log.js';
import type { TeamsLog } from './notifier.js';

export interface ReplyAdapter {
  continueConversationAsync(
    appId: string,
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface ReplyQueueOptions {
  /** One attempt's limit (the connector may hang). */
  attemptTimeoutMs?: number;
  /** Waits between attempts; their count bounds the attempts. */
  retryDelaysMs?: readonly number[];
}

const DEFAULTS = {
  // Longer than botbuilder's own retries of one send (about 7 s on 5xx), so that an attempt is
  // only given up on when the connector hangs — a given-up attempt may still get through.
  attemptTimeoutMs: 30_000,
  // About 8 minutes in all: rides out a short connector outage.
  retryDelaysMs: [1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 240_000],
};

export class ReplyQueue {
  private readonly opts: Required<ReplyQueueOptions>;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly adapter: ReplyAdapter,
    private readonly appId: string,
    private readonly log: TeamsLog,
    opts: ReplyQueueOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Queues the activities for the conversation of `reference`; `onSent` gets their ids. */
  send(
    reference: Partial<ConversationReference>,
    activities: Partial<Activity>[],
    onSent?: (ids: string[]) => Promise<void>,
  ): void {
    this.run(reference.conversation?.id ?? '', async () => {
      const ids = await this.limited(this.sendNow(reference, activities));
      // Sent: a failure from here on must not send it again.
      await onSent?.(ids).catch((err: unknown) =>
        this.log.warn({ err: codesOnly(err) }, 'teams: after a reply was sent'),
      );
    });
  }

  /** Connector work that needs a turn (e.g. listing a team's channels), in a new turn for the
   *  conversation of `reference`: after the HTTP answer, bounded and retried like a reply. */
  inConversation(reference: Partial<ConversationReference>, work: (ctx: TurnContext) => Promise<void>): void {
    this.run(reference.conversation?.id ?? '', () =>
      this.adapter.continueConversationAsync(this.appId, reference, work),
    );
  }

  /** Queues any connector work (e.g. a proactive post), after what `key` already has queued. */
  run(key: string, work: () => Promise<unknown>): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.retried(key, () => this.limited(work())));
    this.chains.set(key, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Resolves when every reply queued so far was sent or given up on. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** No more retries (shutdown): what is still queued is dropped. */
  close(): void {
    this.closed = true;
  }

  private async retried(key: string, work: () => Promise<unknown>): Promise<void> {
    const delays = this.opts.retryDelaysMs;
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await work();
        return;
      } catch (err) {
        const delay = delays[attempt];
        if (delay === undefined || this.closed) {
          this.log.error(
            { err: codesOnly(err), conversation: key, attempts: attempt + 1 },
            'teams: reply not delivered; given up',
          );
          return;
        }
        this.log.warn({ err: codesOnly(err), conversation: key, attempt }, 'teams: reply failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async sendNow(reference: Partial<ConversationReference>, activities: Partial<Activity>[]) {
    let sent: ResourceResponse[] = [];
    await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
      sent = await ctx.sendActivities(activities);
    });
    return sent.map((r) => r?.id ?? '');
  }

  /** The work, or a rejection once the attempt's time is up (the work itself is abandoned). */
  private limited<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    work.catch(() => undefined); // an abandoned attempt may still fail later
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('connector timeout')), this.opts.attemptTimeoutMs);
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
  }
}

/**
 * A turn's sends, queued instead of made inline: only the invoke response (which is the HTTP
 * answer, not a connector call) goes out with the turn.
 */
export function deferReplies(queue: ReplyQueue): SendActivitiesHandler {
  return async (ctx, activities, next) => {
    if (activities.some((a) => a.type === 'invokeResponse')) return next();
    queue.send(TurnContext.getConversationReference(ctx.activity), activities);
    return activities.map(() => ({ id: '' }));
  };
}
