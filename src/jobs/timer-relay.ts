// From the database to the scheduler: the outbox relay and the reconciliation.
//
// Both arm an incident's timers from its *current* state, read in a short transaction, minus the
// firings already in its audit trail — not from the schedule in the `timer.changed` payload.
// The row is only the signal that something changed.
// Redis is never awaited inside a transaction: a Redis outage would hold the incidents' row
// locks, and every click on them and then the whole pool would wait with it. So: read the sets
// (short transaction), sync the scheduler (no transaction), then read the versions again; an
// incident that changed meanwhile is synced again. Whatever the interleaving of relays,
// reconciliations and commands, the last sync of an incident is of a state read after its last
// change — an old schedule never stays armed over a newer one. A stale wake-up that slips
// through is harmless: the firing re-checks everything under the incident's row lock.

import { type ConfigSource, sourceOf } from '../app/config-holder.js';
import type { Metrics } from '../app/metrics.js';
import { TOPIC_PREFIX } from '../app/outbox.js';
import type {
  AfterCommit,
  AuditRecord,
  Storage,
  SyncedRow,
  TimerRowSettle,
  UnitOfWork,
} from '../app/ports.js';
import type { FireOutcome } from '../app/timer-service.js';
import type { Clock } from '../app/triage-service.js';
import type { TriageConfig } from '../core/config.js';
import { firedTimers, pendingTimers, TIMER_ACTIONS } from '../core/steps/timers.js';
import { type Incident, OPEN_STATUSES } from '../core/types.js';
import type { SyncOptions, SyncResult, TimerScheduler, TimerSet } from './scheduler.js';

export interface TimerSyncDeps {
  storage: Storage;
  /** Read once per set of incidents (config-holder.ts). */
  config: TriageConfig | ConfigSource;
  scheduler: TimerScheduler;
  clock: Clock;
  metrics?: Metrics;
}

/** What must stay armed for these incidents, read in a short transaction of its own. */
export async function readTimerSets(deps: TimerSyncDeps, ids: readonly string[]): Promise<TimerSet[]> {
  const sets = await deps.storage.transaction(async (uow) => lockedTimerSets(deps, uow, ids));
  return sets.result;
}

/** How many times an incident that keeps changing under a sync is synced again in one round. */
const RESYNC_ROUNDS = 3;

/**
 * The relay's rows to settle (delete or mark) once the scheduler holds a state read after their
 * change. Settled in the transaction of the re-read that follows the sync, each only if its
 * incident is still at the version synced (SETTLE_TIMER_ROWS, db/timer-queries.ts): then nothing
 * newer exists to sync, and a crash after that commit leaves the scheduler holding the current
 * state. A row whose incident moved stays pending until its resync's re-read; after the last
 * round, or when the incident is gone, it is settled as the rows were before (after the syncs,
 * whatever the version).
 */
export interface RowsToSettle {
  rows: readonly { id: number; incidentId: string }[];
  how: TimerRowSettle;
}

/**
 * Syncs the scheduler with these sets, outside any transaction, then re-reads the incidents and
 * syncs again those whose version moved while it ran (see the top of this file). An incident
 * still moving after that has a newer `timer.changed` row, which the relay syncs next.
 * `settle`: the relay's rows, settled with the re-reads (RowsToSettle).
 */
export async function syncFresh(
  deps: TimerSyncDeps,
  sets: readonly TimerSet[],
  opts: SyncOptions = {},
  settle?: RowsToSettle,
): Promise<SyncResult> {
  const total: SyncResult = { armed: 0, cancelled: 0, kept: 0 };
  let current = sets;
  let unsettled = settle?.rows ?? [];
  for (let round = 0; round < RESYNC_ROUNDS && current.length > 0; round++) {
    const r = await deps.scheduler.sync(current, opts);
    total.armed += r.armed;
    total.cancelled += r.cancelled;
    total.kept += r.kept;
    deps.metrics?.timersArmed(r.armed);
    const synced = new Map(current.map((s) => [s.incidentId, s.version]));
    const rows: SyncedRow[] = [];
    for (const row of unsettled) {
      const version = synced.get(row.incidentId);
      if (version !== undefined) rows.push({ id: row.id, incidentId: row.incidentId, version });
    }
    const { sets: fresh, settled } = await reRead(deps, [...synced.keys()], rows, settle?.how);
    current = fresh.filter((s) => s.version !== synced.get(s.incidentId));
    if (settled.length > 0) {
      const done = new Set(settled);
      unsettled = unsettled.filter((row) => !done.has(row.id));
    }
  }
  if (settle && unsettled.length > 0) {
    const rows = unsettled.map((r): SyncedRow => ({ id: r.id, incidentId: r.incidentId, version: null }));
    await deps.storage.transaction((uow) => uow.settleTimerRows(rows, settle.how, deps.clock.now()));
  }
  return total;
}

/** readTimerSets, and in the same transaction, after the locks, the rows settled (RowsToSettle). */
async function reRead(
  deps: TimerSyncDeps,
  ids: readonly string[],
  rows: readonly SyncedRow[],
  how: TimerRowSettle | undefined,
): Promise<{ sets: TimerSet[]; settled: number[] }> {
  if (rows.length === 0 || !how) return { sets: await readTimerSets(deps, ids), settled: [] };
  const read = await deps.storage.transaction(async (uow) => {
    const sets = lockedTimerSets(deps, uow, ids);
    // Sent after the lock and the audit read, with the COMMIT: it compares versions under the locks.
    const settled = uow.readsWithCommit(uow.settleTimerRows(rows, how, deps.clock.now()));
    return { sets, settled };
  });
  return { sets: await read.sets.result, settled: await read.settled.result };
}

/**
 * What must stay armed for each incident, read under its row lock, as the transaction's last
 * statements: sent with its COMMIT (UnitOfWork.readsWithCommit), so the locks are released
 * without waiting on a round trip to this process. `result` once the transaction has returned.
 * Never wait on Redis in that transaction.
 */
export function lockedTimerSets(
  deps: TimerSyncDeps,
  uow: UnitOfWork,
  ids: readonly string[],
): AfterCommit<TimerSet[]> {
  const unique = [...new Set(ids)];
  // Sent together, and with the COMMIT: the audit read starts once the locks are held (the
  // server runs a transaction's statements in turn, and each reads with a snapshot of its own
  // start), so it sees every firing committed before them, as when awaited in turn; and the
  // locks, on up to a batch of incidents every click may want, are held only while the server
  // runs these statements, not across a round trip to this process (docs/core-speed.md,
  // h/corelock, h/relaycommit).
  // The statements alone go to readsWithCommit: the sets made of them are no part of the
  // transaction's outcome (a bug there, which the server never sees, could not stop the COMMIT).
  const { result } = uow.readsWithCommit(
    Promise.all([uow.lockIncidents(unique), uow.listAudit(unique, TIMER_ACTIONS)]),
  );
  const sets = result.then(([incidents, records]) => {
    const audit = groupByIncident(records);
    const now = deps.clock.now();
    const config = sourceOf(deps.config).current();
    const found = new Map(incidents.map((i) => [i.id, i]));
    return unique.map((id): TimerSet => {
      const incident = found.get(id);
      // An incident that is gone has nothing to wake for.
      if (!incident) return { incidentId: id, version: 0, timers: [] };
      return timerSetOf(incident, config, now, audit.get(id) ?? []);
    });
  });
  // When a read fails Storage.transaction throws and nobody awaits `sets`: not an unhandled
  // rejection (which kills Node). Whoever awaits it still gets the error.
  sets.catch(() => {});
  return { result: sets };
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
  /** What becomes of a synced row (default 'mark'): 'delete' when sent rows are pruned anyway
   *  (OUTBOX_KEEP_DAYS > 0), 'mark' when they are kept for ever (src/jobs/module.ts). */
  settle?: TimerRowSettle;
}

/**
 * `timer.changed` outbox rows → scheduler. Rows are read (unlocked: OutboxClaim.unlocked) with the
 * incidents' sets in one short transaction, the scheduler is synced outside it, and the rows are
 * settled (deleted or marked) only after that, in the transaction of the re-read that follows the
 * sync (syncFresh, RowsToSettle): a crash or a Redis outage before it leaves them pending for the
 * next round (or another instance). Two relays syncing the same rows arm the same thing.
 * Two transactions a round, where a mark of its own was a third (docs/core-speed.md, h/timerfold).
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
      // Unlocked: a row stays pending, any relay's to take, until settled after the sync.
      const rows = await uow.claimOutbox({ topicPrefixes: [TOPIC_PREFIX.timer], now, limit, unlocked: true });
      if (rows.length === 0) return null;
      const sets = lockedTimerSets(
        this.deps,
        uow,
        rows.map((r) => r.incidentId),
      );
      return { rows, sets };
    });
    if (!claimed) return false;
    await syncFresh(
      this.deps,
      await claimed.sets.result,
      {},
      {
        rows: claimed.rows,
        how: this.opts.settle ?? 'mark',
      },
    );
    return claimed.rows.length >= limit;
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
 * and timers already overdue beyond the grace are fired here and now. When the scheduler cannot
 * be reached (Redis down), nothing else will wake those timers: everything due is fired, with no
 * grace, so a deadline is late by at most one reconciliation interval. Harmless to run in every
 * instance: each firing re-checks under the incident's row lock and is idempotent.
 */
export class Reconciler {
  constructor(
    private readonly deps: TimerSyncDeps,
    private readonly fire: Fire,
    private readonly opts: ReconcilerOptions = {},
    private readonly onError?: (err: Error, context: string) => void,
  ) {}

  async run(): Promise<ReconcileReport> {
    // Ids only: a batch's incidents are read (and dropped) one batch at a time.
    const open = await this.deps.storage.listIncidentIds({ statuses: OPEN_STATUSES });
    const size = this.opts.batchSize ?? 200;
    const report: ReconcileReport = { incidents: open.length, armed: 0, fired: 0 };
    for (let i = 0; i < open.length; i += size) {
      const sets = await readTimerSets(this.deps, open.slice(i, i + size));
      let grace = this.opts.overdueGraceMs ?? 30_000;
      try {
        report.armed += (await syncFresh(this.deps, sets, { verify: true })).armed;
      } catch (e) {
        // Redis down: no job will wake these, so fire everything due, straight from the database.
        this.onError?.(e instanceof Error ? e : new Error(String(e)), 'reconcile sync');
        grace = 0;
      }
      report.fired += await this.fireOverdue(sets, this.deps.clock.now().getTime() - grace);
    }
    return report;
  }

  private async fireOverdue(sets: readonly TimerSet[], cutoff: number): Promise<number> {
    let fired = 0;
    for (const set of sets) {
      for (const timer of set.timers) {
        if (timer.at.getTime() > cutoff) continue;
        try {
          if ((await this.fire(set.incidentId, timer.key, timer.at)) === 'fired') fired++;
        } catch (e) {
          this.onError?.(e instanceof Error ? e : new Error(String(e)), `reconcile ${timer.key}`);
        }
      }
    }
    return fired;
  }
}
