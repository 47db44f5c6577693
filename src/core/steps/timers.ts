// Deadlines that fire: what the system does when a timer of `timerSchedule` falls due.
//
// A firing is identified by the timer's key *and* the instant it was due (`firingId`): the same
// key can come back with another meaning — a new assignment re-arms `{id}.accept.1`, a new
// priority moves `{id}.esc.respond.1` — and each of those is a new firing, while the same key at
// the same instant is the same fact and fires once. Firings are kept in the audit trail (actions
// in TIMER_ACTIONS, payload `timer` + `due`); the shell reads them under the incident's row lock
// and passes them in as `fired`, so the core stays pure and the schema unchanged.
//
// Audit step of each firing (the step whose time limit it is):
//   respond, resolve and their escalations → the step the incident is at when it fires
//     (stepInProgress): a response limit passes while the desk has not acted, at IM2.1, and the
//     trail says where it stood then, not IM2.3 where the limit is set (Teams trial, 2026-12-07)
//   acceptance (re-ping, escalation) → IM2.12 · on-site feedback → IM2.6 · auto-close → IM5.1
//
// Firing changes no deadline, so a Decision from here never re-arms timers, and it keeps the
// incident's version: a system ping must not make a person's open card "stale".
import { createClock } from '../calendar.js';
import type { EscalationTarget, TriageConfig } from '../config.js';
import type { AuditEvent, Decision, EscalateEffect, PingReason, PingTarget, TimerSpec } from '../decision.js';
import { DecisionBuilder, safeTimerSchedule } from '../draft.js';
import { defaultTeamFor } from '../routing.js';
import type { Actor, DeadlineKind, Incident, Status, StepCode } from '../types.js';

/** The bot's own actor id in the record: its stored name stays "ITSS bot"; readers see it in
 *  their language (history, race notices, CSV export). */
export const SYSTEM_ACTOR_ID = 'system';

/** The actor of everything a timer does. */
export const SYSTEM_ACTOR: Actor = { id: SYSTEM_ACTOR_ID, name: 'ITSS bot', roles: [], teams: [] };

/** Audit actions written by firings; every one carries `payload.timer` and `payload.due`. */
export const TIMER_ACTIONS = ['deadline_breached', 'escalated', 'close_due'] as const;
export type TimerAction = (typeof TIMER_ACTIONS)[number];

/** `{key}@{due ISO}`: one firing of one timer. */
export const firingId = (key: string, due: Date | string): string =>
  `${key}@${typeof due === 'string' ? due : due.toISOString()}`;

type AuditLike = Pick<AuditEvent, 'action' | 'payload'>;

export const isTimerAction = (action: string): action is TimerAction =>
  (TIMER_ACTIONS as readonly string[]).includes(action);

/** The firings recorded in these audit events. */
export function firedTimers(events: readonly AuditLike[]): Set<string> {
  const fired = new Set<string>();
  for (const e of events) {
    const { timer, due } = e.payload;
    if (isTimerAction(e.action) && typeof timer === 'string' && typeof due === 'string')
      fired.add(firingId(timer, due));
  }
  return fired;
}

/** Everyone a timer of this incident has pinged so far, each once, in the order first pinged. */
export function pingedTargets(events: readonly AuditLike[]): PingTarget[] {
  const seen = new Map<string, PingTarget>();
  for (const e of events) {
    if (!isTimerAction(e.action) || !Array.isArray(e.payload.targets)) continue;
    for (const target of e.payload.targets as PingTarget[]) {
      const id = targetId(target);
      if (!seen.has(id)) seen.set(id, target);
    }
  }
  return [...seen.values()];
}

/**
 * Who each escalation firing told, as recorded (`escalated` records' `targets`), by firingId: what
 * the card's escalation notice names (src/app/views/breaches.ts). Every firing has recorded its
 * targets since firings were recorded; one without them is left out (the view then guesses).
 */
export function escalationsTold(events: readonly AuditLike[]): Map<string, readonly PingTarget[]> {
  const told = new Map<string, readonly PingTarget[]>();
  for (const e of events) {
    const { timer, due, targets } = e.payload;
    // An escalation is recorded as `escalated`, or as `deadline_breached` when it is also the
    // deadline's first ping (an acceptance with no re-pings: its first ping is the final one).
    if (
      (e.action === 'escalated' || e.action === 'deadline_breached') &&
      typeof timer === 'string' &&
      typeof due === 'string' &&
      Array.isArray(targets)
    )
      told.set(firingId(timer, due), targets as PingTarget[]);
  }
  return told;
}

/** The schedule minus what already fired: what a scheduler must keep armed. */
export function pendingTimers(
  incident: Incident,
  cfg: TriageConfig,
  now: Date,
  fired: ReadonlySet<string>,
): TimerSpec[] {
  return safeTimerSchedule(incident, cfg, now).filter((t) => !fired.has(firingId(t.key, t.at)));
}

/**
 * Fires the timer `key` that was armed for `due`. Null when it is not current: gone from the
 * schedule (responded, resolved, paused, re-assigned …), moved to another instant (a new job is
 * armed for that one), not due yet, or already fired.
 */
export function fireTimer(
  incident: Incident,
  key: string,
  due: Date,
  now: Date,
  cfg: TriageConfig,
  fired: ReadonlySet<string>,
): Decision | null {
  const spec = safeTimerSchedule(incident, cfg, now).find((t) => t.key === key);
  if (!spec || spec.at.getTime() !== due.getTime() || spec.at.getTime() > now.getTime()) return null;
  if (fired.has(firingId(spec.key, spec.at))) return null;
  const d = new DecisionBuilder(incident, incident, now, cfg);
  FIRE[spec.kind](d, spec);
  const decision = d.finish();
  return { ...decision, incident: { ...decision.incident, version: incident.version } };
}

type Fire = (d: DecisionBuilder, spec: TimerSpec) => void;

const FIRE: Readonly<Record<TimerSpec['kind'], Fire>> = {
  respond: (d, spec) => breach(d, spec, 'respond', stepInProgress(d.incident.status)),
  resolve: (d, spec) => breach(d, spec, 'resolve', stepInProgress(d.incident.status)),
  escalation: (d, spec) => {
    const deadline = spec.detail.deadline === 'respond' ? 'respond' : 'resolve';
    const step = stepInProgress(d.incident.status);
    const levels = (spec.detail.targets as EscalationTarget[] | undefined) ?? [];
    ping(d, spec, {
      step,
      action: 'escalated',
      deadline,
      reason: 'threshold',
      threshold: numberOr(spec.detail.threshold),
      targets: escalationTargets(d.incident, d.cfg, levels),
      deadlineAt: typeof spec.detail.due === 'string' ? spec.detail.due : undefined,
      extra: { levels },
    });
  },
  acceptance: (d, spec) => {
    const ping1 = spec.detail.ping === 1;
    const final = spec.detail.final === true;
    if (ping1) recordBreach(d, 'acceptance');
    ping(d, spec, {
      step: 'IM2.12',
      action: ping1 ? 'deadline_breached' : 'escalated',
      deadline: 'acceptance',
      reason: final ? 'acceptance_escalated' : ping1 ? 'breach' : 'acceptance_reping',
      threshold: numberOr(spec.detail.ping),
      targets: escalationTargets(d.incident, d.cfg, final ? ['lead', 'manager'] : ['team']),
      deadlineAt: acceptanceDue(d.incident, d.cfg)?.toISOString(),
      extra: { team: d.incident.assignedTeam, final },
    });
  },
  onsite_feedback: (d, spec) => {
    const task = d.incident.onsite.find((t) => t.id === spec.detail.taskId);
    recordBreach(d, 'onsite_feedback');
    const engineers = (task?.engineers ?? []).map(
      (person): PingTarget => ({ kind: 'person', person, as: 'onsite' }),
    );
    ping(d, spec, {
      step: 'IM2.6',
      action: 'deadline_breached',
      deadline: 'onsite_feedback',
      reason: 'breach',
      threshold: null,
      targets: [...engineers, { kind: 'desk' }],
      extra: { taskId: spec.detail.taskId },
    });
  },
  auto_close: (d, spec) =>
    ping(d, spec, {
      step: 'IM5.1',
      action: 'close_due',
      deadline: 'auto_close',
      reason: 'close_due',
      threshold: null,
      targets: [{ kind: 'desk' }],
      extra: {},
    }),
};

/** A response or resolution deadline passed: recorded once on the incident, told to who holds it. */
function breach(d: DecisionBuilder, spec: TimerSpec, deadline: 'respond' | 'resolve', step: StepCode): void {
  recordBreach(d, deadline);
  const team = d.incident.assignedTeam;
  ping(d, spec, {
    step,
    action: 'deadline_breached',
    deadline,
    reason: 'breach',
    threshold: null,
    targets: [{ kind: 'desk' }, ...(team ? [{ kind: 'team', team } as const] : [])],
    extra: {},
  });
}

function recordBreach(d: DecisionBuilder, kind: DeadlineKind): void {
  if (!d.incident.breaches.includes(kind)) d.set({ breaches: [...d.incident.breaches, kind] });
}

interface PingInput {
  step: StepCode;
  action: TimerAction;
  deadline: EscalateEffect['deadline'];
  reason: PingReason;
  threshold: number | null;
  targets: readonly PingTarget[];
  /** The deadline the firing is about, when it is not the timer's own instant. */
  deadlineAt?: string | undefined;
  extra: Record<string, unknown>;
}

/** One audit event and one effect per firing. */
function ping(d: DecisionBuilder, spec: TimerSpec, p: PingInput): void {
  const due = spec.at.toISOString();
  const deadlineAt = p.deadlineAt ?? due;
  d.event(p.step, p.action, {
    timer: spec.key,
    due,
    deadlineAt,
    deadline: p.deadline,
    reason: p.reason,
    threshold: p.threshold,
    targets: p.targets,
    ...p.extra,
  }).effect({
    type: 'escalate',
    step: p.step,
    timer: spec.key,
    due,
    firedAt: d.now.toISOString(),
    deadlineAt,
    deadline: p.deadline,
    reason: p.reason,
    threshold: p.threshold,
    targets: p.targets,
  });
}

/**
 * Escalation levels → who hears it, resolved now. `team` is the assigned team's channel (members
 * mentioned); before any team holds the incident, the service desk, which owns it then. `lead`
 * is that team's lead by DM; with no team (or no lead configured) the desk channel. `manager` is
 * each incident manager by DM, or the managers' channel when none is configured.
 */
export function escalationTargets(
  incident: Incident,
  cfg: TriageConfig,
  levels: readonly EscalationTarget[],
): PingTarget[] {
  const team = cfg.teams.find((t) => t.id === incident.assignedTeam);
  const managers = cfg.people.filter((p) => p.roles.includes('manager'));
  const targets = levels.flatMap((level): PingTarget[] => {
    if (level === 'team') return [team ? { kind: 'team', team: team.id } : { kind: 'desk' }];
    if (level === 'next_team') {
      const next = team?.id ?? nextTeam(incident, cfg);
      return [next ? { kind: 'team', team: next } : { kind: 'desk' }];
    }
    if (level === 'lead')
      return [team?.lead ? { kind: 'person', person: team.lead, as: 'lead' } : { kind: 'desk' }];
    return managers.length > 0
      ? managers.map((m): PingTarget => ({ kind: 'person', person: m.id, as: 'manager' }))
      : [{ kind: 'managers' }];
  });
  return dedupe(targets);
}

/** The step being worked on in each state (the audit step of a resolution-deadline firing). */
export function stepInProgress(status: Status): StepCode {
  const steps: Record<Status, StepCode> = {
    registered: 'IM2.1',
    classified: 'IM2.3',
    prioritised: 'IM2.5',
    matching: 'IM2.7',
    attempting: 'IM2.9',
    assigned: 'IM2.12',
    accepted: 'IM2.12',
    declined: 'IM2.11',
    investigating: 'IM3.1',
    resolved: 'IM4.1',
    closed: 'IM5.1',
    cancelled: 'IM5.1',
  };
  return steps[status];
}

/** Acceptance limit of the current assignment (24×7), for views. */
export function acceptanceDue(incident: Incident, cfg: TriageConfig): Date | null {
  if (!incident.assignedAt) return null;
  return createClock('24x7', cfg.calendar).add(incident.assignedAt, cfg.limits.acceptanceMinutes);
}

/** Where an incident no team holds goes next: the last decline's suggestion, else the rule. */
function nextTeam(incident: Incident, cfg: TriageConfig): string | null {
  const suggested = incident.declines.at(-1)?.suggestedTeam;
  return suggested ?? defaultTeamFor(cfg, incident.category);
}

const targetId = (t: PingTarget): string => {
  switch (t.kind) {
    case 'team':
      return `team:${t.team}`;
    case 'person':
      return `person:${t.person}`;
    default:
      return t.kind;
  }
};

function dedupe(targets: readonly PingTarget[]): PingTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const id = targetId(t);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const numberOr = (v: unknown): number | null => (typeof v === 'number' ? v : null);
