// What a step decides, as data: the new incident plus what must be recorded and done.
// The app layer writes all of it in one transaction; nothing here performs I/O.
import type { DeadlineKind, Incident, OnsiteTask, StepCode } from './types.js';

/** One line of the append-only audit trail: which step, what was decided, with what data. */
export interface AuditEvent {
  step: StepCode;
  action: string;
  payload: Record<string, unknown>;
}

export type WorklogSource = 'desk' | 'team' | 'onsite' | 'reporter' | 'system';

export interface WorklogNote {
  step: StepCode;
  source: WorklogSource;
  text: string;
}

export type AssignmentAction = 'assigned' | 'accepted' | 'declined' | 'advice_requested';

/** Assignment history: every hand-over to a second-line team and how it ended. */
export interface AssignmentNote {
  step: StepCode;
  team: string;
  action: AssignmentAction;
  reason: string | null;
  suggestedTeam: string | null;
  suggestion: string | null;
}

export type ManagerReason = 'complaint' | 'suggestion' | 'highest_priority';

/** Side effects for the shell to carry out (through the outbox). */
export type Effect =
  | {
      type: 'notify_manager';
      step: StepCode;
      reason: ManagerReason;
      /** IM2.2: what the desk verified (absent for IM2.4 and in rows written before it). */
      verification?: string;
    }
  | {
      type: 'notify_reporter';
      step: StepCode;
      event: ReporterEvent;
      detail?: string;
      /** info_requested: who put the question (the reporter is told who is asking). */
      asker?: Asker;
    }
  | { type: 'post_assignment'; step: StepCode; team: string }
  | { type: 'request_advice'; step: StepCode; team: string; question: string }
  | {
      type: 'post_decline';
      step: StepCode;
      team: string;
      reason: string;
      suggestedTeam: string | null;
      /** Free text, when no team was suggested (absent in rows written before it existed). */
      suggestion?: string | null;
    }
  | { type: 'dispatch_onsite'; step: StepCode; taskId: string; engineers: readonly string[] }
  | { type: 'notify_onsite_rescheduled'; step: StepCode; taskId: string; engineers: readonly string[] }
  | { type: 'notify_onsite_cancelled'; step: StepCode; taskId: string; engineers: readonly string[] }
  /** Words for the side that does not hold the thread; `from`: whose words (default the desk's / the team's). */
  | {
      type: 'relay_to_team';
      step: StepCode;
      team: string;
      text: string;
      from?: 'reporter' | 'reopen' | 'onsite';
    }
  | {
      type: 'relay_to_desk';
      step: StepCode;
      text: string;
      from?: 'reporter' | 'reopen' | 'onsite' | 'withdrawn';
    }
  /** IM2.9: a team's answer to the desk's request for advice, with who answered. */
  | { type: 'relay_advice'; step: StepCode; team: string; author: string; text: string }
  | { type: 'timers_changed'; step: StepCode; timers: readonly TimerSpec[] }
  /** IM2.3 by the calendar (steps/calendar.ts): the deadlines moved because the holiday calendar
   *  changed, not because anyone decided anything. `provisional`: they are still provisional
   *  (the operator changed a year without official holidays). */
  | { type: 'notify_deadlines_recomputed'; step: StepCode; provisional: boolean; resolveMoved: boolean }
  | { type: 'refresh_views' }
  | EscalateEffect
  | { type: 'notify_pinged'; step: StepCode; event: 'accepted' | 'resolved'; targets: readonly PingTarget[] };

/**
 * Who a timer pings, resolved when it fires (so the audit trail says who heard it): a team's
 * channel with its members mentioned, a person by direct message, the desk or managers' channel.
 */
export type PingTarget =
  | { kind: 'team'; team: string }
  | { kind: 'person'; person: string; as: 'lead' | 'manager' | 'onsite' }
  | { kind: 'desk' }
  | { kind: 'managers' };

/** Why a timer pinged: a breached deadline, an escalation threshold, an acceptance re-ping … */
export type PingReason = 'breach' | 'threshold' | 'acceptance_reping' | 'acceptance_escalated' | 'close_due';

/** A deadline timer fired (src/core/steps/timers.ts): ping `targets`, once per firing. */
export interface EscalateEffect {
  type: 'escalate';
  step: StepCode;
  /** Timer key and the instant it was due (ISO): together they identify the firing. */
  timer: string;
  due: string;
  /** When it fired (ISO): texts say "7 min left" / "overdue by 3 min" as of then. */
  firedAt: string;
  /** The deadline itself (ISO): the same as `due`, except for thresholds before it. */
  deadlineAt: string;
  deadline: DeadlineKind | 'auto_close';
  reason: PingReason;
  /** 1-based threshold (escalations) or ping number (acceptance); null otherwise. */
  threshold: number | null;
  targets: readonly PingTarget[];
}

export type ReporterEvent =
  | 'registered'
  | 'classified'
  /** IM2.3: the priority and deadlines the desk set, or changed. */
  | 'prioritised'
  | 'assigned'
  | 'accepted'
  | 'resolved'
  | 'closed'
  | 'reopened'
  | 'cancelled'
  | 'info_requested'
  /** IM5.1: the reporter's "Fixed" is acknowledged; the desk closes. */
  | 'confirmed'
  /** IM5.1: the reporter's satisfaction rating is thanked for. */
  | 'rated';

/** Who asks the reporter (IM2.9 wait_for_reporter): the service desk (at IM2.5, or while it
 *  holds the incident) or the second-line team holding it. */
export type Asker = 'desk' | 'team';

/**
 * A moment the system must wake up for. `key` is stable for the same fact, so a relay can
 * build deterministic job ids (key + incident version) and drop stale ones.
 */
export interface TimerSpec {
  key: string;
  kind: DeadlineKind | 'escalation' | 'auto_close';
  at: Date;
  /** For escalation timers: which deadline, which threshold index, which targets. */
  detail: Record<string, unknown>;
}

export interface Decision {
  incident: Incident;
  events: readonly AuditEvent[];
  worklog: readonly WorklogNote[];
  assignments: readonly AssignmentNote[];
  onsiteChanged: readonly OnsiteTask[];
  effects: readonly Effect[];
  /** `incident`'s timer schedule, when the decision computed it: views reuse it (it costs about
   *  as much as the rest of a card's notices). */
  timers?: readonly TimerSpec[];
}
