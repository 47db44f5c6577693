// Starting Teams (botbuilder's CloudAdapter at POST /api/messages), loaded by module.ts only
// when Teams is on.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import {
  type Activity,
  type ActivityHandler,
  type Request as BotRequest,
  type Response as BotResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import type * as Connector from 'botframework-connector';
import express from 'express';
import type { AppContext, RunningModule } from '../../src/app/app-module.js';
import { ChatPlaces } from '../../src/app/chat-places.js';
import type { HttpServer } from '../../src/app/http.js';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import { codesOnly } from '../../src/app/log.js';
import type { Storage } from '../../src/app/ports.js';
import type { ReportService } from '../../src/app/reports/report-service.js';
import type { TriageService } from '../../src/app/triage-service.js';
import { databaseUnavailableCode, outageKind, platformUnreachable } from '../../src/app/unavailable.js';
import type { WebLinks } from '../../src/app/web-server/chat-link.js';
import type { TriageConfig } from '../../src/core/config.js';
import { t } from '../../src/i18n/index.js';
import { TeamsBot } from './bot.js';
import { answerPieces } from './card-json.js';
import { reuseConnectors } from './connectors.js';
import { Conversations } from './conversations.js';
import { directJson, raiseHandedBack } from './direct.js';
import { rostersOf, teamsDirectory } from './directory.js';
import { cleanActivity, plausibleBotToken } from './edge.js';
import { type ProactiveAdapter, type TeamsLog, TeamsNotifier } from './notifier.js';
import type { ProactiveTurns } from './proactive.js';
import { CardRenderer } from './render.js';
import { deferReplies, type ReplyAdapter, ReplyQueue, type ReplyQueueOptions } from './replies.js';
import type { TeamsSettings } from './settings.js';

// The class botbuilder's own processActivity throws for a bad token, from botbuilder's own copy of
// botframework-connector: an install that nests a second copy still answers 401, not 500.
const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve('botbuilder'));
const { AuthenticationError } = fromBotbuilder('botframework-connector') as typeof Connector;

export const MESSAGES_PATH = '/api/messages';
export const LOCAL_HOST = '127.0.0.1';

export interface TeamsDeps {
  service: TriageService;
  config: TriageConfig;
  storage: Storage;
  log: TeamsLog & { debug?: (obj: object | string, msg?: string) => void };
  /** IM2.7–IM2.10: candidates on the desk card, "didn't help", save as knowledge. */
  knowledge: KnowledgeService;
  /** The period reports, for agents and incident managers (issue 13). */
  reports: ReportService;
  /** Ids for new on-site tasks (tests may fix them). */
  newId?: () => string;
  /** The web pages: sign-in links (`web`) and card links; null or absent when off. */
  web?: WebLinks | null;
  /** Least time between two renders of one incident's cards. */
  minUpdateIntervalMs?: number;
  /** More Bot Framework authentication settings (e.g. OpenID metadata URLs in tests). */
  authSettings?: Record<string, string>;
  /** Time limit and retries of replies sent after the request (tests shorten them). */
  replies?: ReplyQueueOptions;
}

export interface Teams {
  /** Unauthenticated (local testing). */
  local: boolean;
  adapter: CloudAdapter;
  bot: ActivityHandler;
  notifier: TeamsNotifier;
  conversations: Conversations;
  /** Replies to requests, sent after the answer. */
  replies: ReplyQueue;
  /** Handler for POST /api/messages, Express's or Node's request (the body already parsed). */
  handle(req: IncomingMessage & { body?: Record<string, unknown> }, res: ServerResponse): Promise<void>;
}

export function createTeams(settings: TeamsSettings, deps: TeamsDeps): Teams {
  const auth = reuseConnectors(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.appPassword,
      MicrosoftAppType: settings.appType,
      MicrosoftAppTenantId: settings.tenantId,
      ...deps.authSettings,
    }),
  );
  const adapter = new TeamsCloudAdapter(auth, deps.log);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const key = turnErrorKey(deps.log, context.activity, error);
    if (context.activity.type === 'message')
      await context.sendActivity(t(deps.config.locale, key)).catch(() => undefined);
  };
  // Adapters reach chat_refs and conversation references only through this app service.
  const places = new ChatPlaces(deps.storage);
  const conversations = new Conversations(places);
  const renderer = new CardRenderer({
    service: deps.service,
    get config() {
      return deps.config;
    },
    knowledge: deps.knowledge,
    log: deps.log,
    conversations,
    web: deps.web ?? null,
  });
  const notifier = new TeamsNotifier({
    adapter: adapter as unknown as ProactiveAdapter,
    appId: settings.appId,
    places,
    get config() {
      return deps.config;
    },
    conversations,
    renderer,
    log: deps.log,
    ...(deps.minUpdateIntervalMs === undefined ? {} : { minUpdateIntervalMs: deps.minUpdateIntervalMs }),
  });
  // Replies leave after the HTTP answer (replies.ts), so a hung connector cannot hold it.
  const replies = new ReplyQueue(adapter as unknown as ReplyAdapter, settings.appId, deps.log, deps.replies);
  const bot = new TeamsBot({
    service: deps.service,
    knowledge: deps.knowledge,
    reports: deps.reports,
    get config() {
      return deps.config;
    },
    places,
    // Retiring an older card is an update through the connector: after the invoke's answer, as
    // every reply (replies.ts), so a slow connector cannot turn a registered report into an error.
    retirer: {
      platform: notifier.platform,
      retireCard: async (ref, text) => replies.run(ref.conversationId, () => notifier.retireCard(ref, text)),
    },
    renderer,
    conversations,
    log: deps.log,
    replies,
    web: deps.web ?? null,
    ...(deps.newId ? { newId: deps.newId } : {}),
  });
  // One handler for every turn (it holds nothing of a turn).
  const deferred = deferReplies(replies);
  return {
    local: settings.local,
    adapter,
    bot,
    notifier,
    conversations,
    replies,
    handle: (req, res) => {
      req.body = cleanActivity(req.body);
      return adapter.processParsed(req, botResponse(res), (context) => {
        context.onSendActivities(deferred);
        return bot.run(context);
      });
    },
  };
}

/** A request as `processParsed` reads it: Express's, its body already parsed. */
type ParsedRequest = Pick<BotRequest, 'body' | 'headers' | 'method'>;

const NOT_AN_OBJECT =
  '`req.body` not an object, make sure you are using middleware to parse incoming requests.';

/**
 * botbuilder's CloudAdapter, with `processParsed`: what `process` does for an HTTP request
 * (botbuilder 4.23 lib/cloudAdapter.js, the same checks, answers and logging, in the same order),
 * without the zod schemas `process` builds and runs on every request — `z.record(z.unknown())`
 * twice, `z.string()` and three custom checks of arguments TypeScript already types: ~20 KB
 * allocated and ~20 µs per click (docs/teams-speed.md, h/teams12). Its two log lines go to our
 * logger, not the console: botbuilder's `console.error(err)` printed whatever the turn threw, message
 * and stack (a driver's error quoting a row, a parse error quoting a message).
 */
export class TeamsCloudAdapter extends CloudAdapter {
  constructor(
    auth: ConstructorParameters<typeof CloudAdapter>[0],
    private readonly log: Pick<TeamsLog, 'warn' | 'error'>,
  ) {
    super(auth);
  }

  async processParsed(
    req: ParsedRequest,
    res: BotResponse,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const end = (status: number, body?: unknown): void => {
      res.status(status);
      if (body) res.send(body);
      res.end();
    };
    if (req.method !== 'POST') return end(405);
    const body = req.body;
    if (!isRecord(body)) return end(400, NOT_AN_OBJECT);
    const activity = validateAndFixActivity(body);
    if (!activity.type) {
      this.log.warn({ status: 400 }, 'teams: bad request, missing activity or activity type');
      return end(400);
    }
    const authHeader = req.headers.Authorization ?? req.headers.authorization ?? '';
    if (typeof authHeader !== 'string') throw new TypeError('Expected string, received array');
    try {
      const answer = await this.processActivity(authHeader, activity, logic);
      return end(answer?.status ?? 200, answer?.body);
    } catch (err) {
      const refused = err instanceof AuthenticationError;
      const where = { err: codesOnly(err), type: activity.type, name: activity.name };
      if (refused) this.log.warn(where, 'teams: request not authenticated');
      else this.log.error(where, 'teams: request failed');
      return end(refused ? 401 : 500, (err as Error).message ?? err);
    }
  }
}

/** What zod's `z.record(z.unknown())` accepts: an object, not null, an array, a promise, a Date,
 *  a Map or a Set (zod's getParsedType). */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as { then?: unknown; catch?: unknown };
  if (typeof v.then === 'function' && typeof v.catch === 'function') return false;
  return !(value instanceof Date || value instanceof Map || value instanceof Set);
}

/** botbuilder's validateAndFixActivity (lib/activityValidator.js; not exported by the package). */
function validateAndFixActivity(activity: Record<string, unknown>): Activity {
  if (typeof activity.type !== 'string') throw new Error('validateAndFixActivity(): missing activity type.');
  if (typeof activity.timestamp === 'string') {
    activity.rawTimestamp = activity.timestamp;
    activity.timestamp = new Date(activity.timestamp);
  }
  if (typeof activity.expiration === 'string') {
    activity.rawExpiration = activity.expiration;
    activity.expiration = new Date(activity.expiration);
  }
  if (typeof activity.localTimestamp === 'string') {
    activity.rawLocalTimestamp = activity.localTimestamp;
    activity.localTimestamp = new Date(activity.localTimestamp);
  }
  return activity as unknown as Activity;
}

/**
 * The response as CloudAdapter drives it (status, then send, then end), written straight to
 * Node's response: Express's `send` would hash every card into an ETag nobody asks for.
 */
export function botResponse(res: ServerResponse): BotResponse {
  let status = 200;
  const out: BotResponse = {
    socket: res.socket,
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return out;
    },
    status(code: number) {
      status = code;
      return out;
    },
    send(body: unknown) {
      if (res.headersSent || body === undefined) return out;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return out;
      }
      // A card's JSON was made when its size was checked (card-json.ts): not made again here,
      // nor copied into a buffer of the whole answer. The pieces go out as they are, corked, in
      // one socket write (end() uncorks); Node encodes each string into that write.
      const pieces = answerPieces(body);
      let length = 0;
      for (const piece of pieces) length += Buffer.byteLength(piece, 'utf8');
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
      res.cork();
      for (let i = 0; i < pieces.length - 1; i++) res.write(pieces[i]);
      res.end(pieces.at(-1));
      return out;
    },
    end() {
      if (!res.writableEnded) {
        if (!res.headersSent) res.statusCode = status;
        res.end();
      }
      return out;
    },
  };
  return out;
}

/**
 * POST /api/messages: a plain JSON request is read by the direct path (direct.ts), ahead of
 * Express; every other one goes to the Express route, with its own JSON parser (CloudAdapter
 * needs the parsed body), as it always did — and so does anything the direct path hands back.
 */
export function mountTeams(http: Pick<HttpServer, 'app' | 'direct'>, teams: Teams): void {
  // Without a token there is nothing to verify, and a token that is not RSA-signed cannot be
  // the Bot Framework's: answered (401) by the Express route, before the adapter fetches keys
  // (and logs each one).
  const plausible = (req: IncomingMessage) => teams.local || plausibleBotToken(req.headers.authorization);
  http.app.post(MESSAGES_PATH, raiseHandedBack, express.json({ limit: '1mb' }), (req, res, next) => {
    if (!plausible(req)) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    teams.handle(req, res).catch(next);
  });
  http.direct(MESSAGES_PATH, directJson(http.app, plausible, teams.handle));
}

export interface StartedTeams {
  teams: Teams;
  running: RunningModule;
}

export function startTeams(ctx: AppContext, settings: TeamsSettings): StartedTeams {
  if (settings.local) {
    ctx.http.bindTo(LOCAL_HOST);
    ctx.log.warn(
      `Teams runs UNAUTHENTICATED (TEAMS_LOCAL=1, no MicrosoftAppId): local testing only, so the server listens on ${LOCAL_HOST} only`,
    );
  }
  const teams = createTeams(settings, {
    service: ctx.service,
    // Read per use: a reloaded configuration reaches the next activity (config-holder.ts).
    get config() {
      return ctx.configs.current();
    },
    storage: ctx.storage,
    log: ctx.log,
    knowledge: ctx.knowledge,
    web: ctx.web ?? null,
    reports: ctx.reports,
  });
  mountTeams(ctx.http, teams);
  ctx.notifiers.push(teams.notifier);
  ctx.directories.push(
    teamsDirectory({
      adapter: teams.adapter as unknown as ProactiveTurns,
      appId: settings.appId,
      conversations: teams.conversations,
      lookIn: () => rostersOf(ctx.configs.fromFile()),
    }),
  );
  ctx.log.info({ authenticated: !settings.local }, `Teams is on: POST ${MESSAGES_PATH}`);
  return { teams, running: { stop: async () => teams.replies.close() } };
}

/** Logs why a turn failed — the database, Teams itself (its host and code), or anything else —
 *  and picks the words for the person. */
function turnErrorKey(
  log: TeamsDeps['log'],
  activity: { type: string; name?: string },
  error: Error,
): `teams.error.${'generic' | 'platform_unreachable' | ReturnType<typeof outageKind>}` {
  const outage = databaseUnavailableCode(error);
  if (outage) {
    log.warn({ code: outage, type: activity.type }, 'teams: database unavailable');
    return `teams.error.${outageKind(outage)}`;
  }
  const platform = platformUnreachable(error);
  if (platform) {
    log.warn({ ...platform, type: activity.type }, 'teams: could not reach the Bot Framework service');
    return 'teams.error.platform_unreachable';
  }
  log.error({ err: codesOnly(error), type: activity.type, name: activity.name }, 'teams: turn failed');
  return 'teams.error.generic';
}
