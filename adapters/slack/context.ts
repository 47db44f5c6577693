// What every Slack listener needs: the use cases and configuration, the Web API client, the
// notifier (to re-render cards) and a few helpers for answering one person.
import type { webApi } from '@slack/bolt';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { Inbox } from '../../src/app/inbox.js';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { Clock, TriageService } from '../../src/app/triage-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { SlackNotifier } from './notifier.js';
import type { WorkTracker } from './tracker.js';

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
  /** Durable acknowledgement: every request is stored here before Slack is answered. */
  inbox: Inbox;
}

export interface SlackContext extends SlackDeps {
  client: WebClient;
  notifier: SlackNotifier;
  tracker: WorkTracker;
  /** Display names of people the configuration does not know (reporters), cached. */
  displayName(userId: string, fallback?: string): Promise<string>;
  /** A few words to one person only: ephemeral in `channel` (in `thread`), else a DM. */
  tell(userId: string, channel: string | null, text: string, thread?: string): Promise<void>;
}
