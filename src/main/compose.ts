// Composition root: configuration, storage, use cases, HTTP, then whichever modules (chat
// adapters, schedulers) the environment turns on. main.ts only calls startApp().
import type { Logger } from 'pino';
import { type Database, openDatabase } from '../../db/connect.js';
import { createMatching } from '../../db/knowledge-search.js';
import { createKnowledgeStore } from '../../db/knowledge-store.js';
import { createExportQueries } from '../../db/reports/export.js';
import { createReportQueries } from '../../db/reports/index.js';
import { createStorage } from '../../db/repository.js';
import type { AppContext, AppModule, RunningModule } from '../app/app-module.js';
import { ConfigHolder, type ConfigSource, sourceOf } from '../app/config-holder.js';
import { ConfigReloader, type ReloadOutcome } from '../app/config-reload.js';
import { EMAIL, unreachableTeams } from '../app/delivery-plan.js';
import type { Settings } from '../app/env.js';
import { createHttpServer, healthChecks } from '../app/http.js';
import { KnowledgeService } from '../app/knowledge-service.js';
import { createLogger } from '../app/log.js';
import { type Metrics, noMetrics, timedMatching } from '../app/metrics.js';
import type { ChatNotifier } from '../app/notifier.js';
import { PlatformWatch } from '../app/platform-health.js';
import { ReportService } from '../app/reports/report-service.js';
import { type Clock, systemClock, TriageService } from '../app/triage-service.js';
import { WarmUp } from '../app/warm-up.js';
import { configWarnings, loadConfig } from '../config/load.js';
import { coveredYears } from '../core/calendar.js';
import type { TriageConfig } from '../core/config.js';
import {
  defaultAnalyzer,
  defaultAnalyzerBuilt,
  deferredDefaultAnalyzer,
} from '../matching/production-analyzer.js';
import { createPrometheus } from './prometheus.js';
import { mountWebPages } from './web-pages.js';

export interface RunningApp extends AppContext {
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Reads the configuration file again (SIGHUP; the file watcher calls the same). */
  reloadConfig(): Promise<ReloadOutcome>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  modules?: readonly AppModule[];
  log?: Logger;
  clock?: Clock;
  /** Watch the configuration file for changes (default true when there is one). */
  watchConfig?: boolean;
}

export async function startApp(settings: Settings, opts: StartOptions = {}): Promise<RunningApp> {
  const log = opts.log ?? createLogger(settings.logLevel);
  const configs = new ConfigHolder(loadConfig(settings.configPath ?? undefined));
  for (const warning of configWarnings(configs.current(), () => [...coveredYears()]))
    log.warn(`configuration: ${warning}`);
  const db = await openStorage(settings, log);
  const storage = createStorage(db);
  const clock = opts.clock ?? systemClock;
  const checks: Record<string, () => Promise<unknown>> = { database: () => storage.ping() };
  const prometheus = createPrometheus(storage);
  const { metrics } = prometheus;
  const platforms = new PlatformWatch(clock, settings.role);
  const warmUp = new WarmUp(log);
  warmUp.add('knowledge analyzer', { work: defaultAnalyzer, done: defaultAnalyzerBuilt });
  const http = createHttpServer({
    port: settings.port,
    host: settings.host,
    health: healthChecks(checks),
    log,
    metrics,
    platforms: () => platforms.report(),
    drainMs: settings.shutdownDrainMs ?? 0,
    warming: () => warmUp.names(),
  });
  prometheus.mount(http.app);
  // Every request after this one sees one configuration throughout (config-holder.ts `pin`);
  // the platforms' routes are mounted later, so they are all inside it.
  http.scope((work) => configs.pin(work));
  const service = new TriageService(storage, configs, clock, log, metrics);
  await recomputeProvisional(service, log);
  const ctx: AppContext = {
    settings,
    env: opts.env ?? process.env,
    get config() {
      return configs.current();
    },
    configs,
    storage,
    service,
    knowledge: knowledgeService(db, service, metrics),
    ...reportServices(db, configs, clock),
    http,
    log,
    clock,
    notifiers: [],
    directories: [],
    metrics,
  };
  const reloader = new ConfigReloader(ctx, configs, settings.configPath);
  ctx.web = mountWebPages(ctx, db);
  const running = await startModules(ctx, opts.modules ?? [], checks, platforms);
  if (settings.configPath && watchesConfig(ctx.env, opts)) running.push(reloader.watch());
  const server = await http.listen();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  log.info({ port, storage: db.kind }, 'ITSS triage bot is up; health at /healthz');
  warmUp.startAfterFirstAnswer(server);
  // Assigned onto ctx, not spread: a spread would copy `config` once and freeze it.
  return Object.assign(ctx, {
    port,
    reloadConfig: () => reloader.reload(),
    stop: () => stopAll(ctx, running),
  });
}

/** The knowledge base over the same database. Loading jieba's dictionary takes a moment; the
 *  analyzer is shared by every caller in the process. */
export function knowledgeService(
  db: Database,
  service: TriageService,
  metrics: Metrics = noMetrics,
): KnowledgeService {
  const analyzer = deferredDefaultAnalyzer();
  const matching = timedMatching(createMatching(db, analyzer), metrics);
  return new KnowledgeService(service, matching, createKnowledgeStore(db, analyzer));
}

/** The period reports and the CSV export over the same database (issue 13). */
export function reportServices(
  db: Database,
  config: TriageConfig | ConfigSource,
  clock: Clock,
): Pick<AppContext, 'reports' | 'exports'> {
  const configs = sourceOf(config);
  return {
    reports: new ReportService(
      createReportQueries(db),
      () => configs.current().limits,
      () => clock.now(),
    ),
    exports: createExportQueries(db),
  };
}

/** ITSS_CONFIG_WATCH=off where file events are unreliable (some network file systems): SIGHUP only. */
const watchesConfig = (env: NodeJS.ProcessEnv, opts: StartOptions): boolean =>
  opts.watchConfig ?? env.ITSS_CONFIG_WATCH?.trim().toLowerCase() !== 'off';

/** Before any module starts, so the relay finds the re-armed timers in the outbox. */
async function recomputeProvisional(service: TriageService, log: Logger): Promise<void> {
  const changed = await service.recomputeProvisionalDeadlines();
  if (changed.length > 0)
    log.info(
      { incidents: changed.map((i) => i.number) },
      'IM2.3 provisional deadlines recomputed on the calendar now configured',
    );
}

async function openStorage(settings: Settings, log: Logger): Promise<Database> {
  if (!settings.databaseUrl)
    log.info({ dataDir: settings.dataDir }, 'no DATABASE_URL: using embedded PostgreSQL (PGlite)');
  return openDatabase({
    ...(settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : { dataDir: settings.dataDir }),
    log: (msg) => log.info(msg),
  });
}

async function startModules(
  ctx: AppContext,
  modules: readonly AppModule[],
  checks: Record<string, () => Promise<unknown>>,
  platforms: PlatformWatch,
): Promise<RunningModule[]> {
  const running: RunningModule[] = [];
  const startedNames = new Set<string>();
  for (const module of modules) {
    const before = ctx.notifiers.length;
    const started = await module.start(ctx);
    // A chat module's notifier, watched for /readyz before any module after it delivers through it.
    for (let i = before; i < ctx.notifiers.length; i++)
      ctx.notifiers[i] = platforms.watch(ctx.notifiers[i] as ChatNotifier);
    if (!started) continue;
    startedNames.add(module.name);
    running.push(started);
    if (started.health) checks[module.name] = started.health;
    Object.assign(checks, started.checks);
  }
  warnWithoutChat(ctx, modules, startedNames);
  warnUnreachableTeams(ctx);
  return running;
}

const CHAT_MODULES = ['slack', 'teams'];

/** Each chat module says it is off at info level; with both off the bot serves /healthz and the
 *  web pages while nobody can report or be told anything, which an operator must not miss. */
function warnWithoutChat(ctx: AppContext, modules: readonly AppModule[], started: Set<string>): void {
  const offered = modules.some((m) => CHAT_MODULES.includes(m.name));
  if (!offered || CHAT_MODULES.some((name) => started.has(name))) return;
  ctx.log.warn(
    'no chat platform is on (Slack and Teams are both off; the lines above say what to set): nobody can report, triage or be told about an incident until one is',
  );
}

/** IM2.11 to a team no platform that is on reaches tells nobody (the desk hears it then, too):
 *  the operator learns at start-up which teams those are. Ids only, from the configuration. */
function warnUnreachableTeams(ctx: AppContext): void {
  const platforms = ctx.notifiers.map((n) => n.platform).filter((p) => p !== EMAIL);
  if (platforms.length === 0) return; // warnWithoutChat has said it
  const teams = unreachableTeams(ctx.config, platforms);
  if (teams.length > 0)
    ctx.log.warn(
      { teams, platforms },
      `configuration: no chat platform that is on reaches team(s) ${teams.join(', ')}: an assignment to them notifies nobody (give them a channel or members on ${platforms.join('/')}, or turn their platform on)`,
    );
}

/** Stops modules in reverse order (adapters before the storage they write to). */
async function stopAll(ctx: AppContext, running: RunningModule[]): Promise<void> {
  await ctx.http.close();
  for (const module of [...running].reverse()) await module.stop();
  await ctx.storage.close();
}
