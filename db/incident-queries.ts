// Loading whole incidents: the row plus its on-site tasks and declines, batched per page so a
// queue listing costs three queries, not 1 + 2n.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AuditRecord } from '../src/app/ports.js';
import type { Decline, Incident, OnsiteTask } from '../src/core/types.js';
import type { Orm } from './connect.js';
import { eachId } from './each-id.js';
import {
  docToIncident,
  type IncidentDoc,
  type IncidentRow,
  rememberStoredRow,
  rowToDecline,
  rowToIncident,
  rowToOnsite,
} from './incident-mapper.js';
import { assignments, incidents, onsiteTasks } from './schema.js';
import { preparedRows } from './sql-rows.js';

export interface IncidentQuery {
  where?: SQL | undefined;
  limit?: number | undefined;
  /** SELECT … FOR NO KEY UPDATE (LOCK_INCIDENT): only meaningful inside a transaction. */
  forUpdate?: boolean;
}

/** The order of every incident listing: most urgent first (priority 1 before 4), then oldest. */
const LISTING_ORDER = [asc(incidents.priority), asc(incidents.reportedAt), asc(incidents.id)];

/** Only the ids, in the listing order: for sweeps over every open incident, which would otherwise
 *  hold thousands of whole incidents at once just to read their ids. */
export async function loadIncidentIds(orm: Orm, where: SQL | undefined): Promise<string[]> {
  const rows = await orm
    .select({ id: incidents.id })
    .from(incidents)
    .where(where)
    .orderBy(...LISTING_ORDER);
  return rows.map((r) => r.id);
}

export async function loadIncidents(orm: Orm, q: IncidentQuery): Promise<Incident[]> {
  const base = orm
    .select()
    .from(incidents)
    .where(q.where)
    .orderBy(...LISTING_ORDER)
    .$dynamic();
  if (q.limit !== undefined) base.limit(q.limit);
  if (q.forUpdate) base.for('no key update');
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

// ---- one command's load: lock, then the whole aggregate in one statement ------------------

/**
 * Lockers wait for each other as with FOR UPDATE; no locker changes the incident's key (id,
 * number), so a row that only references it (a card's place, chat_refs, written by the delivery
 * in another transaction, its foreign-key check taking FOR KEY SHARE) need not wait for this
 * transaction's commit.
 */
const LOCK_INCIDENT = 'SELECT 1 FROM incidents WHERE id = $1::text FOR NO KEY UPDATE';

/** Same rows and order as hydrate(): on-site tasks by dispatch time, declines by history id. */
const WHOLE_DOC = `json_build_object(
    'incident', to_json(i),
    'onsite', (SELECT coalesce(json_agg(o ORDER BY o.dispatched_at, o.id), '[]')
               FROM onsite_tasks o WHERE o.incident_id = i.id),
    'declines', (SELECT coalesce(json_agg(a ORDER BY a.id), '[]')
                 FROM assignments a WHERE a.incident_id = i.id AND a.action = 'declined')
  )::text AS doc`;

const LOAD_INCIDENT = `SELECT ${WHOLE_DOC}
  FROM incidents i WHERE i.id = $1::text`;

/**
 * LOAD_INCIDENT with the knowledge base's version (migration 0017) from the same snapshot: a
 * command's desk card before IM2.7 shows matches cached by that version, which then needs no
 * read of its own after the commit. A column of the load rather than a statement beside it.
 */
const LOAD_INCIDENT_AND_KNOWLEDGE = `SELECT ${WHOLE_DOC},
    (SELECT version FROM knowledge_version)::text AS knowledge
  FROM incidents i WHERE i.id = $1::text`;

/**
 * SELECT … FOR UPDATE of the incident, then the incident with its on-site tasks and declines,
 * in one round trip: both statements are sent together (postgres-js pipelines queries issued
 * without waiting on a transaction's connection; PGlite runs them in turn).
 *
 * Two statements, not one, on purpose. Under READ COMMITTED a statement reads with the snapshot
 * taken when it starts; a FOR UPDATE that waits for another transaction then returns the newest
 * incident row, but subqueries in the same statement would still read the child tables as of
 * before the wait, and miss what that transaction wrote. The load starts only after the lock is
 * held, so its snapshot includes every committed change and nothing can change underneath.
 */
export async function lockWholeIncident(tx: Orm, id: string): Promise<Incident | null> {
  const [, incident] = await Promise.all([
    preparedRows(tx, 'lock_incident', LOCK_INCIDENT, [id]),
    loadWholeIncident(tx, id),
  ]);
  return incident;
}

/** What a command's first round trip loads: the incident, and the knowledge base's version as
 *  of the same statement (null: no incident, or no version row). */
export interface LoadedForCommand {
  incident: Incident | null;
  knowledgeVersion: number | null;
  /** The audit records asked for with the load (lockIncidentTakingKey's `auditActions`). */
  audit?: AuditRecord[];
}

/** The `knowledge` column of a load (a bigint as text; null: no version row). */
const versionOf = (text: string | null): number | null => (text === null ? null : Number(text));

/**
 * LOAD_INCIDENT_AND_KNOWLEDGE with the row's revision (`xmin`, as text) from the same statement:
 * what a held incident's one-statement write is guarded by (db/held-incidents.ts).
 */
const LOAD_INCIDENT_FOR_COMMAND = LOAD_INCIDENT_AND_KNOWLEDGE.replace(
  'AS knowledge',
  'AS knowledge, i.xmin::text AS rev',
);

/**
 * LOAD_INCIDENT_FOR_COMMAND with the incident's audit records of some actions (oldest first),
 * what a command's ping follow-ups read (src/app/ping-followups.ts): a column of the load rather
 * than a statement of its own beside it. Same snapshot as the load, taken once the lock is held,
 * so no record committed before the lock is missed (the timer relay writes its records under
 * the same lock). Keys as AuditRecord has them; `at` arrives as text, parsed here.
 */
const LOAD_INCIDENT_KNOWLEDGE_AND_AUDIT = LOAD_INCIDENT_FOR_COMMAND.replace(
  'AS knowledge',
  `AS knowledge,
    (SELECT coalesce(json_agg(json_build_object('id', a.id, 'incidentId', a.incident_id, 'step', a.step,
       'action', a.action, 'actorId', a.actor_id, 'actorName', a.actor_name, 'at', a.at, 'payload', a.payload)
       ORDER BY a.id), '[]')
     FROM audit_events a WHERE a.incident_id = i.id AND a.action = ANY($2::text[]))::text AS audit`,
);

/** lockWholeIncident, the knowledge base's version (and `auditActions`' records) read by the load. */
export async function lockIncidentForCommand(
  tx: Orm,
  id: string,
  auditActions?: readonly string[],
): Promise<LoadedForCommand> {
  const [, loaded] = await Promise.all([
    preparedRows(tx, 'lock_incident', LOCK_INCIDENT, [id]),
    loadIncidentForCommand(tx, id, auditActions),
  ]);
  return loaded;
}

type AuditJson = Omit<AuditRecord, 'at'> & { at: string };

/** A command's incident, its stored row remembered for the command's write (storedRowOf). */
function loadedIncident(docText: string, rev: string | null): Incident {
  const doc = JSON.parse(docText) as IncidentDoc;
  const incident = docToIncident(doc);
  rememberStoredRow(incident, doc.incident, rev);
  return incident;
}

/** loadWholeIncident with the knowledge base's version read in the same statement, and with
 *  `auditActions` the incident's records of those actions (`audit`; absent without them). */
export async function loadIncidentForCommand(
  orm: Orm,
  id: string,
  auditActions?: readonly string[],
): Promise<LoadedForCommand> {
  type Row = { doc: string; knowledge: string | null; rev: string | null; audit?: string };
  const [row] = auditActions
    ? await preparedRows<Row>(orm, 'load_incident_knowledge_audit', LOAD_INCIDENT_KNOWLEDGE_AND_AUDIT, [
        id,
        [...auditActions],
      ])
    : await preparedRows<Row>(orm, 'load_incident_and_knowledge', LOAD_INCIDENT_FOR_COMMAND, [id]);
  const loaded: LoadedForCommand = row
    ? { incident: loadedIncident(row.doc, row.rev), knowledgeVersion: versionOf(row.knowledge) }
    : { incident: null, knowledgeVersion: null };
  if (auditActions)
    loaded.audit = row?.audit
      ? (JSON.parse(row.audit) as AuditJson[]).map((a) => ({ ...a, at: new Date(a.at) }))
      : [];
  return loaded;
}

/**
 * The incident by id with its on-site tasks and declines, in one statement: what every card
 * render and chat delivery reads, so one round trip rather than loadIncident's three.
 */
export async function loadWholeIncident(orm: Orm, id: string): Promise<Incident | null> {
  const [row] = await preparedRows<{ doc: string }>(orm, 'load_incident', LOAD_INCIDENT, [id]);
  // ::text and JSON.parse here: both drivers then hand over the same string, timestamps included.
  return row ? docToIncident(JSON.parse(row.doc) as IncidentDoc) : null;
}

// ---- many incidents whole: a delivery batch's, a timer relay's ---------------------------------

/** LOAD_INCIDENT of the id `u.id` (eachId's). */
const LOAD_BY_U = LOAD_INCIDENT.replace('WHERE i.id = $1::text', 'WHERE i.id = u.id');

/** LOAD_INCIDENT for a set of ids (their order is the caller's business), each by its key
 *  (db/each-id.ts: not a sequential scan of incidents, whatever plan the connection keeps). */
export const LOAD_INCIDENTS = `SELECT l.doc FROM ${eachId('$1', LOAD_BY_U, 'l')}`;

/** By id: every locker of several incidents takes their locks in one order (the ids', in turn),
 *  so two cannot deadlock. */
export const LOCK_INCIDENTS = `SELECT 1 FROM ${eachId('$1', 'SELECT 1 FROM incidents i WHERE i.id = u.id', 'l', 'FOR NO KEY UPDATE')}`;

/** LOAD_INCIDENTS with the knowledge base's version from the same snapshot, as for a command. */
export const LOAD_INCIDENTS_AND_KNOWLEDGE = `SELECT l.doc, (SELECT version FROM knowledge_version)::text AS knowledge
  FROM ${eachId('$1', LOAD_BY_U, 'l')}`;

/**
 * loadWholeIncidents with the knowledge base's version read in the same statement (null: no
 * incident, or no version row): a delivery batch's cards show matches cached by it.
 */
export async function loadIncidentsAndKnowledge(
  orm: Orm,
  ids: readonly string[],
): Promise<{ incidents: Incident[]; knowledgeVersion: number | null }> {
  if (ids.length === 0) return { incidents: [], knowledgeVersion: null };
  const rows = await preparedRows<{ doc: string; knowledge: string | null }>(
    orm,
    'load_incidents_and_knowledge',
    LOAD_INCIDENTS_AND_KNOWLEDGE,
    [[...new Set(ids)]],
  );
  return {
    incidents: rows.map((row) => docToIncident(JSON.parse(row.doc) as IncidentDoc)),
    knowledgeVersion: versionOf(rows[0]?.knowledge ?? null),
  };
}

/** Incidents by id, whole, in one statement; missing ids are left out. */
export async function loadWholeIncidents(orm: Orm, ids: readonly string[]): Promise<Incident[]> {
  if (ids.length === 0) return [];
  const rows = await preparedRows<{ doc: string }>(orm, 'load_incidents', LOAD_INCIDENTS, [
    [...new Set(ids)],
  ]);
  return rows.map((row) => docToIncident(JSON.parse(row.doc) as IncidentDoc));
}

/**
 * lockWholeIncident for several incidents: the locks (in id order), then the incidents in a
 * statement that starts once they are held — two statements in one round trip, where the query
 * builder's listing took three one after another.
 */
export async function lockWholeIncidents(tx: Orm, ids: readonly string[]): Promise<Incident[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const [, incidents] = await Promise.all([
    preparedRows(tx, 'lock_incidents', LOCK_INCIDENTS, [unique]),
    loadWholeIncidents(tx, unique),
  ]);
  return incidents;
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
