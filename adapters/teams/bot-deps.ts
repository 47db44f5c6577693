// What the Teams bot's surfaces are built from: the use cases, configuration and the Teams
// plumbing (renderer, conversation references, the reply queue).

import type { CardRetirer } from '../../src/app/chat-delivery.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { ReportService } from '../../src/app/reports/report-service.js';
import type { TriageService } from '../../src/app/triage-service.js';
import type { WebLinks } from '../../src/app/web-server/chat-link.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { Conversations } from './conversations.js';
import type { TeamsLog } from './notifier.js';
import type { CardRenderer } from './render.js';
import type { ReplyQueue } from './replies.js';

export interface TeamsBotDeps {
  service: TriageService;
  /** IM2.7–IM2.10: "didn't help", search again, save as knowledge, an applied entry's ranking. */
  knowledge: KnowledgeService;
  /** The period reports, for agents and incident managers (issue 13). */
  reports: ReportService;
  config: TriageConfig;
  places: ChatPlaces;
  /** Retires the older card a card posted here replaced (keepNewCard): the Teams notifier. */
  retirer: CardRetirer;
  renderer: CardRenderer;
  conversations: Conversations;
  log: TeamsLog;
  /** Sends after the HTTP answer (a hung connector must not hold it). */
  replies: Pick<ReplyQueue, 'send' | 'inConversation'>;
  /** Ids for new on-site tasks (tests may fix them). */
  newId?: () => string;
  /** The web pages' sign-in links (`web`); null or absent when they are off. */
  web?: WebLinks | null;
}
