// A command's last write goes out with its COMMIT (UnitOfWork.writeChangeAndCommit, postgres.js
// patch hunks 7 and 8). What must still hold: the command is committed before it is answered; a
// version mismatch at the write rolls everything back (the idempotency key too) and is answered
// as a lost race; and the write and the COMMIT now share one socket write.

import { randomInt, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage, UnitOfWork } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Command } from '../../src/core/commands.js';
import { DomainError } from '../../src/core/errors.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend, testDatabaseUrl } from '../support/databases.js';
import { countWrites, executedIn } from '../support/socket-writes.js';
import { installWaitAtCommit } from '../support/wait-at-commit.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const classify: Command = { type: 'classify', nature: 'fault', category: 'vpn' };

/** Storage whose row lock hands out the incident one version back: as if the lock were lost. */
function staleLock(storage: Storage): Storage {
  return {
    ...storage,
    transaction: (work) =>
      storage.transaction((uow) =>
        // Object.create: the unit of work's methods are on its prototype, which a spread drops.
        work(
          Object.assign(Object.create(uow) as UnitOfWork, {
            lockIncident: async (id: string) => {
              const incident = await uow.lockIncident(id);
              return incident && { ...incident, version: incident.version - 1 };
            },
            lockIncidentTakingKey: async (id: string, key: string | undefined) => {
              const { hit, incident } = await uow.lockIncidentTakingKey(id, key);
              return { hit, incident: incident && { ...incident, version: incident.version - 1 } };
            },
          }),
        ),
      ),
  };
}

describe.each(backends)('a command’s last write, sent with COMMIT, on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, cfg);
  });
  afterAll(() => backend.close());

  const report = async (title = 'VPN drops'): Promise<Incident> =>
    (await service.report({ title, description: 'since 9am', service: 'VPN', severity: null }, reporter))
      .incident;

  it('a redelivered report is answered from its key and takes no incident number', async () => {
    const input = { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null };
    const key = `evt-r-${randomUUID()}`;
    const first = await service.report(input, reporter, { idempotencyKey: key });
    const again = await service.report(input, reporter, { idempotencyKey: key });
    expect(again.replayed).toBe(true);
    expect(again.incident.id).toBe(first.incident.id);
    const next = await report();
    expect(Number(next.number.replace(/\D/g, ''))).toBe(Number(first.incident.number.replace(/\D/g, '')) + 1);
  });

  it('a version mismatch at the write rolls back everything, key included, as a lost race', async () => {
    const inc = await report();
    const before = await backend.storage.listAudit(inc.id);
    const outbox = (await backend.storage.listOutbox({})).length;
    const stale = new TriageService(staleLock(backend.storage), cfg);
    const key = `evt-${inc.id}`;
    const error = await stale.execute(inc.id, classify, alice, { idempotencyKey: key }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    // Who changed it last (the report) is named, as any stale card's answer names it.
    expect((error as DomainError).code).toBe('stale_version');
    expect(await backend.storage.getIncident(inc.id)).toEqual(inc);
    expect(await backend.storage.listAudit(inc.id)).toEqual(before);
    expect((await backend.storage.listOutbox({})).length).toBe(outbox);
    // The key was rolled back with the rest: the same delivery again is a new command, not a replay.
    const again = await service.execute(inc.id, classify, alice, { idempotencyKey: key });
    expect(again.replayed).toBe(false);
    expect(again.incident.version).toBe(inc.version + 1);
  });
});

describe('on PostgreSQL: answered after COMMIT, in fewer socket writes', () => {
  let backend: OpenBackend;
  let service: TriageService;
  const admin = postgres(testDatabaseUrl, { max: 2, onnotice: () => {} });
  const lockKey = randomInt(1, 2 ** 31);

  beforeAll(async () => {
    backend = await (backends.find((b) => b.name === 'postgres') as (typeof backends)[number]).open();
    service = new TriageService(backend.storage, cfg);
    // At COMMIT (a deferred constraint trigger), the command's session waits for an advisory
    // lock the test holds: the COMMIT cannot be answered until the test lets go.
    await installWaitAtCommit(backend.db, lockKey);
  });
  afterAll(async () => {
    await admin.end();
    await backend.close();
  });

  const report = async (title: string): Promise<Incident> =>
    (await service.report({ title, description: 'since 9am', service: 'VPN', severity: null }, reporter))
      .incident;

  it('does not answer a command before its COMMIT is answered', async () => {
    const inc = await report('probe-wait');
    const held = await admin.reserve();
    await held`select pg_advisory_lock(${lockKey})`;
    let answered = false;
    const command = service.execute(inc.id, classify, alice).then((r) => {
      answered = true;
      return r;
    });
    // The COMMIT is being executed: the trigger waits for the lock.
    for (let waiting = 0; waiting === 0; ) {
      const [row] = await admin`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and objid::text::bigint = ${lockKey} and not granted`;
      waiting = row?.n ?? 0;
    }
    expect(answered).toBe(false);
    await held`select pg_advisory_unlock(${lockKey})`;
    held.release();
    expect((await command).incident.version).toBe(inc.version + 1);
    const [row] = await admin`select version from ${admin(backend.db.schema ?? 'public')}.incidents
      where id = ${inc.id}`;
    expect(row?.version).toBe(inc.version + 1);
  });

  it('sends BEGIN with the first reads, then the write with COMMIT: two socket writes', async () => {
    // Statements are prepared once per connection (a round trip each): not counted.
    const warm = await report('VPN drops');
    await service.execute(warm.id, classify, alice, { idempotencyKey: `evt-w-${warm.id}` });
    const inc = await report('VPN drops');
    const writes = await countWrites(() =>
      service.execute(inc.id, classify, alice, { idempotencyKey: `evt-w-${inc.id}` }),
    );
    // BEGIN + key + lock | write + COMMIT (before: BEGIN + key + lock | write | COMMIT).
    expect(writes).toBe(2);
  });

  it('an accept reads the timer audit (ping follow-ups) with the load: two socket writes, five statements', async () => {
    const assigned = async () => {
      let inc = await report('VPN drops');
      const steps: [Command, Actor][] = [
        [{ type: 'classify', nature: 'fault', category: 'vpn', verification: 'Checked' }, alice],
        [{ type: 'prioritise', impact: 2, urgency: 3 }, alice],
        [{ type: 'decide_onsite', needed: false }, alice],
        [{ type: 'no_match' }, alice],
        [
          { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
          alice,
        ],
      ];
      for (const [command, actor] of steps) inc = (await service.execute(inc.id, command, actor)).incident;
      return inc;
    };
    const nick = actorFor('nick');
    const warm = await assigned(); // statements prepared: not counted
    await service.execute(warm.id, { type: 'accept' }, nick, { idempotencyKey: `evt-a-${warm.id}` });
    const inc = await assigned();
    const writes = await countWrites(() =>
      service.execute(inc.id, { type: 'accept' }, nick, { idempotencyKey: `evt-a-${inc.id}` }),
    );
    expect(writes).toBe(2);
    // The timer audit is a column of the load, not a statement beside it (before: six).
    const next = await assigned();
    const statements = await countWrites(
      () => service.execute(next.id, { type: 'accept' }, nick, { idempotencyKey: `evt-a-${next.id}` }),
      executedIn,
    );
    expect(statements).toBe(5);
  });

  it('a report runs four statements: BEGIN, key taken with the next number, write, COMMIT', async () => {
    const input = { title: 'VPN drops', description: 'since 9am', service: 'VPN', severity: null };
    await service.report(input, reporter, { idempotencyKey: `evt-r-${randomUUID()}` }); // prepared
    const statements = await countWrites(
      () => service.report(input, reporter, { idempotencyKey: `evt-r-${randomUUID()}` }),
      executedIn,
    );
    // Before: BEGIN, key taken, nextval, write, COMMIT.
    expect(statements).toBe(4);
  });

  it('runs five statements: BEGIN, key taken with the lock, load, write, COMMIT', async () => {
    const warm = await report('VPN drops');
    await service.execute(warm.id, classify, alice, { idempotencyKey: `evt-s-${warm.id}` });
    const inc = await report('VPN drops');
    const statements = await countWrites(
      () => service.execute(inc.id, classify, alice, { idempotencyKey: `evt-s-${inc.id}` }),
      executedIn,
    );
    // Before: BEGIN, key taken, key read, lock, load, write, COMMIT.
    expect(statements).toBe(5);
  });
});
