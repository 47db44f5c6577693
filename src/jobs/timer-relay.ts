// From the database to the scheduler: the outbox relay and the reconciliation.
//
// Both arm an incident's timers from its *current* state, read under its row lock, minus the
// firings already in its audit trail — not from the schedule in the `timer.changed` payload.
// The row is only the signal that something changed. So a relay that runs late, twice, or out of
// order (several instances, a crash between claim and mark) can never arm an old schedule over a
// newer one: whoever holds the lock arms what is true at that moment, and the lock serialises it
// with commands, firings and other relays.

import type { AuditRecord, Storage, UnitOfWork } from '../app/ports.js';
import type { FireOutcome } from '../app/timer-service.js';
import type { Clock } from '../app/triage-service.js';
import type { TriageConfig } from '../core/config.js';
import { firedTimers, pendingTimers, TIMER_ACTIONS } from '../core/steps/timers.js';
import { type Incident, OPEN_STATUSES } from '../core/types.js';
import type { SyncOptions, SyncResult, TimerScheduler, TimerSet } from './scheduler.js';

export const TIMER_TOPIC_PREFIX = 'timer.';

export interface TimerSyncDeps {
  storage: Storage;
  config: TriageConfig;
  scheduler: TimerScheduler;
  clock: Clock;
}

/** Locks the incidents, computes what must stay armed for each, and syncs the scheduler. */
export async function syncIncidents(
  deps: TimerSyncDeps,
  uow: UnitOfWork,
  ids: readonly string[],
  opts: SyncOptions = {},
): Promise<{ sets: TimerSet[]; result: SyncResult }> {
  const sets = await lockedTimerSets(deps, uow, ids);
  const result = await deps.scheduler.sync(sets, opts);
  return { sets, result };
}

/** What must stay armed for each incident, read under its row lock (held until the caller commits). */
export async function lockedTimerSets(
  deps: TimerSyncDeps,
  uow: UnitOfWork,
  ids: readonly string[],
): Promise<TimerSet[]> {
  const unique = [...new Set(ids)];
  const incidents = await uow.lockIncidents(unique);
  const audit = groupByIncident(await uow.listAudit(unique, TIMER_ACTIONS));
  const now = deps.clock.now();
  const found = new Map(incidents.map((i) => [i.id, i]));
  return unique.map((id): TimerSet => {
    const incident = found.get(id);
    // An incident that is gone has nothing to wake for.
    if (!incident) return { incidentId: id, version: 0, timers: [] };
    return timerSetOf(incident, deps.config, now, audit.get(id) ?? []);
  });
}

export function timerSetOf(
  incident: Incident,
  cfg: TriageConfig,
  now: Date,
  audit: readonly AuditRecord[],
): TimerSet {
  const timers = pendingTimers(incident, cfg, now, firedTimers(audit));
  return { incidentId: incident.id, version: incident.version, timers };
}

function groupByIncident(records: readonly AuditRecord[]): Map<string, AuditRecord[]> {
  const out = new Map<string, AuditRecord[]>();
  for (const r of records) {
    const list = out.get(r.incidentId) ?? [];
    list.push(r);
    out.set(r.incidentId, list);
  }
  return out;
}

export interface TimerRelayOptions {
  batchSize?: number;
}

/**
 * `timer.changed` outbox rows → scheduler. Rows are claimed FOR UPDATE SKIP LOCKED and marked
 * processed in the transaction that armed them: a crash before the commit leaves them pending
 * for the next round (or another instance), a crash after it has armed them already.
 */
export class TimerRelay {
  constructor(
    private readonly deps: TimerSyncDeps,
    private readonly opts: TimerRelayOptions = {},
  ) {}

  /** One batch; true when the batch was full (more may be waiting). */
  async tick(): Promise<boolean> {
    const limit = this.opts.batchSize ?? 200;
    const claimed = await this.deps.storage.transaction(async (uow) => {
      const now = this.deps.clock.now();
      const rows = await uow.claimOutbox({ topicPrefixes: [TIMER_TOPIC_PREFIX], now, limit });
      if (rows.length === 0) return 0;
      await syncIncidents(
        this.deps,
        uow,
        rows.map((r) => r.incidentId),
      );
      await uow.updateOutbox(
        rows.map((r) => r.id),
        { processedAt: now },
      );
      return rows.length;
    });
    return claimed >= limit;
  }
}

export interface ReconcilerOptions {
  batchSize?: number;
  /** Timers overdue by more than this are fired by reconciliation itself, not left to a job. */
  overdueGraceMs?: number;
}

export interface ReconcileReport {
  incidents: number;
  armed: number;
  fired: number;
}

type Fire = (incidentId: string, key: string, due: Date) => Promise<FireOutcome>;

/**
 * At startup and every minute: every open incident's timers are synced with verification (a
 * timer believed armed whose job is gone is armed again — Redis lost its data, a job gave up),
 * and timers already overdue beyond the grace are fired here and now. Harmless to run in every
 * instance: the row locks serialise it and a firing is idempotent.
 */
export class Reconciler {
  constructor(
    private readonly deps: TimerSyncDeps,
    private readonly fire: Fire,
    private readonly opts: ReconcilerOptions = {},
    private readonly onError?: (err: Error, context: string) => void,
  ) {}

  async run(): Promise<ReconcileReport> {
    const open = await this.deps.storage.listIncidents({ statuses: OPEN_STATUSES });
    const size = this.opts.batchSize ?? 200;
    const report: ReconcileReport = { incidents: open.length, armed: 0, fired: 0 };
    for (let i = 0; i < open.length; i += size) {
      const ids = open.slice(i, i + size).map((x) => x.id);
      const sets = await this.deps.storage.transaction(async (uow) => {
        const sets = await lockedTimerSets(this.deps, uow, ids);
        try {
          report.armed += (await this.deps.scheduler.sync(sets, { verify: true })).armed;
        } catch (e) {
          // Redis down: still fire what is overdue below, straight from the database.
          this.onError?.(e instanceof Error ? e : new Error(String(e)), 'reconcile sync');
        }
        return sets;
      });
      const cutoff = this.deps.clock.now().getTime() - (this.opts.overdueGraceMs ?? 30_000);
      for (const set of sets) {
        for (const timer of set.timers) {
          if (timer.at.getTime() > cutoff) continue;
          try {
            if ((await this.fire(set.incidentId, timer.key, timer.at)) === 'fired') report.fired++;
          } catch (e) {
            this.onError?.(e instanceof Error ? e : new Error(String(e)), `reconcile ${timer.key}`);
          }
        }
      }
    }
    return report;
  }
}
