// The inbox (durable acknowledgement) against real PostgreSQL and PGlite: a repeated key is one
// row; the sweep finishes only rows whose lease ran out, never one this process is still working
// on, counts attempts and gives up after the last; finished rows keep their key, not their body.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { findPendingAnswer, keepPendingAnswer } from '../../db/pending-answers.js';
import { createStorage } from '../../db/repository.js';
import { Inbox, type InboxLog } from '../../src/app/inbox.js';
import { handOffRole } from '../../src/app/inbox-follower.js';
import type { InboxStore } from '../../src/app/ports.js';
import { type Backend, backends, type OpenBackend, testDatabaseUrl } from '../support/databases.js';

const quiet: InboxLog = { info: () => {}, warn: () => {}, error: () => {} };

describe.each(backends)('inbox on $name', ({ open }) => {
  let backend: OpenBackend;
  let store: InboxStore;
  beforeEach(async () => {
    backend = await open();
    store = backend.storage.inbox;
  });
  afterEach(() => backend.close());

  const t0 = new Date('2026-12-04T10:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const claim = (now: Date, skip: string[] = [], maxAttempts = 5) =>
    store.claimStale({ platform: 'slack', now, leaseUntil: at(1_000), limit: 10, maxAttempts, skip });

  it('keeps one row per key, finishes it without its body, and prunes old finished rows', async () => {
    const entry = {
      platform: 'slack' as const,
      key: 'event:Ev1',
      body: { text: 'VPN down' },
      leaseUntil: at(30),
    };
    expect(await store.admit(entry)).toBe(true);
    expect(await store.admit(entry)).toBe(false);
    expect(await store.admit({ ...entry, platform: 'teams' })).toBe(true); // keys are per platform
    await store.finish('slack', 'event:Ev1', at(1));
    expect(await store.admit(entry)).toBe(false); // a late repeat is still one row
    expect(await claim(at(60))).toEqual([]);
    const rows = JSON.stringify(
      await backend.db.orm.execute(sql`SELECT platform, body FROM inbox ORDER BY platform`),
    );
    expect(rows).toContain('"platform":"slack","body":{}');
    expect(rows).toContain('"platform":"teams","body":{"text":"VPN down"}');
    expect(await store.prune(new Date(Date.now() + 60_000), 10)).toBe(1); // the finished one only
    expect(await store.admit(entry)).toBe(true);
  });

  it("the sweep forgets a reporter's kept words once their choice has expired", async () => {
    const kept = { actorId: 'slack:U1', text: 'Seat 12', choices: ['i1', 'i2'], takenIncidentId: null };
    await keepPendingAnswer(backend.db, { ...kept, key: 'old', expiresAt: new Date(Date.now() - 1_000) }, t0);
    await keepPendingAnswer(
      backend.db,
      { ...kept, key: 'new', expiresAt: new Date(Date.now() + 3_600_000) },
      t0,
    );
    await store.prune(t0, 10);
    expect(await findPendingAnswer(backend.db, 'old')).toBeNull();
    expect(await findPendingAnswer(backend.db, 'new')).not.toBeNull();
  });

  it('requests arriving together are stored together; a key sent twice at once is new once', async () => {
    const e = (key: string) => ({ platform: 'slack' as const, key, body: {}, leaseUntil: at(30) });
    // The first two go at once (one INSERT per ack connection); the next two wait and go together.
    const answers = await Promise.all([e('w'), e('x'), e('y'), e('x')].map((x) => store.admit(x)));
    // The two INSERTs race, so either x may be the new one: exactly one is.
    expect([answers[0], answers[2]]).toEqual([true, true]);
    expect([answers[1], answers[3]].filter(Boolean)).toHaveLength(1);
    expect((await claim(at(31))).map((r) => r.key)).toEqual(expect.arrayContaining(['x', 'y']));
  });

  it('marks done every request finished at once, without their bodies (grouped UPDATEs)', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    for (const key of keys)
      await store.admit({ platform: 'slack', key, body: { text: 'printer jam' }, leaseUntil: at(30) });
    await store.admit({ platform: 'teams', key: 'k0', body: { text: 'other platform' }, leaseUntil: at(30) });
    await Promise.all(keys.map((key) => store.finish('slack', key, at(1))));
    const rows = await backend.db.orm.execute(
      sql`SELECT count(*)::int AS n FROM inbox WHERE done_at IS NOT NULL AND body = '{}'::jsonb`,
    );
    expect(JSON.stringify(rows)).toContain('"n":12');
    // The same key on the other platform is not marked: the pair is the key.
    expect((await claim(at(31))).map((r) => `${r.platform}:${r.key}`)).toEqual([]);
    const teams = await store.claimStale({
      platform: 'teams',
      now: at(31),
      leaseUntil: at(1_000),
      limit: 10,
      maxAttempts: 5,
      skip: [],
    });
    expect(teams.map((r) => r.key)).toEqual(['k0']);
  });

  it('claims rows whose lease ran out, oldest first, skips what is in flight, stops after the last attempt', async () => {
    // One after the other: two INSERTs in flight at once (one per ack connection) may take their
    // timestamps in either order.
    for (const key of ['a', 'b', 'c'])
      await store.admit({ platform: 'slack', key, body: { key }, leaseUntil: at(10) });
    expect(await claim(at(5))).toEqual([]); // leases still running
    const first = await claim(at(11), ['b']);
    expect(first.map((r) => [r.key, r.attempts, r.body])).toEqual([
      ['a', 1, { key: 'a' }],
      ['c', 1, { key: 'c' }],
    ]);
    expect(await claim(at(11))).toMatchObject([{ key: 'b', attempts: 1 }]); // a and c leased again
    expect(await claim(at(2_000), [], 2)).toMatchObject([{ key: 'a' }, { key: 'b' }, { key: 'c' }]);
    expect(await claim(at(4_000), [], 2)).toEqual([]); // 2 attempts each: left to the operator
  });

  it('the sweep processes what a crash left and marks it done; a failing handler leaves it', async () => {
    const seen: string[] = [];
    let fail = true;
    const inbox = new Inbox(store, quiet, { platform: 'slack', leaseMs: 1, sweepMs: 60_000 });
    await store.admit({
      platform: 'slack',
      key: 'left',
      body: { n: 1 },
      leaseUntil: new Date(Date.now() - 1),
    });
    await inbox.start(async (body) => {
      seen.push(JSON.stringify(body));
      if (fail) throw new Error('down');
    });
    expect(seen).toEqual(['{"n":1}']);
    fail = false;
    await new Promise((r) => setTimeout(r, 5));
    expect(await inbox.sweep()).toBe(1);
    expect(await inbox.sweep()).toBe(0);
    expect(seen).toHaveLength(2);
    await inbox.stop();
    // A request received while running: processed at once, a repeat only acknowledged.
    const work: string[] = [];
    expect(await inbox.receive('new', { n: 2 }, async () => void work.push('new'))).toBe(true);
    expect(await inbox.receive('new', { n: 2 }, async () => void work.push('again'))).toBe(false);
    expect(work).toEqual(['new']);
    expect(await claim(new Date(Date.now() + 3_600_000))).toEqual([]);
  });
  it('a request that cannot be stored is refused, and its words stay out of the error and the log', async () => {
    const other = await open();
    await other.close(); // a real failure: the database is gone
    const logged: unknown[] = [];
    const log: InboxLog = { info: () => {}, warn: (o) => logged.push(o), error: (o) => logged.push(o) };
    const inbox = new Inbox(other.storage.inbox, log, { platform: 'slack', leaseMs: 1_000, sweepMs: 60_000 });
    let ran = false;
    const refused = await inbox
      .receive('view:T1:U1:V1', { title: 'Salary of Wang Fang' }, async () => {
        ran = true;
      })
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(refused?.name).toBe('InboxUnavailable');
    expect(ran).toBe(false);
    expect(JSON.stringify({ message: refused?.message, logged })).not.toContain('Wang Fang');
    expect(logged).toMatchObject([{ key: 'view:T1:U1:V1' }]);
  });
});

// Hand-off between processes (PostgreSQL only: LISTEN/NOTIFY): one web process gives, two
// workers on connections of their own take; each request is processed once, by one of them.
describe('inbox hand-off on postgres', () => {
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close();
  });

  it('a handed-off request is processed at once by one worker, once, and marked done', async () => {
    const backend = await (backends[0] as Backend).open();
    opened.push(backend);
    const worker = async () => {
      const db = await openDatabase({ databaseUrl: testDatabaseUrl, schema: backend.db.schema ?? '' });
      const storage = createStorage(db);
      opened.push(storage);
      return storage.inbox;
    };
    const opts = { platform: 'slack' as const, leaseMs: 60_000, sweepMs: 60_000 };
    const web = new Inbox(backend.storage.inbox, quiet, { ...opts, handOff: 'give' });
    const seen: string[][] = [[], []];
    const takers = await Promise.all([worker(), worker()]);
    const workers = takers.map((store, i) => {
      const inbox = new Inbox(store, quiet, { ...opts, handOff: 'take' });
      opened.push({ close: () => inbox.stop() });
      return inbox.start(async (body) => void seen[i]?.push(String(body.n))).then(() => inbox);
    });
    await Promise.all(workers);
    expect(web.gives).toBe(true);
    const keys = Array.from({ length: 20 }, (_, n) => n);
    const fresh = await Promise.all(keys.map((n) => web.handOff(`k${n}`, { n })));
    expect(fresh.every(Boolean)).toBe(true);
    expect(await web.handOff('k0', { n: 0 })).toBe(false); // a repeat is not handed off again
    const done = async () =>
      JSON.stringify(
        await backend.db.orm.execute(sql`SELECT count(*)::int AS n FROM inbox WHERE done_at IS NOT NULL`),
      );
    const until = Date.now() + 5_000;
    while (!(await done()).includes('"n":20') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    expect(await done()).toContain('"n":20');
    const all = [...(seen[0] ?? []), ...(seen[1] ?? [])].sort((a, b) => Number(a) - Number(b));
    expect(all).toEqual(keys.map(String)); // each once, by one worker or the other
    // Claimed already: nobody gets it again by its key.
    expect(
      await backend.storage.inbox.claimHandedOff({ platform: 'slack', keys: ['k1'], leaseUntil: new Date() }),
    ).toEqual([]);
  });

  /** A store on a connection of its own, as a worker process has. */
  const workerStore = async (backend: OpenBackend) => {
    const db = await openDatabase({ databaseUrl: testDatabaseUrl, schema: backend.db.schema ?? '' });
    const storage = createStorage(db);
    opened.push(storage);
    return storage.inbox;
  };
  const count = async (backend: OpenBackend, where: ReturnType<typeof sql>) => {
    const rows = await backend.db.orm.execute(sql`SELECT count(*)::int AS n FROM inbox WHERE ${where}`);
    return Number((Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0]?.n);
  };
  const until = async (check: () => Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  it('what was handed off while no worker listened runs once a worker starts, once, never in-place rows', async () => {
    const backend = await (backends[0] as Backend).open();
    opened.push(backend);
    const opts = { platform: 'slack' as const, leaseMs: 60_000, sweepMs: 60_000 };
    const web = new Inbox(backend.storage.inbox, quiet, { ...opts, handOff: 'give' });
    const keys = Array.from({ length: 30 }, (_, n) => n);
    // Nobody listens: every NOTIFY is lost (a deploy restarting all workers).
    expect((await Promise.all(keys.map((n) => web.handOff(`k${n}`, { n })))).every(Boolean)).toBe(true);
    // Forms and modals being processed where they were received: attempts 0 too, never handed off.
    for (const key of ['form1', 'form2'])
      await backend.storage.inbox.admit({
        platform: 'slack',
        key,
        body: { n: key },
        leaseUntil: new Date(Date.now() + 3_600_000),
      });
    const seen: string[][] = [[], []];
    const stores = await Promise.all([workerStore(backend), workerStore(backend)]);
    const started = Date.now();
    // Two workers start together; a small concurrency makes the catch-up take several batches each.
    await Promise.all(
      stores.map((store, i) => {
        const inbox = new Inbox(store, quiet, { ...opts, handOff: 'take', followConcurrency: 4 });
        opened.push({ close: () => inbox.stop() });
        return inbox.start(async (body) => {
          await new Promise((r) => setTimeout(r, 5));
          seen[i]?.push(String(body.n));
        });
      }),
    );
    expect(await until(async () => (await count(backend, sql`done_at IS NOT NULL`)) === 30, 5_000)).toBe(
      true,
    );
    expect(Date.now() - started).toBeLessThan(5_000); // not the lease (60 s), nor a sweep
    const all = [...(seen[0] ?? []), ...(seen[1] ?? [])].sort((a, b) => Number(a) - Number(b));
    expect(all).toEqual(keys.map(String)); // each once, by one worker or the other
    expect(await count(backend, sql`handed_off AND attempts = 1`)).toBe(30);
    // The in-place rows are still their receiver's: not claimed, not counted, not done.
    expect(await count(backend, sql`NOT handed_off AND attempts = 0 AND done_at IS NULL`)).toBe(2);
    expect(
      await backend.storage.inbox.claimWaiting({ platform: 'slack', limit: 10, leaseUntil: new Date() }),
    ).toEqual([]);
  });

  it('a worker whose LISTEN connection dropped catches up once it listens again', async () => {
    const backend = await (backends[0] as Backend).open();
    opened.push(backend);
    const opts = { platform: 'slack' as const, leaseMs: 60_000, sweepMs: 60_000 };
    const seen: string[] = [];
    const inbox = new Inbox(await workerStore(backend), quiet, { ...opts, handOff: 'take' });
    opened.push({ close: () => inbox.stop() });
    await inbox.start(async (body) => void seen.push(String(body.n)));
    // Handed off while the connection was down: stored and marked, its NOTIFY heard by nobody.
    await backend.db.orm.execute(
      sql`INSERT INTO inbox (platform, key, body, lease_until, handed_off)
          VALUES ('slack', 'missed', '{"n":"missed"}', now() + interval '60 seconds', true)`,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([]); // nothing told it
    const channel = `inbox_slack_${backend.db.schema}`;
    const killed = await backend.db.orm.execute(
      sql`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE datname = current_database() AND query = ${`listen "${channel}"`}`,
    );
    expect(JSON.stringify(killed)).toContain('"ok":true');
    expect(await until(async () => seen.length > 0, 5_000)).toBe(true);
    expect(seen).toEqual(['missed']);
  });

  it('only PostgreSQL hands off; one `all` process never does', async () => {
    expect(handOffRole('web', { handsOff: true })).toBe('give');
    expect(handOffRole('worker', { handsOff: true })).toBe('take');
    expect(handOffRole('all', { handsOff: true })).toBe('none');
    expect(handOffRole('web', { handsOff: false })).toBe('none');
    const embedded = await (backends[1] as Backend).open();
    opened.push(embedded);
    expect(embedded.storage.inbox.handsOff).toBe(false);
  });
});
