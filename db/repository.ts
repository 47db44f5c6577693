// Storage port over drizzle, for PostgreSQL and PGlite alike.
import { and, asc, desc, eq, gt, gte, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type {
  HeldIncident,
  IncidentChange,
  IncidentFilter,
  OneStatementWrites,
  OutboxRecord,
  Storage,
  UnitOfWork,
} from '../src/app/ports.js';
import { VersionConflict } from '../src/app/race.js';
import { CommitOutcomeUnknown, isDatabaseUnavailable } from '../src/app/unavailable.js';
import { isTimerAction } from '../src/core/steps/timers.js';
import { OPEN_STATUSES, type Status } from '../src/core/types.js';
import { clickFlights, type FlightOptions } from './click-flights.js';
import type { Database } from './connect.js';
import { getConversationRef, saveConversationRef } from './conversation-refs.js';
import { groupedOutboxMarks, listChatRefs, listChatRefsOf, upsertChatRef } from './delivery-rows.js';
import { heldIncidentsOf } from './held-incidents.js';
import { createHistoryQueries } from './history-queries.js';
import { createInboxStore } from './inbox.js';
import {
  loadIncident,
  loadIncidentIds,
  loadIncidents,
  loadIncidentsAndKnowledge,
  loadWholeIncident,
} from './incident-queries.js';
import { claimOnceNotice, markOnceNoticeSent } from './once-notices.js';
import { pruneOutboxPage } from './outbox-retention.js';
import { findPendingAnswer, keepPendingAnswer, markPendingAnswerTaken } from './pending-answers.js';
import {
  toAssignmentRecord,
  toAuditRecord,
  toChatRef,
  toOutboxRecord,
  toWorklogRecord,
} from './record-mapper.js';
import { assignments, auditEvents, chatRefs, incidents, installation, outbox, worklog } from './schema.js';
import { queryRows } from './sql-rows.js';
import { serverError, statementOutcome } from './statement-outcome.js';
import { transactionGate } from './transaction-gate.js';
import {
  type AloneRow,
  type AloneWrite,
  aloneWrite,
  aloneWritten,
  createUnitOfWork,
  sendAlone,
  sendTogether,
  type TransactionWork,
  VERSION_MISMATCH_SQLSTATE,
} from './unit-of-work.js';

/**
 * One command's transaction. A connection lost after `work` finished was lost during COMMIT: the
 * server may have committed, so that failure is reported as CommitOutcomeUnknown, never as the
 * plain outage that means "nothing was saved".
 *
 * On PostgreSQL the command's last write (writeChangeAndCommit), or a transaction's last reads
 * (readsWithCommit), are not awaited by `work`: they go out with COMMIT, and their outcome is read
 * here once COMMIT has been answered (the server answers statements in order); a COMMIT that
 * fails throws here, so reads answered before it are never handed out. PGlite runs in this
 * process, so there they are awaited before COMMIT.
 */
async function transaction<T>(db: Database, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  let workDone = false;
  // Only PostgreSQL offers oneStatement: PGlite holds nothing (it would only cost memory).
  const held = db.kind === 'postgres' ? heldIncidentsOf(db) : null;
  const since = held?.since() ?? 0;
  let uow: TransactionWork | undefined;
  // The first error of the last statements (the last write, the reads sent with COMMIT), or
  // undefined; each caught at once (an unawaited rejection kills Node).
  let last: Promise<unknown> = Promise.resolve(undefined);
  const keep = (write: Promise<unknown>) => {
    const before = last;
    const failed = write.then(
      () => undefined,
      (e: unknown) => e ?? new Error('the last write failed'),
    );
    last = before.then((e) => e ?? failed);
  };
  try {
    const result = await db.orm.transaction(async (tx) => {
      uow = createUnitOfWork(tx, keep);
      const result = await work(uow);
      const failed = db.kind === 'pglite' ? await last : undefined;
      if (failed) throw failed;
      workDone = true;
      return result;
    });
    // The patched driver fails the transaction itself when the last write failed (hunk 7).
    const failed = await last;
    if (failed) throw failed;
    if (held) uow?.settle(held, since, true);
    return result;
  } catch (err) {
    if (held) uow?.settle(held, since, false);
    const failed = await last;
    const thrown = failed
      ? lastWriteFailure(failed)
      : workDone && isDatabaseUnavailable(err)
        ? new CommitOutcomeUnknown(err)
        : err;
    // The server may have lost writes on the way (HeldIncidents.clear).
    if (thrown instanceof CommitOutcomeUnknown) held?.clear();
    throw thrown;
  }
}

/**
 * Why the last write failed decides what the person is told. A version mismatch is a lost race.
 * An error the server answered (any ErrorResponse has a severity, 57P01 as much as 22012) means
 * it did not commit; a connection lost before the write was answered may have lost the answer to
 * a COMMIT that happened.
 */
function lastWriteFailure(failed: unknown): unknown {
  const answered = serverError(failed);
  if (answered?.code === VERSION_MISMATCH_SQLSTATE) return new VersionConflict(failed);
  if (!answered && isDatabaseUnavailable(failed)) return new CommitOutcomeUnknown(failed);
  return failed;
}

/**
 * Inside `transaction(work)` use only the unit of work: PGlite is one connection, so a Storage
 * read issued from within `work` would wait for the transaction that is waiting for it.
 */
export function createStorage(db: Database, options: { clickFlights?: FlightOptions } = {}): Storage {
  const { orm } = db;
  const gate = db.transactionSlots === undefined ? null : transactionGate(db.transactionSlots);
  return {
    transaction: (work) => (gate ? gate(() => transaction(db, work)) : transaction(db, work)),
    ...(db.kind === 'postgres' ? { oneStatement: oneStatementWrites(db, options.clickFlights) } : {}),
    // One process per PGlite data directory (db/data-dir-lock.ts): PostgreSQL may have others,
    // whose leases are live.
    ...(db.kind === 'pglite' ? { releaseDeliveryLeases: (now: Date) => releaseDeliveryLeases(db, now) } : {}),
    getIncident: (id) => loadWholeIncident(orm, id),
    getIncidents: (ids) => loadIncidentsAndKnowledge(orm, ids),
    getIncidentByNumber: (number) => loadIncident(orm, eq(incidents.number, number)),
    listIncidents: (filter) => listIncidents(db, filter),
    listIncidentIds: (filter) => listIncidentIds(db, filter),
    listAudit: async (incidentId) =>
      (
        await orm
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.incidentId, incidentId))
          .orderBy(asc(auditEvents.id))
      ).map(toAuditRecord),
    listWorklog: async (incidentId) =>
      (
        await orm.select().from(worklog).where(eq(worklog.incidentId, incidentId)).orderBy(asc(worklog.id))
      ).map(toWorklogRecord),
    listAssignments: async (incidentId) =>
      (
        await orm
          .select()
          .from(assignments)
          .where(eq(assignments.incidentId, incidentId))
          .orderBy(asc(assignments.id))
      ).map(toAssignmentRecord),
    listOutbox: (filter) => listOutbox(db, filter),
    outboxBacklog: () => outboxBacklog(db),
    settleDeadOutbox: (action, ids, at, maxAttempts) => settleDeadOutbox(db, action, ids, at, maxAttempts),
    markOutboxProcessed: groupedOutboxMarks(orm),
    pruneOutbox: (page) => pruneOutboxPage(orm, page),
    async markOutboxFailed(id, error, retryAt, payload) {
      await orm
        .update(outbox)
        .set({ ...retryLater(error, retryAt, payload), attempts: sql`${outbox.attempts} + 1` })
        .where(eq(outbox.id, id));
    },
    async deferOutbox(id, error, retryAt, payload) {
      await orm
        .update(outbox)
        .set(retryLater(error, retryAt, payload))
        .where(eq(outbox.id, id));
    },
    upsertChatRef: (ref) => upsertChatRef(orm, ref),
    listChatRefs: (incidentId) => listChatRefs(orm, incidentId),
    listChatRefsOf: (incidentIds) => listChatRefsOf(orm, incidentIds),
    saveConversationRef: (ref) => saveConversationRef(db, ref),
    getConversationRef: (platform, scope, key) => getConversationRef(db, platform, scope, key),
    async findChatRef(platform, conversationId, messageId) {
      const [row] = await orm
        .select()
        .from(chatRefs)
        .where(
          and(
            eq(chatRefs.platform, platform),
            eq(chatRefs.conversationId, conversationId),
            eq(chatRefs.messageId, messageId),
          ),
        )
        .orderBy(desc(chatRefs.updatedAt))
        .limit(1);
      return row ? toChatRef(row) : null;
    },
    claimOnceNotice: (key, at, staleBefore) => claimOnceNotice(db, key, at, staleBefore),
    markOnceNoticeSent: (key, at) => markOnceNoticeSent(db, key, at),
    keepPendingAnswer: (answer, now) => keepPendingAnswer(db, answer, now),
    findPendingAnswer: (key) => findPendingAnswer(db, key),
    markPendingAnswerTaken: (key, incidentId) => markPendingAnswerTaken(db, key, incidentId),
    inbox: createInboxStore(db),
    history: createHistoryQueries(orm),
    async ping() {
      await orm.execute(sql`SELECT 1`);
    },
    async installationId() {
      await orm.insert(installation).values({}).onConflictDoNothing();
      const [row] = await orm.select({ id: installation.id }).from(installation).limit(1);
      if (!row) throw new Error('installation row missing after insert');
      return row.id;
    },
    close: () => db.close(),
  };
}

/**
 * Clicks' statements in flights (db/click-flights.ts) at most this many at once: while they are
 * out, the clicks that arrive wait and go together in the next. Each flight holds one pool
 * connection for one round trip, as a lone statement does.
 */
export const CLICK_FLIGHTS = 2;
/** Clicks in one flight at most (their statements, a few KiB each, in one socket write). */
export const CLICK_FLIGHT_MAX = 16;

/**
 * Storage.oneStatement on PostgreSQL. Not behind the transaction gate: one statement (or one
 * flight of them) holds a pool connection for one round trip, as a read does. PGlite runs in this
 * process: no round trip to save, so it keeps the locked path only.
 */
function oneStatementWrites(
  db: Database,
  flights: FlightOptions = { flushers: CLICK_FLIGHTS, maxFlight: CLICK_FLIGHT_MAX },
): OneStatementWrites {
  const held = heldIncidentsOf(db);
  const send = clickFlights<AloneWrite, AloneRow[]>(
    (write) => write.incidentId,
    {
      alone: (write) => sendAlone(db.orm, write),
      together: (writes) => sendTogether(db.orm, writes),
      // Anything but an answered refusal or a flight never sent may have committed (a failure
      // after COMMIT, e.g. reading its answer): not run again, as a lone click's would throw.
      outcomeUnknown: (err) => statementOutcome(err, isDatabaseUnavailable) !== 'not_written',
    },
    flights,
  );
  return {
    held: (id) => held.get(id),
    // On the copy the command was decided on, never one looked up again here: what is held may
    // have been refilled since (OneStatementWrites.commit), and the statement then just misses.
    async commit(change: IncidentChange, decidedOn: HeldIncident) {
      const id = change.incident.id;
      if (decidedOn.incident.id !== id || change.expectedVersion !== decidedOn.incident.version) return null;
      const since = held.since();
      try {
        const write = aloneWrite(change, decidedOn.row, decidedOn.rev);
        const { rowAfter, rev, knowledgeVersion } = aloneWritten(write, await send(write));
        // The timer audit the click was decided on is the incident's as of the new row too: the
        // statement wrote only over `decidedOn.rev`, and adds timer records never (commands don't).
        const timerAudit = change.audit.some((a) => isTimerAction(a.action))
          ? undefined
          : decidedOn.timerAudit;
        held.hold(
          { incident: change.incident, row: rowAfter, rev, ...(timerAudit ? { timerAudit } : {}) },
          since,
        );
        return { knowledgeVersion };
      } catch (err) {
        held.drop(id);
        // The statement was its own COMMIT (or its flight's): the server going away (57P01/57P02)
        // or ending the session (FATAL, PANIC) may answer one that has committed, so its outcome
        // is unknown, as for a lost COMMIT. Any other answer (a miss, 22012, or a refusal): rolled
        // back, certainly; or no connection was made: nothing was sent. Then the locked path
        // answers. (A flight that failed with an answer ran its clicks again alone: what reaches
        // here is this click's own statement's error, or the flight's when its outcome is unknown.)
        const outcome = statementOutcome(err, isDatabaseUnavailable);
        if (outcome === 'unknown') {
          held.clear(); // the server may have lost writes (HeldIncidents.clear)
          throw new CommitOutcomeUnknown(err);
        }
        if (outcome === 'not_written') return null;
        throw err;
      }
    },
  };
}

/** Most urgent first (priority 1 before 4), then oldest first. */
async function listIncidents(db: Database, filter: IncidentFilter) {
  if (filter.statuses?.length === 0) return [];
  return loadIncidents(db.orm, { where: filterWhere(filter), limit: filter.limit });
}

async function listIncidentIds(db: Database, filter: Omit<IncidentFilter, 'limit'>) {
  if (filter.statuses?.length === 0) return [];
  return loadIncidentIds(db.orm, filterWhere(filter));
}

function filterWhere(filter: Omit<IncidentFilter, 'limit'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    // Every open status (the queues, the timer relay's sweep): `closed_at IS NULL` alone, which
    // incidents_closed_check makes the same and the indexes hold (db/schema.ts: no index holds
    // status); a status list beside it would have the planner take the open index's rows for
    // mostly closed ones.
    filter.statuses &&
      (allOpen(filter.statuses)
        ? isNull(incidents.closedAt)
        : inArray(incidents.status, [...filter.statuses])),
    filter.reporterId === undefined ? undefined : eq(incidents.reporterId, filter.reporterId),
    filter.assignedTeam === undefined ? undefined : eq(incidents.assignedTeam, filter.assignedTeam),
    filter.deadlinesProvisional === undefined
      ? undefined
      : eq(incidents.deadlinesProvisional, filter.deadlinesProvisional),
  ];
  return and(...conditions);
}

const allOpen = (statuses: readonly Status[]): boolean =>
  statuses.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => statuses.includes(s));

/** Pending = not processed yet (due or not), in the order the relay should send them. */
/** For /metrics: one aggregate over the partial index of pending rows. */
async function outboxBacklog(db: Database): Promise<{ pending: number; oldest: Date | null }> {
  const [row] = await queryRows<{ pending: number; oldest_ms: number | null }>(
    db.orm,
    sql`SELECT count(*)::int AS pending, (extract(epoch FROM min(${outbox.createdAt})) * 1000)::float8 AS oldest_ms
        FROM ${outbox} WHERE ${outbox.processedAt} IS NULL`,
  );
  const oldest = row?.oldest_ms;
  return { pending: Number(row?.pending ?? 0), oldest: oldest == null ? null : new Date(Number(oldest)) };
}

/** Storage.releaseDeliveryLeases: pending rows leased 'in flight' (leased_until), due again now. */
async function releaseDeliveryLeases(db: Database, now: Date): Promise<number> {
  const rows = await db.orm
    .update(outbox)
    .set({ leasedUntil: null })
    .where(and(sql`${outbox.processedAt} IS NULL`, gt(outbox.leasedUntil, now)))
    .returning({ id: outbox.id });
  return rows.length;
}

async function settleDeadOutbox(
  db: Database,
  action: 'retry' | 'discard',
  ids: readonly number[] | 'all',
  at: Date,
  maxAttempts: number,
): Promise<number[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  const set =
    action === 'retry'
      ? { attempts: 0, availableAt: at, leasedUntil: null }
      : {
          processedAt: at,
          lastError: sql`coalesce(${outbox.lastError}, '') || ' (discarded by the operator)'`,
        };
  const rows = await db.orm
    .update(outbox)
    .set(set)
    .where(
      and(
        sql`${outbox.processedAt} IS NULL`,
        gte(outbox.attempts, maxAttempts),
        ids === 'all' ? undefined : inArray(outbox.id, [...ids]),
      ),
    )
    .returning({ id: outbox.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

async function listOutbox(
  db: Database,
  filter: { pendingOnly?: boolean; topicPrefix?: string; limit?: number },
): Promise<OutboxRecord[]> {
  const query = db.orm
    .select()
    .from(outbox)
    .where(
      and(
        filter.pendingOnly ? sql`${outbox.processedAt} IS NULL` : undefined,
        // starts_with avoids escaping % and _ in a LIKE pattern.
        filter.topicPrefix === undefined
          ? undefined
          : sql`starts_with(${outbox.topic}, ${filter.topicPrefix})`,
      ),
    )
    .orderBy(asc(outbox.availableAt), asc(outbox.id))
    .$dynamic();
  if (filter.limit !== undefined) query.limit(filter.limit);
  return (await query).map(toOutboxRecord);
}

/** A row due again at `retryAt`, its lease ended, its error kept, carrying `payload` if given. */
function retryLater(lastError: string, availableAt: Date, payload?: Record<string, unknown>) {
  return { lastError, availableAt, leasedUntil: null, ...(payload ? { payload } : {}) };
}
