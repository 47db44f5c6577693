// Loading whole incidents: the row plus its on-site tasks and declines, batched per page so a
// queue listing costs three queries, not 1 + 2n.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Decline, Incident, OnsiteTask } from '../src/core/types.js';
import type { Orm } from './connect.js';
import { type IncidentRow, rowToDecline, rowToIncident, rowToOnsite } from './incident-mapper.js';
import { assignments, incidents, onsiteTasks } from './schema.js';

export interface IncidentQuery {
  where?: SQL | undefined;
  limit?: number | undefined;
  /** SELECT … FOR UPDATE: only meaningful inside a transaction. */
  forUpdate?: boolean;
}

export async function loadIncidents(orm: Orm, q: IncidentQuery): Promise<Incident[]> {
  const base = orm
    .select()
    .from(incidents)
    .where(q.where)
    .orderBy(asc(incidents.priority), asc(incidents.reportedAt), asc(incidents.id))
    .$dynamic();
  if (q.limit !== undefined) base.limit(q.limit);
  if (q.forUpdate) base.for('update');
  return hydrate(orm, await base);
}

export async function loadIncident(orm: Orm, where: SQL, forUpdate = false): Promise<Incident | null> {
  const [incident] = await loadIncidents(orm, { where, limit: 1, forUpdate });
  return incident ?? null;
}

async function hydrate(orm: Orm, rows: readonly IncidentRow[]): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // Sequential on purpose: inside a transaction both share one connection anyway.
  const tasks = await loadOnsite(orm, ids);
  const declines = await loadDeclines(orm, ids);
  return rows.map((r) => rowToIncident(r, tasks.get(r.id) ?? [], declines.get(r.id) ?? []));
}

async function loadOnsite(orm: Orm, ids: string[]): Promise<Map<string, OnsiteTask[]>> {
  const rows = await orm
    .select()
    .from(onsiteTasks)
    .where(inArray(onsiteTasks.incidentId, ids))
    .orderBy(asc(onsiteTasks.dispatchedAt), asc(onsiteTasks.id));
  return groupBy(rows, (r) => r.incidentId, rowToOnsite);
}

async function loadDeclines(orm: Orm, ids: string[]): Promise<Map<string, Decline[]>> {
  const rows = await orm
    .select()
    .from(assignments)
    .where(and(inArray(assignments.incidentId, ids), eq(assignments.action, 'declined')))
    .orderBy(asc(assignments.id));
  return groupBy(rows, (r) => r.incidentId, rowToDecline);
}

function groupBy<R, T>(rows: readonly R[], key: (r: R) => string, map: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k) ?? [];
    list.push(map(r));
    out.set(k, list);
  }
  return out;
}
