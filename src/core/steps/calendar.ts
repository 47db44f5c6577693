// IM2.3 again, by the calendar rather than by a person: deadlines computed on the provisional
// calendar (a year without official holidays, see core/holiday-rule.ts) are recomputed once the
// year's official days are known — from the configuration or a newer chinese-days. Recorded on
// the audit trail; the decision's timers_changed effect re-arms the timers through the outbox.
import type { TriageConfig } from '../config.js';
import type { Decision } from '../decision.js';
import { DecisionBuilder, safeTimerSchedule } from '../draft.js';
import { deadlinesProvisional } from '../sla.js';
import { type Incident, OPEN_STATUSES } from '../types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const movedDates = (a: Incident, b: Incident) =>
  iso(a.respondBy) !== iso(b.respondBy) || iso(a.resolveBy) !== iso(b.resolveBy);

// The timers are announced explicitly: the schedule is derived from the configuration, so the
// incident "before" already yields the new instants and DecisionBuilder.finish would see no change, while
// the scheduler still holds jobs armed on the old calendar.

/** The recompute decision, or null when the deadlines are not provisional or do not change. */
export function recomputeForCalendar(incident: Incident, now: Date, cfg: TriageConfig): Decision | null {
  if (!deadlinesProvisional(incident) || !OPEN_STATUSES.includes(incident.status)) return null;
  const d = new DecisionBuilder(incident, incident, now, cfg).recomputeDeadlines();
  const after = d.incident;
  const same =
    iso(after.respondBy) === iso(incident.respondBy) &&
    iso(after.resolveBy) === iso(incident.resolveBy) &&
    after.respondByProvisional === incident.respondByProvisional &&
    after.resolveByProvisional === incident.resolveByProvisional;
  const provisional = deadlinesProvisional(after);
  if (same) return null;
  d.event('IM2.3', 'deadlines_recomputed', {
    // Still provisional: the operator changed days of a year that is not covered yet.
    reason: provisional ? 'calendar_changed' : 'official_calendar',
    respondBy: {
      from: iso(incident.respondBy),
      to: iso(after.respondBy),
      provisional: after.respondByProvisional,
    },
    resolveBy: {
      from: iso(incident.resolveBy),
      to: iso(after.resolveBy),
      provisional: after.resolveByProvisional,
    },
    provisional,
  }).effect({ type: 'timers_changed', step: 'IM2.3', timers: safeTimerSchedule(after, cfg, now) });
  // IM2.3: the reporter (and the team holding it) hear whenever the deadlines move, and that the
  // calendar moved them: "the desk set the priority" would be untrue (trial 2026-12-07).
  if (movedDates(incident, after)) {
    const resolveMoved = iso(after.resolveBy) !== iso(incident.resolveBy);
    d.effect({ type: 'notify_deadlines_recomputed', step: 'IM2.3', provisional, resolveMoved });
  }
  return d.finish();
}
