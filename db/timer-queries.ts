// Unit-of-work queries for the deadline timers and the outbox relays (src/jobs): batch locks,
// audit look-ups by action, and claiming outbox rows so several instances never take the same.
import { and, asc, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { TOPIC_PREFIX } from '../src/app/outbox.js';
import type {
  AuditRecord,
  OutboxClaim,
  OutboxLease,
  OutboxRecord,
  OutboxUpdate,
  SyncedRow,
  TimerRowSettle,
} from '../src/app/ports.js';
import type { Incident } from '../src/core/types.js';
import type { Orm } from './connect.js';
import { eachId } from './each-id.js';
import { lockWholeIncidents } from './incident-queries.js';
import { toAuditRecord, toOutboxRecord } from './record-mapper.js';
import { type auditEvents, outbox } from './schema.js';
import { preparedRows } from './sql-rows.js';

/** Row locks in id order, so two relays locking overlapping sets cannot deadlock. */
export function lockIncidents(tx: Orm, ids: readonly string[]): Promise<Incident[]> {
  return lockWholeIncidents(tx, ids);
}

type RawAudit = Omit<typeof auditEvents.$inferSelect, 'id' | 'at'> & {
  id: number | string;
  at: Date | string;
};

/**
 * AUDIT_BY_ACTION for one incident, what a command's ping follow-ups read: an equality, which
 * the plan reuses whatever the table's size (the index on (incident_id, id)).
 * With `= ANY(array)` the plan kept for the connection (generic: made without the values, for
 * an array of unknown length) is a sequential scan and a sort when made while the table was
 * small, as on a fresh database, and stays one as the table grows until it is next analysed.
 */
export const AUDIT_OF_ONE_BY_ACTION = `SELECT id, incident_id AS "incidentId", step, action, actor_id AS "actorId",
  actor_name AS "actorName", at, payload
  FROM audit_events WHERE incident_id = $1::text AND action = ANY($2::text[]) ORDER BY id`;

/** The records of these actions of a set of incidents (the timer relay's batch), oldest first:
 *  each incident by the same equality (db/each-id.ts), not `incident_id = ANY($1)`. */
export const AUDIT_BY_ACTION = `SELECT a.* FROM ${eachId(
  '$1',
  AUDIT_OF_ONE_BY_ACTION.replace('incident_id = $1::text', 'incident_id = u.id').replace(' ORDER BY id', ''),
  'a',
)}
  ORDER BY a.id`;

export async function listAuditByAction(
  tx: Orm,
  incidentIds: readonly string[],
  actions: readonly string[],
): Promise<AuditRecord[]> {
  if (incidentIds.length === 0 || actions.length === 0) return [];
  // Prepared and hand-written: accept/resolve run this on every command (ping follow-ups), and
  // the query builder cost a second round trip and most of the CPU of the lookup.
  const ids = [...new Set(incidentIds)];
  const rows =
    ids.length === 1
      ? await preparedRows<RawAudit>(tx, 'audit_of_one_by_action', AUDIT_OF_ONE_BY_ACTION, [
          ids[0],
          [...actions],
        ])
      : await preparedRows<RawAudit>(tx, 'audit_by_action', AUDIT_BY_ACTION, [ids, [...actions]]);
  return rows.map((r) => toAuditRecord({ ...r, id: Number(r.id), at: new Date(r.at) }));
}

/**
 * Due, pending rows under the topic prefixes, oldest first, locked FOR UPDATE SKIP LOCKED: a row
 * another transaction holds is skipped, never waited for. The locks last until the caller's
 * transaction ends; to keep a row away from other relays after that, lease it (`leaseUntil`) or
 * move its `available_at`. Leased rows are skipped until their lease ends.
 */
export async function claimOutbox(tx: Orm, claim: OutboxClaim): Promise<OutboxRecord[]> {
  if (claim.topicPrefixes.length === 0 || claim.limit <= 0) return [];
  if (claim.leaseUntil) return claimLeased(tx, claim, claim.leaseUntil);
  return (await claimQuery(tx, claim)).map(toOutboxRecord);
}

/** The unleased claim as a query (the tests read its plan). */
export function claimQuery(tx: Orm, claim: OutboxClaim) {
  // `^@` (starts with) rather than starts_with(): the operator has a selectivity estimate, so
  // the planner sees that most rows of the relay's index match and reads it in order up to the
  // limit, where the function's default guess made it read and sort every due row.
  const topics = claim.topicPrefixes.map((p) => sql`${outbox.topic} ^@ ${p}`);
  const conditions: (SQL | undefined)[] = [
    sql`${outbox.processedAt} IS NULL`,
    sql.raw(relayOf(claim.topicPrefixes).predicate),
    lte(outbox.availableAt, claim.now),
    notLeased(claim.now),
    sql`(${sql.join(topics, sql` OR `)})`,
  ];
  if (claim.maxAttempts !== undefined) conditions.push(lt(outbox.attempts, claim.maxAttempts));
  const query = tx
    .select()
    .from(outbox)
    .where(and(...conditions))
    .orderBy(asc(outbox.availableAt), asc(outbox.id))
    .limit(claim.limit);
  // Read only (OutboxClaim.unlocked): no row lock, so no WAL record and no dirtied page a row.
  return claim.unlocked ? query : query.for('update', { skipLocked: true });
}

/** A lease taken by a leased claim (OutboxClaim.leaseUntil) keeps the row from every claim. */
const notLeased = (now: Date): SQL | undefined =>
  or(isNull(outbox.leasedUntil), lte(outbox.leasedUntil, now));

/**
 * Whose rows a claim takes: the timer relay's, the chat delivery's, or (prefixes of both) any.
 * Each relay has a pending index of its own (migration 0019); the planner uses it only when the
 * claim states that index's predicate word for word, so the predicate is written here, once.
 */
export function relayOf(prefixes: readonly string[]): { name: string; predicate: string } {
  const timer = TOPIC_PREFIX.timer;
  if (prefixes.every((p) => p.startsWith(timer)))
    return { name: 'timer', predicate: `starts_with(topic, '${timer}')` };
  // A prefix that begins 'timer.' ('tim', '') would match timer rows as well.
  if (prefixes.every((p) => !p.startsWith(timer) && !timer.startsWith(p)))
    return { name: 'delivery', predicate: `NOT starts_with(topic, '${timer}')` };
  return { name: 'any', predicate: 'true' };
}

export async function updateOutbox(tx: Orm, ids: readonly number[], set: OutboxUpdate): Promise<void> {
  if (ids.length === 0 || (set.processedAt === undefined && set.availableAt === undefined)) return;
  await tx
    .update(outbox)
    .set({
      ...(set.processedAt ? { processedAt: set.processedAt } : {}),
      ...(set.availableAt ? { availableAt: set.availableAt } : {}),
      ...(set.endLease ? { leasedUntil: null } : {}),
    })
    .where(inArray(outbox.id, [...ids]));
}

/**
 * The timer relay's synced rows, each only while its incident is at the version synced (null: in
 * any case). Sent after the relay's re-read has locked those incidents (src/jobs/timer-relay.ts),
 * so the version it compares is the one the scheduler holds until the next change commits.
 * Deleted rather than marked (when sent rows are pruned, OUTBOX_KEEP_DAYS > 0): one WAL record
 * per row where the mark, a non-HOT update, wrote the row again and a primary-key entry, and the
 * pruning later deleted it anyway (docs/core-speed.md, h/timerfold).
 */
const SETTLED_ROWS = `unnest($1::bigint[], $2::text[], $3::integer[]) AS s(id, incident_id, version)`;
const AT_VERSION = `(s.version IS NULL OR EXISTS (SELECT 1 FROM incidents i WHERE i.id = s.incident_id AND i.version = s.version))`;
/** A row another transaction holds locked is left, not waited for: an older release's relay
 *  (rolling update) claims with FOR UPDATE and then locks the incidents this re-read holds, so
 *  waiting would deadlock; that relay marks the row itself, or a later round settles it. */
const SETTLED_LOCKED = (extra: string) => `SELECT o.id FROM outbox AS o JOIN ${SETTLED_ROWS} ON o.id = s.id
    WHERE ${extra}${AT_VERSION} FOR UPDATE OF o SKIP LOCKED`;
export const SETTLE_TIMER_ROWS: Record<TimerRowSettle, string> = {
  delete: `DELETE FROM outbox WHERE id IN (${SETTLED_LOCKED('')}) RETURNING id`,
  mark: `UPDATE outbox SET processed_at = $4::timestamptz
  WHERE id IN (${SETTLED_LOCKED('o.processed_at IS NULL AND ')}) RETURNING id`,
};

export async function settleTimerRows(
  tx: Orm,
  rows: readonly SyncedRow[],
  how: TimerRowSettle,
  at: Date,
): Promise<number[]> {
  if (rows.length === 0) return [];
  const params: unknown[] = [
    rows.map((r) => r.id),
    rows.map((r) => r.incidentId),
    rows.map((r) => r.version),
  ];
  if (how === 'mark') params.push(at.toISOString());
  const settled = await preparedRows<{ id: number | string }>(
    tx,
    `settle_timer_rows_${how}`,
    SETTLE_TIMER_ROWS[how],
    params,
  );
  return settled.map((r) => Number(r.id));
}

/**
 * claimOutbox and the lease of what it claimed in one statement, where a SELECT then an UPDATE
 * were two (and a round trip each) on every delivery batch. Same rows, same locks.
 * An 'in flight' lease is `leased_until`, in no index: its update is HOT when the page has room
 * (migration 0020), where moving `available_at` writes an entry in four indexes per row. Such
 * rows stay in the relay's index in due order and a claim steps over them (a filter on the heap
 * row), which is cheap only while they are few: up to ~2 embedded batches per process. A 'queued' lease
 * (BullMQ: rows wait in Redis, thousands in a surge) moves `available_at` out, so claims pass
 * them inside the index.
 */
export const claimLeasedSql = (
  relayPredicate: string,
  lease: OutboxLease = 'queued',
): string => `UPDATE outbox AS o
  SET ${lease === 'in flight' ? 'leased_until' : 'available_at'} = $1::timestamptz
  FROM (SELECT id, available_at AS was FROM outbox
        WHERE processed_at IS NULL AND ${relayPredicate} AND available_at <= $2::timestamptz
          AND (leased_until IS NULL OR leased_until <= $2::timestamptz)
          AND topic ^@ ANY ($3::text[])
          AND ($4::integer IS NULL OR attempts < $4::integer)
        ORDER BY available_at, id LIMIT $5::integer FOR UPDATE SKIP LOCKED) AS c
  WHERE o.id = c.id
  RETURNING o.id, o.incident_id, o.topic, o.payload::text AS payload, o.dedupe_key, c.was,
    o.created_at, o.processed_at, o.attempts, o.last_error`;

interface LeasedRow {
  id: number | string;
  incident_id: string;
  topic: string;
  payload: string;
  dedupe_key: string;
  was: Date | string;
  created_at: Date | string;
  processed_at: Date | string | null;
  attempts: number;
  last_error: string | null;
}

/**
 * Sent before a leased claim, in its round trip: the claim reads its relay's index in due order
 * (a plain index scan), never as a bitmap. Every delivered row leaves two dead entries in that
 * index (its version before the lease, and the leased one once marked processed) until a vacuum.
 * A plain index scan marks each dead entry it meets (LP_DEAD) and the next claim skips it inside
 * the index; a bitmap scan marks none, so every claim read all of them again, heap pages
 * included. The planner picks the bitmap whenever it expects no more due rows than the limit:
 * always on a table never analysed (a fresh database, and the core bench: 2,500 buffers per
 * claim, 6 ms, by the end of a 10 s run) and on an analysed one whose backlog is small.
 * LOCAL: it ends with the transaction, which holds only the claim (OutboxClaim.leaseUntil).
 */
export const CLAIM_PLAN = 'SET LOCAL enable_bitmapscan = off';

async function claimLeased(tx: Orm, claim: OutboxClaim, leaseUntil: Date): Promise<OutboxRecord[]> {
  const relay = relayOf(claim.topicPrefixes);
  const lease = claim.lease ?? 'queued';
  const text = claimLeasedSql(relay.predicate, lease);
  const [, rows] = await Promise.all([
    preparedRows(tx, 'claim_plan', CLAIM_PLAN, []),
    preparedRows<LeasedRow>(tx, `claim_outbox_leased_${relay.name}_${lease.replace(' ', '_')}`, text, [
      leaseUntil.toISOString(),
      claim.now.toISOString(),
      [...claim.topicPrefixes],
      claim.maxAttempts ?? null,
      claim.limit,
    ]),
  ]);
  const records = rows.map(
    (r): OutboxRecord => ({
      id: Number(r.id),
      incidentId: r.incident_id,
      topic: r.topic,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      dedupeKey: r.dedupe_key,
      availableAt: new Date(r.was),
      createdAt: new Date(r.created_at),
      processedAt: r.processed_at === null ? null : new Date(r.processed_at),
      attempts: r.attempts,
      lastError: r.last_error,
    }),
  );
  // RETURNING has no order: the claim's (due time, then id).
  return records.sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id);
}
