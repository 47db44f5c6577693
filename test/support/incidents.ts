// Incident fixtures for storage and app tests. Ids and numbers are random so tests sharing a
// schema never collide.
import { randomUUID } from 'node:crypto';
import type { AssignmentRecord, IncidentChange } from '../../src/app/ports.js';
import { blankIncident } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';

const at = (iso: string) => new Date(iso);
let counter = 0;

/** A freshly registered incident: most fields still null. */
export function newIncident(overrides: Partial<Incident> = {}): Incident {
  counter += 1;
  const blank = blankIncident({
    id: randomUUID(),
    number: `INC-T${Date.now().toString(36)}-${counter}-${randomUUID().slice(0, 6)}`,
    title: 'Mail server down',
    description: 'Nobody on floor 3 can send mail',
    service: null,
    reporterId: 'p-alice',
    reporterName: 'Alice',
    reportedSeverity: null,
    priority: 3,
    reportedAt: at('2025-03-03T01:02:03.456Z'),
  });
  // Closed and cancelled incidents carry closed_at, as the steps that end them set it (the
  // schema's incidents_closed_check refuses a row without).
  const ended = overrides.status === 'closed' || overrides.status === 'cancelled';
  return { ...blank, version: 1, ...(ended ? { closedAt: blank.reportedAt } : {}), ...overrides };
}

/** Every field set, every collection non-empty, nulls inside nested values included. */
export function fullIncident(): Incident {
  const base = newIncident();
  return {
    ...base,
    version: 7,
    // Closed: closed_at is set (incidents_closed_check holds the two together).
    status: 'closed',
    service: 'mail',
    reportedSeverity: 2,
    nature: 'fault',
    category: 'email/outlook',
    impact: 2,
    urgency: 1,
    priority: 1,
    priorityConfirmed: true,
    respondedAt: at('2025-03-03T01:10:00.001Z'),
    respondBy: at('2025-03-03T01:32:03.456Z'),
    resolveBy: at('2025-03-03T05:02:03.456Z'),
    respondByProvisional: false,
    resolveByProvisional: false,
    pauses: [
      { from: at('2025-03-03T02:00:00.000Z'), to: at('2025-03-03T02:30:00.999Z') },
      { from: at('2025-03-03T04:00:00.000Z'), to: null },
    ],
    onsiteNeeded: true,
    // Stored order is by dispatch time; list them that way.
    onsite: [
      {
        id: `${base.id}-os1`,
        engineers: ['p-bob', 'p-carol'],
        windowStart: at('2025-03-03T02:00:00.000Z'),
        windowEnd: at('2025-03-03T03:00:00.000Z'),
        note: 'Bring a spare NIC',
        state: 'feedback',
        dispatchedAt: at('2025-03-03T01:15:00.000Z'),
        acknowledgedBy: 'p-bob',
        acknowledgedAt: at('2025-03-03T01:20:00.000Z'),
        feedback: 'Cable replaced',
        feedbackBy: 'p-carol',
        feedbackAt: at('2025-03-03T02:45:00.000Z'),
      },
      {
        id: `${base.id}-os2`,
        engineers: ['p-dave'],
        windowStart: at('2025-03-03T03:00:00.000Z'),
        windowEnd: at('2025-03-03T04:00:00.000Z'),
        note: '',
        state: 'dispatched',
        dispatchedAt: at('2025-03-03T02:50:00.000Z'),
        acknowledgedBy: null,
        acknowledgedAt: null,
        feedback: null,
        feedbackBy: null,
        feedbackAt: null,
      },
    ],
    assignedTeam: 'network',
    assignedAt: at('2025-03-03T01:40:00.000Z'),
    acceptedBy: 'p-erin',
    acceptedAt: at('2025-03-03T01:45:00.000Z'),
    declines: [
      {
        team: 'servers',
        by: 'p-frank',
        at: at('2025-03-03T01:25:00.000Z'),
        reason: 'Not ours',
        suggestedTeam: 'network',
        suggestion: null,
      },
      {
        team: 'storage',
        by: 'p-gina',
        at: at('2025-03-03T01:35:00.000Z'),
        reason: '没有权限',
        suggestedTeam: null,
        suggestion: '机房值班（不在配置的团队里）',
      },
    ],
    resolution: {
      code: 'workaround',
      solution: 'Rerouted via backup relay',
      tested: true,
      by: 'p-erin',
      at: at('2025-03-03T04:30:00.000Z'),
      matchRef: null,
      savedAs: null,
    },
    reporterConfirmedAt: at('2025-03-03T04:40:00.000Z'),
    closureCode: 'workaround',
    closedAt: at('2025-03-03T04:41:00.000Z'),
    closedBy: 'p-alice',
    duplicateOf: 'INC-000001',
    reopenCount: 2,
    breaches: ['respond', 'acceptance'],
    satisfaction: {
      score: 4,
      comment: '处理得很快，谢谢',
      at: at('2025-03-03T04:45:00.000Z'),
      after: 'confirmed',
    },
  };
}

/** Assignment history that yields `incident.declines`, with non-decline rows around them. */
export function assignmentHistory(incident: Incident): Omit<AssignmentRecord, 'id'>[] {
  const row = (over: Partial<AssignmentRecord>): Omit<AssignmentRecord, 'id'> => ({
    incidentId: incident.id,
    step: 'IM2.11',
    team: 'servers',
    action: 'assigned',
    actorId: 'p-desk',
    actorName: 'Desk',
    at: at('2025-03-03T01:21:00.000Z'),
    reason: null,
    suggestedTeam: null,
    suggestion: null,
    ...over,
  });
  return [
    row({}),
    ...incident.declines.map((d) =>
      row({
        step: 'IM2.12',
        team: d.team,
        action: 'declined',
        actorId: d.by,
        actorName: d.by,
        at: d.at,
        reason: d.reason,
        suggestedTeam: d.suggestedTeam,
        suggestion: d.suggestion,
      }),
    ),
    row({ team: 'network', at: at('2025-03-03T01:40:00.000Z') }),
    row({
      step: 'IM2.12',
      team: 'network',
      action: 'accepted',
      actorId: 'p-erin',
      actorName: 'Erin',
      at: at('2025-03-03T01:45:00.000Z'),
    }),
  ];
}

/** A new incident as the product writes one (UnitOfWork.writeChange), with optional history. */
export function creation(
  incident: Incident,
  parts: Partial<Omit<IncidentChange, 'incident' | 'expectedVersion'>> = {},
): IncidentChange {
  return {
    incident,
    expectedVersion: null,
    onsite: [],
    audit: [],
    worklog: [],
    assignments: [],
    outbox: [],
    idempotency: null,
    ...parts,
  };
}
