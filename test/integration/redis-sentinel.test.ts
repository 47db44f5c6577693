// Redis behind Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME): the bot asks the sentinel where
// the master is and keeps its queues there. A private redis-server and sentinel, never the shared
// Redis: the timers must show up on the master the sentinel named, and /readyz names it ok.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/app/env.js';
import type { Actor } from '../../src/core/types.js';
import { jobsModule } from '../../src/jobs/module.js';
import { startApp } from '../../src/main/compose.js';
import { testPrefix, waitFor } from '../support/redis.js';
import {
  type SecondRedis,
  type Sentinel,
  startSecondRedis,
  startSentinel,
} from '../support/second-services.js';

const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };

describe('Redis through Sentinel', () => {
  let master: SecondRedis;
  let sentinel: Sentinel;
  let direct: Redis;
  const prefix = testPrefix('sentinel');

  beforeAll(async () => {
    master = await startSecondRedis();
    sentinel = await startSentinel(master.port, 'itss-test');
    direct = new Redis(master.url, { maxRetriesPerRequest: 1 });
  }, 30_000);
  afterAll(async () => {
    direct?.disconnect();
    await sentinel?.destroy();
    await master?.destroy();
  });

  it('finds the master through the sentinel, arms timers there and reports it ready', async () => {
    const env = {
      DATA_DIR: 'memory://',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`,
      REDIS_SENTINEL_NAME: 'itss-test',
      QUEUE_PREFIX: prefix,
      RELAY_INTERVAL_MS: '20',
    };
    const settings = readSettings(env, ['--role=all']);
    expect(settings.redisSentinel).toMatchObject({ name: 'itss-test', db: 0 });
    const app = await startApp(settings, { modules: [jobsModule], env, log: pino({ level: 'silent' }) });
    try {
      const { incident } = await app.service.report(
        { title: 'Core switch down', description: '', service: null, severity: 1 },
        reporter,
      );
      const key = `${prefix}-armed:timers:${incident.id}`;
      await waitFor(async () => (await direct.exists(key)) === 1, 'timers armed on the master');
      // Readiness waits for the analyser's warm-up too ('starting' until then), as a probe does.
      const ready = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${app.port}/readyz`);
        return res.status === 200 ? res : null;
      }, 'ready');
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    } finally {
      await app.stop();
    }
  }, 60_000);
});
