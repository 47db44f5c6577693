// The timer relay and the chat delivery claim from the outbox side by side. Each must take only
// its own rows, in due order, and read only its own part of the pending rows: with thousands of
// the other relay's rows waiting (a surge, an outage's retries falling due together), a claim
// must still stop at its limit instead of reading and sorting them all (migration 0019).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedRows } from '../../db/sql-rows.js';
import { CLAIM_PLAN, claimLeasedSql, claimQuery, relayOf } from '../../db/timer-queries.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { DELIVERY_TOPIC_PREFIXES, TOPIC, TOPIC_PREFIX } from '../../src/app/outbox.js';
import type { OutboxClaim, OutboxMessage } from '../../src/app/ports.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation, newIncident } from '../support/incidents.js';

const BACKLOG = 3000;
const NOW = new Date('2026-03-03T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

const row = (incidentId: string, topic: string, key: string, availableAt: Date): OutboxMessage => ({
  incidentId,
  topic,
  payload: { key },
  dedupeKey: key,
  availableAt,
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe.each(backends)('outbox claims per relay on $name', ({ open }) => {
  let b: OpenBackend;
  let timerKeys: string[];

  beforeAll(async () => {
    b = await open();
    const incident = newIncident();
    // The delivery's backlog is older than the timers' rows: a claim reading in due order
    // through one shared index would meet all of it before the first timer row.
    const backlog = Array.from({ length: BACKLOG }, (_, i) =>
      row(
        incident.id,
        i % 2 ? TOPIC.viewRefresh : `${TOPIC_PREFIX.notify}ping`,
        `d${i}`,
        minutesAgo(600 - i / 10),
      ),
    );
    const timers = Array.from({ length: 5 }, (_, i) =>
      row(incident.id, TOPIC.timerChanged, `t${i}`, minutesAgo(5 - i)),
    );
    timerKeys = timers.map((t) => t.dedupeKey);
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident));
      await uow.enqueueOutbox([...backlog, ...timers]);
    });
    await b.db.orm.execute('ANALYZE outbox');
  }, 60_000);
  afterAll(() => b.close());

  const claim = (prefixes: readonly string[], extra: Partial<OutboxClaim> = {}) =>
    b.storage.transaction((uow) =>
      uow.claimOutbox({ topicPrefixes: prefixes, now: NOW, limit: 50, ...extra }),
    );

  it('names the relay a claim is for only when its prefixes cannot reach the other', () => {
    expect(relayOf([TOPIC_PREFIX.timer]).name).toBe('timer');
    expect(relayOf(DELIVERY_TOPIC_PREFIXES).name).toBe('delivery');
    expect(relayOf(['tim']).name).toBe('any'); // 'tim' would match timer rows too
    expect(relayOf([TOPIC_PREFIX.timer, TOPIC_PREFIX.notify]).name).toBe('any');
  });

  it("gives each relay its own rows, in due order, leased or not, and 'any' both", async () => {
    expect((await claim([TOPIC_PREFIX.timer])).map((r) => r.dedupeKey)).toEqual(timerKeys);
    const delivery = await claim(DELIVERY_TOPIC_PREFIXES, { limit: 3 });
    expect(delivery.map((r) => r.dedupeKey)).toEqual(['d0', 'd1', 'd2']);
    const mixed = await claim(['tim', TOPIC_PREFIX.notify], { limit: BACKLOG + 5 });
    expect(mixed.filter((r) => r.topic === TOPIC.timerChanged)).toHaveLength(5);
    expect(mixed.filter((r) => r.topic === TOPIC.viewRefresh)).toHaveLength(0);
    const leaseUntil = new Date(NOW.getTime() + 60_000);
    const leased = await claim([TOPIC_PREFIX.timer], { leaseUntil });
    expect(leased.map((r) => r.dedupeKey)).toEqual(timerKeys);
    expect(await claim([TOPIC_PREFIX.timer], { leaseUntil })).toEqual([]);
  });

  const explain = async (text: string, params: unknown[]): Promise<PlanNode[]> => {
    const rows = await preparedRows<{ 'QUERY PLAN': unknown }>(
      b.db.orm,
      'explain',
      `EXPLAIN (FORMAT JSON) ${text}`,
      params,
    );
    const plan = rows[0]?.['QUERY PLAN'];
    const json = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
    return nodes(json[0]?.Plan as PlanNode);
  };

  it.each([
    ['timer', 'queued', [TOPIC_PREFIX.timer], 'outbox_timer_pending_idx'],
    ['delivery', 'queued', DELIVERY_TOPIC_PREFIXES, 'outbox_delivery_pending_idx'],
    ['delivery', 'in flight', DELIVERY_TOPIC_PREFIXES, 'outbox_delivery_pending_idx'],
  ] as const)(
    'plans a leased %s claim (%s lease) on its own index, in due order, with no sort',
    async (_, lease, prefixes, index) => {
      const text = claimLeasedSql(relayOf(prefixes).predicate, lease);
      const plan = await explain(text, [NOW.toISOString(), NOW.toISOString(), [...prefixes], null, 50]);
      expect(plan.map((n) => n['Index Name']).filter(Boolean)).toContain(index);
      expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
    },
  );

  it('plans the unleased timer claim on its own index, with no sort', async () => {
    const query = claimQuery(b.db.orm, { topicPrefixes: [TOPIC_PREFIX.timer], now: NOW, limit: 50 }).toSQL();
    const plan = await explain(query.sql, query.params);
    expect(plan.map((n) => n['Index Name']).filter(Boolean)).toContain('outbox_timer_pending_idx');
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
  });
});

// Every delivered row leaves dead entries in its relay's index until a vacuum. A claim planned as
// a bitmap scan reads every one of them again on every claim (a plain index scan marks them
// dead once), and the planner picks the bitmap on a table it has no statistics for (a fresh
// database) or whose backlog is small: the leased claim turns bitmap scans off for itself.
describe.each(backends)(
  'the leased claim on a never-analysed outbox full of processed rows on $name',
  ({ open }) => {
    let b: OpenBackend;
    const PROCESSED = 2000;

    beforeAll(async () => {
      b = await open();
      const incident = newIncident();
      const rows = Array.from({ length: PROCESSED + 20 }, (_, i) =>
        row(incident.id, TOPIC.viewRefresh, `p${i}`, minutesAgo(600 - i / 10)),
      );
      await b.storage.transaction(async (uow) => {
        await uow.writeChange(creation(incident));
        await uow.enqueueOutbox(rows);
      });
      // Delivered, as the delivery marks them: each leaves a dead entry in outbox_delivery_pending_idx.
      const ids = (await b.storage.listOutbox({ pendingOnly: true })).map((r) => r.id).slice(0, PROCESSED);
      await b.storage.transaction((uow) => uow.updateOutbox(ids, { processedAt: NOW }));
    }, 60_000);
    afterAll(() => b.close());

    const planOf = (settings: string | null) =>
      b.db.orm.transaction(async (tx) => {
        if (settings) await preparedRows(tx, 'claim_plan', settings, []);
        const text = claimLeasedSql(relayOf(DELIVERY_TOPIC_PREFIXES).predicate);
        const rows = await preparedRows<{ 'QUERY PLAN': unknown }>(
          tx,
          'explain',
          `EXPLAIN (FORMAT JSON) ${text}`,
          [NOW.toISOString(), NOW.toISOString(), [...DELIVERY_TOPIC_PREFIXES], null, 50],
        );
        const plan = rows[0]?.['QUERY PLAN'];
        const json = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
        return nodes(json[0]?.Plan as PlanNode).map((n) => n['Node Type']);
      });

    it('is planned as a bitmap scan without its setting, and as an index scan in due order with it', async () => {
      expect(await planOf(null)).toContain('Bitmap Heap Scan'); // the case this is about
      const plan = await planOf(CLAIM_PLAN);
      expect(plan).not.toContain('Bitmap Heap Scan');
      expect(plan).toContain('Index Scan');
      expect(plan).not.toContain('Sort');
    });

    it('sends that setting in the transaction of its claim, and still claims the due rows in order', async () => {
      const [claimed, setting] = await b.db.orm.transaction(async (tx) => {
        const uow = createUnitOfWork(tx);
        const leaseUntil = new Date(NOW.getTime() + 60_000);
        const rows = await uow.claimOutbox({
          topicPrefixes: DELIVERY_TOPIC_PREFIXES,
          now: NOW,
          limit: 5,
          leaseUntil,
        });
        const [shown] = await preparedRows<{ enable_bitmapscan: string }>(
          tx,
          'show',
          'SHOW enable_bitmapscan',
          [],
        );
        return [rows, shown?.enable_bitmapscan] as const;
      });
      expect(claimed.map((r) => r.dedupeKey)).toEqual(['p2000', 'p2001', 'p2002', 'p2003', 'p2004']);
      expect(setting).toBe('off');
    });
  },
);
