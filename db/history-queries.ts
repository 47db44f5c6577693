// The incident history's records (HistoryQueries in src/app/ports.ts): the audit trail, work log,
// assignment history and on-site tasks of one incident, each in the order written. The four
// statements are issued together (one round trip on postgres.js; PGlite queues them).
import { asc, eq } from 'drizzle-orm';
import type { HistoryQueries } from '../src/app/ports.js';
import type { Orm } from './connect.js';
import { rowToOnsite } from './incident-mapper.js';
import { toAssignmentRecord, toAuditRecord, toWorklogRecord } from './record-mapper.js';
import { assignments, auditEvents, onsiteTasks, worklog } from './schema.js';

export function createHistoryQueries(orm: Orm): HistoryQueries {
  return {
    async incidentRecords(incidentId) {
      const [audit, notes, handovers, tasks] = await Promise.all([
        orm
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.incidentId, incidentId))
          .orderBy(asc(auditEvents.id)),
        orm.select().from(worklog).where(eq(worklog.incidentId, incidentId)).orderBy(asc(worklog.id)),
        orm
          .select()
          .from(assignments)
          .where(eq(assignments.incidentId, incidentId))
          .orderBy(asc(assignments.id)),
        orm
          .select()
          .from(onsiteTasks)
          .where(eq(onsiteTasks.incidentId, incidentId))
          .orderBy(asc(onsiteTasks.dispatchedAt), asc(onsiteTasks.id)),
      ]);
      return {
        audit: audit.map(toAuditRecord),
        worklog: notes.map(toWorklogRecord),
        assignments: handovers.map(toAssignmentRecord),
        onsite: tasks.map(rowToOnsite),
      };
    },
  };
}
