// The delivery marks each incident's rows processed right after they went, several incidents at
// once. Marks asked while one is on its way go together in the next statement (db/delivery-rows.ts
// groupedOutboxMarks): fewer statements, each row still marked with its own time, and each
// caller answered only once its own rows are marked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPIC } from '../../src/app/outbox.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation, newIncident } from '../support/incidents.js';
import { countWrites, executedIn } from '../support/socket-writes.js';

describe.each(backends)('outbox marks on $name', ({ name, open }) => {
  let b: OpenBackend;
  let ids: number[];

  beforeAll(async () => {
    b = await open();
    const incident = newIncident();
    const at = new Date('2026-03-03T12:00:00.000Z');
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident));
      await uow.enqueueOutbox(
        Array.from({ length: 8 }, (_, i) => ({
          incidentId: incident.id,
          topic: TOPIC.viewRefresh,
          payload: { i },
          dedupeKey: `${incident.id}.m${i}`,
          availableAt: at,
        })),
      );
    });
    ids = (await b.storage.listOutbox({ pendingOnly: true })).map((r) => r.id);
  }, 60_000);
  afterAll(() => b.close());

  it('sends marks asked meanwhile in one statement, each row with its own time', async () => {
    const times = [0, 1, 2, 3].map((s) => new Date(Date.UTC(2026, 2, 3, 13, 0, s)));
    const groups = [ids.slice(0, 2), ids.slice(2, 3), ids.slice(3, 6), ids.slice(6)];
    const markAll = () =>
      Promise.all(groups.map((g, i) => b.storage.markOutboxProcessed(g, times[i] as Date)));
    await markAll(); // both statements prepared on their connection: not counted
    const statements = await countWrites(markAll, executedIn);
    // The first goes at once; the three asked while it was on its way go together.
    if (name === 'postgres') expect(statements).toBeLessThanOrEqual(2);
    const rows = await b.storage.listOutbox({});
    const at = new Map(rows.map((r) => [r.id, r.processedAt?.toISOString()]));
    groups.forEach((g, i) => {
      for (const id of g) expect(at.get(id)).toBe(times[i]?.toISOString());
    });
  });

  it('keeps the cards a mark carries in the same statement, the later of two for one place', async () => {
    const [first, second] = (await b.storage.listOutbox({})).map((r) => r.id);
    const incidentId = (await b.storage.listOutbox({}))[0]?.incidentId ?? '';
    const card = (purpose: string, messageId: string) => ({
      incidentId,
      platform: 'slack' as const,
      purpose,
      conversationId: 'CDESK',
      messageId,
      threadId: null,
      caption: purpose === 'desk_card' ? { lang: 'zh' } : null,
    });
    const at = new Date('2026-03-03T14:00:00.000Z');
    const statements = await countWrites(
      () =>
        Promise.all([
          b.storage.markOutboxProcessed([first as number], at, [card('desk_card', 'm1')]),
          b.storage.markOutboxProcessed([], at, [
            card('desk_card', 'm0'),
            card('desk_card', 'm2'),
            card('team_card:erp', 't1'),
          ]),
        ]),
      executedIn,
    );
    if (name === 'postgres') expect(statements).toBeLessThanOrEqual(3); // no upsert of their own
    const refs = await b.storage.listChatRefs(incidentId);
    expect(refs.map((r) => [r.purpose, r.messageId, r.caption])).toEqual([
      ['desk_card', 'm2', { lang: 'zh' }],
      ['team_card:erp', 't1', null],
    ]);
    const rows = new Map((await b.storage.listOutbox({})).map((r) => [r.id, r.processedAt?.toISOString()]));
    expect(rows.get(first as number)).toBe(at.toISOString());
    expect(second).toBeDefined();
  });
});
