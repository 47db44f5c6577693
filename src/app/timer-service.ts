// The use case behind every deadline timer: one transaction under the incident's row lock,
// re-reading the incident and the firings already recorded, so a stale, early or repeated wake-up
// (a job delivered twice, a job armed before a priority change, reconciliation racing a worker)
// changes nothing. Whatever a firing decides is written like a command, by the same writeChange.
import type { TriageConfig } from '../core/config.js';
import type { Decision } from '../core/decision.js';
import { firedTimers, fireTimer, firingId, SYSTEM_ACTOR, TIMER_ACTIONS } from '../core/steps/timers.js';
import type { Incident } from '../core/types.js';
import { type ConfigSource, sourceOf } from './config-holder.js';
import { incidentChange } from './incident-change.js';
import { type Metrics, noMetrics } from './metrics.js';
import { outboxMessages } from './outbox.js';
import type { OutboxMessage, Storage, UnitOfWork } from './ports.js';
import { type Clock, systemClock } from './triage-service.js';

/** `early`: woken before `due` by this process' clock (clock skew): the caller retries later. */
export type FireOutcome = 'fired' | 'already_fired' | 'stale' | 'early' | 'not_found';

export class TimerService {
  private readonly configs: ConfigSource;

  constructor(
    readonly storage: Storage,
    config: TriageConfig | ConfigSource,
    readonly clock: Clock = systemClock,
    readonly metrics: Metrics = noMetrics,
  ) {
    this.configs = sourceOf(config);
  }

  /**
   * Fires timer `key` of the incident, armed for `due`. The guard is the instant, not the
   * incident version: a change that leaves this timer where it was (a work-log note) keeps it
   * valid, and one that moves it (a new priority) has armed another job for the new instant.
   */
  async fire(incidentId: string, key: string, due: Date): Promise<FireOutcome> {
    const breaches: string[] = [];
    const outcome = await this.fireOnce(incidentId, key, due, breaches);
    // Counted once committed: a rolled-back firing is retried and counted then.
    this.metrics.timerFired(outcome, (this.clock.now().getTime() - due.getTime()) / 1000);
    for (const deadline of breaches) this.metrics.breach(deadline);
    return outcome;
  }

  private fireOnce(incidentId: string, key: string, due: Date, breaches: string[]): Promise<FireOutcome> {
    return this.storage.transaction(async (uow) => {
      // Sent together: the audit read starts once the lock is held (statements run in turn, each
      // with a snapshot of its own start), so it sees every firing committed before it, and the
      // lock does not wait on a round trip to this process for it (docs/core-speed.md, h/corelock).
      const [incident, audit] = await Promise.all([
        uow.lockIncident(incidentId),
        uow.listAudit([incidentId], TIMER_ACTIONS),
      ]);
      if (!incident) return 'not_found';
      const fired = firedTimers(audit);
      if (fired.has(firingId(key, due))) return 'already_fired';
      const now = this.clock.now();
      if (due.getTime() > now.getTime()) return 'early';
      const decision = fireTimer(incident, key, due, now, this.configs.current(), fired);
      if (!decision) return 'stale';
      await record(uow, incident, decision, now, firingId(key, due));
      for (const e of decision.events)
        if (e.action === 'deadline_breached') breaches.push(String(e.payload.deadline ?? 'unknown'));
      return 'fired';
    });
  }
}

/** Written like a command, through the one statement every decision goes through (writeChange). */
async function record(uow: UnitOfWork, before: Incident, decision: Decision, at: Date, firing: string) {
  const { incident } = decision;
  const written = await uow.writeChange(
    incidentChange(decision, SYSTEM_ACTOR, at, {
      expectedVersion: before.version,
      outbox: timerOutboxMessages(incident, decision, at, firing),
      idempotency: null,
    }),
  );
  if (!written) throw new Error(`incident ${incident.id} changed under its row lock`);
}

/**
 * A firing keeps the incident's version, so the usual `{id}.v{version}.{n}` dedupe keys would
 * collide with the last command's: these are keyed by the firing instead. (Keys are no longer
 * unique in the table, migration 0027: a firing is written once because it is checked against the
 * firings already recorded, under the incident's row lock.)
 */
export function timerOutboxMessages(
  incident: Incident,
  decision: Decision,
  at: Date,
  firing: string,
): OutboxMessage[] {
  return outboxMessages(incident, decision.effects, at).map((m, i) => ({
    ...m,
    dedupeKey: `${incident.id}.fire.${firing}.${i}`,
  }));
}
