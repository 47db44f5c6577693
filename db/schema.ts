// Drizzle schema: the source drizzle-kit diffs to write db/migrations. Tables are declared
// without a PostgreSQL schema so `search_path` decides where they live (tests isolate runs in
// their own schema); see connect.ts.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Every instant is a timestamptz read back as a JS Date. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** JSON shapes of the jsonb columns: dates travel as ISO strings and are revived on load. */
export interface PauseJson {
  from: string;
  to: string | null;
  askedBy?: 'desk' | 'team';
}
export interface ResolutionJson {
  code: string;
  solution: string;
  tested: boolean;
  by: string;
  at: string;
  matchRef: string | null;
  /** Written by "save as knowledge" (db/knowledge-store.ts); absent in older rows. */
  savedAs?: string | null;
}

/**
 * The last incident number handed out (INC-000123), one row. A row and not a sequence, because
 * numbers must run without gaps (a desk and its auditors count on it, docs/web.md): a sequence
 * is not transactional, so a rolled-back report loses its number, and PostgreSQL WAL-logs a
 * sequence 32 values ahead, so a crash (and on PGlite every reopen, even a clean one) skipped
 * ~33 numbers. The row is updated inside the report's own transaction: a rollback gives the
 * number back and a crash loses only what was never committed. The cost: reports serialise on
 * this row's lock for their transaction's duration (docs/operations.md has the figure).
 */
export const incidentNumbers = pgTable(
  'incident_numbers',
  {
    id: boolean('id').primaryKey().default(true),
    last: integer('last').notNull(),
  },
  (t) => [
    check('incident_numbers_one_row', sql`${t.id}`),
    check('incident_numbers_last_check', sql`${t.last} >= 0`),
  ],
);

/** A level 1..4 or null: impact, urgency, severity. */
const levelCheck = (name: string, column: AnyPgColumn) =>
  check(name, sql`${column} IS NULL OR ${column} BETWEEN 1 AND 4`);

export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique('incidents_number_key'),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    service: text('service'),
    reporterId: text('reporter_id').notNull(),
    reporterName: text('reporter_name').notNull(),
    reportedSeverity: smallint('reported_severity'),
    nature: text('nature'),
    category: text('category'),
    impact: smallint('impact'),
    urgency: smallint('urgency'),
    priority: smallint('priority').notNull(),
    priorityConfirmed: boolean('priority_confirmed').notNull().default(false),
    reportedAt: ts('reported_at').notNull(),
    respondedAt: ts('responded_at'),
    respondBy: ts('respond_by'),
    resolveBy: ts('resolve_by'),
    /** Either deadline is provisional (the start-up recompute's filter). */
    deadlinesProvisional: boolean('deadlines_provisional').notNull().default(false),
    /** Per deadline (migration 0025); null in rows written before it: read as deadlines_provisional. */
    respondByProvisional: boolean('respond_by_provisional'),
    resolveByProvisional: boolean('resolve_by_provisional'),
    pauses: jsonb('pauses').$type<PauseJson[]>().notNull().default([]),
    onsiteNeeded: boolean('onsite_needed'),
    assignedTeam: text('assigned_team'),
    assignedAt: ts('assigned_at'),
    acceptedBy: text('accepted_by'),
    acceptedAt: ts('accepted_at'),
    resolution: jsonb('resolution').$type<ResolutionJson>(),
    reporterConfirmedAt: ts('reporter_confirmed_at'),
    closureCode: text('closure_code'),
    closedAt: ts('closed_at'),
    closedBy: text('closed_by'),
    duplicateOf: text('duplicate_of'),
    reopenCount: integer('reopen_count').notNull().default(0),
    breaches: jsonb('breaches').$type<string[]>().notNull().default([]),
    /** The chat platform the report came in on; null for incidents older than migration 0011. */
    reportedVia: text('reported_via'),
    /** First IM2.11 assignment: "reached the second line" for the reports without a join. */
    firstAssignedAt: ts('first_assigned_at'),
    /** Service times on the priority's clock, pauses excluded (src/core/service-times.ts). */
    respondClockMinutes: doublePrecision('respond_clock_minutes'),
    resolveClockMinutes: doublePrecision('resolve_clock_minutes'),
    /** The reporter's satisfaction (IM5.1), once per incident: all four set together or none.
     *  `satisfaction_after`: 'confirmed' | 'closed_without_reporter' (core/types.ts RatedAfter). */
    satisfactionScore: smallint('satisfaction_score'),
    satisfactionComment: text('satisfaction_comment'),
    satisfactionAt: ts('satisfaction_at'),
    satisfactionAfter: text('satisfaction_after'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // No index holds `status`, not even in a predicate: nearly every IM2 step changes it, and an
    // update that changes an indexed column cannot be HOT (a new entry in every index). Without
    // it, the steps that change only the status and unindexed columns (matching, attempting,
    // accepted, investigating, resolved, ~half the updates of a path) are HOT when their page has
    // room (migration 0029, docs/core-speed.md h/hotupdate). "Open" in an index is
    // `closed_at IS NULL`: closing and cancelling set closed_at (core/steps/resolution.ts) and
    // nothing clears it, and closed_at is indexed anyway (incidents_closed_at_idx). The check
    // incidents_closed_check holds the two together, so a statement asks for open incidents as
    // `closed_at IS NULL` alone (a status test beside it made the planner think the partial
    // index's rows mostly closed, and sort instead). test/integration/incident-indexes.test.ts.
    // The desk queue (db/desk-queue.ts, the bot's queue lists): open incidents in page order,
    // read from the front; partial, so closed incidents (most of a million) are not in it at all.
    index('incidents_open_queue_idx').on(t.priority, t.reportedAt, t.id).where(sql`${t.closedAt} IS NULL`),
    // No index on respond_by / resolve_by: timers are armed from the outbox and reconciliation
    // reads open incidents by status, while every priority change would have to update them.
    // A reporter's own incidents (App Home, "my incidents").
    index('incidents_reporter_idx').on(t.reporterId, t.reportedAt),
    // A team's queue (TriageService.teamQueue: assigned_team = $1 AND closed_at IS NULL), and the
    // backlog report filtered by team (db/reports/signals.ts: closed_at IS NULL OR closed_at >= $1,
    // and reported_at < $1: two ranges of this index, no heap row read that is not counted). Not
    // partial: the report reads closed incidents too.
    index('incidents_team_idx').on(t.assignedTeam, t.closedAt, t.reportedAt),
    // Reports select a period by registration instant (db/reports/); backlog reads what was
    // still open at the period's end.
    // Covering: a period's incident ids, and the filters, without reading the wide rows — every
    // statement over a child table starts from this set (db/reports/period.ts).
    // (Key columns rather than INCLUDE, which drizzle's schema cannot express.)
    index('incidents_reported_at_idx').on(
      t.reportedAt,
      t.id,
      t.priority,
      t.assignedTeam,
      t.category,
      t.nature,
      t.reportedVia,
    ),
    index('incidents_closed_at_idx').on(t.closedAt, t.reportedAt),
    check('incidents_priority_check', sql`${t.priority} BETWEEN 1 AND 4`),
    levelCheck('incidents_impact_check', t.impact),
    levelCheck('incidents_urgency_check', t.urgency),
    levelCheck('incidents_reported_severity_check', t.reportedSeverity),
    check('incidents_version_check', sql`${t.version} >= 1`),
    // Closed (closed or cancelled) exactly when closed_at is set: the indexes' "open" (above).
    check(
      'incidents_closed_check',
      sql`(${t.closedAt} IS NULL) = (${t.status} NOT IN ('closed', 'cancelled'))`,
    ),
    check(
      'incidents_satisfaction_check',
      sql`(${t.satisfactionScore} IS NULL AND ${t.satisfactionAt} IS NULL AND ${t.satisfactionAfter} IS NULL AND ${t.satisfactionComment} IS NULL) OR (${t.satisfactionScore} BETWEEN 1 AND 5 AND ${t.satisfactionAt} IS NOT NULL AND ${t.satisfactionAfter} IN ('confirmed', 'closed_without_reporter'))`,
    ),
    // Reports: satisfaction given in a period (average, distribution), without reading the rest.
    index('incidents_satisfaction_at_idx').on(t.satisfactionAt).where(sql`${t.satisfactionAt} IS NOT NULL`),
  ],
);

const incidentRef = () =>
  text('incident_id')
    .notNull()
    .references(() => incidents.id);

/**
 * The incident of a row written only together with the incident's own row, so without a foreign
 * key (migration 0028): audit records, work log, assignments, on-site tasks, outbox messages. A
 * change writes them in the statement that inserts or updates the incident, each section joined
 * to that write (`WHERE EXISTS (SELECT 1 FROM inc)`, db/unit-of-work.ts); the knowledge records
 * and card refreshes written beside it (db/knowledge-*.ts, src/app/knowledge-service.ts) are for
 * an incident just read; and no incident is ever deleted (no statement does; audit_events refuses
 * DELETE). The key's check (one SELECT … FOR KEY SHARE per row, 4.8 a transition, and a lock
 * record on the incident per transaction) cost ~45 of ~195 shared buffers a transition in the core
 * bench (docs/core-speed.md, h/coreoutbox). chat_refs keeps its key: the delivery writes a card's
 * place in a transaction of its own.
 */
const writtenWithIncident = () => text('incident_id').notNull();

/** Append-only: a trigger in migration 0001 rejects UPDATE, DELETE and TRUNCATE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: writtenWithIncident(),
    step: text('step').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** The incident's version once the change that wrote this record was made (a timer's
     *  record: the version it kept). Null: a knowledge record, or written before migration 0024.
     *  A stale card's answer reads the changes since its version by it (src/app/race.ts). */
    version: integer('version'),
  },
  (t) => [
    index('audit_events_incident_idx').on(t.incidentId, t.id),
    // Reports count a period's timer escalations (db/reports/signals.ts) from the period's start
    // on, instead of reading the whole trail (bench/reports.ts: 79k → 6k buffers a month).
    index('audit_events_escalated_idx').on(t.at).where(sql`${t.action} = 'escalated'`),
  ],
);

export const worklog = pgTable(
  'worklog',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: writtenWithIncident(),
    step: text('step').notNull(),
    source: text('source').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    at: ts('at').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('worklog_incident_idx').on(t.incidentId, t.id)],
);

/** Assignment history; the incident's `declines` are rebuilt from the 'declined' rows. */
export const assignments = pgTable(
  'assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: writtenWithIncident(),
    step: text('step').notNull(),
    team: text('team').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    reason: text('reason'),
    suggestedTeam: text('suggested_team'),
    /** IM2.14: where it should go, in words, when no configured team fits. */
    suggestion: text('suggestion'),
  },
  (t) => [
    index('assignments_incident_idx').on(t.incidentId, t.id),
    // A report period's assignments: none precedes its incident's registration, so the rows
    // from the period's start on are all a period can need (db/reports/second-line.ts).
    index('assignments_at_idx').on(t.at),
    check(
      'assignments_action_check',
      sql`${t.action} IN ('assigned', 'accepted', 'declined', 'advice_requested')`,
    ),
  ],
);

export const onsiteTasks = pgTable(
  'onsite_tasks',
  {
    id: text('id').primaryKey(),
    incidentId: writtenWithIncident(),
    engineers: jsonb('engineers').$type<string[]>().notNull(),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    note: text('note').notNull(),
    state: text('state').notNull(),
    dispatchedAt: ts('dispatched_at').notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: ts('acknowledged_at'),
    feedback: text('feedback'),
    feedbackBy: text('feedback_by'),
    feedbackAt: ts('feedback_at'),
  },
  (t) => [
    index('onsite_tasks_incident_idx').on(t.incidentId, t.dispatchedAt),
    // A report period's tasks: dispatched after the incident's registration (db/reports/signals.ts).
    index('onsite_tasks_dispatched_idx').on(t.dispatchedAt),
  ],
);

// Stored with fillfactor 70 (migration 0021, not expressible here): a delivered row's lease and
// mark stay on its page, the lease HOT and the mark logged as its changed bytes only.
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: writtenWithIncident(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    // Names the change a row came from: {id}.v{version}.{n}, {id}.fire.{firing}.{n}, or a card
    // refresh's {id}.v{version}.{reason}.{ms}. Not unique (migration 0027 dropped
    // outbox_dedupe_key_key, whose ON CONFLICT DO NOTHING never had a duplicate to drop): a
    // command's rows are written only with the incident's update guarded by the version it read
    // (UPDATE … WHERE version = v sets v + 1), so a version's rows are written once; a report's
    // with a fresh incident id; a firing's under the incident's row lock after reading the firings
    // recorded (TimerService.fireOnce: `already_fired`), every firing recording itself in
    // audit_events. Only two refreshes for one reason in one millisecond could share a key, and
    // both going renders the cards once more. The index cost every insert a speculative insertion
    // and an index entry, and every mark another entry (docs/core-speed.md, h/coreoutbox).
    dedupeKey: text('dedupe_key').notNull(),
    availableAt: ts('available_at').notNull(),
    // The embedded delivery's lease (db/timer-queries.ts): in no index, so taking it is a HOT
    // update (no index entry written) where moving `available_at` wrote one in four indexes.
    leasedUntil: ts('leased_until'),
    createdAt: ts('created_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    // Pending rows only, so the index stays small (operators' listings and counts use it).
    index('outbox_pending_idx').on(t.availableAt, t.id).where(sql`${t.processedAt} IS NULL`),
    // One per relay (db/timer-queries.ts): a claim reads its own rows in due order and stops at
    // its limit, however many of the other relay's rows are waiting. The literal must be
    // TOPIC_PREFIX.timer (src/app/outbox.ts), as the claims write it.
    index('outbox_timer_pending_idx')
      .on(t.availableAt, t.id)
      .where(sql`${t.processedAt} IS NULL AND starts_with(${t.topic}, 'timer.')`),
    index('outbox_delivery_pending_idx')
      .on(t.availableAt, t.id)
      .where(sql`${t.processedAt} IS NULL AND NOT starts_with(${t.topic}, 'timer.')`),
  ],
);

/**
 * Notices to operators sent at most once, not tied to an incident (the managers' warning that a
 * year has no official holidays yet, src/app/calendar-warning.ts). The row is the claim; `sentAt`
 * is set once it was delivered, and a claim left unsent (a crash, a chat outage) is retried.
 */
export const onceNotices = pgTable('once_notices', {
  key: text('key').primaryKey(),
  claimedAt: ts('claimed_at').notNull(),
  sentAt: ts('sent_at'),
});

/**
 * A reporter's plain message kept while they choose which of their waiting incidents it answers
 * (src/app/thread-replies.ts): keyed by the message's idempotency key, only the writer may use
 * it, only for the incidents offered. Its text is emptied once taken (the work log has it) and
 * the row deleted once expired: people's words are not kept twice, nor for long.
 */
export const pendingAnswers = pgTable('pending_answers', {
  key: text('key').primaryKey(),
  actorId: text('actor_id').notNull(),
  text: text('text').notNull(),
  /** The incident ids offered as choices. */
  choices: jsonb('choices').$type<string[]>().notNull(),
  expiresAt: ts('expires_at').notNull(),
  takenIncidentId: text('taken_incident_id'),
});

/**
 * Verified requests from a platform that never redelivers what it got 200 for (Slack
 * interactions): stored before the ack, keyed by the platform's own ids (a repeat is one row),
 * finished by the request's own processing or, after a crash, by the inbox sweep
 * (src/app/inbox.ts). The body is emptied once done: people's words are not kept twice.
 */
export const inbox = pgTable(
  'inbox',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** Nobody else processes the row before this (the receiving process, or a sweep). */
    leaseUntil: ts('lease_until').notNull(),
    attempts: integer('attempts').notNull().default(0),
    doneAt: ts('done_at'),
    /** Stored for a worker (hand-off), not processed by the process that received it. */
    handedOff: boolean('handed_off').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'inbox_pkey', columns: [t.platform, t.key] }),
    // The sweep only ever scans unfinished rows; keep that index small.
    index('inbox_pending_idx').on(t.leaseUntil).where(sql`${t.doneAt} IS NULL`),
    // A worker that starts following claims what was handed off while nobody listened: rows
    // stay here only between their INSERT and their first claim, so the index stays tiny.
    index('inbox_handed_off_idx')
      .on(t.platform, t.receivedAt, t.key)
      .where(sql`${t.handedOff} AND ${t.doneAt} IS NULL AND ${t.attempts} = 0`),
  ],
);

/**
 * Inbound event ids (Slack event_id, Teams activity id). No foreign key: a key may be taken
 * before the incident it creates exists.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  incidentId: text('incident_id'),
  result: jsonb('result').$type<Record<string, unknown>>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const chatRefs = pgTable(
  'chat_refs',
  {
    incidentId: incidentRef(),
    platform: text('platform').notNull(),
    purpose: text('purpose').notNull(),
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id').notNull(),
    threadId: text('thread_id'),
    /** The text posted with the card (ChatRef.caption), resent on every update; null: none. */
    caption: jsonb('caption').$type<Record<string, unknown>>(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  // One row per place a card lives; the key doubles as the upsert target.
  (t) => [
    primaryKey({ name: 'chat_refs_pkey', columns: [t.incidentId, t.platform, t.purpose, t.conversationId] }),
    // A reply in a card's thread names only the message: find its incident from that.
    index('chat_refs_message_idx').on(t.platform, t.conversationId, t.messageId),
  ],
);

/**
 * Where the bot can reach a person or a channel proactively, independent of any incident:
 * Teams needs the conversation reference stored when the bot is installed (serviceUrl,
 * conversation id, tenant); Slack may cache the DM channel it opened for a user.
 */
export const conversationRefs = pgTable(
  'conversation_refs',
  {
    platform: text('platform').notNull(),
    /** user, channel, team or personal chat */
    scope: text('scope').notNull(),
    /** The platform's id for that user or channel (Teams AAD object id / channel id, Slack id). */
    key: text('key').notNull(),
    reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'conversation_refs_pkey', columns: [t.platform, t.scope, t.key] })],
);

// ---- Knowledge base and matching (IM2.7 / IM2.8) ---------------------------------------------

/** Written by the app as a literal ('key':1A …): the terms are already analysed (jieba, glossary). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Feeds KB-000123 for entries imported or saved without a ref of their own. */
export const knowledgeRefSeq = pgSequence('knowledge_ref_seq', { startWith: 1 });

/**
 * Articles, known errors (solution = workaround), problems, and earlier incidents with a
 * solution (kind 'incident', ref = incident number). Only published entries are matched.
 */
export const knowledgeEntries = pgTable(
  'knowledge_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ref: text('ref').notNull().unique('knowledge_entries_ref_key'),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    title: text('title').notNull(),
    symptoms: text('symptoms').notNull().default(''),
    solution: text('solution').notNull().default(''),
    category: text('category'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    sourceUrl: text('source_url'),
    lastVerifiedAt: ts('last_verified_at'),
    originIncidentId: text('origin_incident_id').references(() => incidents.id),
    createdBy: text('created_by'),
    /** Ranking feedback: "apply" and "didn't help" counts (rows in knowledge_feedback). */
    helped: integer('helped').notNull().default(0),
    notHelped: integer('not_helped').notNull().default(0),
    /** Terms by field: title A, symptoms and tags B, solution D (see db/knowledge-index.ts). */
    searchVector: tsvector('search_vector').notNull(),
    /** Distinct terms in the title, for the "focused title" part of the score. */
    titleTerms: integer('title_terms').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('knowledge_entries_search_idx').using('gin', t.searchVector),
    // One candidate per earlier incident.
    uniqueIndex('knowledge_entries_incident_key').on(t.originIncidentId).where(sql`${t.kind} = 'incident'`),
    // "Save as knowledge" keeps one live entry per incident, even when two agents click at once.
    uniqueIndex('knowledge_entries_saved_from_key')
      .on(t.originIncidentId)
      .where(sql`${t.kind} <> 'incident' AND ${t.status} <> 'retired'`),
    check(
      'knowledge_entries_kind_check',
      sql`${t.kind} IN ('article', 'known_error', 'problem', 'incident')`,
    ),
    check('knowledge_entries_status_check', sql`${t.status} IN ('draft', 'published', 'retired')`),
  ],
);

/**
 * Document frequency per term (and `#docs`, the entry count) for IDF weights. The trigram
 * index finds the corpus word a Latin typo meant (outlok → outlook).
 */
export const knowledgeTerms = pgTable(
  'knowledge_terms',
  {
    term: text('term').primaryKey(),
    df: integer('df').notNull(),
  },
  (t) => [index('knowledge_terms_trgm_idx').using('gin', t.term.op('gin_trgm_ops'))],
);

/** IM2.8 outcomes per incident: applied (helped) or "didn't help". */
export const knowledgeFeedback = pgTable(
  'knowledge_feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => knowledgeEntries.id),
    incidentId: incidentRef(),
    helped: boolean('helped').notNull(),
    actorId: text('actor_id').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('knowledge_feedback_incident_idx').on(t.incidentId, t.entryId),
    index('knowledge_feedback_entry_idx').on(t.entryId),
    // A report period's feedback: given after the incident's registration (db/reports/signals.ts).
    index('knowledge_feedback_at_idx').on(t.at),
  ],
);

/**
 * This database's identity, one row: made part of every BullMQ job id (src/jobs), so a
 * re-created database sharing a Redis prefix with an earlier one never meets job ids that one
 * already used (BullMQ silently skips adding a job whose id exists). Created by the migration;
 * `installationId()` also creates it if it is missing.
 */
export const installation = pgTable(
  'installation',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    id: text('id').notNull().default(sql`gen_random_uuid()::text`),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [check('installation_singleton', sql`${t.singleton}`)],
);

/**
 * The knowledge base's version, one row: bumped at commit by every transaction that changes an
 * entry, a term count or a feedback row (triggers in migration 0017, so no write path can forget
 * it). A card's suggested answers are cached per version (src/app/match-cache.ts): a process
 * that reads a newer version than its cached result's never shows a suggestion from before an
 * import or a feedback, whichever process made it.
 */
export const knowledgeVersion = pgTable(
  'knowledge_version',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('knowledge_version_singleton', sql`${t.singleton}`)],
);
