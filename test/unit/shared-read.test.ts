// sharedRead (db/group-commit.ts): callers that ask while a read is on its way share the next
// read, never the one already under way — that one may have begun before a commit they must see.
import { describe, expect, it } from 'vitest';
import { sharedRead } from '../../db/group-commit.js';

/** A read whose answers the test gives by hand, one per read begun. */
function manualRead() {
  const pending: ((v: number) => void)[] = [];
  const read = () => new Promise<number>((resolve) => pending.push(resolve));
  return { read, pending };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('sharedRead', () => {
  it('answers callers that asked during a read with the next read, shared', async () => {
    const { read, pending } = manualRead();
    const ask = sharedRead(read);
    const first = ask();
    await tick();
    expect(pending).toHaveLength(1);
    const later = [ask(), ask(), ask()];
    await tick();
    expect(pending).toHaveLength(1); // they wait for the read under way to end, then share one
    pending[0]?.(1);
    expect(await first).toBe(1);
    await tick();
    expect(pending).toHaveLength(2);
    pending[1]?.(2);
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
  });

  it('reads at once when nothing is under way, and fails only the callers of a failed read', async () => {
    let n = 0;
    const ask = sharedRead(async () => {
      n += 1;
      if (n === 1) throw new Error('down');
      return n;
    });
    await expect(ask()).rejects.toThrow('down');
    expect(await ask()).toBe(2);
  });
});
