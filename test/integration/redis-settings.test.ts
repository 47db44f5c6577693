// docs/timers.md asks Redis for noeviction, hz 100 and appendonly yes. The bot reads them when it
// first reaches Redis and says what a missing one means, on servers of this test's own (never the
// shared one, whose settings are not ours to change).
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRedisSettings } from '../../src/jobs/redis-settings.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { startTestJobs } from '../support/jobs.js';
import { waitFor } from '../support/redis.js';
import { type SecondRedis, startSecondRedis } from '../support/second-services.js';

interface Line {
  level: number;
  msg: string;
}

function capturing(): { log: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) }) };
}

async function notesFrom(server: SecondRedis): Promise<Line[]> {
  const { log, lines } = capturing();
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  try {
    await checkRedisSettings(redis, log);
  } finally {
    redis.disconnect();
  }
  return lines.filter((l) => l.msg.startsWith('redis: '));
}

describe('Redis settings read at start', () => {
  const servers: SecondRedis[] = [];
  const server = async (args: string[] = []) => {
    const s = await startSecondRedis(args);
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of servers) await s.destroy();
  });

  it('warns of an evicting policy and tells what hz 10 and no appendonly mean', async () => {
    const lines = await notesFrom(await server(['--maxmemory-policy', 'allkeys-lru', '--hz', '10']));
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      expect.stringContaining('maxmemory-policy is allkeys-lru; set noeviction'),
    ]);
    const infos = lines.filter((l) => l.level === 30).map((l) => l.msg);
    expect(infos).toEqual([expect.stringContaining('hz is 10'), expect.stringContaining('appendonly is no')]);
  }, 30_000);

  it('says nothing of a setting that is as recommended', async () => {
    const lines = await notesFrom(await server(['--appendonly', 'yes']));
    expect(lines).toEqual([]);
  }, 30_000);

  it('says once that it could not check when CONFIG is refused, as managed services do', async () => {
    const lines = await notesFrom(await server(['--rename-command', 'CONFIG', '']));
    expect(lines.map((l) => l.msg)).toEqual([expect.stringContaining('cannot read its settings')]);
  }, 30_000);

  describe('the jobs module', () => {
    let backend: OpenBackend;
    beforeAll(async () => {
      backend = await (backends[0] as (typeof backends)[number]).open();
    });
    afterAll(() => backend.close());

    it('checks them once it reaches Redis', async () => {
      const evicting = await server(['--maxmemory-policy', 'allkeys-lru']);
      const { log, lines } = capturing();
      const jobs = await startTestJobs('bullmq', backend.storage, testConfig(), {
        redisUrl: evicting.url,
        log,
      });
      try {
        await waitFor(
          () => lines.some((l) => l.msg.includes('maxmemory-policy is allkeys-lru')),
          'the eviction warning',
        );
      } finally {
        await jobs.dispose();
      }
    }, 60_000);
  });
});
