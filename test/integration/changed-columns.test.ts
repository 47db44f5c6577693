// A command's write sends only the incident columns its decision changed (unit-of-work.ts
// `writeChange`, `jsonb_populate_record(t, …)` keeps the rest as stored). What must hold: the
// stored incident is what the decision made, after every step, and what is left out is left as
// it was stored (a timestamp's microseconds too), on PostgreSQL and PGlite.

import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { watchStatements } from '../../db/sql-rows.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('a command writes only the columns it changed, on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  let now = REPORTED_AT;

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg, { now: () => now });
  });
  afterAll(() => backend.close());
  let stopWatching = () => {};
  afterEach(() => stopWatching());

  /** The incident JSON each update of the incident row was sent (db/sql-rows.ts watchStatements). */
  function watchUpdates(): Record<string, unknown>[] {
    const sent: Record<string, unknown>[] = [];
    stopWatching = watchStatements(({ text, params }) => {
      if (/^WITH inc AS \(UPDATE incidents/.test(text)) sent.push(JSON.parse(params[0] as string));
    });
    return sent;
  }

  const step = async (incident: Incident, command: Command, actor: Actor) => {
    now = new Date(now.getTime() + 60_000);
    return (await service.execute(incident.id, command, actor)).incident;
  };

  it('stores what each decision made, sending only what changed', async () => {
    let inc = (
      await service.report(
        { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null },
        reporter,
      )
    ).incident;
    const sent = watchUpdates();
    const commands: [Command, Actor][] = [
      [{ type: 'classify', nature: 'fault', category: 'vpn', verification: 'Checked' }, alice],
      [{ type: 'prioritise', impact: 2, urgency: 3 }, alice],
      [{ type: 'supplement_description', text: '更多细节 — more detail' }, alice],
      [{ type: 'decide_onsite', needed: false }, alice],
    ];
    for (const [command, actor] of commands) {
      const before = inc;
      inc = await step(inc, command, actor);
      const stored = await backend.storage.getIncident(inc.id);
      expect(stored).toEqual(inc);
      const columns = Object.keys(sent.at(-1) ?? {});
      expect(columns).toContain('version');
      // Columns the command did not change are not sent.
      expect(columns).not.toContain('title');
      expect(columns).not.toContain('reported_at');
      expect(columns).not.toContain('reporter_id');
      if (inc.description !== before.description) expect(columns).toContain('description');
      else expect(columns).not.toContain('description');
    }
    expect(sent.length).toBe(commands.length);
    const last = sent.at(-1) ?? {};
    expect(last).toMatchObject({ version: inc.version, status: inc.status });
  });

  it('leaves a column it does not change as stored, microseconds included', async () => {
    const inc = (
      await service.report(
        { title: 'Printer', description: 'jams', service: 'Print', severity: null },
        reporter,
      )
    ).incident;
    const table = backend.db.schema ? sql.raw(`"${backend.db.schema}".incidents`) : sql.raw('incidents');
    await backend.db.orm.execute(
      sql`UPDATE ${table} SET reported_at = reported_at + interval '123 microseconds' WHERE id = ${inc.id}`,
    );
    await step(inc, { type: 'classify', nature: 'fault', category: 'vpn' }, alice);
    const rows = await backend.db.orm.execute(
      sql`SELECT to_char(reported_at AT TIME ZONE 'UTC', 'US') AS us FROM ${table} WHERE id = ${inc.id}`,
    );
    const [row] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { us: string }[];
    expect(Number(row?.us) % 1000).toBe(123);
  });
});
