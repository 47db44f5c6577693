// A decision being built: a working copy of the incident plus what to record and do.
// Named DecisionBuilder, not Draft: knowledge entries have drafts (the file keeps its name until the re-layout, issue 11 item 5).
import type { TriageConfig } from './config.js';
import type {
  AssignmentAction,
  AuditEvent,
  Decision,
  Effect,
  TimerSpec,
  WorklogNote,
  WorklogSource,
} from './decision.js';
import { DomainError } from './errors.js';
import { sharedSchedule, timerSchedule } from './escalation.js';
import { serviceTimes } from './service-times.js';
import { computeDeadlines } from './sla.js';
import type { Incident, OnsiteTask, StepCode } from './types.js';

export const MAX_TEXT = 4000;

export class DecisionBuilder {
  readonly incident: Incident;
  /** The incident as it was before this decision (a frozen copy for comparisons). */
  readonly original: Incident;
  private readonly events: AuditEvent[] = [];
  private readonly worklog: WorklogNote[] = [];
  private readonly assignments: Decision['assignments'][number][] = [];
  private readonly onsite = new Map<string, OnsiteTask>();
  private readonly effects: Effect[] = [];

  constructor(
    private readonly before: Incident | null,
    start: Incident,
    readonly now: Date,
    readonly cfg: TriageConfig,
  ) {
    this.incident = { ...start };
    // `start` itself, not a second copy: a decision changes only its working copy (`set`,
    // `putOnsite` replace fields of `incident`, never of `start`), and a copy of a 45-field
    // incident per command was ~1 KB of garbage (docs/core-speed.md, h/corebot3).
    this.original = start;
  }

  /** Changes the working copy. */
  set(patch: Partial<Incident>): this {
    Object.assign(this.incident, patch);
    return this;
  }

  event(step: StepCode, action: string, payload: Record<string, unknown> = {}): this {
    this.events.push({ step, action, payload });
    return this;
  }

  note(step: StepCode, source: WorklogSource, text: string): this {
    this.worklog.push({ step, source, text });
    return this;
  }

  assignment(
    step: StepCode,
    team: string,
    action: AssignmentAction,
    reason?: string,
    suggested?: string | null,
    suggestion?: string | null,
  ) {
    this.assignments.push({
      step,
      team,
      action,
      reason: reason ?? null,
      suggestedTeam: suggested ?? null,
      suggestion: suggestion ?? null,
    });
    return this;
  }

  effect(effect: Effect): this {
    this.effects.push(effect);
    return this;
  }

  /** Replaces one on-site task (by id) in the incident and marks it for saving. */
  putOnsite(task: OnsiteTask): this {
    const others = this.incident.onsite.filter((t) => t.id !== task.id);
    this.incident.onsite = [...others, task];
    this.onsite.set(task.id, task);
    return this;
  }

  /**
   * Recomputes both deadlines from the registration time (the rule is documented in sla.ts).
   * Past the official holiday data they are provisional, never missing: marked, and recomputed
   * when the year's official days arrive (steps/calendar.ts).
   */
  recomputeDeadlines(): this {
    const d = computeDeadlines(this.incident, this.cfg);
    return this.set({
      respondBy: d.respondBy,
      resolveBy: d.resolveBy,
      respondByProvisional: d.respondProvisional,
      resolveByProvisional: d.resolveProvisional,
    });
  }

  /** The first desk action on an incident is its response (stops the response clock). */
  markResponded(): this {
    if (this.incident.respondedAt === null) this.set({ respondedAt: this.now });
    return this;
  }

  finish(): Decision {
    // One copy, filled in place: `{ ...next, ...serviceTimes(next) }` made a second copy, and
    // its second spread went through V8's generic (megamorphic) property copy. Both fields are
    // the incident's own, so the keys keep their order.
    const incident = { ...this.incident };
    incident.version = this.incident.version + 1;
    const times = serviceTimes(incident, this.cfg);
    incident.respondClockMinutes = times.respondClockMinutes;
    incident.resolveClockMinutes = times.resolveClockMinutes;
    // The memoised schedules, read only: most commands leave the facts the schedule reads alone,
    // and then before and after are the same array (no copy, no comparison needed).
    const schedule = sharedSchedule(incident, this.cfg);
    const previous = this.before ? sharedSchedule(this.before, this.cfg) : [];
    const timers = [...schedule];
    const effects = [...this.effects];
    if (previous !== schedule && !sameTimers(previous, schedule))
      effects.push({ type: 'timers_changed', step: this.stepOfLastEvent(), timers });
    effects.push({ type: 'refresh_views' });
    return {
      incident,
      events: this.events,
      worklog: this.worklog,
      assignments: this.assignments,
      onsiteChanged: [...this.onsite.values()],
      effects,
      timers,
    };
  }

  private stepOfLastEvent(): StepCode {
    return this.events.at(-1)?.step ?? 'IM1';
  }
}

/** The incident's timers (kept under this name for its callers: the schedule no longer fails). */
export function safeTimerSchedule(incident: Incident, cfg: TriageConfig, now: Date): TimerSpec[] {
  return timerSchedule(incident, cfg, now);
}

function sameTimers(a: readonly TimerSpec[], b: readonly TimerSpec[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(a.map((t) => [t.key, t.at.getTime()]));
  return b.every((t) => byKey.get(t.key) === t.at.getTime());
}

/** Trims and checks free text from people: required, bounded. */
export function requireText(value: string | null | undefined, field: string, max = MAX_TEXT): string {
  const text = (value ?? '').trim();
  if (text === '') throw new DomainError('invalid_input', { field, reason: 'required' });
  if (text.length > max) throw new DomainError('invalid_input', { field, reason: 'too_long', max });
  return text;
}
