// The jobs module in the composition root: roles, health, the failed-deliveries route, and a
// real process that shuts down cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessRole, Settings } from '../../src/app/env.js';
import { TOPIC_PREFIX } from '../../src/app/outbox.js';
import type { Actor } from '../../src/core/types.js';
import { jobsModule } from '../../src/jobs/module.js';
import { type RunningApp, startApp } from '../../src/main/compose.js';
import { openRedis, testPrefix, testRedisUrl, waitFor, wipePrefix } from '../support/redis.js';

const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };

const settings = (role: ProcessRole, redisUrl: string | null): Settings => ({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: null,
  dataDir: 'memory://',
  redisUrl,
  configPath: null,
  logLevel: 'silent',
  role,
});

async function armedKeys(redis: Redis, prefix: string): Promise<string[]> {
  const [, keys] = await redis.scan('0', 'MATCH', `${prefix}-armed:*`, 'COUNT', 1000);
  return keys;
}

describe('jobs module', () => {
  let redis: Redis;
  const prefix = testPrefix('module');

  beforeAll(() => {
    redis = openRedis();
  });
  afterAll(async () => {
    await wipePrefix(redis, prefix);
    await redis.quit();
  });

  async function start(role: ProcessRole, redisUrl: string | null): Promise<RunningApp> {
    return startApp(settings(role, redisUrl), {
      modules: [jobsModule],
      env: { QUEUE_PREFIX: prefix, RELAY_INTERVAL_MS: '20', ADMIN_TOKEN: 'let-me-in' },
      log: pino({ level: 'silent' }),
    });
  }

  it('--role=all with REDIS_URL: arms timers on BullMQ, reports its health, lists failed deliveries', async () => {
    const app = await start('all', testRedisUrl);
    try {
      const { incident } = await app.service.report(
        { title: 'Core switch down', description: '', service: null, severity: 1 },
        reporter,
      );
      await waitFor(async () => (await armedKeys(redis, prefix)).length > 0, 'armed timers');
      expect(await armedKeys(redis, prefix)).toEqual([`${prefix}-armed:timers:${incident.id}`]);

      const base = `http://127.0.0.1:${app.port}`;
      const health = await (await fetch(`${base}/healthz`)).json();
      expect(health).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
      expect((await fetch(`${base}/admin/outbox/failed`)).status).toBe(401);
      const failed = await fetch(`${base}/admin/outbox/failed`, {
        headers: { authorization: 'Bearer let-me-in' },
      });
      expect(failed.status).toBe(200);
      expect(await failed.json()).toEqual({ failed: [] });
    } finally {
      await app.stop();
    }
  });

  it('--role=web runs no timers: the outbox keeps the change for the workers', async () => {
    const app = await start('web', testRedisUrl);
    try {
      const { incident } = await app.service.report(
        { title: 'Printer jam', description: '', service: null, severity: 3 },
        reporter,
      );
      const pending = await app.storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC_PREFIX.timer });
      expect(pending.map((r) => r.incidentId)).toEqual([incident.id]);
      const health = (await (await fetch(`http://127.0.0.1:${app.port}/healthz`)).json()) as {
        checks: Record<string, string>;
      };
      expect(Object.keys(health.checks)).toEqual(['database']);
    } finally {
      await app.stop();
    }
  });

  it('a worker process closes its queues and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'itss-jobs-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/main.ts', '--role=worker'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        REDIS_URL: testRedisUrl,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      output += b.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(
        () => output.includes('deadline timers on BullMQ') && output.includes('is up'),
        'startup',
        60_000,
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
