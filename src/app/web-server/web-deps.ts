// What the web routes are built from, and what a page handler gets once the person is known.
import type { Locale, TriageConfig } from '../../core/config.js';
import type { Actor } from '../../core/types.js';
import type { ExportQueries } from '../reports/export-port.js';
import type { ReportService } from '../reports/report-service.js';
import type { Clock, TriageService } from '../triage-service.js';
import type { PageFrame } from '../web/layout.js';
import type { DeskQueueQueries } from './desk-queue.js';
import type { WebAuth } from './web-auth.js';

export interface WebPagesDeps {
  auth: WebAuth;
  config: TriageConfig;
  service: TriageService;
  reports: ReportService;
  exports: ExportQueries;
  queue: DeskQueueQueries;
  clock: Clock;
  log: { error(obj: object, msg?: string): void };
  /** Rows on the desk queue page (default 200). */
  queueLimit?: number;
}

export interface Visit {
  actor: Actor;
  locale: Locale;
  frame: Omit<PageFrame, 'title'>;
}
