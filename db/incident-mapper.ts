// Incident aggregate ⇄ rows. The incident row holds the scalar state; on-site tasks and
// declines live in their own tables (onsite_tasks, assignments) and are joined back on load.
import type {
  ClosureCode,
  DeadlineKind,
  Decline,
  Incident,
  Level,
  OnsiteState,
  OnsiteTask,
  PausedInterval,
  RatedAfter,
  Resolution,
  ResolutionCode,
  Satisfaction,
  SatisfactionScore,
  Status,
} from '../src/core/types.js';
import { assignments, incidents, onsiteTasks, type PauseJson, type ResolutionJson } from './schema.js';
import { jsonRowReader, jsonRowWriter } from './sql-rows.js';

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentValues = Omit<typeof incidents.$inferInsert, 'createdAt' | 'updatedAt'>;
export type OnsiteRow = typeof onsiteTasks.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
const dateOrNull = (s: string | null): Date | null => (s === null ? null : new Date(s));

const pausesToJson = (pauses: readonly PausedInterval[]): PauseJson[] =>
  pauses.map((p) => ({
    from: iso(p.from),
    to: isoOrNull(p.to),
    ...(p.askedBy ? { askedBy: p.askedBy } : {}),
  }));

const pausesFromJson = (json: readonly PauseJson[]): PausedInterval[] =>
  json.map((p) => ({
    from: new Date(p.from),
    to: dateOrNull(p.to),
    ...(p.askedBy === 'desk' || p.askedBy === 'team' ? { askedBy: p.askedBy } : {}),
  }));

const resolutionToJson = (r: Resolution | null): ResolutionJson | null =>
  r && {
    code: r.code,
    solution: r.solution,
    tested: r.tested,
    by: r.by,
    at: iso(r.at),
    matchRef: r.matchRef,
    savedAs: r.savedAs,
  };

const resolutionFromJson = (r: ResolutionJson | null): Resolution | null =>
  r && {
    code: r.code as ResolutionCode,
    solution: r.solution,
    tested: r.tested,
    by: r.by,
    at: new Date(r.at),
    matchRef: r.matchRef,
    savedAs: r.savedAs ?? null,
  };

/** Every stored column of the incident row, for insert and for the optimistic update. */
export function incidentToValues(i: Incident): IncidentValues {
  return {
    id: i.id,
    number: i.number,
    version: i.version,
    status: i.status,
    title: i.title,
    description: i.description,
    service: i.service,
    reporterId: i.reporterId,
    reporterName: i.reporterName,
    reportedSeverity: i.reportedSeverity,
    nature: i.nature,
    category: i.category,
    impact: i.impact,
    urgency: i.urgency,
    priority: i.priority,
    priorityConfirmed: i.priorityConfirmed,
    reportedAt: i.reportedAt,
    respondedAt: i.respondedAt,
    respondBy: i.respondBy,
    resolveBy: i.resolveBy,
    deadlinesProvisional: i.respondByProvisional || i.resolveByProvisional,
    respondByProvisional: i.respondByProvisional,
    resolveByProvisional: i.resolveByProvisional,
    pauses: pausesToJson(i.pauses),
    onsiteNeeded: i.onsiteNeeded,
    assignedTeam: i.assignedTeam,
    assignedAt: i.assignedAt,
    acceptedBy: i.acceptedBy,
    acceptedAt: i.acceptedAt,
    resolution: resolutionToJson(i.resolution),
    reporterConfirmedAt: i.reporterConfirmedAt,
    closureCode: i.closureCode,
    closedAt: i.closedAt,
    closedBy: i.closedBy,
    duplicateOf: i.duplicateOf,
    reopenCount: i.reopenCount,
    breaches: [...i.breaches],
    reportedVia: i.reportedVia,
    respondClockMinutes: i.respondClockMinutes,
    resolveClockMinutes: i.resolveClockMinutes,
    firstAssignedAt: i.firstAssignedAt,
    satisfactionScore: i.satisfaction?.score ?? null,
    satisfactionComment: i.satisfaction?.comment ?? null,
    satisfactionAt: i.satisfaction?.at ?? null,
    satisfactionAfter: i.satisfaction?.after ?? null,
  };
}

/** The four satisfaction columns are set together (a check constraint says so) or not at all. */
const satisfactionOf = (r: IncidentRow): Satisfaction | null =>
  r.satisfactionScore === null || r.satisfactionAt === null || r.satisfactionAfter === null
    ? null
    : {
        score: r.satisfactionScore as SatisfactionScore,
        comment: r.satisfactionComment,
        at: r.satisfactionAt,
        after: r.satisfactionAfter as RatedAfter,
      };

export function rowToIncident(
  r: IncidentRow,
  onsite: readonly OnsiteTask[],
  declines: readonly Decline[],
): Incident {
  return {
    id: r.id,
    number: r.number,
    version: r.version,
    status: r.status as Status,
    title: r.title,
    description: r.description,
    service: r.service,
    reporterId: r.reporterId,
    reporterName: r.reporterName,
    reportedSeverity: r.reportedSeverity as Level | null,
    nature: r.nature,
    category: r.category,
    impact: r.impact as Level | null,
    urgency: r.urgency as Level | null,
    priority: r.priority as Level,
    priorityConfirmed: r.priorityConfirmed,
    reportedAt: r.reportedAt,
    respondedAt: r.respondedAt,
    respondBy: r.respondBy,
    resolveBy: r.resolveBy,
    ...provisionalFlagsOf(r),
    pauses: pausesFromJson(r.pauses),
    onsiteNeeded: r.onsiteNeeded,
    onsite,
    assignedTeam: r.assignedTeam,
    assignedAt: r.assignedAt,
    acceptedBy: r.acceptedBy,
    acceptedAt: r.acceptedAt,
    declines,
    resolution: resolutionFromJson(r.resolution),
    reporterConfirmedAt: r.reporterConfirmedAt,
    closureCode: r.closureCode as ClosureCode | null,
    closedAt: r.closedAt,
    closedBy: r.closedBy,
    duplicateOf: r.duplicateOf,
    reopenCount: r.reopenCount,
    breaches: r.breaches as DeadlineKind[],
    reportedVia: r.reportedVia,
    respondClockMinutes: r.respondClockMinutes,
    resolveClockMinutes: r.resolveClockMinutes,
    firstAssignedAt: r.firstAssignedAt,
    satisfaction: satisfactionOf(r),
  };
}

/**
 * The per-deadline flags, with `deadlines_provisional` the authority for "either is provisional":
 * code from before migration 0025 (a pod not yet rolled, or a rollback) writes only that flag and
 * leaves the two newer columns as they were, so they may be out of date or null. The old flag
 * false: neither is. True but neither newer flag says so: both, as it was shown then — the start-up
 * recompute of open incidents splits it (core/steps/calendar.ts), which a per-deadline "false"
 * left over by old code would otherwise keep from ever running.
 */
function provisionalFlagsOf(r: IncidentRow) {
  if (!r.deadlinesProvisional) return { respondByProvisional: false, resolveByProvisional: false };
  const respond = r.respondByProvisional ?? true;
  const resolve = r.resolveByProvisional ?? true;
  return respond || resolve
    ? { respondByProvisional: respond, resolveByProvisional: resolve }
    : { respondByProvisional: true, resolveByProvisional: true };
}

export function onsiteToRow(incidentId: string, t: OnsiteTask): typeof onsiteTasks.$inferInsert {
  return {
    id: t.id,
    incidentId,
    engineers: [...t.engineers],
    windowStart: t.windowStart,
    windowEnd: t.windowEnd,
    note: t.note,
    state: t.state,
    dispatchedAt: t.dispatchedAt,
    acknowledgedBy: t.acknowledgedBy,
    acknowledgedAt: t.acknowledgedAt,
    feedback: t.feedback,
    feedbackBy: t.feedbackBy,
    feedbackAt: t.feedbackAt,
  };
}

export function rowToOnsite(r: OnsiteRow): OnsiteTask {
  return {
    id: r.id,
    engineers: r.engineers,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    note: r.note,
    state: r.state as OnsiteState,
    dispatchedAt: r.dispatchedAt,
    acknowledgedBy: r.acknowledgedBy,
    acknowledgedAt: r.acknowledgedAt,
    feedback: r.feedback,
    feedbackBy: r.feedbackBy,
    feedbackAt: r.feedbackAt,
  };
}

/** A decline is an assignment-history row with action 'declined'; `by` is the actor id. */
export function rowToDecline(r: AssignmentRow): Decline {
  return {
    team: r.team,
    by: r.actorId,
    at: r.at,
    reason: r.reason ?? '',
    suggestedTeam: r.suggestedTeam,
    suggestion: r.suggestion,
  };
}

// ---- the aggregate as JSON (the per-command hot path: db/incident-queries.ts, unit-of-work.ts) ----

/** What the one-query load returns: `to_json` of the incident row and of its child rows. */
export interface IncidentDoc {
  incident: Record<string, unknown>;
  onsite: Record<string, unknown>[];
  declines: Record<string, unknown>[];
}

const readIncidentRow = jsonRowReader<IncidentRow>(incidents);
const readOnsiteRow = jsonRowReader<OnsiteRow>(onsiteTasks);
const readAssignmentRow = jsonRowReader<AssignmentRow>(assignments);

/**
 * The incident row a command's load read (`to_json` of it), by the incident it became: the
 * command's write then sends only the columns its decision changed (unit-of-work.ts).
 */
const storedRows = new WeakMap<Incident, Record<string, unknown>>();
export const storedRowOf = (incident: Incident) => storedRows.get(incident);
/**
 * The row's revision as loaded (`xmin::text`, read by the same statement as the row): a held
 * incident's one-statement write is guarded by it (db/held-incidents.ts). Every write of the
 * row, by any process, even one that keeps the version, gives it another.
 */
const storedRevs = new WeakMap<Incident, string>();
export const storedRevOf = (incident: Incident) => storedRevs.get(incident);
export const rememberStoredRow = (incident: Incident, row: Record<string, unknown>, rev?: string | null) => {
  storedRows.set(incident, row);
  if (rev) storedRevs.set(incident, rev);
};

/** Same result as rowToIncident over drizzle's rows: the JSON rows are first put in that shape. */
export function docToIncident(doc: IncidentDoc): Incident {
  return rowToIncident(
    readIncidentRow(doc.incident),
    doc.onsite.map((r) => rowToOnsite(readOnsiteRow(r))),
    doc.declines.map((r) => rowToDecline(readAssignmentRow(r))),
  );
}

/** Every column incidentToValues fills (all but created_at / updated_at, which the database sets). */
export const incidentJson = jsonRowWriter<IncidentValues>(incidents, ['createdAt', 'updatedAt']);
export const onsiteJson = jsonRowWriter<typeof onsiteTasks.$inferInsert>(onsiteTasks);
