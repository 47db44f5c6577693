// The contract between the composition root (src/main) and the parts it switches on: chat
// adapters, schedulers and background jobs receive an AppContext and return a RunningModule.
// Here, not in src/main, so that modules depend on the application, never on the wiring.
import type { Logger } from 'pino';
import type { TriageConfig } from '../core/config.js';
import type { ConfigHolder } from './config-holder.js';
import type { DeliveryHooks } from './delivery.js';
import type { DirectorySource } from './directory/read.js';
import type { Settings } from './env.js';
import type { HttpServer } from './http.js';
import type { KnowledgeService } from './knowledge-service.js';
import type { Metrics } from './metrics.js';
import type { ChatNotifier } from './notifier.js';
import type { Storage } from './ports.js';
import type { ExportQueries } from './reports/export-port.js';
import type { ReportService } from './reports/report-service.js';
import type { Clock, TriageService } from './triage-service.js';
import type { WebLinks } from './web-server/chat-link.js';

export interface AppContext {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  /** The configuration now (`configs.current()`); a module that keeps something built from it
   *  reads `configs` per use instead, so a reload reaches it (config-holder.ts). */
  readonly config: TriageConfig;
  configs: ConfigHolder;
  storage: Storage;
  service: TriageService;
  http: HttpServer;
  log: Logger;
  clock: Clock;
  /** Chat adapters that are on push their notifier here; outbox delivery sends through them. */
  notifiers: ChatNotifier[];
  /** …and what they can tell about their users (the directory, src/app/directory). */
  directories: DirectorySource[];
  /** IM2.7–IM2.10 over the knowledge base, known errors and earlier incidents. */
  knowledge: KnowledgeService;
  /** The period reports (agents and managers) and the CSV export behind them (issue 13). */
  reports: ReportService;
  exports: ExportQueries;
  /** What is counted and timed (/metrics); absent in tests and tools. */
  metrics?: Metrics;
  /** The web pages' sign-in links (issue 13 item 6); null or absent when the pages are off. */
  web?: WebLinks | null;
}

export interface RunningModule {
  /** One /healthz entry under the module's name. */
  health?: () => Promise<unknown>;
  /** /healthz entries named after the dependency they probe (e.g. `redis`). */
  checks?: Record<string, () => Promise<unknown>>;
  stop(): Promise<void>;
}

/** A part of the bot the environment may switch on; `start` returns null when it stays off. */
export interface AppModule {
  name: string;
  start(ctx: AppContext): Promise<RunningModule | null>;
}

/** What outbox delivery does beside rendering cards: IM2.7 records what the desk is shown. */
export function deliveryHooks(ctx: Pick<AppContext, 'knowledge' | 'log' | 'metrics'>): DeliveryHooks {
  return {
    failed: (topic) => ctx.metrics?.deliveryFailed(topic),
    // Async, so that even a synchronous failure becomes a logged warning, never a lost refresh.
    async beforeRefresh(incident, knowledgeVersion) {
      try {
        await ctx.knowledge.recordMatchesOnce(incident, knowledgeVersion);
      } catch (err) {
        ctx.log.warn(
          { err, incident: incident.number },
          'IM2.7 matches not recorded; the cards still show them',
        );
      }
    },
  };
}
