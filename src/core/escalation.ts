// Everything the system must wake up for, derived from the incident's current facts.
// The shell arms one delayed job per timer; a waking job re-reads the incident and drops
// itself when stale. Timers already in the past are returned too: the caller fires them now.
//
// Keys are stable for the same fact and free of ':' (they become BullMQ job ids):
//   {id}.respond  {id}.resolve  {id}.esc.{respond|resolve}.{n}  {id}.accept.{ping}
//   {id}.onsite.{taskId}  {id}.auto_close
import { createClock } from './calendar.js';
import type { EscalationRule, TriageConfig } from './config.js';
import type { TimerSpec } from './decision.js';
import { clockFor, type DeadlineName, deadlineAfter, durationMinutes, limitMinutes } from './sla.js';
import { DONE_STATUSES, type Incident, type Status } from './types.js';

/**
 * `now` is part of the contract so that schedules may depend on it later; the rules below
 * derive everything from the incident's own times, so the same incident always yields the
 * same schedule (what the reconciliation job relies on).
 */
export function timerSchedule(incident: Incident, cfg: TriageConfig, _now: Date): TimerSpec[] {
  return [...sharedSchedule(incident, cfg)];
}

/**
 * timerSchedule's memoised array itself, not a copy: for callers that only read it. Two
 * incidents whose schedules share a memo entry get the very same array (a command that leaves
 * the facts alone: DecisionBuilder.finish compares before and after by identity first).
 */
export function sharedSchedule(incident: Incident, cfg: TriageConfig): readonly TimerSpec[] {
  let memo = schedules.get(cfg);
  if (!memo) {
    memo = new Map();
    schedules.set(cfg, memo);
  }
  const key = scheduleKey(incident);
  let schedule = memo.get(key);
  if (!schedule) {
    schedule = Object.freeze(computeSchedule(incident, cfg).map((t) => Object.freeze(t)));
    if (memo.size >= MAX_SCHEDULES) memo.clear();
    memo.set(key, schedule);
  }
  return schedule;
}

// Schedules are memoised per configuration object (a reload makes a new one) and per the facts
// they are derived from: a command computes the schedule before and after, each card's view
// its escalation notices, and the incident's next command its "before" again, each a walk over
// the business calendar. The key holds every fact the rules below read, nothing else.
const schedules = new WeakMap<TriageConfig, Map<string, readonly TimerSpec[]>>();
const MAX_SCHEDULES = 2000;

/** Every fact of the incident that the schedule depends on (the rules below read no other). */
export function scheduleKey(i: Incident): string {
  let pauses = '';
  for (const p of i.pauses) pauses += `${p.from.getTime()}-${ms(p.to)},`;
  let onsite = '';
  for (const t of i.onsite) onsite += `${t.id}/${t.state}/${ms(t.windowEnd)}/${JSON.stringify(t.engineers)},`;
  return (
    `${i.id}|${statusClass(i.status)}|${i.priority}|${i.reportedAt.getTime()}|${i.respondedAt === null ? 0 : 1}|` +
    `${pauses}|${i.assignedTeam ?? ''}|${ms(i.assignedAt)}|${onsite}|${ms(i.resolution?.at)}|` +
    `${i.reporterConfirmedAt ? 1 : 0}`
  );
}

const ms = (d: Date | null | undefined): number | string => (d ? d.getTime() : '');

/**
 * What the rules below read of the status: whether deadlines still run (not resolved, closed or
 * cancelled), whether the team is being pinged (assigned), whether the reporter's silence closes
 * it (resolved), whether on-site feedback is still awaited (not closed or cancelled). Statuses
 * alike in all four share a schedule, so most steps of the flow (classified → prioritised →
 * matching …) find the one computed for the step before instead of computing it again.
 */
function statusClass(status: Status): string {
  switch (status) {
    case 'assigned':
    case 'resolved':
      return status;
    case 'closed':
    case 'cancelled':
      return 'ended';
    default:
      return 'open';
  }
}

/** The schedule built from the facts (timerSchedule memoises it whole; dueTimes the walks). */
export function computeSchedule(incident: Incident, cfg: TriageConfig): TimerSpec[] {
  return [
    ...deadlineTimers(incident, cfg),
    ...acceptanceTimers(incident, cfg),
    ...onsiteTimers(incident, cfg),
    ...autoCloseTimers(incident, cfg),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Job-id-safe key: parts joined by '.', any ':' (e.g. in ids from chat platforms) replaced. */
export function timerKey(...parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replaceAll(':', '_')).join('.');
}

/** Which deadlines still run. Resolving counts as responding: a resolved incident needs no reply. */
function runningDeadlines(incident: Incident): DeadlineName[] {
  if (DONE_STATUSES.includes(incident.status)) return [];
  return incident.respondedAt === null ? ['respond', 'resolve'] : ['resolve'];
}

function deadlineTimers(incident: Incident, cfg: TriageConfig): TimerSpec[] {
  const rules = cfg.escalation[incident.priority];
  const id = timerKey(incident.id);
  const timers: TimerSpec[] = [];
  // Loops, not filter/flatMap with closures: this runs for nearly every command (docs/core-speed.md).
  for (const name of runningDeadlines(incident)) {
    const { due, dueIso, escalations } = dueTimes(incident, cfg, name);
    if (!due) continue; // paused: neither the deadline nor its escalations can fall due
    const base = { deadline: name, priority: incident.priority, team: incident.assignedTeam };
    timers.push({ key: `${id}.${name}`, kind: name, at: due, detail: base });
    let i = 0;
    for (const rule of rules) {
      if (rule.deadline !== name) continue;
      const at = escalations[i++];
      if (!at) continue;
      // Not `{ ...base, threshold, ...rule.at, … }`: on Node 20 a literal that adds keys after a
      // spread costs ~1 µs per added key run (its shape is made anew each time); this is the
      // same object, keys in the same order, at a tenth of the cost (docs/core-speed.md).
      const detail = Object.assign(
        { deadline: base.deadline, priority: base.priority, team: base.team, threshold: i },
        rule.at,
        { targets: rule.targets, due: dueIso },
      );
      timers.push({ key: `${id}.esc.${name}.${i}`, kind: 'escalation', at, detail });
    }
  }
  return timers;
}

interface DueTimes {
  due: Date | null;
  /** `due` as the escalations' details carry it. */
  dueIso: string;
  /** Per escalation rule of the deadline, in order: when it falls due (null: paused). */
  escalations: (Date | null)[];
}

// The business-calendar walks of a deadline and its escalations depend only on the priority,
// the registration and the pauses, which most commands leave alone: kept per configuration.
const dues = new WeakMap<TriageConfig, Map<string, DueTimes>>();

function dueTimes(incident: Incident, cfg: TriageConfig, name: DeadlineName): DueTimes {
  let memo = dues.get(cfg);
  if (!memo) {
    memo = new Map();
    dues.set(cfg, memo);
  }
  const pauses = incident.pauses.map((p) => `${p.from.getTime()}-${p.to?.getTime() ?? ''}`).join(',');
  const key = `${name}|${incident.priority}|${incident.reportedAt.getTime()}|${pauses}`;
  let times = memo.get(key);
  if (!times) {
    const clock = clockFor(incident.priority, cfg);
    const limit = limitMinutes(incident.priority, name, cfg);
    const after = (minutes: number) => deadlineAfter(clock, incident.reportedAt, minutes, incident.pauses);
    const due = after(limit);
    times = {
      due,
      dueIso: due ? due.toISOString() : '',
      escalations: cfg.escalation[incident.priority]
        .filter((rule) => rule.deadline === name)
        .map((rule) => after(thresholdMinutes(rule, limit))),
    };
    if (memo.size >= MAX_SCHEDULES) memo.clear();
    memo.set(key, times);
  }
  return times;
}

/**
 * Clock minutes left below which a deadline is "due soon": from the last escalation point before
 * the deadline itself (80 % of a P1's 15 min: the last 3 min), else the last fifth; never more
 * than 30 min. A P1 just registered is not yet due soon.
 */
export function dueSoonMinutes(
  priority: Incident['priority'],
  name: DeadlineName,
  cfg: TriageConfig,
): number {
  // Read by every view (both deadlines): kept per configuration object (a reload makes a new one).
  let known = dueSoon.get(cfg);
  if (!known) {
    known = new Map();
    dueSoon.set(cfg, known);
  }
  const key = name === 'respond' ? priority : -priority;
  let minutes = known.get(key);
  if (minutes === undefined) {
    minutes = computeDueSoon(priority, name, cfg);
    known.set(key, minutes);
  }
  return minutes;
}

const dueSoon = new WeakMap<TriageConfig, Map<number, number>>();

function computeDueSoon(priority: Incident['priority'], name: DeadlineName, cfg: TriageConfig): number {
  const limit = limitMinutes(priority, name, cfg);
  const points = cfg.escalation[priority]
    .filter((rule) => rule.deadline === name)
    .map((rule) => thresholdMinutes(rule, limit))
    .filter((m) => m < limit);
  const last = points.length > 0 ? Math.max(...points) : limit * 0.8;
  return Math.min(30, Math.max(0, Math.floor(limit - last)));
}

/** A fraction is of the deadline's own limit; minutes are clock minutes from registration. */
function thresholdMinutes(rule: EscalationRule, limit: number): number {
  return 'fraction' in rule.at ? rule.at.fraction * limit : rule.at.minutes;
}

/**
 * IM2.11→IM2.12: the team is re-pinged at 1×, 2×, … the acceptance limit; one limit after the
 * last re-ping the acceptance escalates to the lead and the incident manager. 24×7 clock.
 */
function acceptanceTimers(incident: Incident, cfg: TriageConfig): TimerSpec[] {
  const { assignedAt } = incident;
  if (incident.status !== 'assigned' || !assignedAt) return [];
  const { acceptanceMinutes, acceptanceRepings } = cfg.limits;
  const clock = createClock('24x7', cfg.calendar);
  return Array.from({ length: acceptanceRepings + 1 }, (_, i): TimerSpec => {
    const ping = i + 1;
    const final = ping > acceptanceRepings;
    return {
      key: timerKey(incident.id, 'accept', ping),
      kind: 'acceptance',
      at: clock.add(assignedAt, ping * acceptanceMinutes),
      detail: {
        deadline: 'acceptance',
        ping,
        final,
        team: incident.assignedTeam,
        targets: final ? ['lead', 'manager'] : ['team'],
      },
    };
  });
}

/** IM2.6: on-site staff report feedback within a limit after the agreed service window. */
function onsiteTimers(incident: Incident, cfg: TriageConfig): TimerSpec[] {
  if (incident.status === 'closed' || incident.status === 'cancelled') return [];
  const clock = createClock('24x7', cfg.calendar);
  return incident.onsite
    .filter((task) => task.state === 'dispatched' || task.state === 'acknowledged')
    .map((task) => ({
      key: timerKey(incident.id, 'onsite', task.id),
      kind: 'onsite_feedback',
      at: clock.add(task.windowEnd, cfg.limits.onsiteFeedbackMinutes),
      detail: { deadline: 'onsite_feedback', taskId: task.id, engineers: task.engineers, state: task.state },
    }));
}

/**
 * The desk may close after the reporter stays silent. Minutes and hours of silence are wall
 * time (24×7); days are business days, so a Friday resolution is not closed over the weekend
 * before the reporter has had working days to check it.
 */
function autoCloseTimers(incident: Incident, cfg: TriageConfig): TimerSpec[] {
  const { resolution } = incident;
  if (incident.status !== 'resolved' || incident.reporterConfirmedAt || !resolution) return [];
  const after = cfg.limits.autoCloseAfter;
  const kind = after.unit === 'days' ? 'business' : '24x7';
  const at = createClock(kind, cfg.calendar).add(resolution.at, durationMinutes(after, kind, cfg.calendar));
  return [
    {
      key: timerKey(incident.id, 'auto_close'),
      kind: 'auto_close',
      at,
      detail: { resolvedAt: resolution.at.toISOString() },
    },
  ];
}
