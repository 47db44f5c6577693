// Deliveries that failed for good, and the operator's answer (npm run outbox:failed, issue 16
// item 3), on PostgreSQL and PGlite: listed with their error; `retry` sends them again through
// the real embedded delivery; `discard` gives them up so the outbox gauge clears; rows that did
// not fail for good, and unknown ids, are left alone and named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/app/delivery.js';
import { effectsOf, outboxMessages, TOPIC } from '../../src/app/outbox.js';
import { TriageService } from '../../src/app/triage-service.js';
import { outboxCommand } from '../../src/cli/outbox-command.js';
import type { Locale } from '../../src/core/config.js';
import type { Effect, ReporterEvent } from '../../src/core/decision.js';
import type { Actor } from '../../src/core/types.js';
import { EmbeddedDelivery } from '../../src/jobs/delivery-queue.js';
import { failedDeliveries } from '../../src/jobs/failed.js';
import { testCalendar, testConfig } from '../fixtures/config.js';
import { chatRows } from '../support/chat-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';

const cfg = testConfig({ calendar: testCalendar({ holidays: 'none' }) });
const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };
const clock = { now: () => new Date() };

describe.each(backends)('failed deliveries on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  const notifier = new RecordingNotifier();
  let delivery: EmbeddedDelivery;

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, clock);
    delivery = new EmbeddedDelivery(
      { storage: backend.storage, config: cfg, notifiers: [notifier], clock },
      50,
    );
  });
  afterAll(() => backend.close());

  /** An incident whose notifications all failed for good (the platform refused each attempt). */
  const deadIncident = async (title: string) => {
    const { incident } = await service.report(
      { title, description: '', service: null, severity: null },
      reporter,
    );
    const rows = (await chatRows(backend.storage, { pendingOnly: true })).filter(
      (r) => r.incidentId === incident.id,
    );
    for (const row of rows)
      for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++)
        await backend.storage.markOutboxFailed(row.id, 'platform unavailable', new Date(0));
    return { incident, ids: rows.map((r) => r.id) };
  };

  const run = async (args: string[], locale: Locale = 'en') => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await outboxCommand(args, {
      storage: backend.storage,
      list: () => failedDeliveries(backend.storage),
      now: new Date(),
      locale,
      print: (t) => out.push(t),
      fail: (t) => err.push(t),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('lists them, and retry sends them again once the platform is back', async () => {
    const { incident, ids } = await deadIncident('Printer offline');
    expect(ids.length).toBeGreaterThan(0);
    const listed = await run([]);
    expect(listed.code).toBe(3);
    expect(JSON.parse(listed.out).failed.map((f: { outboxId: number }) => f.outboxId)).toEqual(
      expect.arrayContaining(ids),
    );
    // Dead rows are never claimed: nothing goes out.
    await delivery.tick();
    expect(notifier.sent.filter((n) => n.incidentId === incident.id)).toEqual([]);

    const retried = await run(['retry', ...ids.map(String)]);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.out)).toEqual({ retried: ids });
    await delivery.tick();
    expect(notifier.sent.filter((n) => n.incidentId === incident.id).length).toBeGreaterThan(0);
    expect((await failedDeliveries(backend.storage)).filter((f) => f.incidentId === incident.id)).toEqual([]);
  });

  it('retry of a change row that failed part-way sends what did not go, not what went', async () => {
    const { incident } = await service.report(
      { title: 'Change part-way', description: '', service: null, severity: null },
      reporter,
    );
    await delivery.tick(); // its registration
    const told = (event: ReporterEvent): Effect => ({ type: 'notify_reporter', step: 'IM2.3', event });
    const effects: Effect[] = [
      told('prioritised'),
      told('assigned'),
      told('accepted'),
      { type: 'refresh_views' },
    ];
    await backend.storage.transaction((uow) =>
      uow.enqueueOutbox(outboxMessages(incident, effects, new Date())),
    );
    const keys = () => notifier.sent.filter((n) => n.incidentId === incident.id).map((n) => n.text.key);
    const before = keys().length;
    // The platform refuses the second notice every time, until the attempts are used up.
    notifier.failOn = (m) => m.notification?.text.key === 'reporter.assigned';
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++) {
      const [row] = (
        await backend.storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC.chatChange })
      ).filter((r) => r.incidentId === incident.id);
      if (row && i > 0)
        await backend.storage.transaction((uow) => uow.updateOutbox([row.id], { availableAt: new Date(0) }));
      await delivery.tick();
    }
    const [dead] = (await failedDeliveries(backend.storage)).filter((f) => f.incidentId === incident.id);
    expect(dead).toMatchObject({
      topic: TOPIC.chatChange,
      effect: 'notify_reporter',
    });
    expect(keys().slice(before)).toEqual(['reporter.prioritised', 'reporter.accepted']);

    notifier.failOn = () => false;
    expect((await run(['retry', String(dead?.outboxId)])).code).toBe(0);
    await delivery.tick();
    expect(keys().slice(before)).toEqual(['reporter.prioritised', 'reporter.accepted', 'reporter.assigned']);
    const [row] = (await backend.storage.listOutbox({})).filter((r) => r.id === dead?.outboxId);
    expect(row?.processedAt).not.toBeNull();
    expect(effectsOf(row as never)).toEqual([told('assigned')]);
  });

  it('discard gives them up: processed, the error kept, the backlog gauge lower', async () => {
    const { ids } = await deadIncident('Badge reader broken');
    const before = await backend.storage.outboxBacklog();
    const discarded = await run(['discard', '--all']);
    expect(discarded.code).toBe(0);
    expect(JSON.parse(discarded.out).discarded).toEqual(expect.arrayContaining(ids));
    expect((await backend.storage.outboxBacklog()).pending).toBe(before.pending - ids.length);
    const rows = (await backend.storage.listOutbox({})).filter((r) => ids.includes(r.id));
    for (const row of rows) {
      expect(row.processedAt).not.toBeNull();
      expect(row.lastError).toBe('platform unavailable (discarded by the operator)');
    }
    expect((await run([])).code).toBe(0);
  });

  it('leaves rows that have attempts left, and unknown ids, and names them', async () => {
    const { incident } = await service.report(
      { title: 'Still trying', description: '', service: null, severity: null },
      reporter,
    );
    const [live] = (await backend.storage.listOutbox({ pendingOnly: true })).filter(
      (r) => r.incidentId === incident.id,
    );
    if (!live) throw new Error('no pending row');
    await backend.storage.markOutboxFailed(live.id, 'platform unavailable', new Date(0));
    const answer = await run(['discard', String(live.id), '999999']);
    expect(answer.code).toBe(1);
    expect(JSON.parse(answer.out)).toEqual({ discarded: [], notFailed: [live.id, 999999] });
    expect(answer.err).toContain(`not a delivery that failed for good: ${live.id}, 999999`);
    const [still] = (await backend.storage.listOutbox({ pendingOnly: true })).filter((r) => r.id === live.id);
    expect(still?.attempts).toBe(1);
    expect((await run(['retry'])).code).toBe(2);
    expect((await run(['resend', '1'])).code).toBe(2);
  });

  it('speaks the run’s language to the person; the JSON for scripts stays as it is', async () => {
    const usage = await run(['resend', '1', '--lang', 'zh-CN'], 'zh-CN');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('用法：npm run outbox:failed');
    const answer = await run(['discard', '--lang=zh-CN', '999998'], 'zh-CN');
    expect(answer.code).toBe(1);
    expect(JSON.parse(answer.out)).toEqual({ discarded: [], notFailed: [999998] });
    expect(answer.err).toBe('不是最终发送失败的通知：999998');
    // --lang is not an operand: `--all` after it is still "all".
    const all = await run(['retry', '--lang', 'zh-CN', '--all'], 'zh-CN');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toHaveProperty('retried');
  });
});
