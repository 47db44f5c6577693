// The write side of one command, bound to one transaction (see Storage.transaction).
import { and, desc, eq, notInArray } from 'drizzle-orm';
import type {
  AfterCommit,
  AuditRecord,
  IdempotencyHit,
  IncidentChange,
  OutboxClaim,
  OutboxMessage,
  OutboxUpdate,
  SyncedRow,
  TimerRowSettle,
  UnitOfWork,
} from '../src/app/ports.js';
import { AUDIT_ONLY_ACTIONS } from '../src/app/race.js';
import { isTimerAction, TIMER_ACTIONS } from '../src/core/steps/timers.js';
import type { Incident } from '../src/core/types.js';
import type { Orm } from './connect.js';
import type { HeldIncident, HeldIncidents } from './held-incidents.js';
import {
  incidentJson,
  incidentToValues,
  onsiteJson,
  onsiteToRow,
  storedRevOf,
  storedRowOf,
} from './incident-mapper.js';
import { loadIncidentForCommand, lockIncidentForCommand, lockWholeIncident } from './incident-queries.js';
import { assignmentJson, auditJson, outboxJson, toAuditRecord, worklogJson } from './record-mapper.js';
import { auditEvents, idempotencyKeys, outbox } from './schema.js';
import { preparedRows, wellFormed } from './sql-rows.js';
import {
  claimOutbox,
  listAuditByAction,
  lockIncidents,
  settleTimerRows,
  updateOutbox,
} from './timer-queries.js';

/**
 * `tx` must be a transaction: FOR UPDATE locks and the idempotency reservation rely on it.
 * `last` is handed the pending promise of writeChangeAndCommit and of readsWithCommit:
 * Storage.transaction settles them.
 */
export function createUnitOfWork(
  tx: Orm,
  last: (write: Promise<unknown>) => void = () => {},
): TransactionWork {
  return new TransactionWork(tx, last);
}

/**
 * A class rather than an object of arrow functions: every command opens one, and its methods
 * then live once on the prototype instead of being ~16 closures made per transaction. Callers
 * that wrap one (tests) extend it with `Object.create(uow)`; a spread would drop the methods.
 */
export class TransactionWork implements UnitOfWork {
  /** The incident this transaction's command loaded under its lock: its write sends only the
   *  columns that differ from the row loaded (storedRowOf), when it writes that version. */
  private loaded: Incident | null = null;
  /** The timer audit `loaded` was read with (HeldIncident.timerAudit), if it was. */
  private loadedTimerAudit: readonly AuditRecord[] | undefined;
  /** The incidents this transaction wrote, each as it is stored once committed. */
  private readonly written = new Map<string, HeldIncident>();

  constructor(
    private readonly tx: Orm,
    private readonly last: (write: Promise<unknown>) => void,
  ) {}

  lockIncident(id: string) {
    return lockWholeIncident(this.tx, id);
  }
  nextIncidentSequence() {
    return nextSequence(this.tx);
  }
  nextIncidentSequenceTakingKey(key: string | undefined) {
    return nextSequenceTakingKey(this.tx, key);
  }
  async appendAudit(records: readonly Omit<AuditRecord, 'id'>[]) {
    if (records.length > 0) await this.tx.insert(auditEvents).values([...records]);
  }
  enqueueOutbox(messages: readonly OutboxMessage[]) {
    return enqueueOutbox(this.tx, messages);
  }
  findIdempotencyKey(key: string) {
    return reserveIdempotencyKey(this.tx, key);
  }
  async lockIncidentTakingKey(id: string, key: string | undefined, auditActions?: readonly string[]) {
    const locked = await lockIncidentTakingKey(this.tx, id, key, auditActions);
    this.loaded = locked.incident;
    // Read by the load, behind the lock: every timer record as of the row loaded.
    this.loadedTimerAudit = auditActions && isTimerAudit(auditActions) ? locked.audit : undefined;
    return locked;
  }
  async saveIdempotencyKey(key: string, incidentId: string | null, result: Record<string, unknown>) {
    await this.tx
      .insert(idempotencyKeys)
      .values({ key, incidentId, result })
      .onConflictDoUpdate({ target: idempotencyKeys.key, set: { incidentId, result } });
  }
  recentChanges(incidentId: string) {
    return recentChanges(this.tx, incidentId);
  }
  writeChange(change: IncidentChange) {
    return writeChange(this.tx, change, false, this.storedRowFor(change), this.remember(change));
  }
  writeChangeAndCommit(change: IncidentChange) {
    this.last(writeChange(this.tx, change, true, this.storedRowFor(change), this.remember(change)));
  }
  readsWithCommit<T>(reads: Promise<T>): AfterCommit<T> {
    // Settled by Storage.transaction like the last write: its failure fails the transaction.
    this.last(reads);
    return { result: reads };
  }
  /** Told of each write that stored a row (with the revision the write returned). */
  private remember(change: IncidentChange) {
    const timerAudit = this.timerAuditAfter(change);
    return (row: Record<string, unknown>, rev: string) =>
      this.written.set(change.incident.id, {
        incident: change.incident,
        row,
        rev,
        ...(timerAudit ? { timerAudit } : {}),
      });
  }
  /**
   * The incident's timer audit once `change` is stored, when known: a new incident has none but
   * what its change writes (none: only firings write timer records); an update of the row loaded
   * with its timer audit, under this transaction's lock, keeps that audit unless it adds to it.
   * A firing (TimerService: lockIncident, no audit with the load) leaves it unknown.
   */
  private timerAuditAfter(change: IncidentChange): readonly AuditRecord[] | undefined {
    if (change.audit.some((a) => isTimerAction(a.action))) return undefined;
    if (change.expectedVersion === null) return [];
    const loaded = this.loaded;
    if (!loaded || loaded.id !== change.incident.id || loaded.version !== change.expectedVersion) return;
    return this.loadedTimerAudit;
  }
  /**
   * After the transaction: committed, what it wrote (or else the incident it loaded, unchanged)
   * is held as stored; not committed, neither is (the outcome of a lost COMMIT is unknown).
   * `since`: HeldIncidents.since() from before the transaction began.
   */
  settle(held: HeldIncidents, since: number, committed: boolean): void {
    const loaded = this.loaded;
    if (!committed) {
      if (loaded) held.drop(loaded.id);
      for (const id of this.written.keys()) held.drop(id);
      return;
    }
    for (const w of this.written.values()) held.hold(w, since);
    if (!loaded || this.written.has(loaded.id)) return;
    const row = storedRowOf(loaded);
    const rev = storedRevOf(loaded);
    const timerAudit = this.loadedTimerAudit;
    if (row && rev) held.hold({ incident: loaded, row, rev, ...(timerAudit ? { timerAudit } : {}) }, since);
  }
  /** The row this change's incident had when loaded, if the change updates that very version. */
  private storedRowFor(change: IncidentChange) {
    const loaded = this.loaded;
    if (!loaded || loaded.id !== change.incident.id || loaded.version !== change.expectedVersion) return;
    return storedRowOf(loaded);
  }
  lockIncidents(ids: readonly string[]) {
    return lockIncidents(this.tx, ids);
  }
  listAudit(incidentIds: readonly string[], actions: readonly string[]) {
    return listAuditByAction(this.tx, incidentIds, actions);
  }
  claimOutbox(claim: OutboxClaim) {
    return claimOutbox(this.tx, claim);
  }
  updateOutbox(ids: readonly number[], set: OutboxUpdate) {
    return updateOutbox(this.tx, ids, set);
  }
  settleTimerRows(rows: readonly SyncedRow[], how: TimerRowSettle, at: Date) {
    return settleTimerRows(this.tx, rows, how, at);
  }
}

/** Whether a load's `auditActions` are exactly the timer actions (pingAuditActions asks for them). */
const isTimerAudit = (actions: readonly string[]) =>
  actions.length === TIMER_ACTIONS.length && TIMER_ACTIONS.every((a) => actions.includes(a));

/**
 * The next incident number, from the counter row (db/schema.ts incidentNumbers says why not a
 * sequence). The row stays locked until the report's transaction ends, so a rollback gives the
 * number back and concurrent reports take consecutive numbers, one after the other.
 *
 * Self-healing: never below the highest number stored. A pod of the release before 0026 can
 * commit a number from the sequence after the migration read it (reading a sequence does not
 * block nextval); a counter left behind would then collide with that number on every report,
 * forever. With the max, the next report skips past it (at worst one report collides once with
 * an old pod's insert not yet committed). max("number") over incidents_number_key is one index
 * lookup (EXPLAIN on PostgreSQL 15 and PGlite: InitPlan, Limit, Index Only Scan Backward), not
 * a scan. It is the text max: right while numbers share a prefix and 6 digits (INC-000123); past
 * that it may read low, and GREATEST keeps "last", so it only stops healing.
 */
const NEXT_VALUE = `GREATEST("last",
  (SELECT substring(max("number") FROM '([0-9]+)$')::integer FROM incidents)) + 1`;
const NEXT_SEQUENCE = `UPDATE incident_numbers SET "last" = ${NEXT_VALUE} RETURNING "last" AS n`;

const NO_COUNTER_ROW = 'incident_numbers has no row (migration 0026 creates it)';

async function nextSequence(tx: Orm): Promise<number> {
  const [row] = await preparedRows<{ n: number }>(tx, 'next_incident_sequence', NEXT_SEQUENCE, []);
  if (!row) throw new Error(NO_COUNTER_ROW);
  return row.n;
}

async function enqueueOutbox(tx: Orm, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  // A plain insert: no unique index on dedupe_key (migration 0027, db/schema.ts says why).
  await tx.insert(outbox).values([...messages]);
}

/**
 * Takes the key by inserting a placeholder. A concurrent transaction inserting the same key
 * blocks on the primary key until we commit, then sees our row: duplicates are serialised.
 */
async function reserveIdempotencyKey(tx: Orm, key: string): Promise<IdempotencyHit | null> {
  const [taken] = await preparedRows(tx, 'take_idempotency_key', TAKE_KEY, [key]);
  return taken ? null : readIdempotencyKey(tx, key);
}

/**
 * A key already taken: its stored result. Only redeliveries get here, so the read is a round
 * trip of its own rather than a statement sent beside every take (most keys are fresh). It is a
 * statement of its own too: after waiting for a concurrent holder of the key, only a new
 * snapshot sees the row that holder committed.
 */
async function readIdempotencyKey(tx: Orm, key: string): Promise<IdempotencyHit | null> {
  const [row] = await preparedRows<{ incident_id: string | null; result: string }>(
    tx,
    'read_idempotency_key',
    READ_KEY,
    [key],
  );
  return row ? { incidentId: row.incident_id, result: JSON.parse(row.result) } : null;
}

const TAKE_KEY = `INSERT INTO idempotency_keys ("key", "incident_id", "result") VALUES ($1::text, NULL, '{}')
  ON CONFLICT ("key") DO NOTHING RETURNING 1 AS taken`;
/** result as text, parsed here: both drivers then return the same thing. */
const READ_KEY =
  'SELECT "incident_id", "result"::text AS "result" FROM idempotency_keys WHERE "key" = $1::text';

/**
 * TAKE_KEY, then the incident's row lock, as one statement: the target list reads `taken` before
 * `locked`, and each CTE runs when first read, so the key is still taken before the lock is
 * waited for (the order two redeliveries of one click take both in, so they cannot deadlock).
 * The lock is LOCK_INCIDENT's (FOR NO KEY UPDATE, db/incident-queries.ts).
 */
const TAKE_KEY_AND_LOCK = `WITH taken AS (${TAKE_KEY}),
  locked AS (SELECT 1 FROM incidents WHERE id = $2::text FOR NO KEY UPDATE)
  SELECT (SELECT count(*) FROM taken)::integer AS taken, (SELECT count(*) FROM locked)::integer AS locked`;

/** TAKE_KEY, then NEXT_SEQUENCE only when the key was fresh: a redelivered report burns no
 *  number and does not wait for the counter's lock (the uncorrelated EXISTS is a one-time filter:
 *  false, the row is not even read). Every report takes its key before the counter, never the
 *  other way round, so two reports cannot each wait for the other's lock. */
const TAKE_KEY_AND_NEXT = `WITH taken AS (${TAKE_KEY}),
  next AS (UPDATE incident_numbers SET "last" = ${NEXT_VALUE} WHERE EXISTS (SELECT 1 FROM taken) RETURNING "last")
  SELECT (SELECT count(*) FROM taken)::integer AS taken, (SELECT "last" FROM next) AS n`;

/** findIdempotencyKey, then nextIncidentSequence when the key was fresh, in one statement. */
async function nextSequenceTakingKey(tx: Orm, key: string | undefined) {
  if (key === undefined) return { hit: null, sequence: await nextSequence(tx) };
  const [row] = await preparedRows<{ taken: number; n: number | null }>(
    tx,
    'take_key_next_sequence',
    TAKE_KEY_AND_NEXT,
    [key],
  );
  if (row?.n != null) return { hit: null, sequence: row.n };
  // A fresh key and no number: no counter row. Reading the key back would find our own
  // placeholder and answer an empty replay.
  if (row && row.taken > 0) throw new Error(NO_COUNTER_ROW);
  return { hit: await readIdempotencyKey(tx, key), sequence: null };
}

/**
 * findIdempotencyKey and lockIncident in one round trip and two statements: the take-and-lock,
 * then the whole incident's load, which starts after the lock is held (lockWholeIncident says
 * why that must be a statement of its own) and reads the knowledge base's version too, and the
 * audit records of `auditActions` when asked. A redelivered key costs one more round trip.
 */
async function lockIncidentTakingKey(
  tx: Orm,
  id: string,
  key: string | undefined,
  auditActions?: readonly string[],
) {
  if (key === undefined) return { hit: null, ...(await lockIncidentForCommand(tx, id, auditActions)) };
  const [[row], loaded] = await Promise.all([
    preparedRows<{ taken: number }>(tx, 'take_key_lock_incident', TAKE_KEY_AND_LOCK, [key, id]),
    loadIncidentForCommand(tx, id, auditActions),
  ]);
  const hit = row && row.taken > 0 ? null : await readIdempotencyKey(tx, key);
  return { hit, ...loaded };
}

/** One command writes a handful of events at once: 64 records cover a card a dozen changes
 *  behind. Records that changed nothing (knowledge searches and feedback) are not a change. */
async function recentChanges(tx: Orm, incidentId: string): Promise<AuditRecord[]> {
  const rows = await tx
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.incidentId, incidentId), notInArray(auditEvents.action, [...AUDIT_ONLY_ACTIONS])),
    )
    .orderBy(desc(auditEvents.id))
    .limit(RECENT_CHANGES);
  return rows.map(toAuditRecord).reverse();
}

/** How many records recentChanges reads (src/app/race.ts: a read that stops short of the card's
 *  changes is answered by the last change). */
const RECENT_CHANGES = 64;

// ---- one command, one statement -------------------------------------------------------------
// A data-modifying CTE: the incident row first (`inc`), then every other write, each joined to
// `inc` so that a version mismatch (no row in `inc`) writes nothing at all. All sub-statements
// share one snapshot and run as one statement in the caller's transaction. The tables written
// here have no foreign key to incidents (migration 0028): being written only with the incident's
// own row, or not at all, is what keeps them pointing at one (db/schema.ts). Rows travel as one JSON array per table
// (array order is insertion order, so bigserial ids follow it, as before), so the text depends
// only on which tables get rows, not on how many: a handful of texts, each prepared once per
// connection. Tables without rows are left out of the statement rather than fed an empty
// array, so the server neither opens nor locks them and their indexes.

interface Section {
  /** CTE name. Whether a section is in a statement is bit `1 << index` of its variant's mask. */
  cte: string;
  sql: (param: string) => string;
}

/** `FROM jsonb_populate_recordset(NULL::table, $n)`: the rows of one parameter as `table` rows. */
const rowsFrom = (table: string, param: string) =>
  `jsonb_populate_recordset(NULL::${table}, ${param}::text::jsonb) AS r WHERE EXISTS (SELECT 1 FROM inc)`;

const appendRows =
  (table: string, writer: { columns: readonly string[]; select(alias: string): string }) => (param: string) =>
    `INSERT INTO ${table} (${writer.columns.join(', ')}) SELECT ${writer.select('r')} FROM ${rowsFrom(table, param)}`;

/** In IncidentChange order; the bit mask of a statement variant indexes this list. */
const SECTIONS: readonly Section[] = [
  {
    cte: 'onsite',
    sql: (param) =>
      `${appendRows('onsite_tasks', onsiteJson)(param)} ON CONFLICT ("id") DO UPDATE SET ${onsiteJson.columns
        .filter((c) => c !== '"id"' && c !== '"incident_id"')
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`,
  },
  { cte: 'audit', sql: appendRows('audit_events', auditJson) },
  { cte: 'work', sql: appendRows('worklog', worklogJson) },
  { cte: 'handover', sql: appendRows('assignments', assignmentJson) },
  // A plain insert: no unique index on dedupe_key (migration 0027, db/schema.ts says why).
  { cte: 'queued', sql: appendRows('outbox', outboxJson) },
  {
    cte: 'idem',
    // Parameter: [key, result]. The key was reserved (its placeholder row inserted) earlier in
    // this transaction (findIdempotencyKey, lockIncidentTakingKey, nextIncidentSequenceTakingKey),
    // so the row is there and locked by us: an UPDATE of it, where an upsert's ON CONFLICT path
    // probed the key's index twice and logged a tuple lock before the same update.
    sql: (
      param,
    ) => `UPDATE idempotency_keys AS k SET "incident_id" = inc."id", "result" = (${param}::text::jsonb)->1
      FROM inc WHERE k."key" = (${param}::text::jsonb)->>0`,
  },
];

const INSERT_INCIDENT = `INSERT INTO incidents (${incidentJson.columns.join(', ')})
    SELECT ${incidentJson.select('r')} FROM jsonb_populate_record(NULL::incidents, $1::text::jsonb) AS r
    RETURNING "id", xmin::text AS rev`;

/**
 * Same columns as updateIncident: every stored one, plus updated_at from the database clock.
 * The JSON fills in the row as it is (`jsonb_populate_record(t, …)`): a column it leaves out
 * keeps its stored value, so a command sends only what its decision changed (writeChange).
 * The id comes as a parameter of its own: matched against the JSON row's id (`t.id = r.id`),
 * the planner may join by scanning the whole table instead of using the primary key.
 */
const UPDATED_COLUMNS = incidentJson.columns.filter((c) => c !== '"id"');
const UPDATE_INCIDENT = `UPDATE incidents AS t SET (${UPDATED_COLUMNS.join(', ')}) =
    (SELECT ${UPDATED_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM jsonb_populate_record(t, $1::text::jsonb) AS r),
    "updated_at" = now()
    WHERE t."id" = $2::text AND t."version" = $3::integer
    RETURNING t."id", t.xmin::text AS rev`;

/**
 * How writeChangeAndCommit's statement fails when `inc` is empty (the version is gone): PostgreSQL
 * has no raise in plain SQL, and a division by the row count fails only then (an expression of
 * constants could be folded, and fail, at planning). SQLSTATE 22012; nothing else here divides.
 */
export const VERSION_MISMATCH_SQLSTATE = '22012';
/** With the written row's revision (`xmin`, as text; null: nothing written), to be held with it. */
const COUNT = 'SELECT count(*)::integer AS n, min(rev) AS rev FROM inc';
const COUNT_OR_FAIL = 'SELECT (1 / count(*))::integer AS n, min(rev) AS rev FROM inc';

const statements = new Map<string, { name: string; text: string }>();

/** The statement for an insert or update with these sections present (built once, then reused). */
function changeStatement(insert: boolean, mask: number, failOnMismatch: boolean) {
  const id = `${insert ? 'insert' : 'update'}_change_${mask}${failOnMismatch ? '_or_fail' : ''}`;
  let statement = statements.get(id);
  if (!statement) {
    let param = insert ? 1 : 3;
    const ctes = SECTIONS.filter((_, i) => mask & (1 << i)).map(
      (section) => `${section.cte} AS (${section.sql(`$${++param}`)})`,
    );
    const head = `inc AS (${insert ? INSERT_INCIDENT : UPDATE_INCIDENT})`;
    const text = `WITH ${[head, ...ctes].join(',\n  ')}\n${failOnMismatch ? COUNT_OR_FAIL : COUNT}`;
    statement = { name: id, text };
    statements.set(id, statement);
  }
  return statement;
}

const jsonArray = <T>(items: readonly T[], encode: (item: T) => Record<string, unknown>) =>
  items.length === 0 ? null : JSON.stringify(items.map(encode));

/**
 * What the foreign keys dropped by migration 0028 checked, for the rows a change writes with its
 * incident: that they are that incident's. A few string comparisons in this process instead of a
 * SELECT … FOR KEY SHARE per row on the server.
 */
function ownRows(id: string, rows: readonly { incidentId: string }[]): void {
  for (const row of rows)
    if (row.incidentId !== id)
      throw new Error(`a change of incident ${id} carries a row of incident ${row.incidentId}`);
}

/** A change as parameters: the incident's row (whole, or only what differs from `stored`), and
 *  one JSON array per SECTIONS element (null: that part left out). */
function changeParts(change: IncidentChange, stored?: Record<string, unknown>) {
  const { incident } = change;
  const insert = change.expectedVersion === null;
  for (const rows of [change.audit, change.worklog, change.assignments, change.outbox])
    ownRows(incident.id, rows);
  // A new aggregate is written whole and brings its own on-site tasks; a task in
  // both lists is written once, as `change.onsite` has it (one upsert may not touch a row twice).
  let tasks = change.onsite;
  if (insert && incident.onsite.length > 0) {
    const byId = new Map(incident.onsite.map((t) => [t.id, t]));
    for (const t of change.onsite) byId.set(t.id, t);
    tasks = [...byId.values()];
  }
  const sections = [
    jsonArray(tasks, (t) => onsiteJson.encode(onsiteToRow(incident.id, t))),
    jsonArray(change.audit, auditJson.encode),
    jsonArray(change.worklog, worklogJson.encode),
    jsonArray(change.assignments, assignmentJson.encode),
    jsonArray(change.outbox, outboxJson.encode),
    change.idempotency && JSON.stringify([wellFormed(change.idempotency.key), change.idempotency.result]),
  ];
  const values = incidentToValues(incident);
  const row = stored && !insert ? incidentJson.encodeChanged(values, stored) : incidentJson.encode(values);
  // The row as stored once this is written: what was sent, over what was left out.
  const rowAfter = stored && !insert ? { ...stored, ...row } : row;
  return { insert, row, rowAfter, sections };
}

/**
 * `failOnMismatch`: a version mismatch fails the statement (and so aborts the transaction).
 * `stored`: the incident's row as loaded at `change.expectedVersion` (`to_json`); only the
 * columns that differ from it are sent. The statement's version guard makes that safe: it writes
 * only over that version, and under the command's row lock nothing else changes the row.
 * `written`: handed the row as stored after this write, with the revision the write returned,
 * once it is written (not when the version did not match).
 */
async function writeChange(
  tx: Orm,
  change: IncidentChange,
  failOnMismatch: boolean,
  stored?: Record<string, unknown>,
  written?: (rowAfter: Record<string, unknown>, rev: string) => void,
): Promise<boolean> {
  const { insert, row, rowAfter, sections } = changeParts(change, stored);
  let mask = 0;
  const params: unknown[] = [JSON.stringify(row)];
  if (!insert) params.push(change.incident.id, change.expectedVersion);
  sections.forEach((value, i) => {
    if (value === null) return;
    mask |= 1 << i;
    params.push(value);
  });
  const { name, text } = changeStatement(insert, mask, failOnMismatch);
  const [result] = await preparedRows<{ n: number; rev: string | null }>(tx, name, text, params);
  const done = (result?.n ?? 0) > 0;
  if (done && result?.rev) written?.(rowAfter, result.rev);
  return done;
}

// ---- a click in one statement, outside any transaction -------------------------------------
// When this process holds the incident at the version the click expects (held-incidents.ts), the
// command is decided on it first and written by one autocommit statement: the idempotency key
// taken with its final result, the incident updated only if the key was fresh and the row is
// still the very one held (its version and its revision, `xmin`), then the same sections as
// writeChange's. Any miss (a version moved on, any other write of the row since, such as a
// timer's firing, which keeps the version) divides by zero, and a redelivered key fails the key's
// own insert (23505): either way the whole statement, key included, rolls back, and the caller
// runs the locked path, which answers as it always has (statementOutcome: 'not_written').

/** The key with its final result: a CTE cannot update a row another CTE of its statement
 *  inserted, so it is not taken first and stored later as in a transaction (`idem`). A plain
 *  INSERT, not `ON CONFLICT DO NOTHING`: a key already there fails the statement, as the miss it
 *  is (a statement that fails is all rolled back, unlike the locked path's transaction, which
 *  keeps TAKE_KEY), and a fresh key, nearly every click's, is inserted without a speculative
 *  insertion's pre-check of the key's index and its confirming WAL record (docs/core-speed.md,
 *  h/hotupdate). A concurrent holder of the key is waited for either way (the unique check). */
const TAKE_FINAL_KEY = (key: string, result: string) =>
  `INSERT INTO idempotency_keys ("key", "incident_id", "result") VALUES (${key}::text, $2::text, ${result}::text::jsonb)
    RETURNING 1`;

/** UPDATE_INCIDENT, only over the row held: the same version and the same revision (`xmin`).
 *  The columns a command leaves out keep their stored values, and those are the held ones. */
const UPDATE_IF_HELD = UPDATE_INCIDENT.replace(
  'RETURNING t."id"',
  'AND t.xmin::text = $4::text\n    RETURNING t."id"',
);

/** UPDATE_IF_HELD, only when `taken` took the key (read first: the key before the row lock,
 *  the order the locked path takes them in, so the two paths cannot deadlock). */
const UPDATE_IF_TAKEN_AND_HELD = UPDATE_IF_HELD.replace(
  'RETURNING t."id"',
  'AND EXISTS (SELECT 1 FROM taken)\n    RETURNING t."id"',
);

/** COUNT_OR_FAIL, with the knowledge base's version as of the statement (for the answer card). */
const COUNT_OR_FAIL_WITH_KNOWLEDGE =
  'SELECT (1 / count(*))::integer AS n, min(rev) AS rev, (SELECT version FROM knowledge_version)::text AS knowledge FROM inc';

/** SECTIONS without `idem` (the key is `taken`, at the head). */
const ALONE_SECTIONS = SECTIONS.filter((s) => s.cte !== 'idem');

/** The one-statement write for these sections, with or without a key (built once, then reused). */
export function aloneStatement(mask: number, keyed: boolean) {
  const id = `alone_change_${mask}${keyed ? '_keyed' : ''}`;
  let statement = statements.get(id);
  if (!statement) {
    // $1 row, $2 id, $3 version, $4 revision, then the key and its result, then the sections.
    let param = keyed ? 6 : 4;
    const ctes = ALONE_SECTIONS.filter((_, i) => mask & (1 << i)).map(
      (section) => `${section.cte} AS (${section.sql(`$${++param}`)})`,
    );
    const head = keyed
      ? [`taken AS (${TAKE_FINAL_KEY('$5', '$6')})`, `inc AS (${UPDATE_IF_TAKEN_AND_HELD})`]
      : [`inc AS (${UPDATE_IF_HELD})`];
    const text = `WITH ${[...head, ...ctes].join(',\n  ')}\n${COUNT_OR_FAIL_WITH_KNOWLEDGE}`;
    statement = { name: id, text };
    statements.set(id, statement);
  }
  return statement;
}

/** A click's one statement, ready to send (writeChangeAlone, or several in a flight). */
export interface AloneWrite {
  incidentId: string;
  name: string;
  text: string;
  params: unknown[];
  /** The row as stored once written. */
  rowAfter: Record<string, unknown>;
}

/** What the one statement answers: its count, the new revision, the knowledge base's version. */
export type AloneRow = { n: number; rev: string | null; knowledge: string | null };

/** `change`'s one statement (see writeChangeAlone), not sent. */
export function aloneWrite(change: IncidentChange, stored: Record<string, unknown>, rev: string): AloneWrite {
  if (change.expectedVersion === null) throw new Error('writeChangeAlone: an update only');
  const { row, rowAfter, sections } = changeParts(change, stored);
  const params: unknown[] = [JSON.stringify(row), change.incident.id, change.expectedVersion, rev];
  const key = change.idempotency;
  if (key) params.push(wellFormed(key.key), JSON.stringify(key.result));
  let mask = 0;
  // The last of `sections` is `idem`'s: the key is in the head instead.
  sections.slice(0, ALONE_SECTIONS.length).forEach((value, i) => {
    if (value === null) return;
    mask |= 1 << i;
    params.push(value);
  });
  const { name, text } = aloneStatement(mask, key !== null);
  return { incidentId: change.incident.id, name, text, params, rowAfter };
}

/** The one statement's answer, as writeChangeAlone returns it. */
export function aloneWritten(write: AloneWrite, rows: readonly AloneRow[]) {
  const [result] = rows;
  if (!result?.rev) throw new Error('writeChangeAlone: no row');
  return {
    rowAfter: write.rowAfter,
    rev: result.rev,
    knowledgeVersion: result.knowledge === null ? null : Number(result.knowledge),
  };
}

/** The one statement alone, in autocommit on `orm` (the pool, never a transaction). */
export function sendAlone(orm: Orm, write: AloneWrite): Promise<AloneRow[]> {
  return preparedRows<AloneRow>(orm, write.name, write.text, write.params);
}

/**
 * Several clicks' statements in one transaction on `orm` (the pool): BEGIN, the statements in
 * the order given, COMMIT, issued together, so postgres.js sends them in one socket write (patch
 * hunk 6: the statements do not wait for BEGIN's answer; hunk 7: COMMIT goes without waiting for
 * theirs, and the transaction fails with the first statement that failed, which aborted it).
 * Each statement's rows, in order, once COMMIT has been answered. Every incident at most once,
 * and in id order (db/click-flights.ts): the row locks of two flights cannot wait in a circle.
 */
/**
 * How long a flight's statement waits for a row lock before the flight gives up (55P03, answered:
 * nothing written, so its clicks run again alone and only the click on the locked row waits, as
 * it would have without flights). Without it one incident held by another process (a paused pod,
 * a long transaction) would hold back every click of the flight and, through the flight limit,
 * every later click of this process. Well above a healthy holder's hold (one round trip).
 */
export const FLIGHT_LOCK_TIMEOUT_MS = 250;

export async function sendTogether(
  orm: Orm,
  writes: readonly AloneWrite[],
  lockTimeoutMs = FLIGHT_LOCK_TIMEOUT_MS,
): Promise<AloneRow[][]> {
  const sent: Promise<AloneRow[]>[] = [];
  await orm.transaction(async (tx) => {
    // First in the flight's one socket write; SET LOCAL ends with the transaction.
    const limit = preparedRows(
      tx,
      'flight_lock_timeout',
      `SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`,
      [],
    );
    limit.catch(() => {});
    for (const write of writes) {
      const rows = preparedRows<AloneRow>(tx, write.name, write.text, write.params);
      // Read once the transaction has settled; the transaction itself fails with the first error.
      rows.catch(() => {});
      sent.push(rows);
    }
  });
  return Promise.all(sent);
}

/**
 * `change` (an update of the incident at `change.expectedVersion`, whose stored row is `stored`,
 * of revision `rev`) in one autocommit statement on `orm` (the pool, never a transaction).
 * Throws SQLSTATE 23505 (unique_violation) when the key was taken before, 22012
 * (VERSION_MISMATCH_SQLSTATE) when the row is no longer that one (another version, or any write
 * since): nothing written. Returns the row as
 * now stored, its new revision, and the knowledge base's version read by the statement.
 */
export async function writeChangeAlone(
  orm: Orm,
  change: IncidentChange,
  stored: Record<string, unknown>,
  rev: string,
): Promise<{ rowAfter: Record<string, unknown>; rev: string; knowledgeVersion: number | null }> {
  const write = aloneWrite(change, stored, rev);
  return aloneWritten(write, await sendAlone(orm, write));
}
