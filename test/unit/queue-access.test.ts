// Who may read a queue: the desk's queue is for desk agents and incident managers, a team's for
// its members, lead and the desk. The service decides it once, for Slack's home tab and Teams'
// "queue" alike; the adapters only show what it returns.
import { describe, expect, it } from 'vitest';
import type { IncidentFilter, Storage } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import { isDeskStaff } from '../../src/core/read-access.js';
import type { Actor } from '../../src/core/types.js';
import { actorFor, anIncident, testConfig } from '../fixtures/config.js';

/** Storage that holds two open incidents and records what was asked of it. */
function storageWithTwo(): { storage: Storage; asked: IncidentFilter[] } {
  const asked: IncidentFilter[] = [];
  const held = [
    anIncident({ id: 'a', status: 'assigned', assignedTeam: 'network' }),
    anIncident({ id: 'b', status: 'classified', assignedTeam: null }),
  ];
  const listIncidents = async (filter: IncidentFilter) => {
    asked.push(filter);
    return held.filter((i) => filter.assignedTeam === undefined || i.assignedTeam === filter.assignedTeam);
  };
  return { storage: { listIncidents } as unknown as Storage, asked };
}

const stranger: Actor = { id: 'slack:USTRANGER', name: 'Sam', roles: [], teams: [] };

describe('isDeskStaff: the desk’s roles, tested in one place', () => {
  it('is true for agents and incident managers, false for on-site engineers and everyone else', () => {
    expect(isDeskStaff(actorFor('alice'))).toBe(true);
    expect(isDeskStaff(actorFor('mia'))).toBe(true);
    expect(isDeskStaff(actorFor('oscar'))).toBe(false);
    expect(isDeskStaff(actorFor('nora'))).toBe(false);
    expect(isDeskStaff(stranger)).toBe(false);
  });
});

describe('TriageService: the queues, read only by who may read them', () => {
  it('gives the desk’s queue to agents and managers, and nothing — not even a read — to others', async () => {
    const { storage, asked } = storageWithTwo();
    const service = new TriageService(storage, testConfig());
    expect((await service.deskQueue(actorFor('alice')))?.map((i) => i.id).sort()).toEqual(['a', 'b']);
    expect(await service.deskQueue(actorFor('mia'))).toHaveLength(2);
    const before = asked.length;
    for (const who of [actorFor('nora'), actorFor('oscar'), stranger])
      expect(await service.deskQueue(who)).toBeNull();
    expect(asked.length).toBe(before);
  });

  it('gives a team’s queue to its members, lead and the desk, and refuses another team', async () => {
    const { storage, asked } = storageWithTwo();
    const service = new TriageService(storage, testConfig());
    expect((await service.teamQueue(actorFor('nick'), 'network'))?.map((i) => i.id)).toEqual(['a']);
    expect((await service.teamQueue(actorFor('nora'), 'network'))?.map((i) => i.id)).toEqual(['a']);
    expect(await service.teamQueue(actorFor('alice'), 'network')).toHaveLength(1);
    const before = asked.length;
    expect(await service.teamQueue(actorFor('ivan'), 'network')).toBeNull();
    expect(await service.teamQueue(stranger, 'network')).toBeNull();
    expect(asked.length).toBe(before);
  });
});
