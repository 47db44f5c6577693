// The plan a connection keeps for a statement once it has run five times (generic: made without
// its parameters' values), which is the plan the bot's prepared statements run with.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connect.js';
import { queryRows } from '../../db/sql-rows.js';

export const genericPlanOf = (db: Database, text: string, types: string, args: string): Promise<string> =>
  db.orm.transaction(async (tx) => {
    await tx.execute(sql.raw('SET LOCAL plan_cache_mode = force_generic_plan'));
    await tx.execute(sql.raw(`PREPARE generic_plan_probe(${types}) AS ${text}`));
    try {
      const rows = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql.raw(`EXPLAIN EXECUTE generic_plan_probe(${args})`),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await tx.execute(sql.raw('DEALLOCATE generic_plan_probe'));
    }
  });

/** `count` audit rows spread over the incidents, one in seven an escalation: what the plan tests
 *  read by action. */
export const auditRowsOver = (ids: readonly string[], count: number, at: Date) =>
  Array.from({ length: count }, (_, i) => ({
    incidentId: ids[i % ids.length] as string,
    step: 'IM2.4' as const,
    action: i % 7 === 0 ? 'escalated' : 'classified',
    actorId: 'alice',
    actorName: 'Alice',
    at,
    payload: { n: i },
  }));
