// The process environment is checked at start-up: Redis by URL or through Sentinel, each
// mistake named with its variable.
import { describe, expect, it } from 'vitest';
import { EnvError, readSettings, redisTarget } from '../../src/app/env.js';

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readSettings(env);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
}

describe('Redis settings', () => {
  it('takes a URL, or sentinels with the master name', () => {
    expect(redisTarget(readSettings({ REDIS_URL: 'redis://cache:6379/2' }))).toEqual({
      url: 'redis://cache:6379/2',
    });
    const s = readSettings({
      REDIS_SENTINELS: 'sentinel-0:26379, sentinel-1:26380,[::1]:26381,sentinel-3',
      REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_PASSWORD: 'secret',
      REDIS_DB: '3',
    });
    expect(redisTarget(s)).toEqual({
      sentinel: {
        sentinels: [
          { host: 'sentinel-0', port: 26379 },
          { host: 'sentinel-1', port: 26380 },
          { host: '::1', port: 26381 },
          { host: 'sentinel-3', port: 26379 },
        ],
        name: 'mymaster',
        password: 'secret',
        sentinelPassword: null,
        db: 3,
      },
    });
    expect(redisTarget(readSettings({}))).toBeNull();
  });

  it('names every mistake at start-up', () => {
    expect(problems({ REDIS_SENTINELS: 'a:1' })).toEqual([
      'REDIS_SENTINEL_NAME: the master name the sentinels monitor (e.g. mymaster)',
    ]);
    expect(problems({ REDIS_SENTINELS: 'a:99999,b:x', REDIS_SENTINEL_NAME: 'm', REDIS_DB: 'two' })).toEqual([
      'REDIS_SENTINELS: expected host:port[,host:port…], got "a:99999"',
      'REDIS_SENTINELS: expected host:port[,host:port…], got "b:x"',
      'REDIS_DB: expected a database number 0..255, got "two"',
    ]);
    expect(
      problems({ REDIS_URL: 'redis://r:6379', REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm' }),
    ).toEqual(['REDIS_URL and REDIS_SENTINELS: set one of them (REDIS_SENTINELS finds the master itself)']);
    expect(problems({ REDIS_URL: 'redis://r:6379', REDIS_SENTINEL_NAME: 'm' })).toEqual([
      'REDIS_SENTINEL_NAME: only used with REDIS_SENTINELS',
    ]);
  });
});

describe('SHUTDOWN_DRAIN_MS', () => {
  it('is 0 unless set, and a bad value is named', () => {
    expect(readSettings({}).shutdownDrainMs).toBe(0);
    expect(readSettings({ SHUTDOWN_DRAIN_MS: ' 5000 ' }).shutdownDrainMs).toBe(5000);
    expect(problems({ SHUTDOWN_DRAIN_MS: '5s' })).toEqual([
      'SHUTDOWN_DRAIN_MS: expected milliseconds 0..600000, got "5s"',
    ]);
    expect(problems({ SHUTDOWN_DRAIN_MS: '-1' })).toHaveLength(1);
  });
});

describe('LOG_LEVEL', () => {
  it('a bad value is named, as PORT is', () => {
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual([
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });
});
