// Effects become outbox rows in the same transaction as the change, so a crash between
// commit and delivery loses nothing: the relay (scheduler / notifier) reads them later.
import type { Effect } from '../core/decision.js';
import type { Incident } from '../core/types.js';
import type { OutboxMessage, OutboxRecord } from './ports.js';

/**
 * The outbox topic vocabulary, here alone: `timer.*` rows are relayed to the scheduler
 * (src/jobs/timer-relay.ts), `chat.change`, `notify.*` and `view.refresh` rows to the chat
 * platforms (src/app/delivery.ts, src/jobs/delivery-queue.ts). Stored in rows: renaming one needs
 * a migration.
 */
export const TOPIC = {
  timerChanged: 'timer.changed',
  viewRefresh: 'view.refresh',
  /** A change's chat effects, in order, in one row (ChangePayload). Deliberately *not* under
   *  `notify.`: a release before it (an old worker still running in a rolling update, or a
   *  rollback) claims only `notify.*` and `view.refresh`, and would have read this row as one
   *  unknown effect, sent nothing and marked it done. Outside its prefixes the row waits for a
   *  release that reads it (docs/operations.md: the way back splits such rows). Not `timer.`:
   *  the delivery relay's pending index is every topic but those (migration 0019). */
  chatChange: 'chat.change',
} as const;

export const TOPIC_PREFIX = {
  timer: 'timer.',
  notify: 'notify.',
} as const;

/** What the delivery relays claim (prefixes; `chat.change` and `view.refresh` are their own). */
export const DELIVERY_TOPIC_PREFIXES = [TOPIC.chatChange, TOPIC_PREFIX.notify, TOPIC.viewRefresh] as const;

/** `notify.<effect type>`: one topic per kind of chat notification. */
export const notifyTopic = (type: Effect['type']): string => `${TOPIC_PREFIX.notify}${type}`;

export function topicOf(effect: Effect): string {
  if (effect.type === 'timers_changed') return TOPIC.timerChanged;
  if (effect.type === 'refresh_views') return TOPIC.viewRefresh;
  return notifyTopic(effect.type);
}

/** A `chat.change` row's payload: the change's chat effects in commit order, the card refresh
 *  (when there is one) last. Rows of an older release carry one effect each (`notify.<type>`,
 *  `view.refresh`): effectsOf reads both. */
export interface ChangePayload {
  type: 'change';
  version: number;
  number: string;
  effects: Effect[];
}

/**
 * One row per change and consumer, not one per effect (docs/core-speed.md, h/onerow): the timer
 * relay's signal when the pending timers moved, and one delivery row with the change's chat
 * effects in order — the refresh that closes every change rides with its notifications. A change
 * that only refreshes the cards keeps its `view.refresh` row (coalesced per incident by both
 * relays). Each row is inserted, leased, marked and pruned: 2.6 rows a transition were 1.7.
 * Dedupe keys are derived from the incident version: the same change never enqueues twice.
 */
export function outboxMessages(incident: Incident, effects: readonly Effect[], now: Date): OutboxMessage[] {
  const chat = effects.filter((e) => e.type !== 'timers_changed');
  const timers = effects.filter((e) => e.type === 'timers_changed');
  const refreshOnly = chat.length === 1 && chat[0]?.type === 'refresh_views';
  const rows: { topic: string; payload: Record<string, unknown> }[] = timers.map((effect) => ({
    topic: TOPIC.timerChanged,
    payload: timerSignal(incident, effect),
  }));
  if (refreshOnly) rows.push({ topic: TOPIC.viewRefresh, payload: stamped(incident, chat[0] as Effect) });
  else if (chat.length > 0) rows.push({ topic: TOPIC.chatChange, payload: changePayload(incident, chat) });
  return rows.map((row, index) => ({
    incidentId: incident.id,
    topic: row.topic,
    payload: row.payload,
    dedupeKey: `${incident.id}.v${incident.version}.${index}`,
    availableAt: now,
  }));
}

// Object.assign, not `{ ...effect, version, number }`: the same object at a fraction of the
// cost on Node 20 (keys added after a spread; docs/core-speed.md).
const stamped = (incident: Incident, effect: Effect): Record<string, unknown> =>
  Object.assign({} as Record<string, unknown>, effect, {
    version: incident.version,
    number: incident.number,
  });

/**
 * A `timer.changed` row's payload: the signal alone, without the schedule. Every relay, of this
 * release and of the releases before it, arms an incident's timers from its current state, never
 * from this payload (src/jobs/timer-relay.ts); the schedule was ~1.2 KB of JSON a row, a fifth of
 * the WAL bytes of a transition (docs/core-speed.md, h/timerfold).
 */
const timerSignal = (incident: Incident, effect: Effect): Record<string, unknown> => ({
  type: effect.type,
  step: 'step' in effect ? effect.step : null,
  version: incident.version,
  number: incident.number,
});

function changePayload(incident: Incident, effects: Effect[]): Record<string, unknown> {
  const payload: ChangePayload = {
    type: 'change',
    version: incident.version,
    number: incident.number,
    effects,
  };
  return payload as unknown as Record<string, unknown>;
}

const REFRESH: Effect = { type: 'refresh_views' };

/** A delivery row's effects in order, whichever release wrote it. */
export function effectsOf(row: Pick<OutboxRecord, 'topic' | 'payload'>): Effect[] {
  if (row.topic === TOPIC.chatChange) return (row.payload as unknown as ChangePayload).effects;
  // A refresh renders whatever is current: BullMQ's coalesced refresh job carries no payload.
  if (row.topic === TOPIC.viewRefresh) return [REFRESH];
  return [row.payload as unknown as Effect];
}

/** Whether delivering the row re-renders the incident's cards (a refresh, alone or in a change). */
export const refreshes = (row: Pick<OutboxRecord, 'topic' | 'payload'>): boolean =>
  row.topic === TOPIC.viewRefresh ||
  (row.topic === TOPIC.chatChange && effectsOf(row).some((e) => e.type === 'refresh_views'));

/** The same change row carrying only `effects` (what is left to deliver after a partial failure). */
export function withEffects(
  row: Pick<OutboxRecord, 'payload'>,
  effects: readonly Effect[],
): Record<string, unknown> {
  return { ...row.payload, effects };
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
