// Who may read an incident: every branch of core/read-access.ts, and strangers refused.
import { describe, expect, it } from 'vitest';
import { mayRead, readPart, readsOnlyAsReporter } from '../../src/core/read-access.js';
import type { Actor } from '../../src/core/types.js';
import { actorFor, anIncident, anOnsiteTask, REPORTED_AT } from '../fixtures/config.js';

const stranger: Actor = { id: 'slack:USTRANGER', name: 'Sam', roles: [], teams: [] };
const reporter: Actor = { id: 'u-wangfang', name: 'Wang Fang', roles: [], teams: [] };
const decline = {
  team: 'identity',
  by: 'ivan',
  at: REPORTED_AT,
  reason: 'not ours',
  suggestedTeam: null,
  suggestion: null,
};

describe('mayRead: the people with a part in the incident', () => {
  const fresh = anIncident();

  it('lets desk agents and incident managers read any incident', () => {
    expect(readPart(fresh, actorFor('alice'), [])).toBe('desk');
    expect(readPart(fresh, actorFor('mia'), [])).toBe('manager');
  });

  it('lets the reporter read their own incident', () => {
    expect(readPart(fresh, reporter, [])).toBe('reporter');
  });

  it('lets the members and the lead of the team holding it read it', () => {
    const held = anIncident({ status: 'assigned', assignedTeam: 'network' });
    expect(readPart(held, actorFor('nick'), [])).toBe('team'); // member
    expect(readPart(held, actorFor('nora'), [])).toBe('team'); // lead
    expect(mayRead(held, actorFor('ivan'), [])).toBe(false); // another team's lead
  });

  it('lets a team that declined it, or was assigned it before, still read it', () => {
    const moved = anIncident({ status: 'assigned', assignedTeam: 'network', declines: [decline] });
    expect(readPart(moved, actorFor('iris'), [])).toBe('team');
    expect(readPart(anIncident(), actorFor('mona'), ['messaging'])).toBe('team');
  });

  it('lets a team asked for advice (IM2.9, in the assignment history) read it', () => {
    expect(readPart(fresh, actorFor('eric'), ['erp'])).toBe('team');
    expect(mayRead(fresh, actorFor('eric'), ['desktop'])).toBe(false);
  });

  it('lets a dispatched on-site engineer read it, even after the task was cancelled', () => {
    const onsite = anIncident({ onsite: [anOnsiteTask()] });
    expect(readPart(onsite, actorFor('oscar'), [])).toBe('onsite');
    const cancelled = anIncident({ onsite: [anOnsiteTask({ state: 'cancelled' })] });
    expect(readPart(cancelled, actorFor('oscar'), [])).toBe('onsite');
  });

  it('refuses an on-site engineer who was not dispatched to it', () => {
    expect(mayRead(anIncident({ onsite: [anOnsiteTask()] }), actorFor('olga'), [])).toBe(false);
  });

  it('refuses a stranger, a configured person without a part, and a lookalike id', () => {
    const everything = anIncident({
      status: 'assigned',
      assignedTeam: 'network',
      declines: [decline],
      onsite: [anOnsiteTask()],
    });
    expect(readPart(everything, stranger, ['erp'])).toBeNull();
    expect(mayRead(everything, actorFor('dave'), ['erp'])).toBe(false);
    expect(mayRead(everything, { ...stranger, id: 'U-WANGFANG' }, [])).toBe(false);
  });
});

describe('readsOnlyAsReporter: the reporter with no other part reads what concerns them', () => {
  it('holds for the reporter alone, not for a stranger', () => {
    const fresh = anIncident({ reporterId: reporter.id });
    expect(readsOnlyAsReporter(fresh, reporter, [])).toBe(true);
    expect(readsOnlyAsReporter(fresh, stranger, [])).toBe(false);
  });

  it('does not hold when the reporter also has a desk, manager, team or on-site part', () => {
    const held = anIncident({ reporterId: reporter.id, status: 'assigned', assignedTeam: 'network' });
    expect(readsOnlyAsReporter(held, { ...reporter, roles: ['agent'] }, [])).toBe(false);
    expect(readsOnlyAsReporter(held, { ...reporter, roles: ['manager'] }, [])).toBe(false);
    expect(readsOnlyAsReporter(held, { ...reporter, teams: ['network'] }, [])).toBe(false);
    expect(readsOnlyAsReporter(held, { ...reporter, teams: ['messaging'] }, ['messaging'])).toBe(false);
    const visited = anIncident({
      reporterId: reporter.id,
      onsite: [anOnsiteTask({ engineers: [reporter.id] })],
    });
    expect(readsOnlyAsReporter(visited, reporter, [])).toBe(false);
  });
});
