// Clicks in flights (db/click-flights.ts): alone when few are out; those that waited together, in
// key order, answered only when their flight is; a flight that failed with nothing written runs
// its clicks again alone (the one that failed fails alone, the others are answered); a flight
// whose outcome is unknown is not run again; two clicks of one key never share a flight.
import { describe, expect, it } from 'vitest';
import { clickFlights } from '../../db/click-flights.js';

type Item = { key: string; fail?: 'alone' | 'always' };

/** Runs the test drives: every call is recorded and waits until the test lets it go. */
function recorder() {
  const calls: { kind: 'alone' | 'together'; keys: string[]; go(): void }[] = [];
  const gate = (kind: 'alone' | 'together', keys: string[]) =>
    new Promise<void>((resolve) => {
      calls.push({ kind, keys, go: resolve });
    });
  return { calls, gate };
}

const notWritten = Object.assign(new Error('division by zero'), { code: '22012', severity: 'ERROR' });
const lost = Object.assign(new Error('connection lost'), { code: 'CONNECTION_CLOSED' });

function setUp(flushers: number, togetherFails?: unknown) {
  const r = recorder();
  const send = clickFlights<Item, string>(
    (item) => item.key,
    {
      async alone(item) {
        await r.gate('alone', [item.key]);
        if (item.fail) throw notWritten;
        return `alone:${item.key}`;
      },
      async together(items) {
        await r.gate(
          'together',
          items.map((i) => i.key),
        );
        if (togetherFails) throw togetherFails;
        if (items.some((i) => i.fail === 'always')) throw notWritten;
        return items.map((i) => `together:${i.key}`);
      },
      outcomeUnknown: (err) => err === lost,
    },
    { flushers, maxFlight: 16 },
  );
  return { ...r, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const settled = <T>(p: Promise<T>) => {
  const s: { value?: T; error?: unknown; done: boolean } = { done: false };
  p.then(
    (value) => Object.assign(s, { value, done: true }),
    (error: unknown) => Object.assign(s, { error, done: true }),
  );
  return s;
};

describe('clickFlights', () => {
  it('goes alone at once when fewer flights are out, and together, in key order, when they wait', async () => {
    const { calls, send } = setUp(1);
    const first = settled(send({ key: 'm' }));
    await tick();
    expect(calls.map((c) => [c.kind, c.keys])).toEqual([['alone', ['m']]]);
    const waiting = ['z', 'b', 'q'].map((key) => settled(send({ key })));
    await tick();
    expect(calls).toHaveLength(1); // they wait for the flight that is out
    calls[0]?.go();
    await tick();
    expect(first.value).toBe('alone:m');
    expect(calls.map((c) => [c.kind, c.keys])).toEqual([
      ['alone', ['m']],
      ['together', ['b', 'q', 'z']],
    ]);
    expect(waiting.some((w) => w.done)).toBe(false); // nothing answered before its flight is
    calls[1]?.go();
    await tick();
    expect(waiting.map((w) => w.value)).toEqual(['together:z', 'together:b', 'together:q']);
  });

  it('a flight that failed with nothing written runs its clicks again alone: only the failing one fails', async () => {
    const { calls, send } = setUp(1);
    send({ key: 'a' });
    await tick();
    const waiting = [{ key: 'c' }, { key: 'b', fail: 'always' as const }, { key: 'd' }].map((i) =>
      settled(send(i)),
    );
    calls[0]?.go();
    await tick();
    expect(calls[1]?.kind).toBe('together');
    calls[1]?.go();
    await tick();
    expect(calls.slice(2).map((c) => [c.kind, c.keys])).toEqual([
      ['alone', ['b']],
      ['alone', ['c']],
      ['alone', ['d']],
    ]);
    for (const c of calls.slice(2)) c.go();
    await tick();
    expect(waiting.map((w) => w.value ?? (w.error as Error).message)).toEqual([
      'alone:c',
      'division by zero',
      'alone:d',
    ]);
  });

  it('a flight whose outcome is unknown is not run again: each of its clicks fails with it', async () => {
    const { calls, send } = setUp(1, lost);
    send({ key: 'a' });
    await tick();
    const waiting = ['b', 'c'].map((key) => settled(send({ key })));
    calls[0]?.go();
    await tick();
    calls[1]?.go();
    await tick();
    expect(calls).toHaveLength(2);
    expect(waiting.map((w) => w.error)).toEqual([lost, lost]);
  });

  it('a click whose incident is waiting or in a flight goes alone at once, never in the same flight', async () => {
    const { calls, send } = setUp(1);
    send({ key: 'a' });
    await tick();
    const queued = settled(send({ key: 'b' }));
    const again = settled(send({ key: 'b' })); // b is waiting: this one does not wait with it
    const inFlight = settled(send({ key: 'a' })); // a is out: not queued behind it either
    await tick();
    expect(calls.map((c) => [c.kind, c.keys])).toEqual([
      ['alone', ['a']],
      ['alone', ['b']],
      ['alone', ['a']],
    ]);
    const more = settled(send({ key: 'c' }));
    for (const c of calls) c.go();
    await tick();
    expect([again.value, inFlight.value]).toEqual(['alone:b', 'alone:a']);
    expect(calls.slice(3).map((c) => [c.kind, c.keys])).toEqual([['together', ['b', 'c']]]);
    calls[3]?.go();
    await tick();
    expect([queued.value, more.value]).toEqual(['together:b', 'together:c']);
  });
});
