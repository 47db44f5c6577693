// Domain vocabulary of the ITSS incident process. Pure types: no I/O, no clock.
// Step codes follow the seed table (../shared/spec/itss-im2.md); IM1, IM3.1, IM4.1 and IM5.1
// are the neighbouring ITSS activities the table points to, needed to finish an incident.

export const STEP_CODES = [
  'IM1',
  'IM2.1',
  'IM2.2',
  'IM2.3',
  'IM2.4',
  'IM2.5',
  'IM2.6',
  'IM2.7',
  'IM2.8',
  'IM2.9',
  'IM2.10',
  'IM2.11',
  'IM2.12',
  'IM2.13',
  'IM2.14',
  'IM3.1',
  'IM4.1',
  'IM5.1',
] as const;
/** IM5.1 = closure (reporter confirmation, closure code, reopen, cancel): ITSS's closing activity. */
export type StepCode = (typeof STEP_CODES)[number];

/** Where an incident is in the process. Each status names the step that is waiting to be done. */
export const STATUSES = [
  'registered', // IM1 done, waiting for IM2.1 nature and category
  'classified', // IM2.1/IM2.2 done, waiting for IM2.3 priority
  'prioritised', // IM2.3/IM2.4 done, waiting for IM2.5 on-site decision
  'matching', // IM2.7 searching, waiting for the IM2.8 decision
  'attempting', // IM2.9 the desk tries to resolve; IM2.10 decides
  'assigned', // IM2.11 assigned, waiting for IM2.12 acceptance by the team
  'accepted', // IM2.12 accepted, learning symptoms, waiting for IM2.13 scope decision
  'declined', // IM2.14 declined with a reason, back at the desk for IM2.11 re-dispatch
  'investigating', // IM3.1 investigation and diagnosis by the second line
  'resolved', // IM4.1 resolved, waiting for reporter confirmation
  'closed', // IM5.1 closed with a closure code
  'cancelled', // IM5.1 withdrawn by the reporter or closed as duplicate before resolution
] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => s !== 'closed' && s !== 'cancelled');

/** Nothing is left to do for it: no deadline runs, no visit is still wanted. */
export const DONE_STATUSES: readonly Status[] = ['resolved', 'closed', 'cancelled'];

export type Level = 1 | 2 | 3 | 4;
export type Priority = Level;

export const CLOSURE_CODES = ['solved', 'workaround', 'not_solved', 'duplicate', 'cancelled'] as const;
export type ClosureCode = (typeof CLOSURE_CODES)[number];
/** Codes a resolution (IM4.1) may carry; duplicate and cancelled only close. */
export const RESOLUTION_CODES = ['solved', 'workaround', 'not_solved'] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export type Role = 'agent' | 'manager' | 'onsite';

/** Who acts. The app layer resolves chat identities to this from configuration. */
export interface Actor {
  /** Stable person key: a configured person id, or `slack:U123` / `teams:29:...` for others. */
  id: string;
  name: string;
  roles: readonly Role[];
  /** Ids of the second-line teams this person belongs to. */
  teams: readonly string[];
}

export interface PausedInterval {
  from: Date;
  /** Null while still paused. */
  to: Date | null;
  /** Who asked the reporter (absent on pauses recorded before it was kept): their answer goes
   *  to that side as well as to whoever holds the incident. */
  askedBy?: 'desk' | 'team';
}

export type OnsiteState = 'dispatched' | 'acknowledged' | 'feedback' | 'cancelled';

/** IM2.6: a parallel task for on-site engineers, alongside matching (IM2.7). */
export interface OnsiteTask {
  id: string;
  engineers: readonly string[];
  windowStart: Date;
  windowEnd: Date;
  note: string;
  state: OnsiteState;
  dispatchedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  feedback: string | null;
  feedbackBy: string | null;
  feedbackAt: Date | null;
}

export interface Decline {
  team: string;
  by: string;
  at: Date;
  reason: string;
  suggestedTeam: string | null;
  /** Where it should go, in words, when no configured team fits (IM2.14 requires one or the other). */
  suggestion: string | null;
}

export interface Resolution {
  code: ResolutionCode;
  solution: string;
  tested: boolean;
  by: string;
  at: Date;
  /** Knowledge entry or earlier incident applied at IM2.8, if any. */
  matchRef: string | null;
  /** The live knowledge entry this resolution was saved as ("save as knowledge"), if any. */
  savedAs: string | null;
}

/** The incident as the core sees it: everything needed to decide the next step. */
export interface Incident {
  id: string;
  /** Human-readable number such as INC-000123. */
  number: string;
  version: number;
  status: Status;
  title: string;
  description: string;
  service: string | null;
  reporterId: string;
  reporterName: string;
  /** Reporter's own impression (1..4) given at IM1, used until IM2.3 sets the priority. */
  reportedSeverity: Level | null;
  nature: string | null;
  category: string | null;
  impact: Level | null;
  urgency: Level | null;
  priority: Priority;
  /** True once IM2.3 decided the priority (before that it is provisional). */
  priorityConfirmed: boolean;
  reportedAt: Date;
  respondedAt: Date | null;
  respondBy: Date | null;
  resolveBy: Date | null;
  /** Each deadline's own count ran through the provisional calendar (a year without official
   *  holidays, core/sla.ts rule 4): the response deadline may be settled while the resolution,
   *  counted further, is provisional. Stored per deadline since migration 0025. */
  respondByProvisional: boolean;
  resolveByProvisional: boolean;
  pauses: readonly PausedInterval[];
  onsiteNeeded: boolean | null;
  onsite: readonly OnsiteTask[];
  assignedTeam: string | null;
  assignedAt: Date | null;
  acceptedBy: string | null;
  acceptedAt: Date | null;
  declines: readonly Decline[];
  resolution: Resolution | null;
  reporterConfirmedAt: Date | null;
  closureCode: ClosureCode | null;
  closedAt: Date | null;
  closedBy: string | null;
  duplicateOf: string | null;
  reopenCount: number;
  /** Breaches recorded so far, so each is recorded once. */
  breaches: readonly DeadlineKind[];
  /** The chat platform the report came in on (IM1), for reports; null when unknown. */
  reportedVia: string | null;
  /** When it first reached the second line (IM2.11); kept after a decline, unlike assignedAt. */
  firstAssignedAt: Date | null;
  /** Minutes to respond / resolve on the priority's clock, pauses excluded (service-times.ts). */
  respondClockMinutes: number | null;
  resolveClockMinutes: number | null;
  /** Given once per incident by the reporter after IM5.1 (steps/satisfaction.ts). */
  satisfaction: Satisfaction | null;
}

export type DeadlineKind = 'respond' | 'resolve' | 'acceptance' | 'onsite_feedback';

/** The reporter's satisfaction with the handling (IM5.1 closure): 1 (poor) .. 5 (very good). */
export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;
export type SatisfactionScore = (typeof SATISFACTION_SCORES)[number];
/** When the reporter rated: after confirming the fix themselves, or after the desk closed it
 *  without their confirmation (the configured silence). */
export type RatedAfter = 'confirmed' | 'closed_without_reporter';

export interface Satisfaction {
  score: SatisfactionScore;
  comment: string | null;
  at: Date;
  after: RatedAfter;
}
