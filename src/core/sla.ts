// Response and resolution deadlines (IM2.3: each priority has its own time limits).
//
// The rule, applied every time the deadlines are (re)computed:
// 1. Both deadlines are measured from `reportedAt` — the clock started at IM1 registration —
//    on the priority's clock (24×7 or business calendar) with the priority's limits.
// 2. Pauses (waiting on the reporter) are taken in order of `from`. Each pause that starts
//    before the running candidate deadline pushes it later by the pause's length measured on
//    the same clock (a pause outside working hours costs nothing on a business clock).
// 3. While a pause is still open (`to === null`) and started before the candidate deadline,
//    that deadline is null: paused, nothing to wait for.
// So changing the priority recomputes both deadlines from the registration time with the new
// priority's limits, and time spent paused stays excluded. Nothing is carried over from the
// old deadlines, which keeps the result a pure function of the incident's facts.
// 3a. A response stops the response clock: for the response deadline only the paused time
//    before `respondedAt` counts (a pause still open then ends there). A pause asked for after
//    the response stops only the resolution clock; the response deadline, and whether it was
//    met, stay as they were. Until the response, rule 3 applies to it as to the resolution.
// 4. A deadline is provisional when its business clock counted days of a year that has no
//    official holiday data (calendar.ts): shown as such, recomputed when the official days
//    arrive. Each deadline for itself: only the days from `reportedAt` to it count.
import { type Clock, createClock, provisionalYearsBetween, workingDayMinutes } from './calendar.js';
import type { CalendarConfig, ClockKind, Duration, TriageConfig } from './config.js';
import { DomainError } from './errors.js';
import type { PausedInterval, Priority } from './types.js';

export type DeadlineName = 'respond' | 'resolve';

export interface DeadlineInput {
  reportedAt: Date;
  priority: Priority;
  pauses: readonly PausedInterval[];
  /** When the desk responded: pauses from then on leave the response deadline alone (rule 3a). */
  respondedAt?: Date | null;
}

export interface Deadlines {
  respondBy: Date | null;
  resolveBy: Date | null;
  /** This deadline's own count ran through the provisional calendar (rule 4). */
  respondProvisional: boolean;
  resolveProvisional: boolean;
  /** Either of them is provisional. */
  provisional: boolean;
}

/** A limit in clock minutes: business hours are working hours, a business day a full working day. */
export function durationMinutes(d: Duration, kind: ClockKind, cal: CalendarConfig): number {
  if (!Number.isFinite(d.value) || d.value < 0) {
    throw new DomainError('invalid_input', { field: 'duration', value: String(d.value) });
  }
  if (d.unit === 'minutes') return d.value;
  if (d.unit === 'hours') return d.value * 60;
  return d.value * (kind === 'business' ? workingDayMinutes(cal) : 1440);
}

/** The clock a priority's deadlines run on. */
export function clockFor(priority: Priority, cfg: TriageConfig): Clock {
  return createClock(cfg.sla[priority].clock, cfg.calendar);
}

/** A priority's limit for one deadline, in minutes of its own clock. */
export function limitMinutes(priority: Priority, name: DeadlineName, cfg: TriageConfig): number {
  const target = cfg.sla[priority];
  return durationMinutes(target[name], target.clock, cfg.calendar);
}

export function computeDeadlines(input: DeadlineInput, cfg: TriageConfig): Deadlines {
  const clock = clockFor(input.priority, cfg);
  const by = (name: DeadlineName, pauses: readonly PausedInterval[]) =>
    deadlineAfter(clock, input.reportedAt, limitMinutes(input.priority, name, cfg), pauses);
  const respondBy = by('respond', pausesUntil(input.pauses, input.respondedAt ?? null));
  const resolveBy = by('resolve', input.pauses);
  // Rule 4 per deadline: a response due on 31 Dec is settled even when the resolution, counted on,
  // runs into a year without official holidays (trial 2026-12-07).
  const respondProvisional = provisionalYears(input, cfg, respondBy).length > 0;
  const resolveProvisional = provisionalYears(input, cfg, resolveBy).length > 0;
  return {
    respondBy,
    resolveBy,
    respondProvisional,
    resolveProvisional,
    provisional: respondProvisional || resolveProvisional,
  };
}

/** Whether any of the incident's deadlines is provisional (rule 4). */
export const deadlinesProvisional = (i: {
  respondByProvisional: boolean;
  resolveByProvisional: boolean;
}): boolean => i.respondByProvisional || i.resolveByProvisional;

/** The pauses as far as they fell before `end` (rule 3a); all of them while `end` is null. */
export function pausesUntil(pauses: readonly PausedInterval[], end: Date | null): readonly PausedInterval[] {
  if (end === null) return pauses;
  const until: PausedInterval[] = [];
  for (const p of pauses) {
    if (p.from.getTime() >= end.getTime()) continue;
    until.push(p.to === null || p.to.getTime() > end.getTime() ? { from: p.from, to: end } : p);
  }
  return until;
}

/** The years without official holiday data that these deadlines were counted through. */
export function provisionalYears(
  input: DeadlineInput,
  cfg: TriageConfig,
  ...deadlines: (Date | null)[]
): number[] {
  if (cfg.sla[input.priority].clock !== 'business') return [];
  const last = Math.max(...deadlines.map((d) => d?.getTime() ?? 0));
  if (last <= input.reportedAt.getTime()) return [];
  return provisionalYearsBetween(cfg.calendar, input.reportedAt, new Date(last));
}

/** The point `minutes` clock minutes after `start`, pushed back by pauses (see the rule above). */
export function deadlineAfter(
  clock: Clock,
  start: Date,
  minutes: number,
  pauses: readonly PausedInterval[],
): Date | null {
  let deadline = clock.add(start, minutes);
  for (const pause of mergePauses(pauses, start)) {
    if (pause.from.getTime() >= deadline.getTime()) break;
    if (pause.to === null) return null;
    deadline = clock.add(deadline, clock.between(pause.from, pause.to));
  }
  return deadline;
}

/**
 * Pauses clipped to the clock start, sorted and with overlaps merged, so overlapping or
 * unsorted input never counts the same minutes twice. An open pause swallows all after it.
 */
export function mergePauses(pauses: readonly PausedInterval[], start: Date): PausedInterval[] {
  const sorted = pauses
    .filter((p) => p.to === null || p.to.getTime() > start.getTime())
    .map((p) => ({ from: p.from < start ? start : p.from, to: p.to }))
    .sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: PausedInterval[] = [];
  for (const p of sorted) {
    const last = merged.at(-1);
    if (last && (last.to === null || p.from.getTime() <= last.to.getTime())) {
      const to =
        last.to === null || p.to === null ? null : new Date(Math.max(p.to.getTime(), last.to.getTime()));
      merged[merged.length - 1] = { from: last.from, to };
    } else {
      merged.push(p);
    }
  }
  return merged;
}

export type DeadlineState =
  | { state: 'met'; minutesOverdue: number }
  | { state: 'paused' }
  | { state: 'running' | 'due_soon'; minutesLeft: number }
  | { state: 'overdue'; minutesOverdue: number };

export interface DeadlineStateOptions {
  /** When the deadline's goal was reached (responded / resolved); the caller knows which. */
  metAt?: Date | null;
  /** Clock minutes left below which the deadline is `due_soon`; default 30. */
  dueSoonMinutes?: number;
}

/**
 * How a deadline stands, for views. Minutes are whole clock minutes, rounded down. `met` says
 * how late it was met (0 when on time); a null deadline with no `metAt` is paused.
 */
export function deadlineState(
  deadline: Date | null,
  now: Date,
  clock: Clock,
  opts: DeadlineStateOptions = {},
): DeadlineState {
  const { metAt = null, dueSoonMinutes = 30 } = opts;
  if (metAt) {
    const late = deadline && metAt > deadline ? clock.between(deadline, metAt) : 0;
    return { state: 'met', minutesOverdue: Math.floor(late) };
  }
  if (!deadline) return { state: 'paused' };
  if (now.getTime() >= deadline.getTime()) {
    return { state: 'overdue', minutesOverdue: Math.floor(clock.between(deadline, now)) };
  }
  const minutesLeft = Math.floor(clock.between(now, deadline));
  return { state: minutesLeft <= dueSoonMinutes ? 'due_soon' : 'running', minutesLeft };
}
