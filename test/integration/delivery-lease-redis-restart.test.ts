// A Redis that restarts empty (no persistence, a failover to an empty replica) loses the delivery
// jobs it held, while their outbox rows stay leased for DELIVERY_LEASE_MS (5 min). Seen as the
// redis-outage test's "outbox drained" timeout on a loaded machine: rows relayed just before the
// outage and not yet delivered waited out the lease. Once Redis is back the rows must be
// delivered at once (well inside the lease), each once. Real PostgreSQL, this file's own Redis.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Actor } from '../../src/core/types.js';
import { DELIVERY_LEASE_MS } from '../../src/jobs/delivery-queue.js';
import { testConfig } from '../fixtures/config.js';
import { chatRows } from '../support/chat-rows.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { startTestJobs, type TestJobs } from '../support/jobs.js';
import { waitFor } from '../support/redis.js';
import { type SecondRedis, startSecondRedis } from '../support/second-services.js';

const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const pgOpen = (backends.find((b) => b.name === 'postgres') as (typeof backends)[number]).open;
/** Far inside the 5-minute lease, far above a loaded machine's reconnect and relay rounds. */
const RECOVER_MS = 45_000;

describe('delivery rows whose jobs Redis lost in a restart', () => {
  let backend: OpenBackend;
  let redis: SecondRedis;
  let jobs: TestJobs | undefined;

  beforeAll(async () => {
    [backend, redis] = await Promise.all([pgOpen(), startSecondRedis()]);
  });
  afterAll(async () => {
    await jobs?.stop();
    await redis?.destroy();
    await backend?.close();
  });

  it('are released when Redis comes back, and delivered once each', async () => {
    expect(RECOVER_MS).toBeLessThan(DELIVERY_LEASE_MS);
    const storage = backend.storage;
    const deliveredRows = new Map<number, number>();
    const counting: Storage = {
      ...storage,
      markOutboxProcessed: (ids, at) => {
        for (const id of ids) deliveredRows.set(id, (deliveredRows.get(id) ?? 0) + 1);
        return storage.markOutboxProcessed(ids, at);
      },
    };
    const cfg = testConfig();
    // One delivery a second: most relayed jobs are still waiting in Redis when it goes.
    jobs = await startTestJobs('bullmq', counting, cfg, {
      redisUrl: redis.url,
      settings: { relayIntervalMs: 50, notifyConcurrency: 1, notifyRatePerSecond: 1 },
    });
    const service = new TriageService(storage, cfg);
    for (let n = 0; n < 4; n++)
      await service.report({ title: `Printer ${n}`, description: '', service: null, severity: 2 }, reporter);
    const notify = () => chatRows(storage, { pendingOnly: true });
    // Every notification relayed (leased: its job is in Redis) and some not delivered yet.
    const leased = await waitFor(async () => {
      const rows = await notify();
      return rows.length > 1 && rows.every((r) => r.availableAt.getTime() > Date.now()) && rows;
    }, 'notifications relayed and waiting in the queue');

    await redis.stop(); // no persistence: the queued jobs are gone
    await redis.start();
    await waitFor(
      async () => (await notify()).length === 0,
      'the leased notifications delivered',
      RECOVER_MS,
    );

    for (const row of leased) expect(deliveredRows.get(row.id)).toBe(1);
    expect([...deliveredRows.values()].filter((n) => n > 1)).toEqual([]);
  }, 120_000);
});
