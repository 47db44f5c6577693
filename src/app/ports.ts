// Ports: what the use cases need from storage. db/ implements them for PostgreSQL and PGlite.
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

export type ChatPlatform = 'slack' | 'teams';

/** Where an incident is shown, so its cards can be re-rendered after every change. */
export interface ChatRef {
  incidentId: string;
  platform: ChatPlatform;
  /** desk_card, team_card, reporter_dm, manager_notice, onsite_dm … */
  purpose: string;
  conversationId: string;
  messageId: string;
  threadId: string | null;
}

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

/** Everything a single command may touch, inside one transaction. */
export interface UnitOfWork {
  /** Loads and locks the incident row (SELECT … FOR UPDATE). */
  lockIncident(id: string): Promise<Incident | null>;
  nextIncidentSequence(): Promise<number>;
  insertIncident(incident: Incident): Promise<void>;
  /** Writes the incident if its stored version is `expectedVersion`; false otherwise. */
  updateIncident(incident: Incident, expectedVersion: number): Promise<boolean>;
  saveOnsiteTasks(incidentId: string, tasks: readonly OnsiteTask[]): Promise<void>;
  appendAudit(records: readonly Omit<AuditRecord, 'id'>[]): Promise<void>;
  appendWorklog(records: readonly Omit<WorklogRecord, 'id'>[]): Promise<void>;
  appendAssignments(records: readonly Omit<AssignmentRecord, 'id'>[]): Promise<void>;
  enqueueOutbox(messages: readonly OutboxMessage[]): Promise<void>;
  /** Returns the stored result when the key was already used; null when it is fresh (and now taken). */
  findIdempotencyKey(key: string): Promise<IdempotencyHit | null>;
  saveIdempotencyKey(key: string, incidentId: string | null, result: Record<string, unknown>): Promise<void>;
  /** The audit records of the most recent change (same actor, same time), oldest first:
   *  for "already done by X" answers. Empty when the incident has no audit trail. */
  lastChange(incidentId: string): Promise<AuditRecord[]>;
}

export interface IncidentFilter {
  statuses?: readonly Status[];
  reporterId?: string;
  assignedTeam?: string;
  limit?: number;
}

export interface Storage {
  /** Runs `work` in one transaction; everything it wrote is rolled back if it throws. */
  transaction<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  getIncident(id: string): Promise<Incident | null>;
  getIncidentByNumber(number: string): Promise<Incident | null>;
  listIncidents(filter: IncidentFilter): Promise<Incident[]>;
  listAudit(incidentId: string): Promise<AuditRecord[]>;
  listWorklog(incidentId: string): Promise<WorklogRecord[]>;
  listAssignments(incidentId: string): Promise<AssignmentRecord[]>;
  listOutbox(filter: {
    pendingOnly?: boolean;
    topicPrefix?: string;
    limit?: number;
  }): Promise<OutboxRecord[]>;
  markOutboxProcessed(id: number, at: Date): Promise<void>;
  markOutboxFailed(id: number, error: string, retryAt: Date): Promise<void>;
  upsertChatRef(ref: ChatRef): Promise<void>;
  listChatRefs(incidentId: string): Promise<ChatRef[]>;
  saveConversationRef(ref: ConversationRef): Promise<void>;
  getConversationRef(platform: string, scope: string, key: string): Promise<ConversationRef | null>;
  /** Liveness probe for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
