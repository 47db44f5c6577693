// The JSON row codec of the per-command write (db/sql-rows.ts): rows are filled into a copy of a
// template that has every column, so a row keeps one shape; a missing value still fails.
import { describe, expect, it } from 'vitest';
import { incidentJson, incidentToValues } from '../../db/incident-mapper.js';
import { outboxJson } from '../../db/record-mapper.js';
import { anIncident } from '../fixtures/config.js';

describe('jsonRowWriter', () => {
  it('writes every column, in column order, with timestamps as ISO text', () => {
    const incident = anIncident();
    const row = incidentJson.encode(incidentToValues(incident));
    expect(Object.keys(row).map((k) => `"${k}"`)).toEqual(incidentJson.columns);
    expect(row.reported_at).toBe(incident.reportedAt.toISOString());
    expect(row.id).toBe(incident.id);
  });

  it('rows do not share state: each encode is a fresh object', () => {
    const at = new Date('2026-03-02T08:00:00Z');
    const one = outboxJson.encode({
      incidentId: 'a',
      topic: 't',
      payload: {},
      dedupeKey: 'a.1',
      availableAt: at,
    });
    const two = outboxJson.encode({
      incidentId: 'b',
      topic: 't',
      payload: {},
      dedupeKey: 'b.1',
      availableAt: at,
    });
    expect(one).not.toBe(two);
    expect([one.incident_id, two.incident_id]).toEqual(['a', 'b']);
  });

  it('refuses a row with a column left undefined (it would silently become NULL)', () => {
    const values = { ...incidentToValues(anIncident()), title: undefined } as never;
    expect(() => incidentJson.encode(values)).toThrow('no value for column title');
  });
});
