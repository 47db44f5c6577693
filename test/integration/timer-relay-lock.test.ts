// The timer relay reads an incident's timer audit behind the incident's row lock, and sends that
// read with the lock rather than after it: while the lock is held every click on the incident
// waits, so the lock must not also wait on a round trip to this process (docs/core-speed.md,
// h/corelock). Sent together, the read still starts only once the lock is held, and sees a
// firing committed by the transaction that held it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchStatements } from '../../db/sql-rows.js';
import type { Storage } from '../../src/app/ports.js';
import { TimerService } from '../../src/app/timer-service.js';
import { systemClock, TriageService } from '../../src/app/triage-service.js';
import type { TimerScheduler } from '../../src/jobs/scheduler.js';
import { readTimerSets } from '../../src/jobs/timer-relay.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const postgres = backends.filter((b) => b.name === 'postgres');

describe.each(postgres)('timer relay read on $name', ({ open }) => {
  const cfg = testConfig();
  let backend: OpenBackend;
  let storage: Storage;
  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
  });
  afterAll(() => backend.close());

  it('sends the timer audit read with the row lock, and it sees a firing the lock holder committed', async () => {
    const reporter = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
    const { incident } = await new TriageService(storage, cfg).report(
      { title: 'Mail down', description: '', service: null, severity: 1 },
      reporter,
    );
    // The relay's read needs no scheduler.
    const deps = { storage, config: cfg, scheduler: {} as TimerScheduler, clock: systemClock };
    const [before] = await readTimerSets(deps, [incident.id]);
    const timer = before?.timers[0];
    if (!timer) throw new Error('a P1 incident has a pending timer');

    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    // Holds the row lock until released, then records a firing of `timer` and commits.
    const holder = storage.transaction(async (uow) => {
      await uow.lockIncident(incident.id);
      locked();
      await released;
      await uow.appendAudit([
        {
          incidentId: incident.id,
          step: 'IM2.6',
          action: 'deadline_breached',
          actorId: 'system',
          actorName: 'System',
          at: new Date(),
          payload: { timer: timer.key, due: timer.at.toISOString() },
        },
      ]);
    });
    await isLocked;

    const sent: string[] = [];
    let lockSent = () => {};
    const lockIsSent = new Promise<void>((r) => {
      lockSent = r;
    });
    const unwatch = watchStatements((s) => {
      sent.push(s.name);
      if (s.name === 'lock_incidents') lockSent();
    });
    let read: ReturnType<typeof readTimerSets> | undefined;
    try {
      read = readTimerSets(deps, [incident.id]);
      // Told before the lock is sent; by the time this resumes, whatever was sent with it is too
      // (the lock waits for the holder, so nothing sent after its answer can be here yet).
      await lockIsSent;
      expect(sent.filter((n) => n.startsWith('audit_'))).toHaveLength(1);
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
  it('a firing sends its audit read with the row lock, and a firing the lock holder committed is not repeated', async () => {
    const reporter = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
    const { incident } = await new TriageService(storage, cfg).report(
      { title: 'VPN down', description: '', service: null, severity: 1 },
      reporter,
    );
    const deps = { storage, config: cfg, scheduler: {} as TimerScheduler, clock: systemClock };
    const timer = (await readTimerSets(deps, [incident.id]))[0]?.timers[0];
    if (!timer) throw new Error('a P1 incident has a pending timer');
    // Due now, so the firing is neither early nor stale for its instant.
    const clock = { now: () => new Date(timer.at.getTime() + 1000) };
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = storage.transaction(async (uow) => {
      await uow.lockIncident(incident.id);
      locked();
      await released;
      await uow.appendAudit([
        {
          incidentId: incident.id,
          step: 'IM2.6',
          action: 'deadline_breached',
          actorId: 'system',
          actorName: 'System',
          at: new Date(),
          payload: { timer: timer.key, due: timer.at.toISOString() },
        },
      ]);
    });
    await isLocked;
    const sent: string[] = [];
    let lockSent = () => {};
    const lockIsSent = new Promise<void>((r) => {
      lockSent = r;
    });
    const unwatch = watchStatements((s) => {
      sent.push(s.name);
      if (s.name === 'lock_incident') lockSent();
    });
    let firing: Promise<string> | undefined;
    try {
      firing = new TimerService(storage, cfg, clock).fire(incident.id, timer.key, timer.at);
      await lockIsSent;
      expect(sent.filter((n) => n.startsWith('audit_'))).toHaveLength(1);
    } finally {
      unwatch();
      release();
      await holder;
    }
    if (!firing) throw new Error('the firing was started');
    expect(await firing).toBe('already_fired');
  });
});
