// The timer relay settles (deletes or marks) its `timer.changed` rows in the transaction of the
// re-read that follows the scheduler's sync, not in a transaction of its own, and only the rows
// whose incident is still at the version synced: a row whose incident moved under the sync stays
// pending until its resync, so a crash after that commit never leaves an older schedule armed with
// nothing pending to correct it (src/jobs/timer-relay.ts, docs/core-speed.md h/timerfold).
import pg from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPIC_PREFIX } from '../../src/app/outbox.js';
import type { Storage, TimerRowSettle } from '../../src/app/ports.js';
import { systemClock, TriageService } from '../../src/app/triage-service.js';
import type { Actor, Incident } from '../../src/core/types.js';
import type { SyncResult, TimerScheduler, TimerSet } from '../../src/jobs/scheduler.js';
import { TimerRelay } from '../../src/jobs/timer-relay.js';
import { actorFor, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend, testDatabaseUrl } from '../support/databases.js';

const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const alice = actorFor('alice');

/** A scheduler that records what it was asked to hold and runs `onSync` before answering. */
function recordingScheduler(onSync: (sets: readonly TimerSet[], call: number) => Promise<void>) {
  const calls: TimerSet[][] = [];
  const scheduler = {
    kind: 'embedded',
    async sync(sets: readonly TimerSet[]): Promise<SyncResult> {
      calls.push([...sets]);
      await onSync(sets, calls.length);
      return { armed: 0, cancelled: 0, kept: 0 };
    },
  } as unknown as TimerScheduler;
  return { scheduler, calls };
}

describe.each(backends)('timer relay settles its rows on $name', ({ open }) => {
  const cfg = testConfig();
  let backend: OpenBackend;
  let storage: Storage;
  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
  });
  afterAll(async () => {
    await backend.close();
  });

  const service = () => new TriageService(storage, cfg, systemClock);
  const report = async (title: string) =>
    (await service().report({ title, description: '', service: null, severity: 1 }, reporter)).incident;
  /** The incident's timer rows, processed or not (deleted ones are gone). */
  const timerRows = async (incidentId: string) =>
    (await storage.listOutbox({ topicPrefix: TOPIC_PREFIX.timer })).filter(
      (r) => r.incidentId === incidentId,
    );
  const pendingTimerRows = async (incidentId: string) =>
    (await timerRows(incidentId)).filter((r) => r.processedAt === null);
  /** Counts the relay's transactions. */
  const counted = () => {
    const count = { transactions: 0 };
    const wrapped: Storage = {
      ...storage,
      transaction: (work) => {
        count.transactions += 1;
        return storage.transaction(work);
      },
    };
    return { wrapped, count };
  };

  it.each(['delete', 'mark'] as TimerRowSettle[])(
    'settles (%s) with the re-read: two transactions a round, none of its own',
    async (how) => {
      const incident = await report(`Mail down (${how})`);
      const [row] = await pendingTimerRows(incident.id);
      expect(row).toBeDefined();
      const { scheduler, calls } = recordingScheduler(async () => {});
      const { wrapped, count } = counted();
      const deps = { storage: wrapped, config: cfg, scheduler, clock: systemClock };
      await new TimerRelay(deps, { settle: how }).tick();
      expect(calls.flat().some((s) => s.incidentId === incident.id && s.version === incident.version)).toBe(
        true,
      );
      // The claim (with the sets' read), then the re-read with the settle.
      expect(count.transactions).toBe(2);
      const rows = await timerRows(incident.id);
      if (how === 'delete') expect(rows.map((r) => r.id)).not.toContain(row?.id);
      else expect(rows.find((r) => r.id === row?.id)?.processedAt).not.toBeNull();
      expect(await pendingTimerRows(incident.id)).toEqual([]);
    },
  );

  it('keeps a row whose incident moved under the sync pending until its resync, then settles it', async () => {
    const incident = await report('VPN down');
    const [row] = await pendingTimerRows(incident.id);
    if (!row) throw new Error('a P1 report writes a timer row');
    let moved: Incident | null = null;
    const pendingAtSync: boolean[] = [];
    const { scheduler, calls } = recordingScheduler(async (sets, call) => {
      if (!sets.some((s) => s.incidentId === incident.id)) return;
      pendingAtSync.push((await pendingTimerRows(incident.id)).some((r) => r.id === row.id));
      // A command commits between the first sync and its re-read.
      if (call === 1)
        moved = (
          await service().execute(
            incident.id,
            { type: 'supplement_description', text: 'Checked the gateway' },
            alice,
            {
              expectedVersion: incident.version,
            },
          )
        ).incident;
    });
    const { wrapped, count } = counted();
    const deps = { storage: wrapped, config: cfg, scheduler, clock: systemClock };
    await new TimerRelay(deps, { settle: 'delete' }).tick();
    const version = (moved as Incident | null)?.version;
    expect(version).toBe(incident.version + 1);
    // Synced at the version read, then again at the newer one; the row was still pending when the
    // resync ran: the first re-read, which saw the incident moved, left it.
    const mine = calls.map((sets) => sets.find((s) => s.incidentId === incident.id)?.version);
    expect(mine).toEqual([incident.version, version]);
    expect(pendingAtSync).toEqual([true, true]);
    // Settled by the resync's re-read: no transaction after it.
    expect(count.transactions).toBe(3);
    expect((await timerRows(incident.id)).map((r) => r.id)).not.toContain(row.id);
  });

  it('settles a row whose incident is still moving after the last resync, after the syncs', async () => {
    const incident = await report('Printer down');
    const [row] = await pendingTimerRows(incident.id);
    if (!row) throw new Error('a P1 report writes a timer row');
    let version = incident.version;
    const pendingAtSync: boolean[] = [];
    const { scheduler } = recordingScheduler(async (sets) => {
      if (!sets.some((s) => s.incidentId === incident.id)) return;
      pendingAtSync.push((await pendingTimerRows(incident.id)).some((r) => r.id === row.id));
      version = (
        await service().execute(
          incident.id,
          { type: 'supplement_description', text: 'Still looking' },
          alice,
          {
            expectedVersion: version,
          },
        )
      ).incident.version;
    });
    const { wrapped, count } = counted();
    await new TimerRelay({ storage: wrapped, config: cfg, scheduler, clock: systemClock }).tick();
    expect(pendingAtSync).toEqual([true, true, true]);
    // Claim, three re-reads, then the settle of what every re-read left.
    expect(count.transactions).toBe(5);
    expect(await pendingTimerRows(incident.id)).toEqual([]);
  });
});

describe.each(backends.filter((b) => b.name === 'postgres'))('timer relay claim on $name', ({ open }) => {
  const cfg = testConfig();
  let backend: OpenBackend;
  const admin = pg(testDatabaseUrl, { max: 1, onnotice: () => {} });
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(async () => {
    await admin.end();
    await backend.close();
  });

  /** Another transaction takes this outbox row FOR UPDATE and holds it until `release`. */
  async function holdRow(id: number) {
    const outbox = `${backend.db.schema ?? 'public'}.outbox`;
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = admin.begin(async (tx) => {
      await tx.unsafe(`SELECT id FROM ${outbox} WHERE id = $1 FOR UPDATE`, [id]);
      locked();
      await released;
    });
    await isLocked;
    return { holder, release, released };
  }

  it('reads its rows without locking them: a row another transaction holds is synced all the same', async () => {
    const storage = backend.storage;
    const { incident } = await new TriageService(storage, cfg, systemClock).report(
      { title: 'Mail down', description: '', service: null, severity: 1 },
      reporter,
    );
    const [row] = (await storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC_PREFIX.timer })).filter(
      (r) => r.incidentId === incident.id,
    );
    if (!row) throw new Error('a P1 report writes a timer row');
    // Another transaction holds the row (a claim that locked it would skip it) ...
    const { holder, release } = await holdRow(row.id);
    const synced: string[] = [];
    const { scheduler } = recordingScheduler(async (sets) => {
      synced.push(...sets.map((s) => s.incidentId));
      // ... until the relay has synced it.
      release();
    });
    const relay = new TimerRelay(
      { storage, config: cfg, scheduler, clock: systemClock },
      { settle: 'delete' },
    );
    const tick = relay.tick();
    // Without a sync of it, nothing releases the holder: give up rather than hang.
    const timeout = setTimeout(release, 5_000);
    await holder;
    await tick;
    clearTimeout(timeout);
    expect(synced).toContain(incident.id);
    // Settled by that round, or (if the holder still held it then) by the next.
    await relay.tick();
    expect((await storage.listOutbox({ topicPrefix: TOPIC_PREFIX.timer })).map((r) => r.id)).not.toContain(
      row.id,
    );
  });

  it("settles around a row another transaction holds, never waiting for it: an older relay's claim then waits for the incident this round locks", async () => {
    const storage = backend.storage;
    const { incident } = await new TriageService(storage, cfg, systemClock).report(
      { title: 'VPN down', description: '', service: null, severity: 1 },
      reporter,
    );
    const timerRows = async () =>
      (await storage.listOutbox({ pendingOnly: true, topicPrefix: TOPIC_PREFIX.timer }))
        .filter((r) => r.incidentId === incident.id)
        .map((r) => r.id);
    const [id] = await timerRows();
    if (id === undefined) throw new Error('a P1 report writes a timer row');
    // An older release's relay: its claim locked the row, and it holds it through its round.
    const { holder, release, released } = await holdRow(id);
    const giveUp = setTimeout(release, 10_000);
    const { scheduler } = recordingScheduler(async () => {});
    const relay = new TimerRelay(
      { storage, config: cfg, scheduler, clock: systemClock },
      { settle: 'delete' },
    );
    let heldThroughout = true;
    void released.then(() => {
      heldThroughout = false;
    });
    await relay.tick();
    expect(heldThroughout).toBe(true); // the round did not wait for the holder
    expect(await timerRows()).toEqual([id]); // ... and left its row
    release();
    clearTimeout(giveUp);
    await holder;
    await relay.tick();
    expect(await timerRows()).toEqual([]);
  });
});
