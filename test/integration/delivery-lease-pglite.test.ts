// Embedded PGlite has one process by construction (db/data-dir-lock.ts): the deliveries a process
// had claimed when it died are released when the next one starts, not 5 minutes (the lease) later.
// PostgreSQL may have other processes delivering, whose leases are live: there they are kept.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppModule } from '../../src/app/app-module.js';
import type { Settings } from '../../src/app/env.js';
import type { Actor } from '../../src/core/types.js';
import { claim } from '../../src/jobs/delivery-queue.js';
import { jobsModule } from '../../src/jobs/module.js';
import { startApp } from '../../src/main/compose.js';
import { backends } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';
import { waitFor } from '../support/redis.js';

const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };

const settings = (dataDir: string): Settings => ({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: null,
  dataDir,
  redisUrl: null,
  configPath: null,
  logLevel: 'silent',
  role: 'all',
});

describe('delivery leases at start-up', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('PGlite: rows a dead process had claimed are delivered when the next one starts, without waiting out the lease', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'itss-coredrain-lease-'));
    dirs.push(dataDir);
    const log = pino({ level: 'silent' });
    // The first process reports, claims the deliveries (its lease: 5 minutes) and dies before
    // sending any of them.
    const first = await startApp(settings(dataDir), { modules: [], env: {}, log });
    let claimedIds: number[];
    try {
      await first.service.report(
        { title: 'VPN down', description: '', service: null, severity: 3 },
        reporter,
      );
      const deps = {
        storage: first.storage,
        config: first.config,
        notifiers: [],
        clock: { now: () => new Date() },
      };
      claimedIds = (await claim(deps, 200, 'in flight')).map((r) => r.id);
    } finally {
      await first.stop();
    }
    expect(claimedIds.length).toBeGreaterThan(0);

    const notifier = new RecordingNotifier();
    const chat: AppModule = {
      name: 'recording chat',
      start: async (ctx) => {
        ctx.notifiers.push(notifier);
        return null;
      },
    };
    const second = await startApp(settings(dataDir), {
      modules: [chat, jobsModule],
      env: { RELAY_INTERVAL_MS: '20' },
      log,
    });
    try {
      await waitFor(
        async () => {
          const pending = await second.storage.listOutbox({ pendingOnly: true });
          return !pending.some((r) => claimedIds.includes(r.id));
        },
        'the claimed rows delivered',
        10_000,
      );
      expect(notifier.sent.map((n) => n.text.key)).toContain('reporter.registered');
    } finally {
      await second.stop();
    }
  });

  it('PostgreSQL: offers no release (another process may be delivering those rows)', async () => {
    const postgres = backends.find((b) => b.name === 'postgres');
    if (!postgres) throw new Error('no postgres backend');
    const backend = await postgres.open();
    try {
      expect(backend.storage.releaseDeliveryLeases).toBeUndefined();
    } finally {
      await backend.close();
    }
  });
});
