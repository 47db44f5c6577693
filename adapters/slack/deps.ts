// What the Slack adapter is built from: the use cases, configuration and log. Its own file so
// the notifier (built from these) and the listeners' context (which holds the notifier) do not
// import each other.
import type { webApi } from '@slack/bolt';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { Inbox } from '../../src/app/inbox.js';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { ReportService } from '../../src/app/reports/report-service.js';
import type { Clock, TriageService } from '../../src/app/triage-service.js';
import type { WebLinks } from '../../src/app/web-server/chat-link.js';
import type { TriageConfig } from '../../src/core/config.js';

export type WebClient = webApi.WebClient;

/** Pino fits this shape. */
export interface SlackLog {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

export interface SlackDeps {
  service: TriageService;
  config: TriageConfig;
  /** Where the cards are (chat_refs); adapters never use the Storage port. */
  places: ChatPlaces;
  clock: Clock;
  log: SlackLog;
  knowledge: KnowledgeService;
  /** The period reports, for agents and incident managers (issue 13). */
  reports: ReportService;
  /** Durable acknowledgement: every request is stored here before Slack is answered. */
  inbox: Inbox;
  /** The web pages: sign-in links and card links (null or absent when they are off). */
  web?: WebLinks | null;
  /** Runs a request's work with one configuration throughout (ConfigSource.pin); absent: as is. */
  pinConfig?: <T>(work: () => T) => T;
}
