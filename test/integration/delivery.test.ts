// Outbox → chat: effects committed with a change reach the notifiers; failures are kept and retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/app/notifier.js';
import { renderText } from '../../src/app/notifier.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Actor } from '../../src/core/types.js';
import { EmbeddedDelivery } from '../../src/jobs/delivery-queue.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { chatRows } from '../support/chat-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('outbox delivery on $name', ({ open }) => {
  let backend: OpenBackend;
  const clock = {
    current: REPORTED_AT,
    now() {
      return this.current;
    },
  };
  let service: TriageService;
  let notifier: RecordingNotifier;
  let delivery: EmbeddedDelivery;
  /** The embedded delivery loop (src/jobs), run until nothing due is left. */
  const deliverDue = async () => {
    while (await delivery.tick());
  };

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, clock);
    notifier = new RecordingNotifier();
    notifier.failWith = () => new Error('ratelimited');
    delivery = new EmbeddedDelivery(
      { storage: backend.storage, config: cfg, notifiers: [notifier], clock },
      200,
    );
  });
  afterAll(() => backend.close());

  it('delivers reporter updates, manager notices and the assignment, refreshing each incident once', async () => {
    const { incident } = await service.report(
      { title: 'ERP down', description: '', service: null, severity: 1 },
      reporter,
    );
    let current = incident;
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'erp' },
      { type: 'prioritise', impact: 1, urgency: 1 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
    ] as const) {
      current = (await service.execute(current.id, command, alice)).incident;
    }
    await deliverDue();
    // Nothing failed (timer rows stay pending for the timer relay, which is not running here).
    expect((await backend.storage.listOutbox({ pendingOnly: true })).filter((r) => r.lastError)).toEqual([]);
    const kinds = notifier.sent.map((n) => `${n.kind}:${n.recipient.kind}`);
    expect(kinds).toEqual([
      'reporter_update:reporter',
      'reporter_update:reporter',
      'reporter_update:reporter', // IM2.3: the confirmed priority and deadlines
      'manager_notice:managers',
      'manager_notice:person',
      'assignment:team',
      'reporter_update:reporter',
    ]);
    expect(notifier.refreshedVersions).toEqual([current.version]);
    const assignment = notifier.sent.find((n) => n.kind === 'assignment') as Notification;
    expect(assignment).toMatchObject({
      recipient: { kind: 'team', teamId: 'erp', mention: true },
      withCard: true,
    });
    expect(renderText('en', assignment.text, cfg.calendar.timeZone)).toBe(
      `${current.number} (P1) is assigned to your team: ERP down. Please accept or decline.`,
    );
    expect(renderText('zh-CN', assignment.text, cfg.calendar.timeZone)).toContain('一级');
    expect(await chatRows(backend.storage, { pendingOnly: true })).toEqual([]);
  });

  it('keeps a failed delivery with its error and retries it after the backoff', async () => {
    notifier.sent = [];
    await service.report({ title: 'Printer jam', description: '', service: null, severity: null }, reporter);
    notifier.failNext = 1;
    const refreshed = notifier.refreshedVersions.length;
    await deliverDue();
    expect(notifier.refreshedVersions.length).toBe(refreshed + 1); // the refresh went, the DM did not
    expect(notifier.sent).toEqual([]);
    const [pending] = await chatRows(backend.storage, { pendingOnly: true });
    expect(pending).toMatchObject({ attempts: 1, lastError: 'ratelimited' });
    await deliverDue(); // not due yet
    expect(notifier.sent).toEqual([]);
    clock.current = new Date(clock.current.getTime() + 60_000);
    await deliverDue();
    expect(notifier.sent.map((n) => n.text.key)).toEqual(['reporter.registered']);
  });
});
