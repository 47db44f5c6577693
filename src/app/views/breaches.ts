// Card notices for the deadline timers: how far each running deadline has escalated (and to whom), and one
// notice per recorded breach ("Response overdue by 12 min"), saying how late it is now, or was
// when it was finally met.
import { createClock } from '../../core/calendar.js';
import type { EscalationTarget, Locale, TriageConfig } from '../../core/config.js';
import type { PingTarget, TimerSpec } from '../../core/decision.js';
import { personById, teamById } from '../../core/directory-index.js';
import { safeTimerSchedule } from '../../core/draft.js';
import { clockFor, deadlineState } from '../../core/sla.js';
import { acceptanceDue, escalationTargets, firingId } from '../../core/steps/timers.js';
import type { DeadlineKind, Incident } from '../../core/types.js';
import { formatDateTime, formatSpan, label, t } from '../../i18n/index.js';

type Standing = { state: 'overdue' | 'late'; minutes: number } | { state: 'recorded' };

/** `timers`: the incident's schedule when the caller has it (Decision.timers); else computed. */
export function breachNotices(
  i: Incident,
  cfg: TriageConfig,
  locale: Locale,
  now: Date,
  timers?: readonly TimerSpec[],
  audience: 'reporter' | 'staff' = 'staff',
  told?: EscalationsTold,
): string[] {
  // The reporter reads their own deadlines (response, resolution), not the internal ones — the
  // team's acceptance, the engineer's feedback — nor who was escalated to (incident-view.ts).
  if (audience === 'reporter')
    return breaches(
      i,
      cfg,
      locale,
      now,
      i.breaches.filter((kind) => REPORTER_DEADLINES.includes(kind)),
    );
  return [
    ...escalationNotices(i, cfg, locale, now, timers, told),
    ...breaches(i, cfg, locale, now, i.breaches),
  ];
}

/** Who each escalation firing told, from the audit trail, by firingId (core/steps/timers.ts
 *  `escalationsTold`). */
export type EscalationsTold = ReadonlyMap<string, readonly PingTarget[]>;

const REPORTER_DEADLINES: readonly DeadlineKind[] = ['respond', 'resolve'];

/**
 * How far each running deadline has escalated: its last threshold passed (and so fired: the
 * schedule is what the timers were armed from), and who that escalation went to, e.g.
 * "Response: escalated to the service desk at …": the recipients the firing recorded (`told`,
 * from the audit trail), exactly. Only where the view has no record of that firing (not read, or
 * not fired yet) is it guessed: the policy of the firing (escalationTargets: the team lead only
 * when a team holds the incident, else the desk …) applied to the incident as it stood then as far
 * as the incident tells (holderAt), never the configured level's name.
 */
const ESCALATION_TARGETS: readonly string[] = [
  'team',
  'next_team',
  'lead',
  'manager',
] satisfies EscalationTarget[];

/**
 * The escalations a card names: per deadline, its last threshold passed in the schedule (an
 * escalation, or the acceptance's final one). Their firings (firingId of key and instant) are
 * what the trail is read for (TriageService.cardView).
 */
export function passedEscalations(
  i: Incident,
  cfg: TriageConfig,
  now: Date,
  timers: readonly TimerSpec[] = safeTimerSchedule(i, cfg, now),
): Map<string, TimerSpec> {
  const last = new Map<string, TimerSpec>();
  for (const timer of timers)
    if (
      timer.at.getTime() <= now.getTime() &&
      (timer.kind === 'escalation' || (timer.kind === 'acceptance' && timer.detail.final === true))
    )
      last.set(String(timer.detail.deadline), timer);
  return last;
}

function escalationNotices(
  i: Incident,
  cfg: TriageConfig,
  locale: Locale,
  now: Date,
  timers?: readonly TimerSpec[],
  told?: EscalationsTold,
): string[] {
  const last = passedEscalations(i, cfg, now, timers);
  const sep = locale === 'en' ? ', ' : '、';
  return [...last.entries()].map(([deadline, timer]) => {
    const recorded = told?.get(firingId(timer.key, timer.at));
    const targets = (recorded ?? guessedTargets(i, cfg, timer))
      .map((target) => targetName(target, cfg, locale))
      .join(sep);
    return t(locale, 'notice.escalated', {
      deadline: t(locale, `deadline.kind.${deadline as DeadlineKind}`),
      targets,
      at: formatDateTime(locale, timer.at, cfg.calendar.timeZone),
    });
  });
}

/** Who a firing the view has no record of went to, as far as the incident tells (holderAt). */
function guessedTargets(i: Incident, cfg: TriageConfig, timer: TimerSpec): PingTarget[] {
  const levels = ((timer.detail.targets as string[] | undefined) ?? []).filter((l): l is EscalationTarget =>
    ESCALATION_TARGETS.includes(l),
  );
  return escalationTargets({ ...i, assignedTeam: holderAt(i, timer.at) }, cfg, levels);
}

/**
 * The team that held the incident at `at`, as far as the incident itself tells: the current team
 * if assigned by then; else a team that sent it back afterwards (the first decline after `at`),
 * if it had reached the second line by then; else none (the desk owned it).
 */
export function holderAt(i: Incident, at: Date): string | null {
  if (i.assignedTeam !== null && i.assignedAt !== null && i.assignedAt <= at) return i.assignedTeam;
  if (i.firstAssignedAt === null || i.firstAssignedAt > at) return null;
  return i.declines.find((d) => d.at > at)?.team ?? null;
}

/** Who heard an escalation, as the card names them: the team, the lead by name, the desk … */
function targetName(target: PingTarget, cfg: TriageConfig, locale: Locale): string {
  switch (target.kind) {
    case 'team': {
      const team = teamById(cfg, target.team);
      return team ? label(locale, team.label) : target.team;
    }
    case 'person': {
      const name = personById(cfg, target.person)?.name ?? target.person;
      if (target.as === 'lead') return t(locale, 'escalation.to.lead', { name });
      if (target.as === 'manager') return t(locale, 'escalation.to.manager', { name });
      return name;
    }
    case 'desk':
      return t(locale, 'escalation.to.desk');
    case 'managers':
      return t(locale, 'escalation.to.managers');
  }
}

function breaches(
  i: Incident,
  cfg: TriageConfig,
  locale: Locale,
  now: Date,
  kinds: readonly DeadlineKind[],
): string[] {
  return kinds.map((kind) => {
    const deadline = t(locale, `deadline.kind.${kind}`);
    const s = safeStanding(i, kind, cfg, now);
    if (s.state === 'recorded') return t(locale, 'notice.breach.recorded', { deadline });
    // Response and resolution run on the priority's clock; acceptance and on-site feedback on the wall.
    const clock = kind === 'respond' || kind === 'resolve' ? cfg.sla[i.priority].clock : '24x7';
    const duration = formatSpan(locale, s.minutes, clock);
    return t(locale, s.state === 'overdue' ? 'notice.breach.overdue' : 'notice.breach.late', {
      deadline,
      duration,
    });
  });
}

function safeStanding(i: Incident, kind: DeadlineKind, cfg: TriageConfig, now: Date): Standing {
  try {
    return standing(i, kind, cfg, now);
  } catch {
    return { state: 'recorded' }; // e.g. the calendar cannot place the deadline any more
  }
}

function standing(i: Incident, kind: DeadlineKind, cfg: TriageConfig, now: Date): Standing {
  const wall = createClock('24x7', cfg.calendar);
  switch (kind) {
    case 'respond':
    case 'resolve': {
      const at = kind === 'respond' ? i.respondBy : i.resolveBy;
      const metAt = kind === 'respond' ? i.respondedAt : (i.resolution?.at ?? i.closedAt);
      const s = deadlineState(at, now, clockFor(i.priority, cfg), { metAt });
      if (s.state === 'overdue') return { state: 'overdue', minutes: s.minutesOverdue };
      // Met seconds late is late too ("missed by < 1 min"), as the card's deadline line says.
      if (s.state === 'met' && at && metAt && metAt > at) return { state: 'late', minutes: s.minutesOverdue };
      return { state: 'recorded' };
    }
    case 'acceptance': {
      const due = i.status === 'assigned' ? acceptanceDue(i, cfg) : null;
      if (due && now > due) return { state: 'overdue', minutes: Math.floor(wall.between(due, now)) };
      return { state: 'recorded' };
    }
    case 'onsite_feedback': {
      const open = i.onsite.filter((x) => x.state === 'dispatched' || x.state === 'acknowledged');
      const dues = open.map((x) => wall.add(x.windowEnd, cfg.limits.onsiteFeedbackMinutes));
      const first = dues.filter((d) => d < now).sort((a, b) => a.getTime() - b.getTime())[0];
      if (first) return { state: 'overdue', minutes: Math.floor(wall.between(first, now)) };
      return { state: 'recorded' };
    }
  }
}
