// A command, the timer relay and the delivery lock an incident's row before they change it, and
// none of them changes its key (id, number). So the lock is FOR NO KEY UPDATE: lockers still
// wait for each other, but a row that only references the incident (a card's place, chat_refs,
// written by the delivery in a transaction of its own, whose foreign-key check takes FOR KEY
// SHARE) does not wait for the lock holder's commit, as it did behind FOR UPDATE. (The outbox
// and audit rows this used to insert have had no foreign key since migration 0028: they are
// written with the incident's own row.) PostgreSQL only: PGlite has one
// connection, so nothing there can wait.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../src/app/ports.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { creation, newIncident } from '../support/incidents.js';

const postgres = backends.filter((b) => b.name === 'postgres');

const lockers: [string, (uow: UnitOfWork, id: string) => Promise<unknown>][] = [
  ['a command (key and lock)', (uow, id) => uow.lockIncidentTakingKey(id, `k-${randomUUID()}`)],
  ['a command (lock)', (uow, id) => uow.lockIncident(id)],
  ['the timer relay', (uow, id) => uow.lockIncidents([id])],
];

describe.each(postgres)('incident row locks on $name', ({ open }) => {
  let b: OpenBackend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(() => b.close());

  /** Holds `lock` on a fresh incident in a transaction until the returned release is called. */
  async function holding(lock: (uow: UnitOfWork, id: string) => Promise<unknown>) {
    const incident = newIncident();
    await b.storage.transaction((uow) => uow.writeChange(creation(incident)));
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const held = new Promise<void>((r) => {
      locked = r;
    });
    const tx = b.storage.transaction(async (uow) => {
      await lock(uow, incident.id);
      locked();
      await released;
    });
    await held;
    return {
      id: incident.id,
      release: async () => {
        release();
        await tx;
      },
    };
  }

  it.each(lockers)('%s lets another transaction reference the incident meanwhile', async (_, lock) => {
    const { id, release } = await holding(lock);
    try {
      // Behind FOR UPDATE this insert's foreign-key check waits for the holder: lock_timeout.
      await b.db.orm.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL lock_timeout = '1s'`);
        await tx.execute(
          sql`INSERT INTO chat_refs (incident_id, platform, purpose, conversation_id, message_id)
              VALUES (${id}, 'slack', 'desk', ${`lock-${randomUUID()}`}, '1.0')`,
        );
      });
    } finally {
      await release();
    }
  });

  it.each(lockers)('%s still makes another locker wait', async (_, lock) => {
    const { id, release } = await holding(lock);
    let second = false;
    const waiting = b.storage.transaction(async (uow) => {
      await uow.lockIncident(id);
      second = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBe(false);
    await release();
    await waiting;
    expect(second).toBe(true);
  });
});
