// The Slack bot: a Bolt app over HTTP (mounted on the bot's own Express server at
// POST /slack/events, for events, commands and interactivity alike) or over Socket Mode, with
// its listeners grouped by Slack surface and the SlackNotifier the delivery loop calls.

import { App, ExpressReceiver, type Logger, LogLevel, SocketModeReceiver, type webApi } from '@slack/bolt';
import express, { type Express } from 'express';
import { codesOnly } from '../../src/app/log.js';
import { ThreadReplies } from '../../src/app/thread-replies.js';
import { cleanText } from '../../src/core/clean-text.js';
import { registerAnswerChoice } from './actions/answer-choice.js';
import { registerCardActions } from './actions/card.js';
import { registerHistoryActions } from './actions/history.js';
import { registerHomeActions } from './actions/home.js';
import { registerKnowledgeActions } from './actions/knowledge.js';
import { registerReportButton } from './actions/report.js';
import { registerIncidentCommand } from './commands/incident.js';
import type { SlackContext, SlackDeps, SlackLog } from './context.js';
import { cleaningReceiver, refuseFutureRequests } from './edge.js';
import { registerHome } from './events/home.js';
import { registerMessageEvents } from './events/messages.js';
import { workerMayRun } from './handoff.js';
import { durable, replay } from './inbox.js';
import { SlackNotifier, type SlackNotifierOptions } from './notifier.js';
import { routes } from './routes.js';
import { refuseUnstored } from './run.js';
import { registerReportShortcut } from './shortcuts/report.js';
import { esc, truncate } from './text.js';
import { WorkTracker } from './tracker.js';
import { answerUnmatched } from './unmatched.js';
import { registerCommandForm } from './views/command.js';
import { registerKnowledgeForm } from './views/knowledge.js';
import { registerReportForm } from './views/report.js';
import { webApiFetch } from './web-fetch.js';

export const EVENTS_PATH = '/slack/events';
/** A Web API call unanswered for this long fails (and is retried by the client, then the outbox). */
export const WEB_API_TIMEOUT_MS = 10_000;

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** Set: Socket Mode (no public URL); unset: HTTP at POST /slack/events. */
  appToken: string | null;
  /** Web API base URL (tests, proxies), e.g. http://127.0.0.1:9999/api/ */
  apiUrl: string | null;
}

export interface SlackBotOptions {
  settings: SlackSettings;
  deps: SlackDeps;
  /** HTTP mode: the Express app the endpoint is mounted on (before it listens). */
  express?: Express;
  /** Extra WebClient options, e.g. `retryConfig: { retries: 0 }` in tests. */
  clientOptions?: webApi.WebClientOptions;
  notifier?: SlackNotifierOptions;
}

export interface SlackBot {
  readonly mode: 'http' | 'socket';
  readonly app: App;
  readonly notifier: SlackNotifier;
  /** Checks the token (auth.test) and, in Socket Mode, connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the work started by the requests received so far has finished. */
  settled(): Promise<void>;
  /** Throws while Socket Mode is not connected (for /healthz). */
  health(): Promise<void>;
}

export function createSlackBot(opts: SlackBotOptions): SlackBot {
  const { settings, deps } = opts;
  const clientOptions: webApi.WebClientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: withSlash(settings.apiUrl) } : {}),
    // Fail within seconds, not the client's default half hour of retries: a failed delivery is
    // retried by the outbox with its own backoff, and a hung call would hold up the others.
    // Slack's rate limits are still waited out (429 + Retry-After pauses the client).
    retryConfig: { retries: 2, minTimeout: 500, maxTimeout: 5_000 },
    // A call unanswered for 10 s fails (and is retried as above); bounded by our fetch rather
    // than the client's `timeout`, which costs a timer and a signal per call (web-fetch.ts).
    timeout: 0,
    fetch: webApiFetch(undefined, WEB_API_TIMEOUT_MS),
    ...opts.clientOptions,
  };
  const logger = boltLogger(deps.log);
  const mode = settings.appToken ? 'socket' : 'http';
  const web = settings.appToken ? null : (opts.express ?? express());
  // Registered before Bolt's route, so it runs first.
  web?.post(EVENTS_PATH, refuseFutureRequests(deps.log));
  const inner = web
    ? new ExpressReceiver({
        signingSecret: settings.signingSecret,
        endpoints: EVENTS_PATH,
        logger,
        // Ack first, work after: the HTTP answer leaves as soon as a listener calls ack() —
        // which `durable` lets happen only once the request is stored in the inbox.
        processBeforeResponse: false,
        app: web,
      })
    : new SocketModeReceiver({
        appToken: settings.appToken ?? '',
        logger,
        installerOptions: { clientOptions },
      });
  const tracker = new WorkTracker();
  const app = new App({
    token: settings.botToken,
    // Cleaned first (the inbox stores what PostgreSQL accepts), then stored before any ack.
    receiver: durable(
      cleaningReceiver(inner),
      deps.inbox,
      (body, err) => tracker.run(() => refuseUnstored(ctx)(body, err)),
      tracker,
      (body) => workerMayRun(body, deps.config),
    ),
    clientOptions,
    logger,
    deferInitialization: true,
    convoStore: false,
    ignoreSelf: true,
  });
  let connected = false;
  if (inner instanceof SocketModeReceiver) {
    inner.client.on('connected', () => {
      connected = true;
    });
    inner.client.on('disconnected', () => {
      connected = false;
    });
  }
  // Socket Mode and the inbox's replays do not pass through the HTTP server's pin: pin here too.
  const pin = deps.pinConfig;
  if (pin) app.use(({ next }) => pin(next));
  const notifier = new SlackNotifier(app.client, deps, opts.notifier);
  const ctx = context(deps, app.client, notifier, tracker);
  // Recorded, then dispatched by one middleware after the pin (routes.ts: cheaper per request).
  const routed = routes(app, answerUnmatched(ctx));
  for (const register of [
    registerIncidentCommand,
    registerReportShortcut,
    registerReportButton,
    registerAnswerChoice,
    registerCardActions,
    registerHistoryActions,
    registerHomeActions,
    registerKnowledgeActions,
    registerKnowledgeForm,
    registerCommandForm,
    registerReportForm,
    registerMessageEvents,
    registerHome,
  ])
    register(routed.app, ctx);
  app.use(routed.dispatch);
  app.error(async (err) => {
    deps.log.error({ err: codesOnly(err) }, 'slack: listener error');
  });

  return {
    mode,
    app,
    notifier,
    async start() {
      await app.init();
      if (mode === 'socket') await app.start();
      // Requests a crash left in the inbox are finished now, then by a periodic sweep.
      void deps.inbox.start(replay(app));
    },
    async stop() {
      if (mode === 'socket') await app.stop();
      await deps.inbox.stop();
      await tracker.settled();
    },
    settled: () => tracker.settled(),
    async health() {
      if (mode === 'socket' && !connected) throw new Error('Socket Mode is not connected');
    },
  };
}

function context(
  deps: SlackDeps,
  client: webApi.WebClient,
  notifier: SlackNotifier,
  tracker: WorkTracker,
): SlackContext {
  const names = new Map<string, string>();
  return {
    ...deps,
    // After the spread, which would copy the configuration once: read it per use instead.
    get config() {
      return deps.config;
    },
    client,
    notifier,
    tracker,
    threadReplies: new ThreadReplies(deps.places, deps.service),
    async displayName(userId, fallback) {
      const known = names.get(userId);
      if (known) return known;
      try {
        const { user } = await client.users.info({ user: userId });
        // Text from outside: a NUL or lone surrogate in a profile would fail every write naming them.
        const name = cleanText(
          user?.profile?.display_name || user?.real_name || user?.name || fallback || userId,
        );
        if (names.size > 5_000) names.clear();
        names.set(userId, name);
        return name;
      } catch (err) {
        deps.log.debug({ err: codesOnly(err), userId }, 'slack: users.info failed; using the id');
        return fallback ?? userId;
      }
    },
    async tell(userId, channel, text, thread, blocks) {
      const safe = esc(truncate(text, 3_000));
      const withBlocks = blocks ? { blocks } : {};
      if (channel) {
        try {
          await client.chat.postEphemeral({
            channel,
            user: userId,
            text: safe,
            ...withBlocks,
            ...(thread ? { thread_ts: thread } : {}),
          });
          return;
        } catch (err) {
          // Not in that channel (e.g. /incident somewhere the bot was never invited): DM instead.
          deps.log.debug({ err: codesOnly(err), channel }, 'slack: ephemeral failed; sending a DM');
        }
      }
      await client.chat.postMessage({ channel: await notifier.dm(userId), text: safe, ...withBlocks });
    },
  };
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** Bolt's logger interface over ours (pino). Errors Bolt hands over go through our error
 *  serializer (src/app/log.ts) as `err`; JSON.stringify would print a failed query's values. */
function boltLogger(log: SlackLog): Logger {
  const write = (level: 'info' | 'warn' | 'error', msg: unknown[]) => {
    const err = msg.find((m) => m instanceof Error);
    const text = msg
      .filter((m) => !(m instanceof Error))
      .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
      .join(' ');
    if (err) log[level]({ err }, `bolt: ${text}`);
    else log[level](`bolt: ${text}`);
  };
  return {
    // Not forwarded: at debug Bolt, its Web API client and Socket Mode log whole request and
    // response bodies (messages, forms, profiles) — people's words.
    debug: () => {},
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
