// Transactions never hold the whole pool (db/transaction-gate.ts): a read that finishes an
// already committed click — its card's knowledge-base lookups — must not queue behind newer
// clicks' transactions. Held open here, more transactions than the pool has connections; a read
// outside them is still answered, and the transactions beyond the gate's slots wait their turn.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_RESERVE } from '../../db/connect-postgres.js';
import { transactionGate } from '../../db/transaction-gate.js';
import { backends, type OpenBackend } from '../support/databases.js';

const postgres = backends.filter((b) => b.name === 'postgres');

describe.each(postgres)('transactions and reads on one pool, on $name', ({ open }) => {
  let backend: OpenBackend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('a read is answered while more transactions than the pool holds are under way', async () => {
    const slots = backend.db.transactionSlots ?? 0;
    expect(slots).toBeGreaterThan(0);
    let open = () => {};
    const held = new Promise<void>((resolve) => {
      open = resolve;
    });
    let begun = 0;
    // Each takes a connection (its first statement) and keeps it until `open`.
    const transactions = Array.from({ length: slots + READ_RESERVE + 3 }, () =>
      backend.storage.transaction(async (uow) => {
        begun += 1;
        await uow.lockIncident(randomUUID());
        await held;
      }),
    );
    try {
      // Wait for the gate's slots to fill (connecting takes a while on a loaded machine); the
      // read is issued only then, so it competes with transactions that hold their connections.
      expect(await within(15_000, async () => begun >= slots)).toBe(true);
      const read = backend.storage.getIncident(randomUUID());
      expect(await within(10_000, () => read.then(() => true))).toBe(true);
      // The transactions beyond the slots are still waiting at the gate, not on the pool.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(begun).toBe(slots);
    } finally {
      open();
      await Promise.allSettled(transactions);
    }
    expect(begun).toBe(slots + READ_RESERVE + 3);
  }, 40_000);
});

/** Polls `check` until it holds or `ms` pass; true when it held. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const held = await Promise.race([
      check(),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
    ]);
    if (held) return true;
    await new Promise((resolve) => setTimeout(resolve, 20)); // let sockets progress
  }
  return false;
}

describe('transactionGate', () => {
  it('runs at most `slots` at once, the others in arrival order, and frees a slot on failure', async () => {
    const gate = transactionGate(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const runs = [0, 1, 2, 3].map((i) =>
      gate(
        () =>
          new Promise<number>((resolve, reject) => {
            started.push(i);
            finish[i] = () => (i === 0 ? reject(new Error('failed')) : resolve(i));
          }),
      ),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    finish[0]?.();
    await expect(runs[0]).rejects.toThrow('failed');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    finish[1]?.();
    finish[2]?.();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3]);
    finish[3]?.();
    expect(await Promise.all(runs.slice(1))).toEqual([1, 2, 3]);
  });
});
