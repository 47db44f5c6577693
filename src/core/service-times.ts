// How long the desk took to respond and to resolve, on the priority's own clock (24×7 or the
// business calendar) with pauses excluded — the "business" MTTA and MTTR of the reports
// (docs/reports.md). Kept on the incident and recomputed by every decision, so a month's report
// sums a stored number instead of replaying the calendar for every incident it covers.
import type { TriageConfig } from './config.js';
import { clockFor, mergePauses } from './sla.js';
import type { Incident } from './types.js';

export interface ServiceTimes {
  respondClockMinutes: number | null;
  resolveClockMinutes: number | null;
}

/** Clock minutes from registration to `end`, less the clock minutes paused in between. */
export function clockMinutesTo(incident: Incident, end: Date, cfg: TriageConfig): number {
  const start = incident.reportedAt;
  if (end.getTime() <= start.getTime()) return 0;
  const clock = clockFor(incident.priority, cfg);
  let paused = 0;
  for (const p of mergePauses(incident.pauses, start)) {
    if (p.from.getTime() >= end.getTime()) break;
    const to = p.to === null || p.to.getTime() > end.getTime() ? end : p.to;
    paused += clock.between(p.from, to);
  }
  // Full precision: the reports round once, at display (report-math.ts). Rounded here too, a
  // 24×7 span of 2.6457 min read 2.65 → "2.7" beside its elapsed "2.6" (trial 2026-12-07).
  return Math.max(0, clock.between(start, end) - paused);
}

/** The incident's service times as they stand: null until it was responded to / resolved. */
export function serviceTimes(incident: Incident, cfg: TriageConfig): ServiceTimes {
  const at = (d: Date | null) => (d === null ? null : clockMinutesTo(incident, d, cfg));
  return {
    respondClockMinutes: at(incident.respondedAt),
    resolveClockMinutes: at(incident.resolution?.at ?? null),
  };
}
