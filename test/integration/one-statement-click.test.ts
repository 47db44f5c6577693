// A click in one round trip (Storage.oneStatement, db/held-incidents.ts): when this process holds
// the incident at the card's version, the command is decided on it and written by one autocommit
// statement. What must hold: one socket write and one statement per hit; the database afterwards
// exactly as the locked path leaves it; a redelivered key is replayed and written once, during a
// hit or after it; of two processes clicking one incident the loser is told it is out of date and
// nothing of its click is written; a write that keeps the version (a timer's firing, markSavedAs),
// in this process or any other, is never written over from the held copy (the row's revision,
// xmin, guards the statement), and the row then ends as the locked path leaves it; a ping fired
// between clicks, here or in a worker, is heard by the accept and resolve that follow (their
// follow-ups decided on the held copy's timer audit only while its revision is the row's);
// PGlite keeps the locked path.

import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connect.js';
import { heldIncidentsOf } from '../../db/held-incidents.js';
import { createKnowledgeStore } from '../../db/knowledge-store.js';
import { createStorage } from '../../db/repository.js';
import { effectsOf } from '../../src/app/outbox.js';
import type {
  HeldIncident,
  IncidentChange,
  OneStatementWrites,
  OutboxRecord,
  Storage,
} from '../../src/app/ports.js';
import { TimerService } from '../../src/app/timer-service.js';
import { type Clock, TriageService } from '../../src/app/triage-service.js';
import { COMMIT_OUTCOME_UNKNOWN, databaseUnavailableCode } from '../../src/app/unavailable.js';
import type { Command } from '../../src/core/commands.js';
import { DomainError } from '../../src/core/errors.js';
import { timerSchedule } from '../../src/core/escalation.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { defaultAnalyzer } from '../../src/matching/production-analyzer.js';
import { actorFor, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend, testDatabaseUrl } from '../support/databases.js';
import { countWrites, executedIn } from '../support/socket-writes.js';
import { installWaitAtCommit } from '../support/wait-at-commit.js';

const cfg = testConfig();
const alice = actorFor('alice');
const bob = actorFor('bob');
const nick = actorFor('nick');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const input = { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null };

/** The bench's second-line path: triage, assignment, acceptance, resolution, closure. */
const PATH: [Command, Actor][] = [
  [{ type: 'classify', nature: 'fault', category: 'vpn', verification: 'Checked' }, alice],
  [{ type: 'prioritise', impact: 2, urgency: 3 }, alice],
  [{ type: 'decide_onsite', needed: false }, alice],
  [{ type: 'add_worklog', text: 'Asked the reporter for the client version' }, alice],
  [{ type: 'no_match' }, alice],
  [{ type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' }, alice],
  [{ type: 'accept' }, nick],
  [{ type: 'in_scope' }, nick],
  [{ type: 'resolve', code: 'solved', solution: 'Fixed the gateway', tested: true }, nick],
  [{ type: 'confirm' }, reporter],
  [{ type: 'close', code: null }, alice],
];

/** A clock that moves a second per reading: the same readings on every run of one path. */
function steppingClock(): Clock {
  let at = Date.parse('2026-12-07T09:00:00.000Z');
  return {
    now: () => {
      at += 1000;
      return new Date(at);
    },
  };
}

/** A clock the test moves; it stands still between moves. */
function manualClock(start = '2026-12-07T09:00:00.000Z') {
  const clock = { current: new Date(start), now: () => clock.current };
  return clock;
}

/** Every table a command writes, in a stable order, as rows. */
const TABLES = [
  ['incidents', 'id'],
  ['audit_events', 'id'],
  ['worklog', 'id'],
  ['assignments', 'id'],
  ['onsite_tasks', 'id'],
  ['outbox', 'id'],
  ['idempotency_keys', 'key'],
] as const;

/** Storage whose oneStatement writes are counted: how many were tried, how many missed.
 *  `between` runs after the command was decided and before its statement is sent. */
function counted(storage: Storage, between?: (incidentId: string) => Promise<void>) {
  const writes = storage.oneStatement as OneStatementWrites;
  const tally = { tried: 0, missed: 0 };
  const wrapped: Storage = {
    ...storage,
    oneStatement: {
      held: (id) => writes.held(id),
      async commit(change: IncidentChange, decidedOn: HeldIncident) {
        tally.tried++;
        await between?.(change.incident.id);
        const done = await writes.commit(change, decidedOn);
        if (!done) tally.missed++;
        return done;
      },
    },
  };
  return { storage: wrapped, tally };
}

const postgresBackend = backends.find((b) => b.name === 'postgres') as (typeof backends)[number];

/** The desk's "save as knowledge" of an incident's resolution: a draft that names its origin. */
const draftFrom = (incidentId: string) =>
  ({
    kind: 'article',
    title: 'VPN gateway',
    symptoms: 'VPN drops',
    solution: 'Fixed the gateway',
    category: null,
    tags: [],
    sourceUrl: null,
    status: 'draft',
    lastVerifiedAt: null,
    originIncidentId: incidentId,
  }) as const;

describe('a click in one statement, on PostgreSQL', () => {
  let backend: OpenBackend;
  const admin = postgres(testDatabaseUrl, { max: 2, onnotice: () => {} });
  const lockKey = randomInt(1, 2 ** 31);

  beforeAll(async () => {
    backend = await postgresBackend.open();
    // At commit (a deferred constraint trigger), a statement on an incident titled 'probe-wait'
    // waits for an advisory lock the test holds.
    await installWaitAtCommit(backend.db, lockKey);
  });
  afterAll(async () => {
    await admin.end();
    await backend.close();
  });

  const rows = async (schema: string, table: string, order: string) =>
    admin.unsafe(
      `SELECT to_jsonb(t) - 'created_at' - 'updated_at' AS r FROM "${schema}".${table} t ORDER BY ${order}`,
    );

  /** Every table of `b`'s schema, the incident's id (random) replaced by a constant. */
  const dumpOf = async (b: OpenBackend, incidentId: string) => {
    const all: unknown[] = [];
    for (const [table, order] of TABLES)
      all.push(table, ...(await rows(b.db.schema as string, table, order)));
    return JSON.parse(JSON.stringify(all).replaceAll(incidentId, 'INCIDENT')) as unknown[];
  };

  type Fire = (b: OpenBackend, incidentId: string, key: string, due: Date, clock: Clock) => Promise<void>;
  /** In this process, on the storage that clicks. */
  const fireHere: Fire = async (b, id, key, due, clock) => {
    expect(await new TimerService(b.storage, cfg, clock).fire(id, key, due)).toBe('fired');
  };
  /** In another process (a worker): its own pool on the same schema. */
  const fireElsewhere: Fire = async (b, id, key, due, clock) => {
    const worker = await openDatabase({ databaseUrl: testDatabaseUrl, schema: b.db.schema as string });
    try {
      expect(await new TimerService(createStorage(worker), cfg, clock).fire(id, key, due)).toBe('fired');
    } finally {
      await worker.close();
    }
  };

  type Scenario = (b: OpenBackend, storage: Storage, fire: Fire) => Promise<unknown>;
  /**
   * `scenario` on a fresh database with the one statement (counted, firing with `fire`) and on
   * another without it (the locked path, firing in this process): every table must end alike.
   * Returns the one statement's tally.
   */
  const fastMatchesSlow = async (scenario: Scenario, fire: Fire) => {
    const [fastDb, slowDb] = await Promise.all([postgresBackend.open(), postgresBackend.open()]);
    try {
      const { storage, tally } = counted(fastDb.storage);
      const fast = await scenario(fastDb, storage, fire);
      const slow = await scenario(slowDb, { ...slowDb.storage, oneStatement: undefined }, fireHere);
      expect(fast).toEqual(slow);
      return tally;
    } finally {
      await Promise.all([fastDb.close(), slowDb.close()]);
    }
  };

  /**
   * Reported and held; its response deadline passes and the timer fires (`fire`, keeping the
   * version); then the desk classifies with the card it has (that version). The breach must stay
   * recorded, and every table must end as the locked path (no oneStatement) leaves it.
   */
  const breachThenClassify = (fire: Fire) =>
    fastMatchesSlow(async (b, storage, fire) => {
      const clock = manualClock();
      const service = new TriageService(storage, cfg, clock);
      const inc = (await service.report(input, reporter, { idempotencyKey: 'evt-b-r' })).incident;
      const respond = timerSchedule(inc, cfg, clock.now()).find((t) => t.kind === 'respond');
      if (!respond) throw new Error('no response deadline');
      clock.current = new Date(respond.at.getTime() + 60_000);
      await fire(b, inc.id, respond.key, respond.at, clock);
      const classify = {
        type: 'classify',
        nature: 'fault',
        category: 'vpn',
        verification: 'Checked',
      } as const;
      clock.current = new Date(clock.current.getTime() + 60_000);
      const done = await service.execute(inc.id, classify, alice, {
        idempotencyKey: 'evt-b-c',
        expectedVersion: inc.version,
      });
      expect(done.incident.breaches).toContain('respond');
      expect((await b.storage.getIncident(inc.id))?.breaches).toContain('respond');
      return dumpOf(b, inc.id);
    }, fire);

  it('a response deadline fired in this process between two clicks stays recorded', async () => {
    // The firing's own write refills what this process holds (version kept, new revision): the
    // click is still a hit, decided on the incident with its breach.
    expect(await breachThenClassify(fireHere)).toEqual({ tried: 1, missed: 0 });
  });

  it('a response deadline fired by another process (a worker) between two clicks stays recorded', async () => {
    // The version is the card's, but the row was written since it was held: the revision misses,
    // and the locked path classifies the incident as stored, breach included.
    expect(await breachThenClassify(fireElsewhere)).toEqual({ tried: 1, missed: 1 });
  });

  /**
   * Assigned and held; nobody accepts, the acceptance deadline passes and its timer pings the
   * team (`fire`, keeping the version); then the team accepts, works and resolves with the cards
   * it has. Everyone pinged must hear the acceptance and the resolution (ping follow-ups, decided
   * on the timer audit), and every table must end as the locked path leaves it.
   */
  const pingThenAcceptAndResolve = (fire: Fire) =>
    fastMatchesSlow(async (b, storage, fire) => {
      const clock = manualClock();
      const service = new TriageService(storage, cfg, clock);
      let inc = (await service.report(input, reporter, { idempotencyKey: 'evt-p-r' })).incident;
      const click = async (i: number) => {
        const [command, actor] = PATH[i] as [Command, Actor];
        clock.current = new Date(clock.current.getTime() + 1000);
        inc = (
          await service.execute(inc.id, command, actor, {
            idempotencyKey: `evt-p-${i}`,
            expectedVersion: inc.version,
          })
        ).incident;
      };
      for (let i = 0; i <= 5; i++) await click(i); // triage, then assigned to the team
      const acceptance = timerSchedule(inc, cfg, clock.now()).find((t) => t.kind === 'acceptance');
      if (!acceptance) throw new Error('no acceptance deadline');
      clock.current = new Date(acceptance.at.getTime() + 60_000);
      await fire(b, inc.id, acceptance.key, acceptance.at, clock);
      for (let i = 6; i < PATH.length; i++) await click(i); // accept, in scope, resolve, close
      // Whichever row carries them: a change's row holds its notifications (src/app/outbox.ts).
      const kinds = (await rows(b.db.schema as string, 'outbox', 'id'))
        .flatMap((r) => effectsOf(r.r as Pick<OutboxRecord, 'topic' | 'payload'>))
        .flatMap((e) => (e.type === 'notify_pinged' ? [e.event] : []));
      expect(kinds).toEqual(['accepted', 'resolved']);
      return dumpOf(b, inc.id);
    }, fire);

  it('a team pinged in this process between two clicks hears the acceptance and the resolution', async () => {
    // The firing's own write refills what this process holds, without a timer audit: the accept
    // takes the locked path (reading the ping), which holds the audit it read; in_scope, resolve
    // (its follow-up decided on that audit), confirm and close are hits.
    expect(await pingThenAcceptAndResolve(fireHere)).toEqual({ tried: 10, missed: 0 });
  });

  it('a team pinged by another process (a worker) between two clicks hears the acceptance and the resolution', async () => {
    // The accept is tried on the held copy (its timer audit: none) and misses on the revision
    // the firing's write changed; the locked path reads the ping; the rest are hits.
    expect(await pingThenAcceptAndResolve(fireElsewhere)).toEqual({ tried: 11, missed: 1 });
  });

  it('a refill between the decision and its statement makes the statement miss: the breach stays', async () => {
    // The click is decided on the held copy; before its statement is sent, this process's timer
    // fires (keeping the version) and refills what it holds. The statement must be guarded by
    // the copy decided on (its revision), never by the refill, which it would write over.
    const clock = manualClock();
    let due: { key: string; at: Date } | undefined;
    const fire = async (id: string) => {
      if (!due) return;
      clock.current = new Date(due.at.getTime() + 60_000);
      expect(await new TimerService(backend.storage, cfg, clock).fire(id, due.key, due.at)).toBe('fired');
    };
    const { storage, tally } = counted(backend.storage, fire);
    const service = new TriageService(storage, cfg, clock);
    const writes = backend.storage.oneStatement as OneStatementWrites;
    const inc = (await service.report(input, reporter)).incident;
    const respond = timerSchedule(inc, cfg, clock.now()).find((t) => t.kind === 'respond');
    if (!respond) throw new Error('no response deadline');
    const before = writes.held(inc.id);
    due = respond;
    const done = await service.execute(inc.id, PATH[0]?.[0] as Command, alice, {
      idempotencyKey: `evt-refill-${inc.id}`,
      expectedVersion: inc.version,
    });
    expect(writes.held(inc.id)?.rev).not.toBe(before?.rev);
    expect(done.incident.breaches).toContain('respond');
    expect((await backend.storage.getIncident(inc.id))?.breaches).toContain('respond');
    expect(tally).toEqual({ tried: 1, missed: 1 });
  });

  it('a row written by another connection without a new version is never written over from the held copy', async () => {
    // As fireTimer and markSavedAs do: the version kept, a jsonb column changed.
    const { storage, tally } = counted(backend.storage);
    const service = new TriageService(storage, cfg);
    const inc = (await service.report(input, reporter)).incident;
    const schema = backend.db.schema as string;
    await admin.unsafe(
      `UPDATE "${schema}".incidents SET breaches = '["respond"]'::jsonb, updated_at = now() WHERE id = $1`,
      [inc.id],
    );
    const done = await service.execute(inc.id, PATH[0]?.[0] as Command, alice, {
      idempotencyKey: `evt-raw-${inc.id}`,
      expectedVersion: inc.version,
    });
    expect(done.incident.breaches).toEqual(['respond']);
    expect((await backend.storage.getIncident(inc.id))?.breaches).toEqual(['respond']);
    expect(tally).toEqual({ tried: 1, missed: 1 });
  });

  it('a hit is one socket write and one statement, and what it holds is what is stored', async () => {
    const service = new TriageService(backend.storage, cfg);
    const writes = backend.storage.oneStatement as OneStatementWrites;
    const run = async (count: boolean) => {
      let inc = (await service.report(input, reporter)).incident;
      const counts: number[] = [];
      for (const [i, [command, actor]] of PATH.entries()) {
        const opts = { idempotencyKey: `evt-h-${inc.id}-${i}`, expectedVersion: inc.version };
        const click = () => service.execute(inc.id, command, actor, opts);
        if (count) {
          const statements = await countWrites(async () => {
            const socketWrites = await countWrites(async () => {
              inc = (await click()).incident;
            });
            counts.push(socketWrites);
          }, executedIn);
          counts.push(statements);
        } else inc = (await click()).incident;
        expect(writes.held(inc.id)?.incident).toEqual(await backend.storage.getIncident(inc.id));
      }
      return counts;
    };
    await run(false); // every statement prepared on the connection: not counted
    const counts = await run(true);
    // All eleven clicks are hits (accept and resolve too: the held copy carries the timer audit
    // the report started); each is one socket write holding one statement (the locked path: two
    // and five).
    expect(counts).toEqual(Array(22).fill(1));
  });

  it('leaves the database row for row as the locked path does', async () => {
    const [fastDb, slowDb] = await Promise.all([postgresBackend.open(), postgresBackend.open()]);
    try {
      const dump = async (b: OpenBackend, storage: Storage) => {
        const service = new TriageService(storage, cfg, steppingClock());
        let inc = (await service.report(input, reporter, { idempotencyKey: 'evt-r' })).incident;
        for (const [i, [command, actor]] of PATH.entries())
          inc = (
            await service.execute(inc.id, command, actor, {
              idempotencyKey: `evt-${i}`,
              expectedVersion: inc.version,
            })
          ).incident;
        const schema = b.db.schema as string;
        const tables = [
          ['incidents', 'id'],
          ['audit_events', 'id'],
          ['worklog', 'id'],
          ['assignments', 'id'],
          ['onsite_tasks', 'id'],
          ['outbox', 'id'],
          ['idempotency_keys', 'key'],
        ] as const;
        const all: unknown[] = [];
        for (const [table, order] of tables) all.push(table, ...(await rows(schema, table, order)));
        return JSON.parse(JSON.stringify(all).replaceAll(inc.id, 'INCIDENT')) as unknown[];
      };
      const { storage, tally } = counted(fastDb.storage);
      const fast = await dump(fastDb, storage);
      expect(tally).toEqual({ tried: 11, missed: 0 });
      const slow = await dump(slowDb, { ...slowDb.storage, oneStatement: undefined });
      expect(fast.length).toBeGreaterThan(40);
      expect(fast).toEqual(slow);
    } finally {
      await Promise.all([fastDb.close(), slowDb.close()]);
    }
  });

  it('a redelivery after a hit is replayed and written once', async () => {
    const { storage, tally } = counted(backend.storage);
    const service = new TriageService(storage, cfg);
    const inc = (await service.report(input, reporter)).incident;
    const opts = { idempotencyKey: `evt-after-${inc.id}`, expectedVersion: inc.version };
    const first = await service.execute(inc.id, PATH[0]?.[0] as Command, alice, opts);
    const again = await service.execute(inc.id, PATH[0]?.[0] as Command, alice, opts);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.incident).toEqual(first.incident);
    // The redelivery's card version is the one before the hit: not held, so the locked path
    // answers it from its key without trying a statement.
    expect(tally).toEqual({ tried: 1, missed: 0 });
    const audit = await backend.storage.listAudit(inc.id);
    expect(audit.filter((a) => a.action === 'classified')).toHaveLength(1);
  });

  // The one statement takes the key by a plain INSERT (db/unit-of-work.ts TAKE_FINAL_KEY): a key
  // already there fails it (23505), a miss like a moved version, and the locked path replays.
  it('a key already taken, on a card at the version held, misses the statement and is replayed, not written', async () => {
    const { storage, tally } = counted(backend.storage);
    const service = new TriageService(storage, cfg);
    const inc = (await service.report(input, reporter)).incident;
    const key = `evt-held-${inc.id}`;
    const first = await service.execute(inc.id, PATH[0]?.[0] as Command, alice, {
      idempotencyKey: key,
      expectedVersion: inc.version,
    });
    // The same key with the version the first left (held now): the statement is tried.
    const again = await service.execute(inc.id, PATH[1]?.[0] as Command, alice, {
      idempotencyKey: key,
      expectedVersion: first.incident.version,
    });
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.incident).toEqual(first.incident);
    expect(tally).toEqual({ tried: 2, missed: 1 });
    expect((await backend.storage.getIncident(inc.id))?.version).toBe(first.incident.version);
    const audit = await backend.storage.listAudit(inc.id);
    expect(audit.filter((a) => a.action === 'prioritised')).toHaveLength(0);
  });

  it('a redelivery during a hit waits for it, is replayed and written once; nothing answered before the commit', async () => {
    const { storage, tally } = counted(backend.storage);
    const service = new TriageService(storage, cfg);
    const inc = (await service.report({ ...input, title: 'probe-wait' }, reporter)).incident;
    const held = await admin.reserve();
    await held`select pg_advisory_lock(${lockKey})`;
    const opts = { idempotencyKey: `evt-during-${inc.id}`, expectedVersion: inc.version };
    let answered = 0;
    const click = () =>
      service.execute(inc.id, PATH[0]?.[0] as Command, alice, opts).then((r) => {
        answered++;
        return r;
      });
    const first = click();
    // The first statement is committing: its trigger waits for the lock.
    for (let waiting = 0; waiting === 0; ) {
      const [row] = await held`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and objid::text::bigint = ${lockKey} and not granted`;
      waiting = row?.n ?? 0;
    }
    const second = click();
    // The redelivery's key waits for the first statement's: give it time to be there.
    for (let waiting = 0; waiting === 0; ) {
      const [row] = await held`select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and wait_event = 'transactionid'`;
      waiting = row?.n ?? 0;
    }
    expect(answered).toBe(0);
    await held`select pg_advisory_unlock(${lockKey})`;
    held.release();
    const [a, b] = await Promise.all([first, second]);
    expect([a.replayed, b.replayed]).toEqual([false, true]);
    expect(b.incident.version).toBe(a.incident.version);
    expect(tally).toEqual({ tried: 2, missed: 1 });
    const audit = await backend.storage.listAudit(inc.id);
    expect(audit.filter((r) => r.action === 'classified')).toHaveLength(1);
  });

  it('two processes click one incident they both hold: the loser is out of date, nothing of it written', async () => {
    const second: Database = await openDatabase({
      databaseUrl: testDatabaseUrl,
      schema: backend.db.schema as string,
    });
    try {
      const a = counted(backend.storage);
      const b = counted(createStorage(second));
      const serviceA = new TriageService(a.storage, cfg);
      const serviceB = new TriageService(b.storage, cfg);
      const key = `evt-two-r-${randomInt(1, 2 ** 31)}`;
      const inc = (await serviceA.report(input, reporter, { idempotencyKey: key })).incident;
      // B comes to hold it by a redelivery of the report's key to a command (a replay loads it).
      await serviceB.execute(inc.id, { type: 'no_match' }, alice, { idempotencyKey: key });
      expect(b.storage.oneStatement?.held(inc.id)?.incident.version).toBe(inc.version);
      const classify = { type: 'classify', nature: 'fault', category: 'vpn' } as const;
      const results = await Promise.allSettled([
        serviceA.execute(inc.id, classify, alice, {
          idempotencyKey: `evt-two-a-${inc.id}`,
          expectedVersion: inc.version,
        }),
        serviceB.execute(inc.id, classify, bob, {
          idempotencyKey: `evt-two-b-${inc.id}`,
          expectedVersion: inc.version,
        }),
      ]);
      expect(a.tally.tried + b.tally.tried).toBe(2);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const error = (lost[0] as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(DomainError);
      expect(['already_done', 'stale_version']).toContain((error as DomainError).code);
      const loserKey = results[0]?.status === 'rejected' ? `evt-two-a-${inc.id}` : `evt-two-b-${inc.id}`;
      const schema = backend.db.schema as string;
      expect(
        await admin.unsafe(`SELECT 1 FROM "${schema}".idempotency_keys WHERE key = $1`, [loserKey]),
      ).toHaveLength(0);
      const audit = await backend.storage.listAudit(inc.id);
      expect(audit.filter((r) => r.action === 'classified')).toHaveLength(1);
      expect((await backend.storage.getIncident(inc.id))?.version).toBe(inc.version + 1);
    } finally {
      await second.close();
    }
  });

  it('a connection ended at the statement\'s commit is answered "outcome unknown", not retried', async () => {
    await backend.db.orm.execute(
      sql.raw(`
      CREATE FUNCTION die_here() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER die_at_commit AFTER UPDATE ON incidents
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.title = 'probe-lost') EXECUTE FUNCTION die_here();`),
    );
    const { storage, tally } = counted(backend.storage);
    const service = new TriageService(storage, cfg);
    const other = (await service.report(input, reporter)).incident; // held too
    const inc = (await service.report({ ...input, title: 'probe-lost' }, reporter)).incident;
    expect(heldIncidentsOf(backend.db).get(other.id)).toBeDefined();
    const failure = await service
      .execute(inc.id, PATH[0]?.[0] as Command, alice, {
        idempotencyKey: `evt-lost-${inc.id}`,
        expectedVersion: inc.version,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(databaseUnavailableCode(failure)).toBe(COMMIT_OUTCOME_UNKNOWN);
    // The server may have lost writes: nothing held is trusted any more (HeldIncidents.clear).
    expect(heldIncidentsOf(backend.db).size).toBe(0);
    // Tried once and thrown (not a miss): the locked path was not run after it.
    expect(tally).toEqual({ tried: 1, missed: 0 });
    expect((await backend.storage.getIncident(inc.id))?.version).toBe(inc.version);
  });

  it('a connection of the pool lost (not ended by the pool) empties the held map', async () => {
    const service = new TriageService(backend.storage, cfg);
    const inc = (await service.report(input, reporter)).incident;
    const held = heldIncidentsOf(backend.db);
    expect(held.get(inc.id)).toBeDefined();
    // One connection of this pool (only ours: the database is shared) ended by the server.
    const [row] = (await backend.db.orm.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as {
      pid: number;
    }[];
    await admin`SELECT pg_terminate_backend(${row?.pid as number})`;
    for (let tries = 0; held.size > 0 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
    expect(held.size).toBe(0);
    // The next click takes the locked path, and holds the incident again.
    const done = await service.execute(inc.id, PATH[0]?.[0] as Command, alice, {
      expectedVersion: inc.version,
    });
    expect(held.get(inc.id)?.incident).toEqual(done.incident);
  });

  it('the driver tells a connection the pool ended itself (max_lifetime) from one lost (patch hunk 11)', async () => {
    const told: (boolean | undefined)[] = [];
    const client = postgres(testDatabaseUrl, {
      max: 1,
      max_lifetime: 1,
      onnotice: () => {},
      onclose: (_id: number, ended?: boolean) => told.push(ended),
    } as postgres.Options<Record<string, never>>);
    try {
      await client`SELECT 1`;
      for (let tries = 0; told.length === 0 && tries < 150; tries++)
        await new Promise((r) => setTimeout(r, 20));
      expect(told).toEqual([true]); // recycled: the held incidents are kept
      const [row] = await client`SELECT pg_backend_pid() AS pid`;
      await admin`SELECT pg_terminate_backend(${row?.pid as number})`;
      for (let tries = 0; told.length === 1 && tries < 100; tries++)
        await new Promise((r) => setTimeout(r, 20));
      expect(told).toEqual([true, false]); // lost: they are forgotten
    } finally {
      await client.end();
    }
  });

  it('a held incident whose resolution is saved as knowledge is dropped: the next click keeps savedAs', async () => {
    const service = new TriageService(backend.storage, cfg);
    const writes = backend.storage.oneStatement as OneStatementWrites;
    let inc: Incident = (await service.report(input, reporter)).incident;
    for (const [command, actor] of PATH.slice(0, 9))
      inc = (await service.execute(inc.id, command, actor, { expectedVersion: inc.version })).incident;
    expect(inc.resolution?.savedAs ?? null).toBeNull();
    expect(writes.held(inc.id)).toBeDefined();
    const store = createKnowledgeStore(backend.db, defaultAnalyzer());
    const entry = await store.createEntry(draftFrom(inc.id));
    expect(writes.held(inc.id)).toBeUndefined();
    const confirmed = await service.execute(inc.id, { type: 'confirm' }, reporter, {
      expectedVersion: inc.version,
    });
    expect(confirmed.incident.resolution?.savedAs).toBe(entry.ref);
    expect((await backend.storage.getIncident(inc.id))?.resolution?.savedAs).toBe(entry.ref);
  });

  it('a resolution saved as knowledge by another process between two clicks is kept', async () => {
    const { storage, tally } = counted(backend.storage);
    const service = new TriageService(storage, cfg);
    const writes = backend.storage.oneStatement as OneStatementWrites;
    let inc: Incident = (await service.report(input, reporter)).incident;
    for (const [command, actor] of PATH.slice(0, 9))
      inc = (await service.execute(inc.id, command, actor, { expectedVersion: inc.version })).incident;
    // `npm run kb` or another web replica: its own pool, so this process is not told.
    const other = await openDatabase({ databaseUrl: testDatabaseUrl, schema: backend.db.schema as string });
    try {
      const entry = await createKnowledgeStore(other, defaultAnalyzer()).createEntry(draftFrom(inc.id));
      expect(writes.held(inc.id)?.incident.version).toBe(inc.version); // still held, at the card's version
      const before = { ...tally };
      const confirmed = await service.execute(inc.id, { type: 'confirm' }, reporter, {
        expectedVersion: inc.version,
      });
      expect(confirmed.incident.resolution?.savedAs).toBe(entry.ref);
      expect((await backend.storage.getIncident(inc.id))?.resolution?.savedAs).toBe(entry.ref);
      expect(tally).toEqual({ tried: before.tried + 1, missed: before.missed + 1 });
    } finally {
      await other.close();
    }
  });
});

describe('on PGlite, the locked path only', () => {
  let backend: OpenBackend;
  beforeAll(async () => {
    backend = await (backends.find((b) => b.name === 'pglite') as (typeof backends)[number]).open();
  });
  afterAll(() => backend.close());

  it('offers no one-statement writes, and a path of clicks with versions and keys works as before', async () => {
    expect(backend.storage.oneStatement).toBeUndefined();
    const service = new TriageService(backend.storage, cfg);
    let inc = (await service.report(input, reporter)).incident;
    for (const [i, [command, actor]] of PATH.entries())
      inc = (
        await service.execute(inc.id, command, actor, {
          idempotencyKey: `evt-p-${inc.id}-${i}`,
          expectedVersion: inc.version,
        })
      ).incident;
    expect(inc.status).toBe('closed');
    const again = await service.execute(inc.id, { type: 'close', code: null }, alice, {
      idempotencyKey: `evt-p-${inc.id}-${PATH.length - 1}`,
      expectedVersion: inc.version - 1,
    });
    expect(again.replayed).toBe(true);
  });
});
