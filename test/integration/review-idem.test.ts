// Review evidence: the idempotency result is written by UPDATE of the key row taken earlier in the
// same transaction — for a report, a command, and two concurrent deliveries of one key.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageService } from '../../src/app/triage-service.js';
import type { Actor } from '../../src/core/types.js';
import { actorFor, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('idempotency result by UPDATE on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg);
  });
  afterAll(() => backend.close());
  const row = async (key: string) => {
    const r = (await backend.db.orm.execute(
      sql`SELECT incident_id, result::text AS result FROM idempotency_keys WHERE key = ${key}`,
    )) as unknown;
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { incident_id: string; result: string }[];
    return rows[0];
  };

  it('report, command and concurrent redelivery store and replay the result', async () => {
    const rk = `rev-r-${randomUUID()}`;
    const input = { title: 'VPN drops', description: 'x', service: 'VPN', severity: null };
    const first = await service.report(input, reporter, { idempotencyKey: rk });
    expect(await row(rk)).toEqual({ incident_id: first.incident.id, result: `{"version": ${first.incident.version}}` });
    const again = await service.report(input, reporter, { idempotencyKey: rk });
    expect(again.replayed).toBe(true);
    expect(again.incident.id).toBe(first.incident.id);

    const ck = `rev-c-${randomUUID()}`;
    const cmd = { type: 'classify', nature: 'fault', category: 'vpn' } as const;
    const both = await Promise.allSettled([
      service.execute(first.incident.id, cmd, alice, { idempotencyKey: ck }),
      service.execute(first.incident.id, cmd, alice, { idempotencyKey: ck }),
    ]);
    const ok = both.flatMap((b) => (b.status === 'fulfilled' ? [b.value] : []));
    expect(ok).toHaveLength(2);
    expect(ok.filter((r) => r.replayed)).toHaveLength(1);
    const stored = await row(ck);
    expect(stored?.incident_id).toBe(first.incident.id);
    expect(JSON.parse(stored?.result ?? '{}').version).toBe(first.incident.version + 1);
  });
});
