// When a person acted, for their command's decision, its records and the service-level clocks.
//
// The rule (docs/slack.md, "When a person acted"): a request acknowledged before it ran — stored
// in the inbox, answered 200, run at once or replayed after a crash — is decided at the time it
// was acknowledged, not at the time it happened to run. A click answered at 15:01:28 and replayed
// after a restart at 15:02:01 is an acceptance at 15:01:28: in time if the limit was 15:01:30,
// even if the limit's timer fired meanwhile (its breach record stays: it was announced). Two
// bounds keep the trail consistent: never later than now (another host's clock ahead of ours),
// and never before the latest time already on the incident (a pause cannot end before it began,
// an acceptance cannot precede its assignment) — the version check refuses a click on a card
// older than the incident, so in practice this bound only holds against clock differences.
import type { Incident } from '../core/types.js';

export function actingTime(acknowledgedAt: Date | undefined, now: Date, incident?: Incident | null): Date {
  if (!acknowledgedAt || acknowledgedAt.getTime() >= now.getTime()) return now;
  const floor = incident ? latestFact(incident) : 0;
  return new Date(Math.min(now.getTime(), Math.max(acknowledgedAt.getTime(), floor)));
}

/** The latest instant the incident's own facts record (0 when none). */
function latestFact(i: Incident): number {
  const times = [
    i.reportedAt,
    i.respondedAt,
    i.assignedAt,
    i.acceptedAt,
    i.resolution?.at,
    i.reporterConfirmedAt,
    i.closedAt,
    i.satisfaction?.at,
    ...i.pauses.flatMap((p) => [p.from, p.to]),
    ...i.declines.map((d) => d.at),
  ];
  return Math.max(0, ...times.map((t) => t?.getTime() ?? 0));
}
