// IM5.1 satisfaction through the use cases on PostgreSQL and PGlite: stored with the incident in
// the command's transaction, once even when two ratings race, and in the CSV export (score, when,
// after what, whether there is a comment — never its words).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportQueries } from '../../db/reports/export.js';
import { exportCsv } from '../../src/app/reports/export.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const rate = (score: number, comment: string | null = null): Command => ({ type: 'rate', score, comment });

describe.each(backends)('satisfaction on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  let now = REPORTED_AT;

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, { now: () => now });
  });
  afterAll(() => backend.close());

  async function confirmed(title: string): Promise<Incident> {
    const { incident } = await service.report(
      { title, description: '', service: null, severity: null, reportedVia: 'slack' },
      reporter,
    );
    const steps: Command[] = [
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'resolve', code: 'solved', solution: 'Restarted', tested: true },
    ];
    for (const c of steps) await service.execute(incident.id, c, alice);
    now = new Date(now.getTime() + 60_000);
    return (await service.execute(incident.id, { type: 'confirm' }, reporter)).incident;
  }

  it('two ratings at once: exactly one is kept, the other refused as already rated', async () => {
    const inc = await confirmed('VPN drops');
    const results = await Promise.allSettled([
      service.execute(inc.id, rate(5, '很好'), reporter),
      service.execute(inc.id, rate(1), reporter),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'already_rated' });
    const stored = await backend.storage.getIncident(inc.id);
    expect([5, 1]).toContain(stored?.satisfaction?.score);
    expect(stored?.satisfaction?.after).toBe('confirmed');
    const rated = (await backend.storage.listAudit(inc.id)).filter((a) => a.action === 'rated');
    expect(rated).toHaveLength(1);
    expect(rated[0]?.step).toBe('IM5.1');
  });

  it('the export carries the rating without the comment', async () => {
    const inc = await confirmed('Mail slow');
    await service.execute(inc.id, rate(3, 'a private remark'), reporter);
    let csv = '';
    const period = { from: REPORTED_AT, to: new Date(REPORTED_AT.getTime() + 86_400_000) };
    for await (const chunk of exportCsv(createExportQueries(backend.db), 'incidents', period, {}, 100))
      csv += chunk;
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cols = (header ?? '').split(',');
    const row = (rows.find((l) => l.includes(inc.number)) ?? '').split(',');
    const at = (name: string) => row[cols.indexOf(name)];
    expect([at('satisfaction_score'), at('satisfaction_after'), at('satisfaction_commented')]).toEqual([
      '3',
      'confirmed',
      'true',
    ]);
    expect(at('satisfaction_at')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(csv).not.toContain('a private remark');
  });

  // docs/reports.md "What the exports contain": the audit export is the record an auditor reads,
  // with the people's words the process recorded (the title, the solution); the rating comment
  // stays out of every export, as the incidents export leaves it out.
  it('the audit export carries the title and the solution as recorded, never the rating comment', async () => {
    const inc = await confirmed('Printer =jams on floor 3');
    await service.execute(inc.id, rate(2, 'another private remark'), reporter);
    let csv = '';
    const period = { from: REPORTED_AT, to: new Date(REPORTED_AT.getTime() + 86_400_000) };
    for await (const chunk of exportCsv(createExportQueries(backend.db), 'audit', period, {}, 100))
      csv += chunk;
    const mine = csv.split('\r\n').filter((l) => l.startsWith(`${inc.number},`));
    const action = (name: string) => mine.find((l) => l.split(',')[4] === name) ?? '';
    expect(action('registered')).toContain('""title"":""Printer =jams on floor 3""');
    expect(action('resolved')).toContain('""solution"":""Restarted""');
    expect(action('rated')).toContain('""comment"":true');
    expect(csv).not.toContain('another private remark');
  });
});
