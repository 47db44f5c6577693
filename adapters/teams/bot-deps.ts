// What the Teams bot's surfaces are built from: the use cases, configuration and the Teams
// plumbing (renderer, conversation references, the reply queue).
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { ReportService } from '../../src/app/reports/report-service.js';
import type { TriageService } from '../../src/app/triage-service.js';
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
  renderer: CardRenderer;
  conversations: Conversations;
  log: TeamsLog;
  /** Sends after the HTTP answer (a hung connector must not hold it). */
  replies: Pick<ReplyQueue, 'send' | 'inConversation'>;
  /** Ids for new on-site tasks (tests may fix them). */
  newId?: () => string;
}
