// Ports: what the use cases need from storage. db/ implements them for PostgreSQL and PGlite.
import type { PlatformId } from '../core/config.js';
import type { AssignmentAction, WorklogSource } from '../core/decision.js';
import type { Incident, OnsiteTask, Status, StepCode } from '../core/types.js';

export interface AuditRecord {
  id: number;
  incidentId: string;
  step: StepCode;
  action: string;
  actorId: string;
  actorName: string;
  at: Date;
  payload: Record<string, unknown>;
  /** The incident's version once this record's change was made (a timer's record: the version
   *  it kept). Absent: a knowledge record, or one written before versions were kept. */
  version?: number;
}

export interface WorklogRecord {
  id: number;
  incidentId: string;
  step: StepCode;
  source: WorklogSource;
  authorId: string;
  authorName: string;
  at: Date;
  text: string;
}

export interface AssignmentRecord {
  id: number;
  incidentId: string;
  step: StepCode;
  team: string;
  action: AssignmentAction;
  actorId: string;
  actorName: string;
  at: Date;
  reason: string | null;
  suggestedTeam: string | null;
  suggestion: string | null;
}

/** One incident's records for its history (src/app/history), each list oldest first. */
export interface HistoryRecords {
  audit: AuditRecord[];
  worklog: WorklogRecord[];
  assignments: AssignmentRecord[];
  /** On-site tasks as they stand now, by dispatch time. */
  onsite: OnsiteTask[];
}

/** The incident history's reads; db/history-queries.ts, for PostgreSQL and PGlite alike. */
export interface HistoryQueries {
  /** No transaction: the history tables only grow, each read in the order written. */
  incidentRecords(incidentId: string): Promise<HistoryRecords>;
}

export interface OutboxMessage {
  incidentId: string;
  /** `notify.*` for chat notifications, `timer.*` for deadline arming (relayed by the scheduler). */
  topic: string;
  payload: Record<string, unknown>;
  /** Unique per logical message: a redelivered command never enqueues twice. */
  dedupeKey: string;
  availableAt: Date;
}

export interface OutboxRecord extends OutboxMessage {
  id: number;
  createdAt: Date;
  processedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/** A chat platform's id ("slack", "teams", …): each adapter names its own (docs/platforms.md). */
export type ChatPlatform = PlatformId;

/** Where an incident is shown, so its cards can be re-rendered after every change. */
export interface ChatRef {
  incidentId: string;
  platform: ChatPlatform;
  /** desk_card, team_card, reporter_dm, manager_notice, onsite_dm … */
  purpose: string;
  conversationId: string;
  messageId: string;
  threadId: string | null;
  /** What the message says besides its card, as the adapter sent it (opaque here but for the
   *  version stamp of card-caption.ts): resent by a re-render where an update replaces the whole
   *  message (Teams) only while the incident is as it was posted. Null: the card alone. */
  caption?: Caption | null;
}

/** An adapter's own record of a message's text (Teams: text, textFormat, mention entities). */
export type Caption = Record<string, unknown>;

/** How to reach a user or channel proactively (Teams conversation reference, Slack DM channel). */
export interface ConversationRef {
  platform: string;
  scope: string;
  key: string;
  reference: Record<string, unknown>;
}

export interface IdempotencyHit {
  incidentId: string | null;
  result: Record<string, unknown>;
}

/** What one command writes; see UnitOfWork.writeChange. */
export interface IncidentChange {
  incident: Incident;
  /** null: `incident` is new and is inserted whole, with its own on-site tasks. */
  expectedVersion: number | null;
  /** On-site tasks to upsert by id. */
  onsite: readonly OnsiteTask[];
  audit: readonly Omit<AuditRecord, 'id'>[];
  worklog: readonly Omit<WorklogRecord, 'id'>[];
  assignments: readonly Omit<AssignmentRecord, 'id'>[];
  outbox: readonly OutboxMessage[];
  /** Stored under the key taken by findIdempotencyKey, with the incident id. */
  idempotency: { key: string; result: Record<string, unknown> } | null;
}

/**
 * An incident as this process last committed or loaded it (db/held-incidents.ts), with the row
 * as stored at `incident.version` and that row's revision (PostgreSQL: its `xmin`, as text).
 */
export interface HeldIncident {
  incident: Incident;
  /** The row as stored (to_json's keys), for a changed-columns write. */
  row: Record<string, unknown>;
  /** That row's revision: the one statement writes only over this one. */
  rev: string;
  /**
   * The incident's timer audit (its records of TIMER_ACTIONS, oldest first) as of `rev`, when
   * known: what a command's ping follow-ups read (src/app/ping-followups.ts). Dated by the
   * revision because every write of such a record writes the incident row too (TimerService
   * writes a firing like a command, through writeChange), so no record can be added while the
   * row stays `rev`. Absent: not read with this copy (then those commands take the locked path).
   */
  timerAudit?: readonly AuditRecord[];
}

/** See Storage.oneStatement. */
export interface OneStatementWrites {
  /** The incident as this process last committed or loaded it, if it holds it: a guess, which
   *  `commit` checks. */
  held(id: string): HeldIncident | undefined;
  /**
   * `change` (of `decidedOn.incident`, at its version, with its idempotency key) in one
   * statement, committed before this returns: the knowledge base's version read by it (null:
   * none). `decidedOn` must be the very copy `held` returned and the command was decided on: the
   * statement is guarded by its version and revision and writes the columns that differ from its
   * row, never from whatever is held by the time it runs (a refill in between, a timer's firing
   * in this process, then only makes it miss). Null when it missed (the key was used before, or
   * the row is no longer that one) or the database refused it: nothing was written, and the
   * command's locked path gives its answer. A connection lost meanwhile throws
   * CommitOutcomeUnknown, as a lost COMMIT does.
   */
  commit(
    change: IncidentChange,
    decidedOn: HeldIncident,
  ): Promise<{ knowledgeVersion: number | null } | null>;
}

/** Reads sent with their transaction's COMMIT (UnitOfWork.readsWithCommit). An object rather than
 *  the promise itself: a promise returned by `work` would be awaited before COMMIT is sent. */
export interface AfterCommit<T> {
  readonly result: Promise<T>;
}

/** Everything a single command may touch, inside one transaction. */
export interface UnitOfWork {
  /** Loads and locks the incident row (SELECT … FOR NO KEY UPDATE: the key never changes). */
  lockIncident(id: string): Promise<Incident | null>;
  nextIncidentSequence(): Promise<number>;
  /**
   * findIdempotencyKey(key) (when there is a key), then nextIncidentSequence only if the key was
   * fresh, in one statement: a redelivered report gets its `hit` and takes no number.
   */
  nextIncidentSequenceTakingKey(
    key: string | undefined,
  ): Promise<{ hit: IdempotencyHit | null; sequence: number | null }>;
  appendAudit(records: readonly Omit<AuditRecord, 'id'>[]): Promise<void>;
  enqueueOutbox(messages: readonly OutboxMessage[]): Promise<void>;
  /** Returns the stored result when the key was already used; null when it is fresh (and now taken). */
  findIdempotencyKey(key: string): Promise<IdempotencyHit | null>;
  /**
   * findIdempotencyKey(key) (when there is a key), then lockIncident(id), in that order, in one
   * round trip when the key is fresh. `hit` as findIdempotencyKey returns it. `knowledgeVersion`:
   * MatchingPort.version as of the incident's load (null: unknown), read in the same round trip.
   * `auditActions`: the incident's audit records of these actions too, oldest first, read with
   * the load (as listAudit would, in the same statement): `audit`, [] when there are none.
   */
  lockIncidentTakingKey(
    id: string,
    key: string | undefined,
    auditActions?: readonly string[],
  ): Promise<{
    hit: IdempotencyHit | null;
    incident: Incident | null;
    knowledgeVersion?: number | null;
    audit?: AuditRecord[];
  }>;
  saveIdempotencyKey(key: string, incidentId: string | null, result: Record<string, unknown>): Promise<void>;
  /** The incident's most recent audit records that changed it (up to 64; knowledge records left
   *  out), oldest first: what a lost race is answered from (src/app/race.ts raceAnswer). */
  recentChanges(incidentId: string): Promise<AuditRecord[]>;
  /**
   * All of one command's writes as a single statement (one round trip instead of one per table):
   * the incident (inserted when `expectedVersion` is null, else updated if its stored version is
   * `expectedVersion`), on-site task upserts, audit, work log, assignment history, outbox rows
   * (first per dedupe key kept) and the idempotency result (its key taken earlier in this
   * transaction: findIdempotencyKey or a …TakingKey method). False, with nothing written, when
   * the version did not match.
   */
  writeChange(change: IncidentChange): Promise<boolean>;
  /**
   * writeChange as a command's last statement, sent with its COMMIT rather than before it (one
   * round trip less); nothing may be read or written after it. A version mismatch fails the
   * statement, so the transaction rolls back and Storage.transaction throws VersionConflict.
   * Its other failures are the transaction's.
   */
  writeChangeAndCommit(change: IncidentChange): void;
  /**
   * `reads`, issued through this unit of work and not awaited, as the transaction's last
   * statements (nothing may be read or written after them): on PostgreSQL they go out with its
   * COMMIT, so the row locks it holds are released without waiting on a round trip to this
   * process; on PGlite (one connection, in this process) they are awaited before COMMIT. `work`
   * returns what this returns, unawaited; its `result` is `reads`, to be awaited once
   * Storage.transaction has returned, and so committed (awaited inside `work` it only costs the
   * round trip saved). A read that fails rolls the transaction back and Storage.transaction throws
   * its error; a COMMIT that fails makes Storage.transaction throw (CommitOutcomeUnknown when the
   * connection was lost), so the reads' results are never handed out uncommitted. Pass the
   * statements' own promises: a failure in code run on their results, which the server never
   * sees, could not stop the COMMIT (derive from `result` instead, catching what nobody awaits).
   */
  readsWithCommit<T>(reads: Promise<T>): AfterCommit<T>;
  // ---- deadline timers and outbox relays (src/jobs) ----
  /** Loads and locks these incidents (SELECT … FOR NO KEY UPDATE, in a stable order); missing ids are left out. */
  lockIncidents(ids: readonly string[]): Promise<Incident[]>;
  /** Audit records of these incidents with one of `actions`, oldest first. */
  listAudit(incidentIds: readonly string[], actions: readonly string[]): Promise<AuditRecord[]>;
  /** Locks due, pending rows (FOR UPDATE SKIP LOCKED) so concurrent relays each get their own
   *  (unless `unlocked`: read only). */
  claimOutbox(claim: OutboxClaim): Promise<OutboxRecord[]>;
  /** Marks rows processed and/or moves their next availability (a lease while a queue holds them). */
  /** `endLease`: an embedded delivery's lease ('in flight', `leased_until`) ends too, so the rows
   *  are due at `availableAt`, not after the lease. */
  updateOutbox(ids: readonly number[], set: OutboxUpdate): Promise<void>;
  /**
   * The timer relay's rows done with (src/jobs/timer-relay.ts), each only if its incident is still
   * at `version` when the statement runs (`version` null: whatever it is, or if it is gone):
   * deleted (`how: 'delete'`) or marked processed at `at`. Returns the ids settled.
   */
  settleTimerRows(rows: readonly SyncedRow[], how: TimerRowSettle, at: Date): Promise<number[]>;
}

/** A `timer.*` row, and the incident version the scheduler was last synced with for it. */
export interface SyncedRow {
  id: number;
  incidentId: string;
  version: number | null;
}

/** What becomes of a synced `timer.*` row: deleted (sent rows are pruned anyway) or marked. */
export type TimerRowSettle = 'delete' | 'mark';

export interface OutboxClaim {
  /** A row is claimed when its topic starts with one of these. */
  topicPrefixes: readonly string[];
  /** Rows with `available_at` after this are not due yet. */
  now: Date;
  limit: number;
  /** Rows that failed this many times are dead: kept and listed, never claimed again. */
  maxAttempts?: number;
  /** Leases the rows claimed until then, in the same statement: no claim takes them before
   *  (they come back with the `available_at` they had, in claim order). A leased claim is
   *  alone in its transaction: it sets how the rest of that transaction is planned (db
   *  CLAIM_PLAN). */
  leaseUntil?: Date;
  /** How the lease is kept (default 'queued'); see OutboxLease. */
  lease?: OutboxLease;
  /**
   * Read the rows without locking them (an unleased claim only). The timer relay's rows stay
   * pending, claimable by any relay, until settled after the sync: a lock held through the claim
   * transaction alone kept another relay off them for that instant only, at a WAL record and a
   * dirtied heap page a row (docs/core-speed.md, h/timerfold). Two relays syncing the same rows
   * arm the same thing.
   */
  unlocked?: boolean;
}

/**
 * 'queued': rows wait elsewhere (BullMQ's Redis) for minutes, thousands at once in a surge; the
 * lease moves their `available_at`, so claims pass them inside the pending index.
 * 'in flight': rows are being delivered now by the claimer (embedded: up to ~2 batches); the lease is a
 * column in no index, cheaper to write (db claimLeasedSql), which every claim steps over.
 * Either ends at its time, or at a failure's retry time (markOutboxFailed).
 */
export type OutboxLease = 'queued' | 'in flight';

export interface OutboxUpdate {
  processedAt?: Date;
  availableAt?: Date;
  endLease?: boolean;
}

export interface IncidentFilter {
  statuses?: readonly Status[];
  reporterId?: string;
  assignedTeam?: string;
  /** Only incidents whose deadlines are (or are not) provisional (core/holiday-rule.ts). */
  deadlinesProvisional?: boolean;
  limit?: number;
}

/** A reporter's plain message while they choose which waiting incident it answers. */
export interface PendingAnswer {
  /** The message's idempotency key (platform-specific, so never shared across platforms). */
  key: string;
  /** Who wrote it: the only one who may choose. */
  actorId: string;
  /** Cleaned at the edge; '' once taken. */
  text: string;
  /** The incident ids offered: the only ones it may answer. */
  choices: readonly string[];
  expiresAt: Date;
  takenIncidentId: string | null;
}

/** A verified request kept until it is processed (src/app/inbox.ts). */
export interface InboxEntry {
  platform: ChatPlatform;
  /** Built from the platform's own ids: a repeat of the request has the same key. */
  key: string;
  body: Record<string, unknown>;
  receivedAt: Date;
  attempts: number;
}

/** Durable acknowledgement: what was received is stored before the platform is answered. */
export interface InboxStore {
  /** Stores the request unless its key is known; true when it is new (and leased to the caller
   *  until `leaseUntil`), false for a repeat. */
  admit(entry: {
    platform: ChatPlatform;
    key: string;
    body: Record<string, unknown>;
    leaseUntil: Date;
    /** When it was received, on the application's clock: the time the person acted, which the
     *  command is decided at wherever and whenever it runs (docs/slack.md). Default: the
     *  database's clock at the INSERT. */
    receivedAt?: Date;
    /** Handed off: once stored, processes following the inbox are told its key (`follow`). */
    handOff?: boolean;
  }): Promise<boolean>;
  /** Whether `handOff` reaches other processes (PostgreSQL's NOTIFY; not the embedded PGlite). */
  readonly handsOff: boolean;
  /** Calls `told` with each key handed off on `platform` by any process from now on (LISTEN);
   *  calls `listening` each time it listens (at first and again after a reconnect: keys handed
   *  off meanwhile are not told). The returned function stops listening. */
  follow(
    platform: ChatPlatform,
    told: (key: string) => void,
    listening?: () => void,
  ): Promise<() => Promise<void>>;
  /** Of the given keys, the handed-off rows nobody has claimed yet (never attempted, not done;
   *  FOR UPDATE SKIP LOCKED): leased until `leaseUntil`, attempt counted. Two followers never get
   *  one row. */
  claimHandedOff(claim: {
    platform: ChatPlatform;
    keys: readonly string[];
    leaseUntil: Date;
  }): Promise<InboxEntry[]>;
  /** Up to `limit` of the oldest handed-off rows nobody has claimed yet, whatever their keys
   *  (those told while nobody listened), claimed as `claimHandedOff` does. Rows processed where
   *  they were received are never among them. */
  claimWaiting(claim: { platform: ChatPlatform; limit: number; leaseUntil: Date }): Promise<InboxEntry[]>;
  /** Marks it processed and forgets its body (the key stays, so a repeat is still one row). */
  finish(platform: ChatPlatform, key: string, at: Date): Promise<void>;
  /** Unfinished rows whose lease ran out (FOR UPDATE SKIP LOCKED), oldest first, with fewer than
   *  `maxAttempts` attempts: leased again until `leaseUntil`, attempts counted. */
  claimStale(claim: {
    platform: ChatPlatform;
    now: Date;
    leaseUntil: Date;
    limit: number;
    maxAttempts: number;
    /** Keys this process is still working on: neither claimed nor counted as an attempt. */
    skip: readonly string[];
  }): Promise<InboxEntry[]>;
  /** Deletes up to `limit` rows finished before `before`; returns how many. (By when finished,
   *  on the inbox's wall clock: `receivedAt` is on the application's, which tests move.) */
  prune(before: Date, limit: number): Promise<number>;
}

/** One page of outbox retention to read: the rows after `afterId`, up to `limit`; `before` is
 *  the age a sent row must have to be deleted. */
export interface OutboxPruneRequest {
  before: Date;
  afterId: number;
  limit: number;
}

export interface OutboxPrunePage {
  deleted: number;
  /** The page's last id (where the next page starts); null when there were no rows after. */
  lastId: number | null;
  /** The page reached rows created on or after `before`: everything older has been seen. */
  reachedKept: boolean;
}

export interface Storage {
  /** Runs `work` in one transaction; everything it wrote is rolled back if it throws. */
  transaction<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only (absent elsewhere): a click decided on the incident as this process last
   * committed or loaded it, written in one autocommit statement (db/held-incidents.ts).
   */
  readonly oneStatement?: OneStatementWrites;
  /**
   * PGlite only (absent elsewhere): ends every embedded delivery lease ('in flight') now, and
   * returns how many rows it released. For a process that alone has the database (PGlite's data
   * directory lock, db/data-dir-lock.ts), at start-up before it claims anything: every such
   * lease is then an earlier process's, which died with the rows claimed.
   */
  readonly releaseDeliveryLeases?: (now: Date) => Promise<number>;
  getIncident(id: string): Promise<Incident | null>;
  /**
   * getIncident for several ids in one read (in no particular order); missing ids are left out.
   * With the knowledge base's version (MatchingPort.version) as of the same read, for the cards
   * rendered from them (null: unknown).
   */
  getIncidents(ids: readonly string[]): Promise<{ incidents: Incident[]; knowledgeVersion: number | null }>;
  getIncidentByNumber(number: string): Promise<Incident | null>;
  listIncidents(filter: IncidentFilter): Promise<Incident[]>;
  /** The ids listIncidents would return, in its order: a sweep reads each incident when it needs it. */
  listIncidentIds(filter: Omit<IncidentFilter, 'limit'>): Promise<string[]>;
  listAudit(incidentId: string): Promise<AuditRecord[]>;
  listWorklog(incidentId: string): Promise<WorklogRecord[]>;
  listAssignments(incidentId: string): Promise<AssignmentRecord[]>;
  /** Outbox rows not yet processed, and the creation time of the oldest (null when none). */
  outboxBacklog(): Promise<{ pending: number; oldest: Date | null }>;
  listOutbox(filter: {
    pendingOnly?: boolean;
    topicPrefix?: string;
    limit?: number;
  }): Promise<OutboxRecord[]>;
  /** `refs`: cards those rows posted (upsertChatRef's), written with the mark, in one commit.
   *  Returns the cards those places named until then (read under their locks: the ones to retire). */
  markOutboxProcessed(ids: readonly number[], at: Date, refs?: readonly ChatRef[]): Promise<ChatRef[]>;
  /** `payload`: what the row still carries (a change row's effects not delivered yet). */
  markOutboxFailed(
    id: number,
    error: string,
    retryAt: Date,
    payload?: Record<string, unknown>,
  ): Promise<void>;
  /** A platform answered "retry after": the row is due again at `retryAt`, carrying `payload`
   *  (what did not go yet) when given, with no attempt used up — the platform said when to come
   *  back, it did not refuse the row (BullMQ's rate limit costs a job no attempt either). */
  deferOutbox(id: number, error: string, retryAt: Date, payload?: Record<string, unknown>): Promise<void>;
  /** The operator's answer to rows that failed for good (attempts ≥ `maxAttempts`, unprocessed):
   *  `retry` gives them their attempts back, due now; `discard` marks them processed, the error
   *  kept. Only such rows change; returns the ids that did. */
  settleDeadOutbox(
    action: 'retry' | 'discard',
    ids: readonly number[] | 'all',
    at: Date,
    maxAttempts: number,
  ): Promise<number[]>;
  /** Outbox retention, one page: the rows after `afterId` in id order (up to `limit`); those
   *  processed before `before` are deleted. Pending rows are never deleted. */
  pruneOutbox(page: OutboxPruneRequest): Promise<OutboxPrunePage>;
  /** Keeps the card as its place's; returns the card the place named until then, read under the
   *  row's lock in the same statement (null: none, or this one). */
  upsertChatRef(ref: ChatRef): Promise<ChatRef | null>;
  listChatRefs(incidentId: string): Promise<ChatRef[]>;
  /** listChatRefs of several incidents in one read (a delivery batch's), in no particular order. */
  listChatRefsOf(incidentIds: readonly string[]): Promise<ChatRef[]>;
  /** The card a chat message is: the ref of message `messageId` in that conversation. Lets a
   *  reply in a card's thread (thread id = the card's message id) find its incident. */
  findChatRef(platform: ChatPlatform, conversationId: string, messageId: string): Promise<ChatRef | null>;
  saveConversationRef(ref: ConversationRef): Promise<void>;
  getConversationRef(platform: string, scope: string, key: string): Promise<ConversationRef | null>;
  /** Claims a notice sent at most once (key e.g. `calendar.provisional.2027`): true when it was
   *  never sent and nobody claimed it after `staleBefore`. */
  claimOnceNotice(key: string, at: Date, staleBefore: Date): Promise<boolean>;
  /** A reporter's message kept until they choose the incident it answers (thread-replies.ts);
   *  kept once per key; expired ones (before `now`) are deleted meanwhile. */
  keepPendingAnswer(answer: PendingAnswer, now: Date): Promise<void>;
  findPendingAnswer(key: string): Promise<PendingAnswer | null>;
  /** Taken for `incidentId`, its text forgotten; false when it was taken already. */
  markPendingAnswerTaken(key: string, incidentId: string): Promise<boolean>;
  markOnceNoticeSent(key: string, at: Date): Promise<void>;
  /** Requests received and not yet processed (durable acknowledgement). */
  readonly inbox: InboxStore;
  /** One incident's whole record, for its history (src/app/history). */
  readonly history: HistoryQueries;
  /** Liveness probe for /healthz. */
  ping(): Promise<void>;
  /** This database's identity (created once): keeps its queue job ids apart from another's. */
  installationId(): Promise<string>;
  close(): Promise<void>;
}

// ---- Knowledge base and matching (IM2.7 / IM2.8): added by the matching work ----------------

export type KnowledgeKind = 'article' | 'known_error' | 'problem' | 'incident';
export type KnowledgeStatus = 'draft' | 'published' | 'retired';

/** An entry as written by import or "save as knowledge"; `ref` absent = allocate KB-000123. */
export interface KnowledgeEntryInput {
  ref?: string | null;
  kind: KnowledgeKind;
  title: string;
  symptoms: string;
  /** The solution, or for a known error its workaround. */
  solution: string;
  category: string | null;
  tags: readonly string[];
  sourceUrl: string | null;
  status: KnowledgeStatus;
  lastVerifiedAt: Date | null;
  originIncidentId?: string | null;
  createdBy?: string | null;
}

export interface KnowledgeEntry extends Required<KnowledgeEntryInput> {
  ref: string;
  helped: number;
  notHelped: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MatchQuery {
  title: string;
  description: string;
  category: string | null;
}

export interface MatchOptions {
  /** Default 5. */
  limit?: number;
  /** The incident's category, then its ancestors: an entry in one of them is boosted. */
  categories?: readonly string[];
  /** The incident being matched: never matches itself; its "didn't help" entries rank lower. */
  incidentId?: string;
  /**
   * The knowledge base's version the caller read (`MatchingPort.version`, or a command's read):
   * an answer as new as it will do. A cached "nothing can match" of this version then needs no
   * statement to check it (the words the cache knows had no entry at that version).
   */
  knowledgeVersion?: number | null;
}

export interface MatchCandidate {
  /** KB-000123, or an incident number for an earlier incident. */
  ref: string;
  kind: KnowledgeKind;
  title: string;
  /** The beginning of the solution or workaround. */
  snippet: string;
  /**
   * 0..1: the calibrated probability that this entry answers the report (IM2.8; see
   * src/core/matching/confidence.ts), never above the one ranked before it. The card shows it
   * as the match percentage.
   */
  score: number;
  /** The report's words found in the entry, as the reporter wrote them. */
  matchedWords: string[];
  sourceUrl: string | null;
  category: string | null;
  /** At or above the model's threshold; below it the card says "no good match". */
  confident: boolean;
  /** IM2.8: someone already said it didn't help with this incident (the search's incidentId): the
   *  card no longer offers it, it names it as rejected (match-view.ts). */
  notHelpfulHere?: boolean;
}

export interface MatchFeedback {
  ref: string;
  incidentId: string;
  helped: boolean;
  actorId: string;
  at: Date;
}

export interface MatchingPort {
  findMatches(query: MatchQuery, opts?: MatchOptions): Promise<MatchCandidate[]>;
  /**
   * The knowledge base's version: greater after every committed change to entries, their
   * ranking feedback or the corpus statistics, whichever process made it; null when unknown
   * (then nothing may be cached). Read before a search, a result is as new as the version.
   */
  version(): Promise<number | null>;
  /**
   * Records the feedback, updates the entry's ranking counters and appends `audit`, atomically.
   * With `idempotencyKey`, the key is taken in the same transaction; false, with nothing
   * written, when it was taken before (a redelivered click).
   */
  recordFeedback(
    feedback: MatchFeedback,
    audit?: readonly Omit<AuditRecord, 'id'>[],
    idempotencyKey?: string,
  ): Promise<boolean>;
}

export interface ImportResult {
  created: number;
  updated: number;
  refs: string[];
}

/** Writing the knowledge base. Each call is one transaction. */
export interface KnowledgePort {
  /**
   * All or nothing; an entry whose ref exists is updated in place. `onProgress` is told how many
   * entries are indexed so far (a large file takes minutes).
   */
  importEntries(
    entries: readonly KnowledgeEntryInput[],
    opts?: { onProgress?: (done: number, total: number) => void },
  ): Promise<ImportResult>;
  /**
   * Creates one entry and appends the audit records made for it (they know its ref), atomically.
   * With `idempotencyKey`, the key is taken in the same transaction; when it was taken before
   * (a redelivered submit), the entry created then comes back and nothing is written.
   */
  createEntry(
    entry: KnowledgeEntryInput,
    audit?: (created: KnowledgeEntry) => readonly Omit<AuditRecord, 'id'>[],
    idempotencyKey?: string,
  ): Promise<KnowledgeEntry>;
  getEntry(ref: string): Promise<KnowledgeEntry | null>;
  /** Newest first (by last change): drafts waiting for review, published or retired entries. */
  listEntries(filter: { status?: KnowledgeStatus; limit?: number }): Promise<KnowledgeEntry[]>;
  /** Changes the status and appends `audit` (on the origin incident's trail), atomically. */
  setStatus(
    ref: string,
    status: KnowledgeStatus,
    verifiedAt: Date | null,
    audit?: readonly Omit<AuditRecord, 'id'>[],
  ): Promise<boolean>;
  /** Resolved incidents (solved / workaround, not from a match) become `incident` candidates;
   *  reopened or not-solved ones are retired. Returns how many changed. */
  syncResolvedIncidents(limit?: number): Promise<{ indexed: number; retired: number }>;
  /** Recomputes every entry's index (after a glossary change). */
  reindex(): Promise<number>;
}
