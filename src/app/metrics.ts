// What the bot counts and times, as a port: the use cases report events here and know nothing
// of Prometheus (src/main/prometheus.ts implements it with prom-client). The default does nothing,
// so tests and command-line programs need no registry.
import type { MatchingPort } from './ports.js';

/** The result of a command: done, answered from its idempotency record, or refused (error code). */
export type CommandOutcome = 'ok' | 'replayed' | string;

export interface Metrics {
  /** One HTTP request: `route` as mounted (e.g. /slack/events), `platform` slack|teams|other. */
  httpRequest(platform: string, route: string, status: number, seconds: number): void;
  /** One command, by its ITSS step and command type. */
  command(step: string, command: string, outcome: CommandOutcome): void;
  /** Deadline timers written to the scheduler (armed) and woken (by outcome, with lateness). */
  timersArmed(count: number): void;
  timerFired(outcome: string, latenessSeconds: number): void;
  /** A missed deadline recorded on an incident (respond, resolve, acceptance …). */
  breach(deadline: string): void;
  /** A chat delivery that failed (it is retried with backoff). */
  deliveryFailed(topic: string): void;
  /** How long an IM2.7 knowledge search took. */
  matchSeconds(seconds: number): void;
}

export const noMetrics: Metrics = {
  httpRequest: () => {},
  command: () => {},
  timersArmed: () => {},
  timerFired: () => {},
  breach: () => {},
  deliveryFailed: () => {},
  matchSeconds: () => {},
};

/** The knowledge search, timed (IM2.7 latency), otherwise unchanged. */
export function timedMatching(matching: MatchingPort, metrics: Metrics): MatchingPort {
  return {
    ...matching,
    findMatches: async (query, opts) => {
      const started = performance.now();
      try {
        return await matching.findMatches(query, opts);
      } finally {
        metrics.matchSeconds((performance.now() - started) / 1000);
      }
    },
  };
}

/** The platform a route belongs to, for the HTTP metrics' label. */
export function platformOfRoute(route: string): string {
  if (route.startsWith('/slack')) return 'slack';
  if (route.startsWith('/api/messages')) return 'teams';
  return 'other';
}
