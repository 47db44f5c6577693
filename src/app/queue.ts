// Queue order for the desk: priority, then nature rank, then the nearest open deadline.
import type { TriageConfig } from '../core/config.js';
import { natureRank } from '../core/routing.js';
import type { Incident } from '../core/types.js';

/** The deadline that matters next: response until responded, then resolution. */
export function nextDeadline(i: Incident): number {
  const at = i.respondedAt === null ? i.respondBy : i.resolveBy;
  return at ? at.getTime() : Number.MAX_SAFE_INTEGER;
}

export function sortQueue(incidents: readonly Incident[], cfg: TriageConfig): Incident[] {
  return [...incidents].sort(
    (a, b) =>
      a.priority - b.priority ||
      natureRank(cfg, a.nature) - natureRank(cfg, b.nature) ||
      nextDeadline(a) - nextDeadline(b) ||
      a.reportedAt.getTime() - b.reportedAt.getTime(),
  );
}
