// Redis errors at a bounded rate: the first error, then at most one summary line per interval
// with the count, and one line when Redis is back (issue 10: an outage logged ~11 lines a second).
import { describe, expect, it } from 'vitest';
import { isRedisError, RedisOutageLog } from '../../src/jobs/redis.js';

function recorder() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) =>
    void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, log: { error: at('error'), warn: at('warn'), info: at('info') } };
}

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

describe('RedisOutageLog', () => {
  it('logs the first error, one summary per interval, and the recovery', () => {
    let now = 0;
    const { lines, log } = recorder();
    const outage = new RedisOutageLog(log, 30_000, () => now);
    expect(outage.reason).toBeNull();
    // 90 s of an outage at 11 errors a second; a client's "not connected" does not hide the cause.
    let errors = 0;
    for (; now < 90_000; now += 91, errors += 2) {
      outage.error(refused(), 'redis');
      outage.error(new Error('Redis not connected (reconnecting)'), 'delivery');
    }
    expect(outage.down).toBe(true);
    expect(outage.reason).toBe('ECONNREFUSED');
    expect(lines.map((l) => l.level)).toEqual(['error', 'warn', 'warn']);
    expect(lines[1]?.obj.errors).toBeGreaterThan(600);
    outage.recovered();
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'redis is back' });
    expect(lines.at(-1)?.obj.errors).toBe(errors);
    expect(outage.reason).toBeNull();
    outage.recovered(); // no outage, no line
    expect(lines).toHaveLength(4);
    outage.error(refused(), 'redis'); // a new outage starts with an error line again
    expect(lines.at(-1)?.level).toBe('error');
  });

  it('tells Redis transport errors from others', () => {
    expect(isRedisError(refused())).toBe(true);
    expect(isRedisError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      true,
    );
    expect(isRedisError(new Error('Command timed out'))).toBe(true);
    expect(isRedisError(new Error('duplicate key value violates unique constraint'))).toBe(false);
  });
});
