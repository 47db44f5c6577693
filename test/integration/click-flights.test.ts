// Clicks in flights (db/click-flights.ts, Storage.oneStatement on PostgreSQL): clicks that arrive
// while a flight is out go together in the next, in one transaction. What must hold: none is
// answered before its flight commits; a flight in which one click misses (its version guard,
// 22012, aborts the transaction) still commits the others, each run again alone, and the one
// that missed takes the locked path as it would have alone; two clicks on one incident never
// share a flight, and end as if run one after the other.
import { randomInt } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import { watchStatements } from '../../db/sql-rows.js';
import type { OneStatementWrites, Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, testConfig } from '../fixtures/config.js';
import { testDatabaseUrl, uniqueSchemaName } from '../support/databases.js';
import { installWaitAtCommit } from '../support/wait-at-commit.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const input = { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null };
const classify: Command = { type: 'classify', nature: 'fault', category: 'vpn', verification: 'Checked' };
const note: Command = { type: 'add_worklog', text: 'Asked for the client version' };
const prioritise: Command = { type: 'prioritise', impact: 2, urgency: 3 };

describe('clicks in flights, on PostgreSQL', () => {
  const schema = uniqueSchemaName('coregroup_flights');
  const admin = postgres(testDatabaseUrl, { max: 2, onnotice: () => {} });
  const lockKey = randomInt(1, 2 ** 31);
  let db: Database;
  let storage: Storage;

  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: testDatabaseUrl, schema });
    // One flight at a time: while the first click is out, the others wait for the next.
    storage = createStorage(db, { clickFlights: { flushers: 1, maxFlight: 16 } });
    // At commit, a statement on an incident titled 'probe-wait' waits for an advisory lock the
    // test holds: the flight out stays out until the test lets it go.
    await installWaitAtCommit(db, lockKey);
  });
  afterAll(async () => {
    await storage.close();
    await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  /** A click on `inc` with the card's version, recorded as answered when it is. */
  const clickOn = (
    service: TriageService,
    inc: Incident,
    command: Command,
    answered: string[],
    name: string,
  ) =>
    service
      .execute(inc.id, command, alice, {
        idempotencyKey: `evt-${name}-${inc.id}`,
        expectedVersion: inc.version,
      })
      .then((r) => {
        answered.push(name);
        return r;
      });

  /** Holds the flight out: a click on a 'probe-wait' incident, stuck at its commit. */
  const holdFlightOut = async (service: TriageService, answered: string[]) => {
    const probe = (await service.report({ ...input, title: 'probe-wait' }, reporter)).incident;
    const lock = await admin.reserve();
    await lock`select pg_advisory_lock(${lockKey})`;
    const out = clickOn(service, probe, classify, answered, 'probe');
    for (let waiting = 0; waiting === 0; ) {
      const [row] = await lock`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and objid::text::bigint = ${lockKey} and not granted`;
      waiting = row?.n ?? 0;
    }
    return {
      out,
      async release() {
        await lock`select pg_advisory_unlock(${lockKey})`;
        lock.release();
      },
    };
  };

  const revisionOf = async (id: string) => {
    const [row] = await admin.unsafe(`SELECT xmin::text AS rev FROM "${schema}".incidents WHERE id = $1`, [
      id,
    ]);
    return row?.rev as string;
  };
  const actionsOf = async (id: string) => (await storage.listAudit(id)).map((a) => a.action);

  it('clicks that waited go together: one transaction, none answered before it commits', async () => {
    const service = new TriageService(storage, cfg);
    const answered: string[] = [];
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(async () => (await service.report(input, reporter)).incident),
    );
    if (!a || !b || !c) throw new Error('not reported');
    const flight = await holdFlightOut(service, answered);
    const sent: string[] = [];
    const stop = watchStatements((s) => sent.push(s.name));
    const clicks = [a, b, c].map((inc, i) => clickOn(service, inc, classify, answered, `c${i}`));
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toEqual([]); // they wait for the flight out
    await flight.release();
    const done = await Promise.all(clicks);
    await flight.out;
    stop();
    expect(sent.filter((n) => n.startsWith('alone_change'))).toHaveLength(3);
    // One transaction wrote the three rows: one transaction id.
    expect(new Set(await Promise.all([a, b, c].map((inc) => revisionOf(inc.id)))).size).toBe(1);
    for (const [i, inc] of [a, b, c].entries()) {
      expect(done[i]?.incident.version).toBe(inc.version + 1);
      expect(await actionsOf(inc.id)).toContain('classified');
    }
  });

  it('a flight with one click that misses commits the others; the one that missed takes the locked path', async () => {
    // Which clicks the one statement wrote (a miss answers null: the locked path writes it).
    const writes = storage.oneStatement as OneStatementWrites;
    const missed: string[] = [];
    const service = new TriageService(
      {
        ...storage,
        oneStatement: {
          held: (id) => writes.held(id),
          async commit(change, decidedOn) {
            const done = await writes.commit(change, decidedOn);
            if (!done) missed.push(change.incident.id);
            return done;
          },
        },
      },
      cfg,
    );
    const answered: string[] = [];
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(async () => (await service.report(input, reporter)).incident),
    );
    if (!a || !b || !c) throw new Error('not reported');
    // Another process writes b's row without a new version: the copy held here is no longer the
    // row, so b's statement misses (22012) and aborts its flight.
    await admin.unsafe(`UPDATE "${schema}".incidents SET title = title WHERE id = $1`, [b.id]);
    const flight = await holdFlightOut(service, answered);
    const clicks = [a, b, c].map((inc, i) => clickOn(service, inc, classify, answered, `m${i}`));
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toEqual([]);
    await flight.release();
    const done = await Promise.all(clicks);
    await flight.out;
    for (const [i, inc] of [a, b, c].entries()) {
      expect(done[i]?.incident.version).toBe(inc.version + 1);
      expect((await actionsOf(inc.id)).filter((x) => x === 'classified')).toHaveLength(1);
    }
    // The flight was rolled back and its clicks went again, each alone: three transactions; only
    // b's statement missed, a's and c's were written by theirs.
    expect(new Set(await Promise.all([a, b, c].map((inc) => revisionOf(inc.id)))).size).toBe(3);
    expect(missed).toEqual([b.id]);
  });

  it('a row locked elsewhere holds back only its own click, not the rest of its flight', async () => {
    const service = new TriageService(storage, cfg);
    const answered: string[] = [];
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(async () => (await service.report(input, reporter)).incident),
    );
    if (!a || !b || !c) throw new Error('not reported');
    // Another process (a paused pod) holds b's row lock, and keeps it.
    const holder = await admin.reserve();
    await holder`BEGIN`;
    await holder.unsafe(`SELECT 1 FROM "${schema}".incidents WHERE id = $1 FOR UPDATE`, [b.id]);
    const flight = await holdFlightOut(service, answered);
    const clicks = [a, b, c].map((inc, i) => clickOn(service, inc, classify, answered, `l${i}`));
    await new Promise((r) => setTimeout(r, 200));
    await flight.release();
    await flight.out;
    // The flight meets b's lock, gives up after FLIGHT_LOCK_TIMEOUT_MS with nothing written, and
    // its clicks go again alone: a's and c's are answered while b's lock is still held.
    const deadline = Date.now() + 5_000;
    while (answered.filter((n) => n !== 'probe').length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect([...answered].filter((n) => n !== 'probe').sort()).toEqual(['l0', 'l2']);
    await holder`ROLLBACK`;
    holder.release();
    const done = await Promise.all(clicks);
    for (const [i, inc] of [a, b, c].entries()) {
      expect(done[i]?.incident.version).toBe(inc.version + 1);
      expect((await actionsOf(inc.id)).filter((x) => x === 'classified')).toHaveLength(1);
    }
  });

  it('two clicks on one incident never share a flight and end as if one ran after the other', async () => {
    const service = new TriageService(storage, cfg);
    const answered: string[] = [];
    const [reported, d] = await Promise.all(
      [1, 2].map(async () => (await service.report(input, reporter)).incident),
    );
    if (!reported || !d) throw new Error('not reported');
    const a = (await clickOn(service, reported, classify, answered, 'first')).incident;
    answered.length = 0;
    const flight = await holdFlightOut(service, answered);
    // Both decided on the same held copy: the prioritisation waits for the next flight; the note
    // on the same incident does not wait with it (never in one flight): it goes alone, at once.
    const first = clickOn(service, a, prioritise, answered, 'prioritise');
    const other = clickOn(service, d, classify, answered, 'other');
    const second = clickOn(service, a, note, answered, 'note');
    expect((await second).incident.version).toBe(a.version + 1);
    expect(answered).toEqual(['note']);
    await flight.release();
    const [prioritised, otherDone] = await Promise.all([first, other]);
    await flight.out;
    // The prioritisation's statement missed (the note wrote the row): its flight went again alone
    // and the locked path recorded it after the note (a card one note behind is still good).
    expect(prioritised.incident.version).toBe(a.version + 2);
    expect(otherDone.incident.version).toBe(d.version + 1);
    const actions = await actionsOf(a.id);
    expect(actions.filter((x) => x === 'prioritised')).toHaveLength(1);
    expect(actions.indexOf('worklog_added')).toBeLessThan(actions.indexOf('prioritised'));
    expect((await storage.getIncident(a.id))?.version).toBe(a.version + 2);
  });
});
