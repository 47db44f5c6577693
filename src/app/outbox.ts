// Effects become outbox rows in the same transaction as the change, so a crash between
// commit and delivery loses nothing: the relay (scheduler / notifier) reads them later.
import type { Effect } from '../core/decision.js';
import type { Incident } from '../core/types.js';
import type { OutboxMessage } from './ports.js';

/**
 * The outbox topic vocabulary, here alone: `timer.*` rows are relayed to the scheduler
 * (src/jobs/timer-relay.ts), `notify.*` and `view.refresh` rows to the chat platforms
 * (src/app/delivery.ts, src/jobs/delivery-queue.ts). Stored in rows: renaming one needs a migration.
 */
export const TOPIC = {
  timerChanged: 'timer.changed',
  viewRefresh: 'view.refresh',
} as const;

export const TOPIC_PREFIX = {
  timer: 'timer.',
  notify: 'notify.',
} as const;

/** What the delivery relays claim (prefixes; `view.refresh` is its own). */
export const DELIVERY_TOPIC_PREFIXES = [TOPIC_PREFIX.notify, TOPIC.viewRefresh] as const;

/** `notify.<effect type>`: one topic per kind of chat notification. */
export const notifyTopic = (type: Effect['type']): string => `${TOPIC_PREFIX.notify}${type}`;

export function topicOf(effect: Effect): string {
  if (effect.type === 'timers_changed') return TOPIC.timerChanged;
  if (effect.type === 'refresh_views') return TOPIC.viewRefresh;
  return notifyTopic(effect.type);
}

/** Dedupe keys are derived from the incident version: the same change never enqueues twice. */
export function outboxMessages(incident: Incident, effects: readonly Effect[], now: Date): OutboxMessage[] {
  return effects.map((effect, index) => ({
    incidentId: incident.id,
    topic: topicOf(effect),
    // Object.assign, not `{ ...effect, version, number }`: the same object at a fraction of the
    // cost on Node 20 (keys added after a spread; docs/core-speed.md).
    payload: Object.assign({} as Record<string, unknown>, effect, {
      version: incident.version,
      number: incident.number,
    }),
    dedupeKey: `${incident.id}.v${incident.version}.${index}`,
    availableAt: now,
  }));
}

/**
 * A re-render of every card of the incident for something that changed beside it (the
 * knowledge base's ranking after "didn't help", a new search): unique per instant and reason.
 */
export function refreshMessage(incident: Incident, reason: string, now: Date): OutboxMessage {
  return {
    incidentId: incident.id,
    topic: TOPIC.viewRefresh,
    payload: { type: 'refresh_views', version: incident.version, number: incident.number, reason },
    dedupeKey: `${incident.id}.v${incident.version}.${reason}.${now.getTime()}`,
    availableAt: now,
  };
}
