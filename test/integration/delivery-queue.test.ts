// Chat delivery through its own queue (BullMQ on the real Redis) and the embedded loop: once per
// notification across instances, retried with backoff, rate limits honoured, failures kept.

import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMatching } from '../../db/knowledge-search.js';
import { PURPOSE } from '../../src/app/card-places.js';
import { type CardPrimitives, refreshCards } from '../../src/app/card-refresh.js';
import { keepNewCard } from '../../src/app/chat-delivery.js';
import { ChatPlaces } from '../../src/app/chat-places.js';
import { MAX_DELIVERY_ATTEMPTS, OutboxDelivery, retryAfterMs } from '../../src/app/delivery.js';
import type { OutgoingMessage } from '../../src/app/notifier.js';
import {
  DELIVERY_TOPIC_PREFIXES,
  effectsOf,
  notifyTopic,
  outboxMessages,
  TOPIC,
  TOPIC_PREFIX,
} from '../../src/app/outbox.js';
import type { ChatRef, OutboxRecord, Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Effect, ReporterEvent } from '../../src/core/decision.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { BullDelivery, DELIVERY_QUEUE, LEGACY_DELIVERY_QUEUE } from '../../src/jobs/bull-delivery.js';
import {
  DELIVERY_LEASE_MS,
  type DeliveryDeps,
  EMBEDDED_DELIVERY_BATCH,
  EmbeddedDelivery,
} from '../../src/jobs/delivery-queue.js';
import { failedDeliveries } from '../../src/jobs/failed.js';
import { defaultAnalyzer } from '../../src/matching/production-analyzer.js';
import { testCalendar, testConfig } from '../fixtures/config.js';
import { chatRows } from '../support/chat-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';
import { openRedis, testPrefix, waitFor, wipePrefix } from '../support/redis.js';

const cfg = testConfig({ calendar: testCalendar({ holidays: 'none' }) });
const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };
const clock = { now: () => new Date() };
const postgres = backends.filter((b) => b.name === 'postgres');

describe.each(postgres)('chat delivery queue on $name', ({ open }) => {
  let backend: OpenBackend;
  let storage: Storage;
  let service: TriageService;
  let redis: Redis;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
    service = new TriageService(storage, cfg, clock);
    redis = openRedis();
  });
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  afterAll(async () => {
    await redis.quit();
    await backend.close();
  });

  const report = async (title: string) =>
    (await service.report({ title, description: '', service: null, severity: 3 }, reporter)).incident;

  const pendingNotes = async (incidentId: string) =>
    (await chatRows(storage, { pendingOnly: true })).filter((r) => r.incidentId === incidentId);

  const told = (event: ReporterEvent): Effect => ({ type: 'notify_reporter', step: 'IM2.3', event });
  const keysOf = (notifier: RecordingNotifier, incidentId: string) =>
    notifier.sent.filter((n) => n.incidentId === incidentId).map((n) => n.text.key);
  const eventsOf = (row: OutboxRecord | undefined) =>
    effectsOf(row as OutboxRecord).map((e) => (e.type === 'notify_reporter' ? e.event : e.type));

  /** A reported incident whose registration went already, and one change of three reporter
   *  notices (then the refresh) written as a command writes it: one row. */
  async function changeOfThree(title: string): Promise<{ incident: Incident; row: OutboxRecord }> {
    const incident = await report(title);
    const registration = (await pendingNotes(incident.id)).map((r) => r.id);
    await storage.markOutboxProcessed(registration, clock.now());
    const effects: Effect[] = [
      told('classified'),
      told('prioritised'),
      told('assigned'),
      { type: 'refresh_views' },
    ];
    await storage.transaction((uow) => uow.enqueueOutbox(outboxMessages(incident, effects, clock.now())));
    const rows = await pendingNotes(incident.id);
    expect(rows.map((r) => r.topic)).toEqual([TOPIC.chatChange]);
    return { incident, row: rows[0] as OutboxRecord };
  }

  /** A reporter notice alone, in the row `row` (as a release before one row per change wrote it). */
  const asNotice = (row: OutboxRecord, event: ReporterEvent): OutboxRecord => ({
    ...row,
    topic: notifyTopic('notify_reporter'),
    payload: { ...told(event), version: row.payload.version, number: row.payload.number },
  });

  /** A change that only refreshes the cards: its `view.refresh` row. */
  async function refreshRow(incident: Incident): Promise<OutboxRecord> {
    const [message] = outboxMessages(incident, [{ type: 'refresh_views' }], clock.now());
    await storage.transaction((uow) =>
      uow.enqueueOutbox([{ ...message, dedupeKey: `${incident.id}.refresh` } as never]),
    );
    const rows = await storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC.viewRefresh });
    const row = rows.find((r) => r.incidentId === incident.id);
    if (!row) throw new Error('expected a refresh');
    return row;
  }

  /** Embedded delivery's deps for this notifier, once earlier tests' leftover rows have gone. */
  async function drainedFor(notifier: RecordingNotifier): Promise<DeliveryDeps> {
    const deps: DeliveryDeps = { storage, config: cfg, notifiers: [notifier], clock };
    while (await new EmbeddedDelivery(deps, 500).tick());
    return deps;
  }

  /** Rows as a release before one row per change wrote them: one per effect. */
  async function olderRows(incident: Incident): Promise<void> {
    const stamp = { version: incident.version, number: incident.number };
    await storage.transaction((uow) =>
      uow.enqueueOutbox(
        [
          { topic: notifyTopic('notify_reporter'), payload: { ...told('classified'), ...stamp } },
          { topic: notifyTopic('notify_reporter'), payload: { ...told('prioritised'), ...stamp } },
          { topic: TOPIC.viewRefresh, payload: { type: 'refresh_views', ...stamp } },
        ].map((row, i) => ({
          ...row,
          incidentId: incident.id,
          dedupeKey: `${incident.id}.v${incident.version}.old.${i}`,
          availableAt: clock.now(),
        })),
      ),
    );
  }

  function bullDelivery(notifier: RecordingNotifier, prefix = testPrefix('notify'), backoffMs = 10) {
    const deps: DeliveryDeps = { storage, config: cfg, notifiers: [notifier], clock };
    const delivery = new BullDelivery(deps, { connection: redis, prefix, backoffMs, concurrency: 2 });
    cleanup.push(async () => {
      await delivery.close();
      await wipePrefix(redis, prefix);
    });
    return delivery;
  }

  it('relays each notification once, even from two instances at once, and marks it done', async () => {
    const notifier = new RecordingNotifier();
    // Two instances on the same queue (same prefix) and the same outbox.
    const prefix = testPrefix('notify');
    const a = bullDelivery(notifier, prefix);
    const b = bullDelivery(notifier, prefix);
    await a.start();
    const incidents = await Promise.all([report('VPN down'), report('Printer jam'), report('Mail slow')]);
    await Promise.all([b.relayTick(), b.relayTick(), a.relayTick()]);
    await b.start();
    await waitFor(async () => {
      for (const i of incidents) if ((await pendingNotes(i.id)).length > 0) return false;
      return true;
    }, 'every notification delivered');
    // Both relays ran over the same rows: one reporter notice per incident, no more.
    const sent = notifier.sent.filter((n) => incidents.some((i) => i.id === n.incidentId));
    expect(sent.map((n) => n.text.key)).toEqual([
      'reporter.registered',
      'reporter.registered',
      'reporter.registered',
    ]);
    await waitFor(() => incidents.every((i) => notifier.refreshed.includes(i.id)), 'the card refreshes');
  });

  it('retries a failed delivery with backoff and keeps the error on the row meanwhile', async () => {
    const notifier = new RecordingNotifier();
    notifier.failNext = 2;
    const d = bullDelivery(notifier);
    const incident = await report('ERP slow');
    await d.relayTick();
    await d.start();
    await waitFor(async () => (await pendingNotes(incident.id)).length === 0, 'the delivery');
    expect(notifier.sent.filter((n) => n.incidentId === incident.id).map((n) => n.text.key)).toEqual([
      'reporter.registered',
    ]);
    const [row] = (await chatRows(storage)).filter((r) => r.incidentId === incident.id);
    expect(row).toMatchObject({ attempts: 2, lastError: 'platform unavailable' });
    expect(row?.processedAt).not.toBeNull();
  });

  it("honours a platform's retry-after without using up an attempt", async () => {
    const notifier = new RecordingNotifier();
    notifier.failNext = 1;
    notifier.failWith = () => Object.assign(new Error('ratelimited'), { retryAfter: 0.05 });
    const d = bullDelivery(notifier);
    const incident = await report('Wi-Fi flaky');
    await d.relayTick();
    await d.start();
    await waitFor(async () => (await pendingNotes(incident.id)).length === 0, 'the delivery');
    const [row] = (await chatRows(storage)).filter((r) => r.incidentId === incident.id);
    expect(row?.attempts).toBe(0);
    expect(notifier.sent.some((n) => n.incidentId === incident.id)).toBe(true);
  });

  it('keeps what finally fails: a dead row with its error, listed, never claimed again', async () => {
    const notifier = new RecordingNotifier();
    notifier.failNext = 1_000;
    const d = bullDelivery(notifier);
    const incident = await report('Badge reader broken');
    await d.relayTick();
    await d.start();
    const [dead] = await waitFor(async () => {
      const rows = await pendingNotes(incident.id);
      return rows.length === 1 && rows[0]?.attempts === MAX_DELIVERY_ATTEMPTS && rows;
    }, 'the attempts to run out');
    expect(dead?.lastError).toBe('platform unavailable');
    const listed = (await failedDeliveries(storage)).filter((f) => f.incidentId === incident.id);
    expect(listed).toEqual([
      expect.objectContaining({
        outboxId: dead?.id,
        topic: TOPIC.chatChange,
        effect: 'notify_reporter', // its refresh went as the incident's refresh job
        attempts: MAX_DELIVERY_ATTEMPTS,
        lastError: 'platform unavailable',
      }),
    ]);
    // Even once its lease ran out, the relay leaves a dead row alone.
    notifier.failNext = 0;
    await storage.markOutboxFailed(dead?.id ?? 0, 'platform unavailable', new Date(0));
    await d.relayTick();
    expect(notifier.sent.some((n) => n.incidentId === incident.id)).toBe(false);
  });

  it("BullMQ: a change row's notices go in order; a job retried after a partial failure sends only what failed", async () => {
    const notifier = new RecordingNotifier();
    const d = bullDelivery(notifier);
    const { incident, row } = await changeOfThree('Change on BullMQ');
    let refusals = 1;
    notifier.failOn = (m) => m.notification?.text.key === 'reporter.prioritised' && refusals-- > 0;
    await d.relayTick();
    await d.start();
    await waitFor(async () => (await pendingNotes(incident.id)).length === 0, 'the change delivered');
    expect(keysOf(notifier, incident.id)).toEqual([
      'reporter.classified_provisional',
      'reporter.assigned',
      'reporter.prioritised',
    ]);
    const [done] = (await chatRows(storage)).filter((r) => r.id === row.id);
    expect(done).toMatchObject({ attempts: 1, lastError: 'platform unavailable' });
    expect(eventsOf(done)).toEqual(['prioritised']);
    await waitFor(() => notifier.refreshed.includes(incident.id), 'the card refresh');
  });

  /** The platform answers "retry after" to this incident's second notice, `times` times (rows
   *  other tests left are claimed too, and must not use them up). */
  function rateLimitOnSecond(
    notifier: RecordingNotifier,
    incidentId: string,
    times: number,
    retryAfter: number,
  ) {
    let left = times;
    notifier.failWith = () => Object.assign(new Error('ratelimited'), { retryAfter });
    notifier.failOn = (m) =>
      m.notification?.incidentId === incidentId &&
      m.notification.text.key === 'reporter.prioritised' &&
      left-- > 0;
  }

  it("BullMQ: after a platform's retry-after, the row's later notices wait too, and the database row keeps only what is left", async () => {
    const notifier = new RecordingNotifier();
    const d = bullDelivery(notifier);
    const { incident, row } = await changeOfThree('Rate limited on BullMQ');
    rateLimitOnSecond(notifier, incident.id, 1, 5);
    await d.relayTick();
    await d.start();
    // Told to come back in 5 s: the third notice is not sent to the platform meanwhile.
    const narrowed = await waitFor(async () => {
      const [r] = (await chatRows(storage)).filter((x) => x.id === row.id);
      return r && eventsOf(r).length < 4 && r;
    }, 'the row narrowed to what is left');
    // (its refresh stays with it: a job the relay queues again refreshes the card too)
    expect(eventsOf(narrowed)).toEqual(['prioritised', 'assigned', 'refresh_views']);
    expect(narrowed).toMatchObject({ attempts: 0, processedAt: null });
    expect(narrowed.availableAt.getTime()).toBeGreaterThan(Date.now()); // still leased to the job
    expect(keysOf(notifier, incident.id)).toEqual(['reporter.classified_provisional']);
  });

  it("embedded: after a platform's retry-after, the row's later effects wait too; the retry is when it said, no attempt used", async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const { incident, row } = await changeOfThree('Rate limited embedded');
    rateLimitOnSecond(notifier, incident.id, 1, 30);
    const before = clock.now().getTime();
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual(['reporter.classified_provisional']);
    expect(notifier.refreshed).not.toContain(incident.id);
    const [held] = await pendingNotes(incident.id);
    expect(held).toMatchObject({ id: row.id, attempts: 0, lastError: 'ratelimited' });
    expect(eventsOf(held)).toEqual(['prioritised', 'assigned', 'refresh_views']);
    const due = held?.availableAt.getTime() ?? 0;
    expect(due).toBeGreaterThanOrEqual(before + 30_000); // not the 5 s backoff
    expect(due).toBeLessThanOrEqual(Date.now() + 30_000);

    await storage.transaction((uow) => uow.updateOutbox([row.id], { availableAt: new Date(0) }));
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual([
      'reporter.classified_provisional',
      'reporter.prioritised',
      'reporter.assigned',
    ]);
    expect(notifier.refreshed.filter((id) => id === incident.id)).toEqual([incident.id]);
    expect(await pendingNotes(incident.id)).toEqual([]);
  });

  it("embedded: a row that failed before a platform's retry-after is a failure: an attempt used, its own error kept, nothing of it sent", async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const { incident, row } = await changeOfThree('Gone, then rate limited');
    let error = () => new Error('channel_not_found');
    notifier.failWith = () => error();
    notifier.failOn = (m) => {
      const key = m.notification?.text.key;
      if (key === 'reporter.prioritised')
        error = () => Object.assign(new Error('ratelimited'), { retryAfter: 0 });
      else error = () => new Error('channel_not_found');
      return key === 'reporter.classified_provisional' || key === 'reporter.prioritised';
    };
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual([]);
    const [failed] = await pendingNotes(incident.id);
    expect(failed).toMatchObject({ id: row.id, attempts: 1, lastError: 'channel_not_found' });
    expect(eventsOf(failed)).toEqual(['classified', 'prioritised', 'assigned', 'refresh_views']);
  });

  it("embedded: a retry-after holds back the incident's later rows too, due with it, and they go after it in order", async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const { incident, row } = await changeOfThree('Rate limited, then resolved');
    // The incident's next change, committed after it: one more reporter notice.
    await storage.transaction((uow) =>
      uow.enqueueOutbox(
        outboxMessages({ ...incident, version: incident.version + 1 }, [told('resolved')], clock.now()),
      ),
    );
    rateLimitOnSecond(notifier, incident.id, 1, 30);
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual(['reporter.classified_provisional']);
    const held = await pendingNotes(incident.id);
    expect(held.map((r) => r.id)[0]).toBe(row.id);
    expect(held).toHaveLength(2);
    const [first, later] = held;
    expect(later?.availableAt.getTime()).toBe(first?.availableAt.getTime());
    expect(later).toMatchObject({ attempts: 0, lastError: null });

    await storage.transaction((uow) =>
      uow.updateOutbox(
        held.map((r) => r.id),
        { availableAt: new Date(0) },
      ),
    );
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual([
      'reporter.classified_provisional',
      'reporter.prioritised',
      'reporter.assigned',
      'reporter.resolved',
    ]);
    expect(await pendingNotes(incident.id)).toEqual([]);
  });

  it("BullMQ: feeds a queue no older release's worker reads, and drains the jobs an older relay queued", async () => {
    const notifier = new RecordingNotifier();
    const prefix = testPrefix('notify');
    const d = bullDelivery(notifier, prefix);
    const incident = await report('Queues across a rolling update');
    await d.relayTick();
    // An older pod's worker reads `notify` and would drop a change job unread: none goes there.
    const legacy = new Queue(LEGACY_DELIVERY_QUEUE, { connection: redis, prefix });
    const current = new Queue(DELIVERY_QUEUE, { connection: redis, prefix });
    cleanup.push(async () => {
      await legacy.close();
      await current.close();
    });
    expect(await legacy.count()).toBe(0);
    expect(await current.count()).toBeGreaterThan(0);
    // What an older relay queued on `notify` (a row of its own, one effect) is delivered here.
    await storage.markOutboxProcessed(
      (await pendingNotes(incident.id)).map((r) => r.id),
      clock.now(),
    );
    await olderRows(incident);
    const [older] = (await pendingNotes(incident.id)).filter((r) => r.topic.startsWith('notify.'));
    if (!older) throw new Error('expected an older row');
    await legacy.add(older.topic, {
      incidentId: incident.id,
      row: { id: older.id, incidentId: incident.id, topic: older.topic, payload: older.payload, attempts: 0 },
    });
    await d.start();
    await waitFor(
      async () => !(await pendingNotes(incident.id)).some((r) => r.id === older.id),
      "the older relay's job delivered",
    );
    expect(keysOf(notifier, incident.id)).toContain('reporter.classified_provisional');
  });

  it('BullMQ: rows an older release wrote, one per effect, are still delivered', async () => {
    const notifier = new RecordingNotifier();
    const d = bullDelivery(notifier);
    const incident = await report('Older rows on BullMQ');
    await storage.markOutboxProcessed(
      (await pendingNotes(incident.id)).map((r) => r.id),
      clock.now(),
    );
    await olderRows(incident);
    await d.relayTick();
    await d.start();
    await waitFor(async () => (await pendingNotes(incident.id)).length === 0, 'the older rows delivered');
    expect(keysOf(notifier, incident.id).sort()).toEqual([
      'reporter.classified_provisional',
      'reporter.prioritised',
    ]);
    await waitFor(() => notifier.refreshed.includes(incident.id), 'the card refresh');
  });

  it("embedded: a change row's notices go in order, then the refresh; a failure holds back none after it and keeps only itself", async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const { incident, row } = await changeOfThree('Change embedded');
    let refused = true;
    notifier.failOn = (m) => refused && m.notification?.text.key === 'reporter.prioritised';
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual(['reporter.classified_provisional', 'reporter.assigned']);
    expect(notifier.refreshed.filter((id) => id === incident.id)).toEqual([incident.id]);
    const [failed] = await pendingNotes(incident.id);
    expect(failed).toMatchObject({ id: row.id, attempts: 1, lastError: 'platform unavailable' });
    expect(eventsOf(failed)).toEqual(['prioritised']);

    refused = false;
    await storage.transaction((uow) => uow.updateOutbox([row.id], { availableAt: new Date(0) }));
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual([
      'reporter.classified_provisional',
      'reporter.assigned',
      'reporter.prioritised',
    ]);
    expect(notifier.refreshed.filter((id) => id === incident.id)).toEqual([incident.id]);
    expect(await pendingNotes(incident.id)).toEqual([]);
  });

  it('embedded: rows an older release wrote, one per effect, are still delivered in order', async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const incident = await report('Older rows embedded');
    await olderRows(incident);
    await new EmbeddedDelivery(deps).tick();
    expect(keysOf(notifier, incident.id)).toEqual([
      'reporter.registered',
      'reporter.classified_provisional',
      'reporter.prioritised',
    ]);
    // The registration's refresh is superseded by the older release's refresh row, in one claim.
    expect(notifier.refreshed.filter((id) => id === incident.id)).toEqual([incident.id]);
    expect(await pendingNotes(incident.id)).toEqual([]);
  });

  it('embedded: two loops share the outbox without sending anything twice', async () => {
    const notifier = new RecordingNotifier();
    const deps: DeliveryDeps = { storage, config: cfg, notifiers: [notifier], clock };
    const one = new EmbeddedDelivery(deps, 2);
    const two = new EmbeddedDelivery(deps, 2);
    const incidents = await Promise.all([report('A'), report('B'), report('C'), report('D')]);
    for (let i = 0; i < 6; i++) await Promise.all([one.tick(), two.tick()]);
    const mine = notifier.sent.filter((n) => incidents.some((x) => x.id === n.incidentId));
    expect(mine.map((n) => n.incidentId).sort()).toEqual(incidents.map((x) => x.id).sort());
  });

  it('embedded: a backlog of more than 50 rows goes in one claim, as the other relays claim', async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const desk = { id: 'slack:UDESK', name: 'Desk', roles: ['agent' as const], teams: [] };
    const incidents = await Promise.all(Array.from({ length: 30 }, (_, i) => report(`Backlog ${i}`)));
    for (const x of incidents)
      await service.execute(x.id, { type: 'classify', nature: 'fault', category: 'erp' }, desk);
    const pendingDelivery = async () => {
      const ids = new Set(incidents.map((x) => x.id));
      const rows = await storage.listOutbox({ pendingOnly: true });
      return rows.filter(
        (r) => ids.has(r.incidentId) && DELIVERY_TOPIC_PREFIXES.some((p) => r.topic.startsWith(p)),
      ).length;
    };
    const backlog = await pendingDelivery();
    expect(backlog).toBeGreaterThan(50);
    expect(backlog).toBeLessThan(EMBEDDED_DELIVERY_BATCH);
    // A claim of 50 left a tail for a second batch, which waited for the first one's slowest
    // incident and rendered again the cards the first had refreshed.
    expect(await new EmbeddedDelivery(deps).tick()).toBe(false);
    expect(await pendingDelivery()).toBe(0);
  });

  it('embedded: delivers incidents side by side, each incident in commit order', async () => {
    const notifier = new SlowNotifier();
    const deps: DeliveryDeps = { storage, config: cfg, notifiers: [notifier], clock };
    const incidents = await Promise.all([report('P'), report('Q'), report('R')]);
    const desk = { id: 'slack:UDESK', name: 'Desk', roles: ['agent' as const], teams: [] };
    // A second change per incident: its messages must not overtake the first change's.
    for (const x of incidents)
      await service.execute(x.id, { type: 'classify', nature: 'fault', category: 'erp' }, desk);
    const embedded = new EmbeddedDelivery(deps, 500, 3);
    while (await embedded.tick());
    await embedded.tick();
    expect(notifier.maxInFlight).toBeGreaterThan(1);
    // One incident's messages never overlap: each starts after the one before it ended.
    expect(notifier.overlapsWithinIncident).toBe(0);
    for (const x of incidents) expect(notifier.done.filter((id) => id === x.id).length).toBeGreaterThan(1);
  });

  it("embedded: a slow incident holds back no other incident's later claims; one incident's rows never at once, in order", async () => {
    const notifier = new GatedNotifier();
    const marked: number[] = [];
    const watching: Storage = {
      ...storage,
      markOutboxProcessed: (ids, at, refs) => {
        marked.push(...ids);
        return storage.markOutboxProcessed(ids, at, refs);
      },
    };
    const deps: DeliveryDeps = { storage: watching, config: cfg, notifiers: [notifier], clock };
    while (await new EmbeddedDelivery(deps, 500).tick()); // earlier tests' leftovers
    const desk = { id: 'slack:UDESK', name: 'Desk', roles: ['agent' as const], teams: [] };
    const slow = await report('Slow channel');
    const fast = await report('Fast channel');
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'erp' },
      { type: 'prioritise', impact: 2, urgency: 2 },
      { type: 'decide_onsite', needed: false },
    ] as const)
      await service.execute(fast.id, command, desk);
    const due = (await storage.listOutbox({ pendingOnly: true })).filter(
      (r) => DELIVERY_TOPIC_PREFIXES.some((p) => r.topic.startsWith(p)) && r.processedAt === null,
    );
    const ofSlow = due.filter((r) => r.incidentId === slow.id);
    const ofFast = due.filter((r) => r.incidentId === fast.id);
    // The first claim is the slow incident's rows; the fast one's take several claims after it.
    const batch = ofSlow.length;
    expect(batch).toBeGreaterThan(0);
    expect(ofFast.length).toBeGreaterThan(2 * batch);
    notifier.hold(slow.id);
    const round = new EmbeddedDelivery(deps, batch, 3).tick();
    // While the slow incident's first row waits on its platform, every later claim goes.
    await waitFor(
      () => ofFast.every((r) => marked.includes(r.id)),
      "the fast incident's rows, while the slow one is held",
    );
    expect(ofSlow.some((r) => marked.includes(r.id))).toBe(false);
    notifier.release(slow.id);
    expect(await round).toBe(false);
    expect(ofSlow.every((r) => marked.includes(r.id))).toBe(true);
    // One incident's rows: one at a time, marked in commit order.
    expect(notifier.overlapsWithinIncident).toBe(0);
    for (const rows of [ofFast, ofSlow]) {
      const ids = rows.map((r) => r.id);
      expect(marked.filter((id) => ids.includes(id))).toEqual([...ids].sort((a, b) => a - b));
    }
  });

  it('embedded: a row whose lease runs out while its slow incident still holds it is sent once, not again by a later claim of the round', async () => {
    const notifier = new GatedNotifier();
    const marked: number[] = [];
    const fed: string[][] = [];
    // The round's clock jumps past the lease while the slow incident waits on its platform.
    let skew = 0;
    const skewed = { now: () => new Date(Date.now() + skew) };
    const afterLease: string[] = []; // whose rows the claims after the jump took
    const watching: Storage = {
      ...storage,
      getIncidents: (ids) => {
        fed.push([...ids]);
        return storage.getIncidents(ids);
      },
      transaction: async (work) => {
        const result = await storage.transaction(work);
        if (skew > 0 && Array.isArray(result))
          afterLease.push(...result.map((r: OutboxRecord) => r.incidentId));
        return result;
      },
      markOutboxProcessed: (ids, at, refs) => {
        marked.push(...ids);
        return storage.markOutboxProcessed(ids, at, refs);
      },
    };
    while (await new EmbeddedDelivery({ storage, config: cfg, notifiers: [notifier], clock }, 500).tick()); // earlier tests' leftovers
    const deps: DeliveryDeps = { storage: watching, config: cfg, notifiers: [notifier], clock: skewed };
    const desk = { id: 'slack:UDESK', name: 'Desk', roles: ['agent' as const], teams: [] };
    const slow = await report('Hung connector');
    const fast = await report('Busy channel');
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'erp' },
      { type: 'prioritise', impact: 2, urgency: 2 },
      { type: 'decide_onsite', needed: false },
    ] as const)
      await service.execute(fast.id, command, desk);
    const due = (await storage.listOutbox({ pendingOnly: true })).filter((r) =>
      DELIVERY_TOPIC_PREFIXES.some((p) => r.topic.startsWith(p)),
    );
    const ofSlow = due.filter((r) => r.incidentId === slow.id);
    const ofFast = due.filter((r) => r.incidentId === fast.id);
    const batch = ofSlow.length;
    expect(ofFast.length).toBeGreaterThan(2 * batch);
    notifier.hold(slow.id);
    notifier.hold(fast.id);
    const sentBefore = notifier.messages.length;
    const round = new EmbeddedDelivery(deps, batch, 3).tick();
    // Claims: the slow incident's rows, then the fast one's until one of its claims waits behind
    // its running first one; then the lease runs out, and the next claims take the held rows again.
    await waitFor(
      () => fed.filter((ids) => ids.includes(fast.id)).length >= 2,
      "the fast incident's second claim",
    );
    skew = DELIVERY_LEASE_MS + 60_000;
    notifier.release(fast.id);
    await waitFor(() => afterLease.includes(slow.id), "a claim that takes the slow incident's rows again");
    notifier.release(slow.id);
    await round;
    while (await new EmbeddedDelivery(deps, batch, 3).tick());
    // Each row sent and marked once.
    for (const row of [...ofSlow, ...ofFast]) expect(marked.filter((id) => id === row.id)).toEqual([row.id]);
    const sent = notifier.messages.slice(sentBefore).filter((m) => m.notification?.incidentId === slow.id);
    expect(sent.length).toBe(new Set(sent.map((m) => m.notification)).size);
    expect(notifier.overlapsWithinIncident).toBe(0);
  });

  it("embedded: reads the batch's incidents in one read and marks each one's delivered rows in one statement", async () => {
    const notifier = new RecordingNotifier();
    const reads: string[][] = [];
    const marks: number[][] = [];
    const counting: Storage = {
      ...storage,
      getIncident: (id) => {
        reads.push([id]);
        return storage.getIncident(id);
      },
      getIncidents: (ids) => {
        reads.push([...ids]);
        return storage.getIncidents(ids);
      },
      markOutboxProcessed: (ids, at) => {
        marks.push([...ids]);
        return storage.markOutboxProcessed(ids, at);
      },
    };
    const deps: DeliveryDeps = { storage: counting, config: cfg, notifiers: [notifier], clock };
    while (await new EmbeddedDelivery(deps, 500).tick()); // earlier tests' leftovers
    reads.length = 0;
    marks.length = 0;
    const incidents = await Promise.all([report('X'), report('Y'), report('Z')]);
    const desk = { id: 'slack:UDESK', name: 'Desk', roles: ['agent' as const], teams: [] };
    for (const x of incidents)
      await service.execute(x.id, { type: 'classify', nature: 'fault', category: 'erp' }, desk);
    notifier.failNext = 1; // the first message of the batch fails and stays for a retry
    await new EmbeddedDelivery(deps, 500, 2).tick();
    expect(reads).toHaveLength(1);
    expect(reads[0]?.sort()).toEqual(incidents.map((x) => x.id).sort());
    expect(marks).toHaveLength(incidents.length);
    const ofIncident = new Map((await storage.listOutbox({})).map((r) => [r.id, r.incidentId]));
    for (const ids of marks) expect(new Set(ids.map((id) => ofIncident.get(id))).size).toBe(1);
    const delivered = (r: { incidentId: string; topic: string }) =>
      incidents.some((x) => x.id === r.incidentId) && !r.topic.startsWith(TOPIC_PREFIX.timer);
    const pending = (await storage.listOutbox({ pendingOnly: true })).filter(delivered);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.lastError).toBe('platform unavailable');
    expect(marks.flat()).not.toContain(pending[0]?.id);
    const all = (await storage.listOutbox({})).filter(delivered);
    expect(marks.flat()).toHaveLength(all.length - 1);
  });

  it("embedded: hands each refresh the knowledge-base version read with the batch's incidents", async () => {
    const notifier = new RecordingNotifier();
    const deps = await drainedFor(notifier);
    const version = () => createMatching(backend.db, defaultAnalyzer()).version();
    const refreshedWith = async (title: string) => {
      const incident = await report(title);
      notifier.refreshed.length = 0;
      notifier.refreshedKnowledge.length = 0;
      while (await new EmbeddedDelivery(deps, 500).tick());
      return notifier.refreshedKnowledge[notifier.refreshed.indexOf(incident.id)];
    };
    expect(await refreshedWith('K1')).toBe(await version());
    // A knowledge change committed before the batch's read is in the version it hands on.
    await backend.db.orm.execute(sql`UPDATE knowledge_version SET version = version + 1`);
    const bumped = await version();
    expect(await refreshedWith('K2')).toBe(bumped);
  });

  it("embedded: reads where the batch's cards are once per batch, and sees cards kept by another process", async () => {
    const reads = { batch: 0, single: 0 };
    let keptDuringRead: ChatRef | null = null;
    const counting: Storage = {
      ...storage,
      listChatRefs: (id) => {
        reads.single++;
        return storage.listChatRefs(id);
      },
      listChatRefsOf: async (ids) => {
        reads.batch++;
        const refs = await storage.listChatRefsOf(ids);
        // Another process keeps a card just after this batch read where the cards are.
        if (keptDuringRead) await storage.upsertChatRef(keptDuringRead);
        keptDuringRead = null;
        return refs;
      },
    };
    const notifier = new CardNotifier(new ChatPlaces(counting));
    const deps: DeliveryDeps = { storage: counting, config: cfg, notifiers: [notifier], clock };
    const embedded = new EmbeddedDelivery(deps, 500); // one for the test, as a process has
    const drain = async () => {
      while (await embedded.tick());
    };
    await drain(); // earlier tests' leftovers
    const desk = { id: 'slack:UDESK', name: 'Desk', roles: ['agent' as const], teams: [] };
    const [x, y] = await Promise.all([report('Cards X'), report('Cards Y')]);
    if (!x || !y) throw new Error('no incidents');
    const deskCard = (incidentId: string, messageId: string): ChatRef => ({
      incidentId,
      platform: 'slack',
      purpose: PURPOSE.desk,
      conversationId: 'CDESK',
      messageId,
      threadId: null,
    });
    Object.assign(reads, { batch: 0, single: 0 });
    await embedded.tick();
    expect(reads.batch).toBe(1);
    expect(notifier.posted.sort()).toEqual([x.id, y.id].sort()); // one desk card each

    // Between two batches another process moves X's desk card and keeps the reporter's card.
    await storage.upsertChatRef(deskCard(x.id, 'moved'));
    await storage.upsertChatRef({
      ...deskCard(x.id, 'mine'),
      purpose: PURPOSE.reporter,
      conversationId: 'DREP',
    });
    for (const i of [x, y])
      await service.execute(i.id, { type: 'classify', nature: 'fault', category: 'erp' }, desk);
    Object.assign(reads, { batch: 0, single: 0 });
    notifier.updated.length = 0;
    await drain();
    const updatedOfX = notifier.updated.filter((r) => r.incidentId === x.id).map((r) => r.messageId);
    expect(updatedOfX.sort()).toEqual(['mine', 'moved']);
    expect(reads).toEqual({ batch: 1, single: 0 }); // the batch's read served every refresh
    expect(notifier.posted).toHaveLength(2); // no second desk card

    // A new incident's desk card kept by another process after the batch's read: its absence is
    // read again before posting, so it is not posted twice.
    const z = await report('Cards Z');
    keptDuringRead = deskCard(z.id, 'elsewhere');
    await drain();
    expect(notifier.posted).not.toContain(z.id);
    expect(notifier.updated.map((r) => r.messageId)).toContain('elsewhere');
  });

  it("a posted card's place is written with its row's mark, in one statement, before the incident's next row goes", async () => {
    const upserts: ChatRef[] = [];
    const marks: { ids: readonly number[]; refs: readonly ChatRef[] }[] = [];
    const watching: Storage = {
      ...storage,
      upsertChatRef: (ref) => {
        upserts.push(ref);
        return storage.upsertChatRef(ref);
      },
      markOutboxProcessed: (ids, at, refs = []) => {
        marks.push({ ids, refs });
        return storage.markOutboxProcessed(ids, at, refs);
      },
    };
    const incident = await report('Card kept with its mark');
    const reported = (await pendingNotes(incident.id))[0];
    if (!reported) throw new Error('expected the registration');
    const note = asNotice(reported, 'registered');
    const refresh = await refreshRow(incident);
    // What the next row finds when it goes: the desk card's place, and the refresh marked.
    let seenByNext: { refs: string[]; refreshDone: boolean } | null = null;
    const notifier = new (class extends CardNotifier {
      override async send(m: OutgoingMessage) {
        const pending = await storage.listOutbox({ pendingOnly: true });
        seenByNext = {
          refs: (await storage.listChatRefs(incident.id)).map((r) => r.purpose),
          refreshDone: !pending.some((r) => r.id === refresh.id),
        };
        return super.send(m);
      }
    })(new ChatPlaces(watching));
    const delivery = new OutboxDelivery(watching, cfg, [notifier], clock);
    const places = await delivery.placesFor([incident.id]);
    // The refresh first (it posts the desk card), then the reporter's notification.
    const left = await delivery.attemptInOrder([refresh, note], incident, places);
    expect(notifier.posted).toEqual([incident.id]);
    expect(seenByNext).toEqual({ refs: [PURPOSE.desk], refreshDone: true });
    expect(upserts).toEqual([]); // no statement (and commit) of its own
    expect(marks).toEqual([
      { ids: [refresh.id], refs: [expect.objectContaining({ purpose: PURPOSE.desk })] },
    ]);
    expect(left).toEqual([note.id]); // for the caller to mark with other incidents'
    await storage.markOutboxProcessed(left, clock.now());
  });

  it('retires the card a newer one replaced only once the new place is written with its row’s mark', async () => {
    const incident = await report('A second card in one place');
    const reported = (await pendingNotes(incident.id))[0];
    if (!reported) throw new Error('expected the reporter’s notification');
    // Told it is resolved, the reporter gets a card (confirm / reopen) in their DM.
    const note = asNotice(reported, 'resolved');
    // What happened, in order: marks (with the places they carry) and retirements.
    const events: string[] = [];
    let markFails = true;
    const watching: Storage = {
      ...storage,
      markOutboxProcessed: async (ids, at, refs = []) => {
        if (markFails) {
          events.push('mark failed');
          throw new Error('the commit was lost');
        }
        events.push(`mark ${refs.map((r) => r.messageId).join(' ')}`);
        return storage.markOutboxProcessed(ids, at, refs);
      },
    };
    const notifier = new (class extends RecordingNotifier {
      override async send(m: OutgoingMessage) {
        const sent = await super.send(m);
        return sent.card
          ? { message: sent.message, card: { ...sent.card, messageId: `new-${this.messages.length}` } }
          : sent;
      }
      async retireCard(ref: ChatRef): Promise<void> {
        events.push(`retired ${ref.messageId}`);
      }
    })();
    // Where the reporter's card goes: its first delivery, outside a batch, says so.
    const probe = new RecordingNotifier();
    await new OutboxDelivery(storage, cfg, [probe], clock).deliver(note, incident);
    const placed = probe.messages.find((m) => m.card);
    if (!placed) throw new Error('expected a card for the reporter');
    const conversationId = placed.to.kind === 'direct' ? `dm-${placed.to.user}` : placed.to.channel;
    const older: ChatRef = {
      incidentId: incident.id,
      platform: 'slack',
      purpose: PURPOSE.reporter,
      conversationId,
      messageId: 'older',
      threadId: null,
      caption: null,
    };
    await storage.upsertChatRef(older);
    const reporterCards = async () =>
      (await storage.listChatRefs(incident.id))
        .filter((r) => r.purpose === PURPOSE.reporter)
        .map((r) => r.messageId);

    const delivery = new OutboxDelivery(watching, cfg, [notifier], clock);
    // The mark that would write the new card's place fails: the older card stays live and named.
    await expect(
      delivery.attemptInOrder([note], incident, await delivery.placesFor([incident.id])),
    ).rejects.toThrow('the commit was lost');
    expect(events).toEqual(['mark failed']);
    expect(await reporterCards()).toEqual(['older']);

    // Redelivered, the mark commits: the older card is retired after its replacement's place is written.
    events.length = 0;
    markFails = false;
    const left = await delivery.attemptInOrder([note], incident, await delivery.placesFor([incident.id]));
    expect(events).toEqual([expect.stringMatching(/^mark new-\d+$/), 'retired older']);
    expect(await reporterCards()).toEqual([events[0]?.slice('mark '.length)]);
    await storage.markOutboxProcessed(left, clock.now());
  });

  // Review L3: a Teams "open from a list" keeps its card in a chat between a delivery batch's one
  // read of chat_refs and that batch's card in the same place. Every card posted there must end
  // named by chat_refs (kept up to date) or retired — none live and forgotten.
  for (const openAt of ['before the batch posts', 'after it posted, before its mark'] as const)
    it(`a card opened from a list ${openAt} is retired by the batch's card, not left live and unrefreshed`, async () => {
      const incident = await report(`Open from a list ${openAt}`);
      const reported = (await pendingNotes(incident.id))[0];
      if (!reported) throw new Error('expected the reporter’s notification');
      const note = asNotice(reported, 'resolved');
      const retired: string[] = [];
      const retirer = {
        platform: 'slack' as const,
        retireCard: async (ref: ChatRef) => void retired.push(ref.messageId),
      };
      const probe = new RecordingNotifier();
      await new OutboxDelivery(storage, cfg, [probe], clock).deliver(note, incident);
      const placed = probe.messages.find((m) => m.card);
      if (!placed) throw new Error('expected a card for the reporter');
      const conversationId = placed.to.kind === 'direct' ? `dm-${placed.to.user}` : placed.to.channel;
      const place = {
        incidentId: incident.id,
        platform: 'slack' as const,
        purpose: PURPOSE.reporter,
        conversationId,
      };
      await storage.upsertChatRef({ ...place, messageId: 'delivered', threadId: null, caption: null });
      // The other process's open: its own places (no batch), its card kept and the one it replaced retired.
      const openFromList = () =>
        keepNewCard(retirer, new ChatPlaces(storage), {
          incident,
          purpose: PURPOSE.reporter,
          card: { conversationId, messageId: 'opened', threadId: null, caption: null },
          locale: 'en',
          timeZone: cfg.calendar.timeZone,
        });
      const notifier = new (class extends RecordingNotifier {
        override async send(m: OutgoingMessage) {
          const sent = await super.send(m);
          if (!sent.card) return sent;
          if (openAt === 'after it posted, before its mark') await openFromList();
          return { message: sent.message, card: { ...sent.card, messageId: 'batch' } };
        }
        async retireCard(ref: ChatRef): Promise<void> {
          retired.push(ref.messageId);
        }
      })();
      const delivery = new OutboxDelivery(storage, cfg, [notifier], clock);
      const places = await delivery.placesFor([incident.id]); // the batch's one read: 'delivered'
      if (openAt === 'before the batch posts') await openFromList();
      const left = await delivery.attemptInOrder([note], incident, places);
      await storage.markOutboxProcessed(left, clock.now());

      const named = (await storage.listChatRefs(incident.id))
        .filter((r) => r.purpose === PURPOSE.reporter && r.conversationId === conversationId)
        .map((r) => r.messageId);
      expect(named).toEqual(['batch']);
      expect(retired.sort()).toEqual(['delivered', 'opened']);
    });

  it("with two platforms on, a refresh's desk card place is kept at once, not after the other platform's refresh", async () => {
    const incident = await report('Two platforms');
    const refresh = await refreshRow(incident);
    const slack = new CardNotifier(new ChatPlaces(storage));
    let keptWhileOtherRan: string[] | null = null;
    const teams = new (class extends RecordingNotifier {
      override async refresh(i: Incident): Promise<void> {
        await waitFor(() => slack.posted.length > 0, 'the Slack desk card');
        await new Promise((r) => setTimeout(r, 50));
        keptWhileOtherRan = (await storage.listChatRefs(i.id)).map((r) => `${r.platform} ${r.purpose}`);
      }
    })('teams');
    const delivery = new OutboxDelivery(storage, cfg, [slack, teams], clock);
    const places = await delivery.placesFor([incident.id]);
    const left = await delivery.attemptInOrder([refresh], incident, places);
    expect(keptWhileOtherRan).toEqual([`slack ${PURPOSE.desk}`]);
    await storage.markOutboxProcessed(left, clock.now());
  });

  it('embedded: with no chat adapter on, leaves notifications pending rather than dropping them', async () => {
    const deps: DeliveryDeps = { storage, config: cfg, notifiers: [], clock };
    const incident = await report('Nobody listening');
    await new EmbeddedDelivery(deps).tick();
    expect((await pendingNotes(incident.id)).map((r) => r.topic)).toEqual([TOPIC.chatChange]);
  });
});

/** Refreshes cards as the Slack and Teams notifiers do (refreshCards), recording posts and updates. */
class CardNotifier extends RecordingNotifier implements CardPrimitives {
  posted: string[] = [];
  updated: ChatRef[] = [];

  constructor(private readonly places: ChatPlaces) {
    super('slack');
  }

  override async refresh(incident: Incident, places?: ChatPlaces): Promise<void> {
    await refreshCards(this, places ?? this.places, cfg, incident);
  }

  async postCard(channel: string, _purpose: string, incident: Incident) {
    this.posted.push(incident.id);
    return { conversationId: channel, messageId: `desk-${incident.id}`, threadId: null };
  }

  async updateCard(ref: ChatRef): Promise<void> {
    this.updated.push(ref);
  }
}

/** Takes a while per message, and notes how many were in flight at once and in which order. */
class SlowNotifier extends RecordingNotifier {
  inFlight = 0;
  maxInFlight = 0;
  overlapsWithinIncident = 0;
  done: string[] = [];
  private readonly busy = new Set<string>();

  private async slowly(incidentId: string): Promise<void> {
    if (this.busy.has(incidentId)) this.overlapsWithinIncident++;
    this.busy.add(incidentId);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 15));
    this.inFlight--;
    this.busy.delete(incidentId);
    this.done.push(incidentId);
  }

  override async refresh(incident: Incident): Promise<void> {
    await this.slowly(incident.id);
  }

  override async send(m: OutgoingMessage) {
    await this.slowly(m.notification?.incidentId ?? '');
    return super.send(m);
  }
}

/** Each message takes a while; an incident held waits until released. Counts overlaps within an incident. */
class GatedNotifier extends RecordingNotifier {
  overlapsWithinIncident = 0;
  private readonly busy = new Set<string>();
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void }>();

  hold(incidentId: string): void {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gates.set(incidentId, { opened, open });
  }

  release(incidentId: string): void {
    this.gates.get(incidentId)?.open();
  }

  private async slowly(incidentId: string): Promise<void> {
    if (this.busy.has(incidentId)) this.overlapsWithinIncident++;
    this.busy.add(incidentId);
    await new Promise((r) => setTimeout(r, 10));
    await this.gates.get(incidentId)?.opened;
    this.busy.delete(incidentId);
  }

  override async refresh(incident: Incident): Promise<void> {
    await this.slowly(incident.id);
    return super.refresh(incident);
  }

  override async send(m: OutgoingMessage) {
    await this.slowly(m.notification?.incidentId ?? '');
    return super.send(m);
  }
}

describe('retryAfterMs', () => {
  it("reads the platforms' rate-limit answers", () => {
    expect(retryAfterMs(Object.assign(new Error('x'), { retryAfter: 3 }))).toBe(3000);
    expect(retryAfterMs({ retryAfterMs: 250 })).toBe(250);
    expect(retryAfterMs({ statusCode: 429 })).toBe(1000);
    expect(retryAfterMs(new Error('boom'))).toBeNull();
  });
});
