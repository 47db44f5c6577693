import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedRows } from '../../db/sql-rows.js';
import { AUDIT_BY_ACTION, AUDIT_OF_ONE_BY_ACTION } from '../../db/timer-queries.js';
import { TIMER_ACTIONS } from '../../src/core/steps/timers.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { auditRowsOver, genericPlanOf } from '../support/generic-plan.js';
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
          auditRowsOver(
            incidents.map((i) => i.id),
            400,
            at,
          ),
        );
      });
    }, 60_000);
    afterAll(() => b.close());

    const genericPlan = (text: string, types: string, args: string) => genericPlanOf(b.db, text, types, args);

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
