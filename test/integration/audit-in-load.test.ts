// The audit a command reads with its load (ping follow-ups) equals what listAudit returns.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageService } from '../../src/app/triage-service.js';
import { TIMER_ACTIONS } from '../../src/core/steps/timers.js';
import type { Actor } from '../../src/core/types.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('audit in the load on $name', ({ open }) => {
  let backend: OpenBackend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('matches listAudit', async () => {
    const service = new TriageService(backend.storage, testConfig());
    const { incident } = await service.report(
      { title: 'x', description: 'y', service: null, severity: null },
      reporter,
    );
    const [a1, a2] = TIMER_ACTIONS;
    await backend.db.orm
      .execute(sql`INSERT INTO audit_events (incident_id, step, action, actor_id, actor_name, at, payload)
      VALUES (${incident.id}, 'IM2.5', ${a2}, 'system', '系统 "x"', '2026-12-06 10:00:00.123456+08', '{"targets":["slack:U1"],"n":1.5,"s":"ü\\u0000x"}'::jsonb),
             (${incident.id}, 'IM2.5', ${a1}, 'system', 'sys', '2026-12-06 03:00:00+00', '{"targets":[{"id":"a"}],"deep":{"k":[1,null,true]}}'::jsonb)`)
      .catch(async () =>
        backend.db.orm.execute(sql`INSERT INTO audit_events (incident_id, step, action, actor_id, actor_name, at, payload)
      VALUES (${incident.id}, 'IM2.5', ${a2}, 'system', '系统 "x"', '2026-12-06 10:00:00.123456+08', '{"targets":["slack:U1"],"n":1.5,"s":"ü"}'::jsonb),
             (${incident.id}, 'IM2.5', ${a1}, 'system', 'sys', '2026-12-06 03:00:00+00', '{"targets":[{"id":"a"}],"deep":{"k":[1,null,true]}}'::jsonb)`),
      );
    await backend.storage.transaction(async (uow) => {
      const listed = await uow.listAudit([incident.id], TIMER_ACTIONS);
      const loaded = await uow.lockIncidentTakingKey(incident.id, `k-${randomUUID()}`, TIMER_ACTIONS);
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect(loaded.audit).toEqual(listed);
      const none = await uow.lockIncidentTakingKey(incident.id, undefined, ['no_such_action']);
      expect(none.audit).toEqual([]);
    });
  });
});
