// What /readyz says about each chat platform that is on (Slack, Teams, e-mail): the outcome of
// the latest delivery this process made through it — a message sent or a card re-rendered.
// That is the only first-hand signal a process has: the platforms have no cheap "are you
// there" call that proves a message would go out. A process that has sent nothing yet says
// just that (a web process mostly: deliveries run in the workers) rather than claim 'ok'.
// Failures are named by their error code only: an error's message may quote a person.
import type { ProcessRole } from './env.js';
import type { ChatNotifier } from './notifier.js';
import type { Clock } from './triage-service.js';

export type PlatformHealth =
  | { state: 'configured'; note: string }
  | { state: 'ok'; lastDeliveryAt: string }
  | { state: 'failing'; error: string; since: string; failures: number; lastDeliveryAt: string | null };

interface Seen {
  lastOkAt: Date | null;
  /** The current run of failures (none since the last success). */
  failing: { error: string; since: Date; count: number } | null;
}

export class PlatformWatch {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly clock: Clock,
    private readonly role: ProcessRole,
  ) {}

  /** The notifier, with every send and refresh through it recorded here. */
  watch(notifier: ChatNotifier): ChatNotifier {
    this.seen.set(notifier.platform, { lastOkAt: null, failing: null });
    const observe = <T>(work: Promise<T>): Promise<T> =>
      work.then(
        (value) => {
          this.succeeded(notifier.platform);
          return value;
        },
        (err: unknown) => {
          this.failed(notifier.platform, err);
          throw err;
        },
      );
    const watched: ChatNotifier = {
      platform: notifier.platform,
      refresh: (incident, places, knowledgeVersion) =>
        observe(notifier.refresh(incident, places, knowledgeVersion)),
      send: (message) => observe(notifier.send(message)),
    };
    const locale = notifier.reporterLocale?.bind(notifier);
    if (locale) watched.reporterLocale = locale;
    return watched;
  }

  /** One entry per platform that is on. */
  report(): Record<string, PlatformHealth> {
    return Object.fromEntries([...this.seen].map(([platform, seen]) => [platform, this.healthOf(seen)]));
  }

  private healthOf(seen: Seen): PlatformHealth {
    const lastDeliveryAt = seen.lastOkAt?.toISOString() ?? null;
    if (seen.failing) {
      const { error, since, count } = seen.failing;
      return { state: 'failing', error, since: since.toISOString(), failures: count, lastDeliveryAt };
    }
    if (lastDeliveryAt) return { state: 'ok', lastDeliveryAt };
    return {
      state: 'configured',
      note:
        this.role === 'web'
          ? 'nothing delivered by this process: chat deliveries run in the --role=worker processes'
          : 'nothing delivered by this process yet',
    };
  }

  private succeeded(platform: string): void {
    this.seen.set(platform, { lastOkAt: this.clock.now(), failing: null });
  }

  private failed(platform: string, err: unknown): void {
    const seen = this.seen.get(platform) ?? { lastOkAt: null, failing: null };
    const error = failureCode(err);
    const failing = seen.failing
      ? { ...seen.failing, error, count: seen.failing.count + 1 }
      : { error, since: this.clock.now(), count: 1 };
    this.seen.set(platform, { ...seen, failing });
  }
}

/**
 * A failure by its code: Slack's `slack_webapi_platform_error: channel_not_found`, nodemailer's
 * `EAUTH`, an HTTP status from the Bot Framework connector — never the message text.
 */
export function failureCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'error';
  const e = err as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; name?: unknown };
  const detail = typeof e.data?.error === 'string' ? `: ${e.data.error}` : '';
  if (typeof e.code === 'string' && e.code !== '') return `${e.code}${detail}`.slice(0, 120);
  if (typeof e.statusCode === 'number') return `http ${e.statusCode}`;
  return typeof e.name === 'string' && e.name !== '' ? e.name.slice(0, 120) : 'error';
}
