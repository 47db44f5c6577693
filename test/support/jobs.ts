// The jobs module on a test database: real relays, scheduler (BullMQ on the real Redis, or
// embedded) and delivery, wired by the same startJobs() as production, with a recording notifier
// standing in for Slack/Teams.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { AppContext } from '../../src/app/app-module.js';
import { fixedConfig } from '../../src/app/config-holder.js';
import type { ChatNotifier, LocalText, Notification, OutgoingMessage } from '../../src/app/notifier.js';
import type { ChatPlatform, Storage } from '../../src/app/ports.js';
import { type Clock, systemClock, TriageService } from '../../src/app/triage-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { Incident } from '../../src/core/types.js';
import { type StartedJobs, startJobs } from '../../src/jobs/module.js';
import type { JobSettings } from '../../src/jobs/settings.js';
import { openRedis, testPrefix, testRedisUrl, wipePrefix } from './redis.js';

/** Records what a platform adapter was asked to send; can be told to fail. */
export class RecordingNotifier implements ChatNotifier {
  constructor(readonly platform: ChatPlatform = 'slack') {}

  /** Every message, as the delivery plan placed it. */
  messages: OutgoingMessage[] = [];
  /** Each notification once, in the order its first message went out. */
  sent: Notification[] = [];
  /** Notices about no incident (the managers' channel). */
  announced: LocalText[] = [];
  refreshed: string[] = [];
  refreshedVersions: number[] = [];
  /** The knowledge-base version handed with each refresh (undefined: none). */
  refreshedKnowledge: (number | undefined)[] = [];
  /** Throws this many times before sending again. */
  failNext = 0;
  failWith: () => Error = () => new Error('platform unavailable');
  /** Throws (failWith) for the messages this picks, besides failNext. */
  failOn: (m: OutgoingMessage) => boolean = () => false;

  async refresh(incident: Incident, _places?: unknown, knowledgeVersion?: number): Promise<void> {
    this.refreshed.push(incident.id);
    this.refreshedVersions.push(incident.version);
    this.refreshedKnowledge.push(knowledgeVersion);
  }

  async send(m: OutgoingMessage) {
    if (this.failNext > 0) {
      this.failNext--;
      throw this.failWith();
    }
    if (this.failOn(m)) throw this.failWith();
    this.messages.push(m);
    if (m.notification === null) this.announced.push(m.says);
    else if (!this.sent.includes(m.notification)) this.sent.push(m.notification);
    const conversationId = m.to.kind === 'direct' ? `dm-${m.to.user}` : m.to.channel;
    const at = { conversationId, messageId: `m${this.messages.length}`, threadId: null };
    return { message: at, card: m.card ? at : null };
  }
}

export type SchedulerKind = 'bullmq' | 'embedded';

export interface TestJobs extends StartedJobs {
  service: TriageService;
  notifier: RecordingNotifier;
  prefix: string;
  /** Stops the module and deletes this test's Redis keys. */
  dispose(): Promise<void>;
}

export async function startTestJobs(
  kind: SchedulerKind,
  storage: Storage,
  config: TriageConfig,
  opts: {
    clock?: Clock;
    settings?: Partial<JobSettings>;
    notifier?: RecordingNotifier;
    /** Another Redis than the shared one (a fault test's own server). */
    redisUrl?: string;
    /** Where the module logs (default: silent unless TEST_LOG is set). */
    log?: AppContext['log'];
  } = {},
): Promise<TestJobs> {
  const redisUrl = opts.redisUrl ?? testRedisUrl;
  const clock = opts.clock ?? systemClock;
  const prefix = testPrefix('jobs');
  const notifier = opts.notifier ?? new RecordingNotifier();
  const service = new TriageService(storage, config, clock);
  const ctx = {
    settings: {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: 'memory://',
      redisUrl: kind === 'bullmq' ? redisUrl : null,
      configPath: null,
      logLevel: 'silent',
      role: 'all',
    },
    env: {},
    config,
    configs: fixedConfig(config),
    storage,
    service,
    log: opts.log ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
    clock,
    notifiers: [notifier],
  } as unknown as AppContext;
  const started = await startJobs(ctx, {
    timerConcurrency: 4,
    notifyConcurrency: 4,
    notifyRatePerSecond: 1000,
    relayIntervalMs: 20,
    reconcileIntervalMs: 60_000,
    queuePrefix: prefix,
    shutdownTimeoutMs: 5_000,
    redisErrorLogIntervalMs: 30_000,
    outboxKeepDays: 30,
    ...opts.settings,
  });
  return {
    ...started,
    service,
    notifier,
    prefix,
    async dispose() {
      await started.stop();
      if (kind === 'bullmq') {
        const redis = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1 }) : openRedis();
        await wipePrefix(redis, prefix);
        await redis.quit();
      }
    },
  };
}
