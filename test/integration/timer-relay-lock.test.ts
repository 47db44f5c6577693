// The timer relay reads an incident's timer audit behind the incident's row lock, and sends that
// read with the lock rather than after it: while the lock is held every click on the incident
// waits, so the lock must not also wait on a round trip to this process (docs/core-speed.md,
// h/corelock). Sent together, the read still starts only once the lock is held, and sees a
// firing committed by the transaction that held it. The reads also go with the COMMIT, so once
// they are answered the relay holds no lock at all (h/relaycommit).
import pg from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchStatements } from '../../db/sql-rows.js';
import type { Storage, UnitOfWork } from '../../src/app/ports.js';
import { TimerService } from '../../src/app/timer-service.js';
import { systemClock, TriageService } from '../../src/app/triage-service.js';
import type { TimerScheduler } from '../../src/jobs/scheduler.js';
import { readTimerSets, TimerRelay } from '../../src/jobs/timer-relay.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend, testDatabaseUrl } from '../support/databases.js';

const postgres = backends.filter((b) => b.name === 'postgres');

/** A promise and the function that settles it. */
function signal(): { done: Promise<void>; fire: () => void } {
  let fire = () => {};
  const done = new Promise<void>((r) => {
    fire = r;
  });
  return { done, fire };
}

/**
 * Another transaction takes the incident's row lock and holds it until released; then it records
 * a firing of `timer` and commits. Resolves once the lock is held.
 */
async function holdLockThenRecordFiring(
  storage: Storage,
  incidentId: string,
  timer: { key: string; at: Date },
) {
  const released = signal();
  const locked = signal();
  const holder = storage.transaction(async (uow) => {
    await uow.lockIncident(incidentId);
    locked.fire();
    await released.done;
    await uow.appendAudit([
      {
        incidentId,
        step: 'IM2.6',
        action: 'deadline_breached',
        actorId: 'system',
        actorName: 'System',
        at: new Date(),
        payload: { timer: timer.key, due: timer.at.toISOString() },
      },
    ]);
  });
  await locked.done;
  return { release: released.fire, holder };
}

/** Every statement sent from now, and a promise told when the statement `lock` is sent. */
function watchUntil(lock: string) {
  const sent: string[] = [];
  const lockSent = signal();
  const unwatch = watchStatements((s) => {
    sent.push(s.name);
    if (s.name === lock) lockSent.fire();
  });
  return { sent, lockIsSent: lockSent.done, unwatch };
}

/**
 * `storage` whose first batch lock (lockIncidents), once answered, is not handed to the relay
 * until another transaction has taken the row lock of `incidentId` too, or 3 s have passed.
 * `writer()`: how that transaction fared while the relay's reads were held here ('waiting': the
 * relay still held the lock; it did not send its COMMIT before seeing its reads).
 */
function holdingAnsweredReads(storage: Storage, incidentId: string) {
  let writer: Promise<'done' | 'waiting'> | undefined;
  let write: Promise<unknown> | undefined;
  const held: Storage = {
    ...storage,
    transaction: (work) =>
      storage.transaction((uow) =>
        // Object.create: the unit of work's methods are on its prototype, which a spread drops.
        work(
          Object.assign(Object.create(uow) as UnitOfWork, {
            lockIncidents: (ids: readonly string[]) =>
              uow.lockIncidents(ids).then(async (locked) => {
                if (writer) return locked;
                write = storage.transaction((w) => w.lockIncident(incidentId));
                writer = Promise.race([
                  write.then(() => 'done' as const),
                  new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 3_000)),
                ]);
                await writer;
                return locked;
              }),
          }),
        ),
      ),
  };
  return {
    storage: held,
    async writer() {
      const outcome = await writer;
      await write; // it gets the lock once the relay has committed, in any case
      return outcome;
    },
  };
}

describe.each(postgres)('timer relay read on $name', ({ open }) => {
  const cfg = testConfig();
  let backend: OpenBackend;
  let storage: Storage;
  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
  });
  afterAll(async () => {
    await admin.end();
    await backend.close();
  });
  const admin = pg(testDatabaseUrl, { max: 1, onnotice: () => {} });

  /**
   * Resolves once a backend is waiting on a row lock of this file's `incidents` (the relay or
   * the firing behind the lock holder): released before that, the holder could commit before the
   * read even asked for the lock, and the case would pass without any lock at all.
   */
  async function someoneWaitsForTheLock() {
    const incidents = `${backend.db.schema ?? 'public'}.incidents`;
    for (const until = Date.now() + 5_000; Date.now() < until; ) {
      const [row] = await admin`select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and pid in (
          select pid from pg_locks where relation = to_regclass(${incidents}))`;
      if ((row?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('nothing waited for the lock holder');
  }

  /** A P1 reported now, and its first pending timer (the relay's read needs no scheduler). */
  async function pendingP1(title: string) {
    const reporter = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
    const { incident } = await new TriageService(storage, cfg).report(
      { title, description: '', service: null, severity: 1 },
      reporter,
    );
    const deps = { storage, config: cfg, scheduler: {} as TimerScheduler, clock: systemClock };
    const timer = (await readTimerSets(deps, [incident.id]))[0]?.timers[0];
    if (!timer) throw new Error('a P1 incident has a pending timer');
    return { incident, deps, timer };
  }

  it('sends the timer audit read with the row lock, and it sees a firing the lock holder committed', async () => {
    const { incident, deps, timer } = await pendingP1('Mail down');

    const { release, holder } = await holdLockThenRecordFiring(storage, incident.id, timer);

    const { sent, lockIsSent, unwatch } = watchUntil('lock_incidents');
    let read: ReturnType<typeof readTimerSets> | undefined;
    try {
      read = readTimerSets(deps, [incident.id]);
      // Told before the lock is sent; by the time this resumes, whatever was sent with it is too
      // (the lock waits for the holder, so nothing sent after its answer can be here yet).
      await lockIsSent;
      expect(sent.filter((n) => n.startsWith('audit_'))).toHaveLength(1);
      await someoneWaitsForTheLock();
    } finally {
      unwatch();
      release();
      await holder;
    }
    if (!read) throw new Error('the read was started');
    const [after] = await read;
    // Read behind the lock: the firing committed while the relay waited is seen.
    expect(after?.timers.some((t) => t.key === timer.key && t.at.getTime() === timer.at.getTime())).toBe(
      false,
    );
  });
  it('holds no row lock once its reads are answered: a writer on the incident is not kept waiting', async () => {
    const { incident, deps } = await pendingP1('Disk full');
    const held = holdingAnsweredReads(storage, incident.id);
    const [set] = await readTimerSets({ ...deps, storage: held.storage }, [incident.id]);
    expect(set?.incidentId).toBe(incident.id);
    // Before (the COMMIT sent once the reads were seen here): 'waiting', for as long as they were.
    expect(await held.writer()).toBe('done');
  });
  it('a relay batch (claim, then lock and read) holds no row lock once its reads are answered', async () => {
    const { incident, deps } = await pendingP1('Printer down');
    const held = holdingAnsweredReads(storage, incident.id);
    const synced: string[] = [];
    const scheduler = {
      sync: async (sets: readonly { incidentId: string }[]) => {
        synced.push(...sets.map((x) => x.incidentId));
        return { armed: 0, cancelled: 0, kept: sets.length };
      },
    } as unknown as TimerScheduler;
    await new TimerRelay({ ...deps, storage: held.storage, scheduler }).tick();
    expect(synced).toContain(incident.id);
    expect(await held.writer()).toBe('done');
  });
  it('a firing sends its audit read with the row lock, and a firing the lock holder committed is not repeated', async () => {
    const { incident, timer } = await pendingP1('VPN down');
    // Due now, so the firing is neither early nor stale for its instant.
    const clock = { now: () => new Date(timer.at.getTime() + 1000) };
    const { release, holder } = await holdLockThenRecordFiring(storage, incident.id, timer);
    const { sent, lockIsSent, unwatch } = watchUntil('lock_incident');
    let firing: Promise<string> | undefined;
    try {
      firing = new TimerService(storage, cfg, clock).fire(incident.id, timer.key, timer.at);
      await lockIsSent;
      expect(sent.filter((n) => n.startsWith('audit_'))).toHaveLength(1);
      await someoneWaitsForTheLock();
    } finally {
      unwatch();
      release();
      await holder;
    }
    if (!firing) throw new Error('the firing was started');
    expect(await firing).toBe('already_fired');
  });
});
