// A command's ping follow-ups read its incident's timer audit (listAudit with one id) on every
// accept, decline, resolve and apply_match. The plan a connection keeps for that statement is
// made without its values (generic) once it has run a few times, and not made again until the
// table is next analysed: on a fresh database that is while audit_events is small. Written as
// `incident_id = ANY($1)` that plan was a sequential scan and a sort, read whole on every call
// as the table grew (the core bench: 120-260 buffers per call for no row); as an equality it is
// the (incident_id, id) index whatever the table's size.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedRows, queryRows } from '../../db/sql-rows.js';
import { AUDIT_BY_ACTION, AUDIT_OF_ONE_BY_ACTION } from '../../db/timer-queries.js';
import { TIMER_ACTIONS } from '../../src/core/steps/timers.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation, newIncident } from '../support/incidents.js';
import { countWrites } from '../support/socket-writes.js';

/** The form AUDIT_BY_ACTION had (now one incident at a time too: test/integration/batch-reads-plan.test.ts). */
const ARRAY_FORM = AUDIT_OF_ONE_BY_ACTION.replace('incident_id = $1::text', 'incident_id = ANY($1::text[])');

describe.each(backends)(
  'the timer audit of one incident, on a table never analysed, on $name',
  ({ name, open }) => {
    let b: OpenBackend;
    let first: string;

    beforeAll(async () => {
      b = await open();
      const incidents = Array.from({ length: 20 }, () => newIncident());
      first = incidents[0]?.id as string;
      const at = new Date('2026-03-03T12:00:00.000Z');
      await b.storage.transaction(async (uow) => {
        for (const incident of incidents) await uow.writeChange(creation(incident));
        await uow.appendAudit(
          Array.from({ length: 400 }, (_, i) => ({
            incidentId: incidents[i % incidents.length]?.id as string,
            step: 'IM2.4',
            action: i % 7 === 0 ? 'escalated' : 'classified',
            actorId: 'alice',
            actorName: 'Alice',
            at,
            payload: { n: i },
          })),
        );
      });
    }, 60_000);
    afterAll(() => b.close());

    /** The plan kept for the statement, made without its parameters' values. */
    const genericPlan = (text: string, types: string, args: string) =>
      b.db.orm.transaction(async (tx) => {
        await tx.execute(sql.raw('SET LOCAL plan_cache_mode = force_generic_plan'));
        await tx.execute(sql.raw(`PREPARE audit_plan_probe(${types}) AS ${text}`));
        try {
          const rows = await queryRows<{ 'QUERY PLAN': string }>(
            tx,
            sql.raw(`EXPLAIN EXECUTE audit_plan_probe(${args})`),
          );
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        } finally {
          await tx.execute(sql.raw('DEALLOCATE audit_plan_probe'));
        }
      });

    const actions = `'{${TIMER_ACTIONS.join(',')}}'`;

    it('reads one incident through its index, where the array form scanned the table', async () => {
      const any = await genericPlan(ARRAY_FORM, 'text[], text[]', `'{x}', ${actions}`);
      const one = await genericPlan(AUDIT_OF_ONE_BY_ACTION, 'text, text[]', `'x', ${actions}`);
      expect(any).toMatch(/Seq Scan on audit_events/); // the case this is about
      expect(one).toMatch(/Index Scan (using|on) audit_events_incident_idx/);
      expect(one).not.toMatch(/Seq Scan/);
    });

    it('is the statement listAudit sends for one incident, with the rows of the array form', async () => {
      const text = 'audit_events WHERE incident_id = $1::text';
      const has = (bytes: Uint8Array) => (Buffer.from(bytes).includes(text) ? 1 : 0);
      let listed: { id: number }[] = [];
      const sent = await countWrites(async () => {
        listed = await b.storage.transaction((uow) => uow.listAudit([first], ['escalated']));
      }, has);
      if (name === 'postgres') expect(sent).toBe(1); // PostgreSQL: its text went to the server
      const viaArray = await preparedRows<{ id: number | string }>(b.db.orm, 'audit_any', AUDIT_BY_ACTION, [
        [first],
        ['escalated'],
      ]);
      expect(listed.map((r) => r.id)).toEqual(viaArray.map((r) => Number(r.id)));
      expect(listed.length).toBeGreaterThan(0);
    });
  },
);
