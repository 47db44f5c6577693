// What every Slack listener needs: the use cases and configuration, the Web API client, the
// notifier (to re-render cards) and a few helpers for answering one person.

import type { ThreadReplies } from '../../src/app/thread-replies.js';
import type { SlackDeps, WebClient } from './deps.js';
import type { Block } from './elements.js';
import type { SlackNotifier } from './notifier.js';
import type { WorkTracker } from './tracker.js';

export type { SlackDeps, SlackLog, WebClient } from './deps.js';

export interface SlackContext extends SlackDeps {
  client: WebClient;
  notifier: SlackNotifier;
  tracker: WorkTracker;
  /** What a reply in one of our threads means (the application's rule, every platform). */
  threadReplies: ThreadReplies;
  /** Display names of people the configuration does not know (reporters), cached. */
  displayName(userId: string, fallback?: string): Promise<string>;
  /** A few words (or blocks, `text` their fallback) to one person only: ephemeral in `channel`
   *  (in `thread`), else a DM. */
  tell(
    userId: string,
    channel: string | null,
    text: string,
    thread?: string,
    blocks?: Block[],
  ): Promise<void>;
}
