// A change's effects → outbox rows: one row per consumer, not one per effect (src/app/outbox.ts).
import { describe, expect, it } from 'vitest';
import { coalesceRefreshes, refreshedLater } from '../../src/app/delivery.js';
import {
  DELIVERY_TOPIC_PREFIXES,
  effectsOf,
  outboxMessages,
  refreshes,
  TOPIC,
  withEffects,
} from '../../src/app/outbox.js';
import type { OutboxRecord } from '../../src/app/ports.js';
import type { Effect } from '../../src/core/decision.js';
import { anIncident } from '../fixtures/config.js';

const incident = anIncident({ version: 4 });
const now = new Date('2026-12-07T10:00:00Z');
const told: Effect = { type: 'notify_reporter', step: 'IM2.3', event: 'prioritised' };
const assigned: Effect = { type: 'post_assignment', step: 'IM2.4', team: 'network' };
const timers: Effect = { type: 'timers_changed', step: 'IM2.3', timers: [] };
const refresh: Effect = { type: 'refresh_views' };

let nextId = 1;
const record = (m: ReturnType<typeof outboxMessages>[number], incidentId = m.incidentId): OutboxRecord => ({
  ...m,
  incidentId,
  id: nextId++,
  createdAt: now,
  processedAt: null,
  attempts: 0,
  lastError: null,
});

describe('outbox rows of a change', () => {
  it("carries the change's chat effects in one row, in order, the refresh last; the timers' signal apart", () => {
    const rows = outboxMessages(incident, [told, assigned, timers, refresh], now);
    expect(rows.map((r) => r.topic)).toEqual([TOPIC.timerChanged, TOPIC.chatChange]);
    expect(rows[1]?.payload).toEqual({
      type: 'change',
      version: 4,
      number: incident.number,
      effects: [told, assigned, refresh],
    });
    // The timers' row is the signal alone: every relay reads the schedule from the incident.
    expect(rows[0]?.payload).toEqual({
      type: 'timers_changed',
      step: 'IM2.3',
      version: 4,
      number: incident.number,
    });
    expect(rows.map((r) => r.dedupeKey)).toEqual([`${incident.id}.v4.0`, `${incident.id}.v4.1`]);
  });

  it('writes the change row under a topic a release before it never claims (it would drop it)', () => {
    // That release's delivery claimed these prefixes and read any row under them as one effect.
    const olderPrefixes = ['notify.', 'view.refresh'];
    expect(olderPrefixes.some((p) => TOPIC.chatChange.startsWith(p))).toBe(false);
    expect(TOPIC.chatChange.startsWith('timer.')).toBe(false); // the delivery relay's index: not timer.*
    expect(DELIVERY_TOPIC_PREFIXES.some((p) => TOPIC.chatChange.startsWith(p))).toBe(true);
  });

  it('keeps a refresh alone as the view.refresh row both relays coalesce', () => {
    const rows = outboxMessages(incident, [refresh], now);
    expect(rows.map((r) => [r.topic, r.payload.type])).toEqual([[TOPIC.viewRefresh, 'refresh_views']]);
    expect(outboxMessages(incident, [], now)).toEqual([]);
  });

  it("reads a row's effects whichever release wrote it", () => {
    const [change] = outboxMessages(incident, [told, refresh], now);
    expect(effectsOf(change as OutboxRecord)).toEqual([told, refresh]);
    const old = { topic: 'notify.notify_reporter', payload: { ...told, version: 3, number: 'x' } };
    expect(effectsOf(old)).toEqual([old.payload]);
    expect(refreshes(change as OutboxRecord)).toBe(true);
    expect(refreshes(old)).toBe(false);
    expect(refreshes({ topic: TOPIC.viewRefresh, payload: { type: 'refresh_views' } })).toBe(true);
    expect(withEffects(change as OutboxRecord, [refresh])).toMatchObject({
      type: 'change',
      effects: [refresh],
    });
  });

  it("renders an incident's cards once per batch: the last refreshing row does, a change's notes still go", () => {
    const a = record(outboxMessages(incident, [told, refresh], now)[0] as never);
    const alone = record(outboxMessages(incident, [refresh], now)[0] as never);
    const b = record(outboxMessages(incident, [assigned, refresh], now)[0] as never);
    const other = record(outboxMessages(incident, [told, refresh], now)[0] as never, 'other');
    const batch = [a, alone, other, b];
    expect(coalesceRefreshes(batch)).toEqual([a, other, b]);
    expect([...refreshedLater(batch)]).toEqual([a.id]);
  });
});
