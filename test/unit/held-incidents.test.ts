// The held incidents (db/held-incidents.ts): bounded, oldest fill dropped first, and a fill
// begun before an invalidate refused (the writer that keeps the version may have come between).
import { describe, expect, it } from 'vitest';
import { HeldIncidents } from '../../db/held-incidents.js';
import type { Incident } from '../../src/core/types.js';

const held = (id: string, version = 1) => ({
  incident: { id, version } as Incident,
  row: { id, version },
  rev: String(1000 + version),
});

describe('held incidents', () => {
  it('keeps at most its limit, dropping the oldest fill first', () => {
    const map = new HeldIncidents(2);
    map.hold(held('a'), map.since());
    map.hold(held('b'), map.since());
    map.hold(held('a', 2), map.since()); // refilled: now the newest
    map.hold(held('c'), map.since());
    expect(map.size).toBe(2);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')?.incident.version).toBe(2);
    expect(map.get('c')).toBeDefined();
  });

  it('refuses a fill begun before an invalidate, and drops what it held of that id', () => {
    const map = new HeldIncidents();
    map.hold(held('a'), map.since());
    const since = map.since(); // a command begins
    map.invalidate('b'); // markSavedAs of another incident meanwhile
    map.hold(held('a', 2), since);
    expect(map.get('a')).toBeUndefined();
    map.hold(held('a', 2), map.since());
    expect(map.get('a')?.incident.version).toBe(2);
    map.invalidate('a');
    expect(map.get('a')).toBeUndefined();
  });

  it('clear (a connection lost, an outcome unknown) forgets everything and refuses fills under way', () => {
    const map = new HeldIncidents();
    map.hold(held('a'), map.since());
    map.hold(held('b'), map.since());
    const since = map.since(); // a command begins before the loss
    map.clear();
    expect(map.size).toBe(0);
    map.hold(held('c'), since);
    expect(map.get('c')).toBeUndefined();
    map.hold(held('c'), map.since());
    expect(map.get('c')).toBeDefined();
  });
});
