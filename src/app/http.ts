// The bot's HTTP surface: health, a landing line, and a home for the platform routes.
// No body parser is installed globally: Bolt verifies Slack's signature over the *raw* body on
// its own route, and the Teams route adds `express.json()` for itself.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import express from 'express';
import { codesOnly } from './log.js';
import { type Metrics, platformOfRoute } from './metrics.js';
import type { PlatformHealth } from './platform-health.js';

export type HealthReport = Record<string, 'ok' | string>;

/** The port cannot be had (taken, or privileged): one line naming it and the setting to change. */
export class ListenError extends Error {
  override name = 'ListenError';
}

const LISTEN_REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use by another process; set PORT to a free port',
  EACCES: 'needs privileges this process lacks; set PORT to a port from 1024 up',
  EADDRNOTAVAIL: 'is on an address this machine does not have; check HOST',
};

/** A listen failure the operator can fix becomes a ListenError; anything else stays as it is. */
function listenError(e: unknown, port: number, host: string | undefined): unknown {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const reason = LISTEN_REASONS[code];
  if (!reason) return e;
  const where = host === undefined ? `port ${port}` : `port ${port} on ${host}`;
  return new ListenError(`http: cannot listen: ${where} ${reason} (${code})`);
}

/** Pino's logger fits this shape; tests can pass a silent one. */
export interface HttpLog {
  info(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  /** Resolves to one entry per dependency: 'ok' or what is wrong with it. */
  health: () => Promise<HealthReport>;
  log: HttpLog;
  /** A hung dependency must not hang the probe (Docker kills the check, not the cause). */
  healthTimeoutMs?: number;
  /** After this long, close() drops connections still busy with a request. */
  closeTimeoutMs?: number;
  /** Request latency per platform and route (GET /metrics). */
  metrics?: Metrics;
  /** The chat platforms that are on and how their latest deliveries went (GET /readyz). */
  platforms?: () => Record<string, PlatformHealth>;
  /** How long /readyz answers 503 'stopping' before close() stops taking connections: time for a
   *  load balancer's probe to notice and send traffic elsewhere (SHUTDOWN_DRAIN_MS). */
  drainMs?: number;
  /** Parts still warming up (warm-up.ts): /readyz answers 503 'starting' while there are any. */
  warming?: () => readonly string[];
}

export interface HttpServer {
  app: express.Express;
  listen(): Promise<Server>;
  /** /readyz turns 503 'stopping' at once; after `drainMs` the server stops taking connections,
   *  lets in-flight requests finish, and resolves. */
  close(): Promise<void>;
  /** Listens on `host` instead (before listen): e.g. 127.0.0.1 while Teams runs unauthenticated. */
  bindTo(host: string): void;
  /**
   * POST `path` (exactly, no query) offered first to `handler`, on Node's own request and response,
   * ahead of Express's routing, request decoration and body parsers (a Teams click's ~5 % of CPU,
   * docs/teams-speed.md h/teams400). The handler returns false to leave the request to Express
   * untouched; true when it answers (timed as `path` when metrics are on, as Express would time it).
   * It runs its work inside `scoped` (the `scope` wrappers), e.g. once the body has arrived.
   */
  direct(path: string, handler: DirectHandler): void;
  /**
   * Every request from here on runs inside `wrap`: Express's as a middleware at this point of its
   * stack, a direct route's work where it runs it (e.g. the configuration pinned per request).
   */
  scope(wrap: <T>(work: () => T) => T): void;
}

/** See HttpServer.direct. */
export type DirectHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  scoped: (work: () => void) => void,
) => boolean;

/** Runs named checks in parallel; a check that throws or rejects reports its message. */
export function healthChecks(checks: Record<string, () => Promise<unknown>>): () => Promise<HealthReport> {
  return async () => {
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map((name) => checks[name]?.()));
    return Object.fromEntries(
      results.map((r, i) => [names[i], r.status === 'fulfilled' ? 'ok' : errorMessage(r.reason)]),
    );
  };
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  const direct = new Map<string, DirectHandler>();
  const scopes: (<T>(work: () => T) => T)[] = [];
  const inScopes = (i: number, work: () => void): void => {
    const wrap = scopes[i];
    if (wrap) wrap(() => inScopes(i + 1, work));
    else work();
  };
  const scoped = (work: () => void) => inScopes(0, work);
  if (opts.metrics) app.use(timeRequests(opts.metrics));
  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send('ITSS IM2 incident triage bot (Slack + Teams). Health: GET /healthz, /livez, /readyz\n');
  });
  // 200 {status:'ok'} when every check passes. 503 otherwise, naming what fails in `failing`
  // and `checks` (e.g. redis: 'down: ECONNREFUSED'): status 'error' when the database (or the
  // probe itself) fails — nothing can be done — and 'degraded' when only another dependency
  // does (Redis: commands still commit, deadlines fire from the database, chat waits).
  app.get('/healthz', async (_req, res) => {
    const checks = await runHealth(opts.health, opts.healthTimeoutMs ?? 5_000);
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    res.set('cache-control', 'no-store');
    if (failing.length === 0) res.status(200).json({ status: 'ok', checks });
    else res.status(503).json({ status: degradedOnly(failing) ? 'degraded' : 'error', checks, failing });
  });

  // Kubernetes-style probes. /livez: the process answers (restart it if not); it checks nothing
  // else, so a database outage never gets a healthy process killed. /readyz: whether to send it
  // traffic — 503 only when an essential dependency (the database) fails, or from the moment
  // shutdown begins ('stopping'); with Redis down it stays ready ('degraded'), because commands
  // still commit and deadlines fire from the database. It also names each chat platform that is
  // on with how this process's latest delivery through it went (platform-health.ts); a failing
  // one makes it 'degraded', never 503: another instance would fail the same way. Right after
  // start it is 503 'starting' while `warming` names work that would stall requests (warm-up.ts).
  let stopping = false;
  app.get('/livez', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'alive' });
  });
  app.get('/readyz', async (_req, res) => {
    res.set('cache-control', 'no-store');
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const checks = await runHealth(opts.health, opts.healthTimeoutMs ?? 5_000);
    const platforms = opts.platforms?.() ?? {};
    const failing = [
      ...Object.keys(checks).filter((name) => checks[name] !== 'ok'),
      ...Object.keys(platforms)
        .filter((name) => platforms[name]?.state === 'failing')
        .map((name) => `platforms.${name}`),
    ];
    const warming = opts.warming?.() ?? [];
    const body = { checks, platforms, failing, ...(warming.length > 0 ? { warming } : {}) };
    if (!degradedOnly(failing)) res.status(503).json({ status: 'not_ready', ...body });
    else if (warming.length > 0) res.status(503).json({ status: 'starting', ...body });
    else res.status(200).json({ status: failing.length === 0 ? 'ready' : 'degraded', ...body });
  });

  let listening: Promise<Server> | undefined;
  let fallbacksInstalled = false;
  let host = opts.host;

  function listen(): Promise<Server> {
    // Fallbacks go last, at listen time, so routes the adapters mount after creation still match.
    listening ??= new Promise<Server>((resolve, reject) => {
      if (!fallbacksInstalled) installFallbacks(app, opts.log);
      fallbacksInstalled = true;
      const server = createServer((req, res) => {
        const handler = req.method === 'POST' ? direct.get(req.url ?? '') : undefined;
        const started = performance.now();
        if (!handler?.(req, res, scoped)) return void app(req, res);
        if (opts.metrics) timeResponse(opts.metrics, req.url ?? '', res, started);
      });
      server.once('error', (e) => reject(listenError(e, opts.port, host)));
      server.once('listening', () => {
        opts.log.info({ address: server.address() }, 'http listening');
        resolve(server);
      });
      // No host: Node's default, all interfaces (IPv6 with IPv4 fallback), which a container needs.
      if (host === undefined) server.listen(opts.port);
      else server.listen(opts.port, host);
    });
    return listening;
  }

  async function close(): Promise<void> {
    stopping = true;
    if (!listening) return;
    if (opts.drainMs) {
      opts.log.info({ drainMs: opts.drainMs }, 'not ready (/readyz 503); serving until the drain ends');
      await new Promise((resolve) => setTimeout(resolve, opts.drainMs));
    }
    const s = await listening.catch(() => undefined);
    listening = undefined;
    if (!s?.listening) return;
    await closeGracefully(s, opts.closeTimeoutMs ?? 10_000);
    opts.log.info('http closed');
  }

  return {
    app,
    listen,
    close,
    bindTo: (h) => {
      host = h;
    },
    direct: (path, handler) => {
      direct.set(path, handler);
    },
    scope: (wrap) => {
      app.use((_req, _res, next) => wrap(next));
      scopes.push(wrap);
    },
  };
}

/** The routes the bot serves, as metric labels; anything else is `other` (no unbounded labels). */
const KNOWN_ROUTES = [
  '/slack/events',
  '/api/messages',
  '/healthz',
  '/livez',
  '/readyz',
  '/metrics',
  '/admin/outbox/failed',
];

function timeRequests(metrics: Metrics): express.RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // Read now: a mounted router (Bolt's) rewrites the path while it handles the request.
    // The web pages count as one route: their paths carry incident ids (unbounded labels).
    const web = req.path === '/web' || req.path.startsWith('/web/');
    const route = web ? '/web' : (KNOWN_ROUTES.find((r) => req.path === r) ?? 'other');
    timeResponse(metrics, route, res, started);
    next();
  };
}

/** Responses already timed: one the direct path handed back to Express is timed once, from arrival. */
const timed = new WeakSet<ServerResponse>();

function timeResponse(metrics: Metrics, path: string, res: ServerResponse, started: number): void {
  if (timed.has(res)) return;
  timed.add(res);
  const route = KNOWN_ROUTES.includes(path) ? path : path === '/web' ? '/web' : 'other';
  res.once('finish', () => {
    metrics.httpRequest(platformOfRoute(route), route, res.statusCode, (performance.now() - started) / 1000);
  });
}

/** Checks whose failure leaves the instance unable to do anything: status 'error'. */
const ESSENTIAL_CHECKS = new Set(['database', 'health']);

const degradedOnly = (failing: readonly string[]) => !failing.some((name) => ESSENTIAL_CHECKS.has(name));

async function runHealth(health: () => Promise<HealthReport>, timeoutMs: number): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => resolve({ health: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([health(), timeout]);
  } catch (err) {
    return { health: errorMessage(err) };
  } finally {
    clearTimeout(timer);
  }
}

function installFallbacks(app: express.Express, log: HttpLog): void {
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', path: req.path });
  });
  // Four parameters: Express only treats it as an error handler with this arity.
  app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = httpStatus(err);
    if (status >= 500)
      log.error({ err: codesOnly(err), method: req.method, path: req.path }, 'http request failed');
    // Client errors (bad JSON, too large) may say why; server errors never leak internals.
    res.status(status).json({ error: status >= 500 ? 'internal_error' : errorMessage(err) });
  });
}

function httpStatus(err: unknown): number {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Stops accepting, lets in-flight requests finish, then cuts whatever is left. */
function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // A keep-alive socket only turns idle once its response is sent, and an idle one would hold
    // close() open until the client drops it: sweep idle sockets until the server has closed.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close((err) => {
      clearInterval(sweep);
      clearTimeout(force);
      if (err) reject(err);
      else resolve();
    });
  });
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : String(err);
}
