// The write side of one command, bound to one transaction (see Storage.transaction).
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { AuditRecord, IdempotencyHit, OutboxMessage, UnitOfWork } from '../src/app/ports.js';
import type { Incident, OnsiteTask } from '../src/core/types.js';
import type { Orm } from './connect.js';
import { incidentToValues, onsiteToRow } from './incident-mapper.js';
import { loadIncident } from './incident-queries.js';
import { toAuditRecord } from './record-mapper.js';
import {
  assignments,
  auditEvents,
  idempotencyKeys,
  incidents,
  onsiteTasks,
  outbox,
  worklog,
} from './schema.js';
import { queryRows } from './sql-rows.js';

/** `tx` must be a transaction: FOR UPDATE locks and the idempotency reservation rely on it. */
export function createUnitOfWork(tx: Orm): UnitOfWork {
  return {
    lockIncident: (id) => loadIncident(tx, eq(incidents.id, id), true),
    nextIncidentSequence: () => nextSequence(tx),
    insertIncident: (incident) => insertIncident(tx, incident),
    updateIncident: (incident, expectedVersion) => updateIncident(tx, incident, expectedVersion),
    saveOnsiteTasks: (incidentId, tasks) => saveOnsiteTasks(tx, incidentId, tasks),
    async appendAudit(records) {
      if (records.length > 0) await tx.insert(auditEvents).values([...records]);
    },
    async appendWorklog(records) {
      if (records.length > 0) await tx.insert(worklog).values([...records]);
    },
    async appendAssignments(records) {
      if (records.length > 0) await tx.insert(assignments).values([...records]);
    },
    enqueueOutbox: (messages) => enqueueOutbox(tx, messages),
    findIdempotencyKey: (key) => reserveIdempotencyKey(tx, key),
    async saveIdempotencyKey(key, incidentId, result) {
      await tx
        .insert(idempotencyKeys)
        .values({ key, incidentId, result })
        .onConflictDoUpdate({ target: idempotencyKeys.key, set: { incidentId, result } });
    },
    lastChange: (incidentId) => lastChange(tx, incidentId),
  };
}

async function nextSequence(tx: Orm): Promise<number> {
  // ::integer because int8 arrives as a string from postgres-js; 2^31 incidents is plenty.
  const [row] = await queryRows<{ n: number }>(tx, sql`SELECT nextval('incident_number_seq')::integer AS n`);
  if (!row) throw new Error('nextval returned no row');
  return row.n;
}

/** A new aggregate is written whole, including any on-site tasks it already carries. */
async function insertIncident(tx: Orm, incident: Incident): Promise<void> {
  await tx.insert(incidents).values(incidentToValues(incident));
  await saveOnsiteTasks(tx, incident.id, incident.onsite);
}

/**
 * Optimistic write of the incident row only; on-site tasks and assignment history have their
 * own calls (the Decision lists them separately). `incident.version` is already the new one.
 */
async function updateIncident(tx: Orm, incident: Incident, expectedVersion: number): Promise<boolean> {
  const { id, ...values } = incidentToValues(incident);
  const changed = await tx
    .update(incidents)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(incidents.id, id), eq(incidents.version, expectedVersion)))
    .returning({ id: incidents.id });
  return changed.length > 0;
}

async function saveOnsiteTasks(tx: Orm, incidentId: string, tasks: readonly OnsiteTask[]): Promise<void> {
  if (tasks.length === 0) return;
  const rows = tasks.map((t) => onsiteToRow(incidentId, t));
  await tx
    .insert(onsiteTasks)
    .values(rows)
    .onConflictDoUpdate({
      target: onsiteTasks.id,
      set: excludedColumns(onsiteTasks, ['id', 'incidentId']),
    });
}

/** Upsert SET clause: every column except `keep` takes the proposed row's value. */
function excludedColumns(table: PgTable, keep: readonly string[]): Record<string, SQL> {
  const entries = Object.entries(getTableColumns(table)).filter(([key]) => !keep.includes(key));
  return Object.fromEntries(entries.map(([key, col]) => [key, sql`excluded.${sql.identifier(col.name)}`]));
}

async function enqueueOutbox(tx: Orm, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  // A redelivered command re-enqueues the same dedupe keys: keep the first, silently.
  await tx
    .insert(outbox)
    .values([...messages])
    .onConflictDoNothing({ target: outbox.dedupeKey });
}

/**
 * Takes the key by inserting a placeholder. A concurrent transaction inserting the same key
 * blocks on the primary key until we commit, then sees our row: duplicates are serialised.
 */
async function reserveIdempotencyKey(tx: Orm, key: string): Promise<IdempotencyHit | null> {
  const taken = await tx
    .insert(idempotencyKeys)
    .values({ key, incidentId: null, result: {} })
    .onConflictDoNothing({ target: idempotencyKeys.key })
    .returning({ key: idempotencyKeys.key });
  if (taken.length > 0) return null;
  const [row] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row ? { incidentId: row.incidentId, result: row.result } : null;
}

/** One command writes a handful of events at once; 32 covers the largest decision. */
async function lastChange(tx: Orm, incidentId: string): Promise<AuditRecord[]> {
  const rows = await tx
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.incidentId, incidentId))
    .orderBy(desc(auditEvents.id))
    .limit(32);
  const records = rows.map(toAuditRecord);
  const newest = records[0];
  if (!newest) return [];
  const sameChange = (r: AuditRecord) =>
    r.actorId === newest.actorId && r.at.getTime() === newest.at.getTime();
  const change: AuditRecord[] = [];
  for (const r of records) {
    if (!sameChange(r)) break;
    change.unshift(r);
  }
  return change;
}
