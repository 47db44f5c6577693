// A report refused at IM1 (an over-long or blank title) takes no incident number: it is checked
// before the counter is touched; the next report gets the next number, with no gap (PostgreSQL
// and PGlite). test/integration/incident-numbers.test.ts covers rollbacks, crashes, restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageService } from '../../src/app/triage-service.js';
import { DomainError } from '../../src/core/errors.js';
import type { Actor } from '../../src/core/types.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const report = (title: string) => ({ title, description: '', service: null, severity: null });
const sequenceOf = (number: string) => Number(number.split('-').at(-1));

describe.each(backends)('a refused report leaves no gap in the numbers on $name', ({ open }) => {
  let backend: OpenBackend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('the reports after a refused one are numbered consecutively', async () => {
    const service = new TriageService(backend.storage, testConfig());
    const first = await service.report(report('VPN drops'), reporter);
    for (const title of ['x'.repeat(201), '   ']) {
      const refused = await service.report(report(title), reporter).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
    }
    const refusedWithKey = await service
      .report(report('y'.repeat(300)), reporter, { idempotencyKey: 'k-refused' })
      .catch((e: unknown) => e);
    expect(refusedWithKey).toBeInstanceOf(DomainError);
    const next = await service.report(report('Printer jams'), reporter);
    expect(sequenceOf(next.incident.number)).toBe(sequenceOf(first.incident.number) + 1);
  });
});
