// The exports are offered for Excel: a cell a reporter wrote must never run there as a formula.
import { describe, expect, it } from 'vitest';
import { exportCsv, INCIDENT_COLUMNS } from '../../src/app/reports/export.js';
import type { ExportQueries, ExportRow } from '../../src/app/reports/export-port.js';

/** One page of rows as the SQL port would return them. */
function onePage(rows: ExportRow[]): ExportQueries {
  const page = async () => ({ rows, next: null });
  return { incidents: page, audit: page };
}

async function exported(rows: ExportRow[]): Promise<string[]> {
  let text = '';
  const period = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };
  for await (const chunk of exportCsv(onePage(rows), 'incidents', period as never)) text += chunk;
  return text.split('\r\n');
}

describe('CSV export against formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x.example/","click")', `"'=HYPERLINK(""http://x.example/"",""click"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('writes %s as text, with a leading quote', async (title, written) => {
    const [, row] = await exported([{ number: 'INC-000001', title }]);
    expect(row?.startsWith('INC-000001,')).toBe(true);
    expect(row?.endsWith(`,${written}`)).toBe(true);
  });

  it('leaves ordinary cells as they are', async () => {
    const [header, row] = await exported([{ number: 'INC-000002', impact: 2, title: 'VPN down' }]);
    expect(header?.startsWith('\uFEFFnumber,id,')).toBe(true);
    expect(row?.split(',')).toContain('VPN down');
    expect(row?.split(',')[INCIDENT_COLUMNS.indexOf('impact')]).toBe('2');
  });
});
