// Fault test: the inbox's acknowledgement connections are killed on the server while requests
// wait on them (pg_terminate_backend, as a failover, an idle-session killer or an operator does).
// Those requests must be refused (never acknowledged), and the very next requests must be stored
// again on fresh connections — not refused with the dead connections' old error until a restart.
// On a private cluster: the shared test server's sessions are never killed.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connect.js';
import { createInboxStore } from '../../db/inbox.js';
import type { InboxStore } from '../../src/app/ports.js';
import { databaseUnavailableCode } from '../../src/app/unavailable.js';
import { type SecondPostgres, startSecondPostgres } from '../support/second-services.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lease = () => new Date(Date.now() + 30_000);

describe('inbox acknowledgement pool after its connections were killed', () => {
  let pg: SecondPostgres;
  let db: Database;
  let store: InboxStore;
  let admin: postgres.Sql;

  beforeAll(async () => {
    pg = await startSecondPostgres();
    db = await openDatabase({ databaseUrl: pg.url });
    store = createInboxStore(db);
    admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  }, 60_000);
  afterAll(async () => {
    await admin?.end({ timeout: 1 });
    await db?.close();
    pg?.destroy();
  });

  const admit = (key: string) =>
    store.admit({ platform: 'slack', key, body: { n: key }, leaseUntil: lease() });

  /** Locks the inbox, lets `keys` queue behind the lock, kills their sessions, then unlocks. */
  async function killWhileWaiting(keys: string[]): Promise<unknown[]> {
    const outcomes: Promise<unknown>[] = [];
    await admin.begin(async (tx) => {
      await tx`LOCK TABLE inbox IN ACCESS EXCLUSIVE MODE`;
      for (const key of keys)
        outcomes.push(
          admit(key).then(
            (fresh) => ({ fresh }),
            (err: unknown) => err,
          ),
        );
      let waiting: { pid: number }[] = [];
      for (let i = 0; i < 100 && waiting.length === 0; i++) {
        await sleep(50);
        waiting =
          await tx`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;
      }
      expect(waiting.length).toBeGreaterThan(0);
      for (const { pid } of waiting) await tx`SELECT pg_terminate_backend(${pid})`;
    });
    return Promise.all(outcomes);
  }

  it('refuses the requests on the killed connections and stores the next ones', async () => {
    expect(await admit('before')).toBe(true);
    const refused = await killWhileWaiting(['k1', 'k2', 'k3', 'k4']);
    // Each one is refused or stored, never silently lost; the killed batch is refused.
    const failures = refused.filter((o) => o instanceof Error);
    expect(failures.length).toBeGreaterThan(0);
    // … as an outage (the bot's "not saved, try again" answer), not as an unknown error.
    for (const f of failures) expect(databaseUnavailableCode(f)).not.toBeNull();
    const [stored] = await admin`SELECT count(*)::int AS n FROM inbox WHERE key IN ('k1','k2','k3','k4')`;
    expect(stored?.n).toBe(refused.length - failures.length);

    // Right after the kill, each new request is stored (the pool reconnects on demand).
    for (let i = 0; i < 6; i++) expect(await admit(`after-${i}`)).toBe(true);
    const together = await Promise.all(Array.from({ length: 8 }, (_, i) => admit(`burst-${i}`)));
    expect(together).toEqual(Array(8).fill(true));
  }, 60_000);

  it('recovers again after a second kill (nothing remembered from the first)', async () => {
    await killWhileWaiting(['m1', 'm2']);
    await sleep(300);
    expect(await admit('after-second')).toBe(true);
  }, 60_000);

  it('stores the next request when its idle connections were killed', async () => {
    await Promise.all([admit('warm-1'), admit('warm-2')]);
    const killed = await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
    expect(killed.length).toBeGreaterThan(0);
    const first = await admit('after-idle-kill').then(
      (fresh) => fresh,
      (err: unknown) => err,
    );
    // The first may meet a socket whose close it has not seen yet; it is refused, never lost.
    if (first !== true) expect(first).toBeInstanceOf(Error);
    await sleep(300);
    for (let i = 0; i < 4; i++) expect(await admit(`after-idle-${i}`)).toBe(true);
  }, 60_000);
});
