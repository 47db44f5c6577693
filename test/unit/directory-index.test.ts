// People and teams looked up through an index built once per configuration (directory-index.ts)
// must answer exactly what the scans they replaced answered, and a reloaded configuration (or a
// directory overlay) must be answered from its own people, never from the previous index.
import { describe, expect, it } from 'vitest';
import {
  isBotFrameworkId,
  localeOf,
  refreshUserIds,
  teamsActor,
  teamsIdOf,
} from '../../adapters/teams/people.js';
import { ConfigHolder } from '../../src/app/config-holder.js';
import { accountOf, actorById, findPerson, localeFor, teamsOf, zoneFor } from '../../src/app/identity.js';
import { accountOn, type PersonDef, type TeamDef, type TriageConfig } from '../../src/core/config.js';
import { personByAccount, personById, teamById, teamIdsOf } from '../../src/core/directory-index.js';
import type { Incident } from '../../src/core/types.js';
import { anIncident, anOnsiteTask, testConfig } from '../fixtures/config.js';

const person = (id: string, roles: PersonDef['roles'], accounts: PersonDef['accounts']): PersonDef => ({
  id,
  name: id.toUpperCase(),
  roles,
  accounts,
  locale: null,
});

/** Awkward on purpose: a shared Teams id (first wins), AAD ids, people in two teams, a lead who
 *  is not a member, a member listed twice, a person with no account, many desk people. */
function awkwardConfig(): TriageConfig {
  const people: PersonDef[] = [
    person('ann', ['agent'], { teams: '29:ann', slack: 'UANN' }),
    person('ben', ['manager'], { teams: 'aad-ben' }),
    person('cat', [], { teams: '29:shared' }),
    person('dan', ['onsite'], { teams: '29:shared', matrix: '@dan:x' }),
    person('eve', [], {}),
    person('fay', ['agent', 'manager'], { teams: '29:fay' }),
  ];
  for (let i = 0; i < 70; i++) people.push(person(`desk${i}`, ['agent'], { teams: `29:desk${i}` }));
  const team = (id: string, lead: string | null, members: string[]): TeamDef => ({
    id,
    label: { 'zh-CN': id, en: id },
    lead,
    members,
    channels: {},
  });
  const teams = [
    team('net', 'cat', ['dan', 'eve', 'dan']),
    team('ops', null, ['eve', 'ann']),
    team('erp', 'ghost', ['cat']),
    team('net', 'ann', []),
  ];
  return testConfig({ people, teams });
}

// The scans as they were before the index.
const scan = {
  byId: (cfg: TriageConfig, id: string) => cfg.people.find((p) => p.id === id),
  byAccount: (cfg: TriageConfig, platform: string, userId: string) =>
    cfg.people.find((p) => accountOn(p.accounts, platform) === userId),
  teamsOf: (cfg: TriageConfig, id: string) =>
    cfg.teams.filter((t) => t.lead === id || t.members.includes(id)).map((t) => t.id),
  refreshUserIds(cfg: TriageConfig, incident: Incident, cardTeam: string | null): string[] {
    const desk = cfg.people
      .filter((p) => p.roles.includes('agent') || p.roles.includes('manager'))
      .map((p) => p.id);
    const team = (id: string | null) => {
      const t = cfg.teams.find((x) => x.id === id);
      return t ? [t.lead, ...t.members].filter((x): x is string => x !== null) : [];
    };
    const onsite = incident.onsite.flatMap((task) => task.engineers);
    const ids = [...desk, ...team(incident.assignedTeam), ...team(cardTeam), ...onsite, incident.reporterId];
    const out: string[] = [];
    for (const personId of ids) {
      const id = teamsIdOf(cfg, personId);
      if (id && isBotFrameworkId(id) && !out.includes(id)) out.push(id);
    }
    return out.slice(0, 60);
  },
};

const IDS = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'ghost', 'desk0', 'desk69', '', 'teams:29:x'];
const ACCOUNTS: Array<[string, string]> = [
  ['teams', '29:ann'],
  ['teams', 'aad-ben'],
  ['teams', '29:shared'],
  ['teams', '29:nobody'],
  ['slack', 'UANN'],
  ['slack', '29:ann'],
  ['matrix', '@dan:x'],
  ['irc', 'dan'],
];

describe('directory index', () => {
  it('answers what the scans of cfg.people and cfg.teams answered', () => {
    for (const cfg of [awkwardConfig(), testConfig()]) {
      for (const id of [...IDS, ...cfg.people.map((p) => p.id)]) {
        expect(personById(cfg, id)).toBe(scan.byId(cfg, id));
        expect(teamIdsOf(cfg, id)).toEqual(scan.teamsOf(cfg, id));
        expect(teamsOf(cfg, id)).toEqual(scan.teamsOf(cfg, id));
        expect(teamById(cfg, id)).toBe(cfg.teams.find((t) => t.id === id));
      }
      for (const t of cfg.teams) expect(teamById(cfg, t.id)).toBe(cfg.teams.find((x) => x.id === t.id));
      for (const [platform, userId] of ACCOUNTS) {
        expect(personByAccount(cfg, platform, userId)).toBe(scan.byAccount(cfg, platform, userId));
        expect(findPerson(cfg, { platform, userId, name: '' })).toBe(scan.byAccount(cfg, platform, userId));
      }
    }
  });

  it('lists the same people for a channel card refresh as the scan did, order and the 60 cap kept', () => {
    const cfg = awkwardConfig();
    const small = testConfig();
    const incidents = [
      anIncident({ assignedTeam: 'net', reporterId: 'dan' }, cfg),
      anIncident({ assignedTeam: 'ops', reporterId: 'teams:29:walk-in' }, cfg),
      anIncident(
        { assignedTeam: null, reporterId: 'ghost', onsite: [anOnsiteTask({ engineers: ['dan', 'cat'] })] },
        cfg,
      ),
    ];
    for (const incident of incidents)
      for (const cardTeam of [null, 'net', 'erp', 'nope'])
        expect(refreshUserIds(cfg, incident, cardTeam)).toEqual(scan.refreshUserIds(cfg, incident, cardTeam));
    const mine = anIncident({ assignedTeam: 'network', reporterId: 'oscar' }, small);
    for (const cardTeam of [null, 'network', 'erp'])
      expect(refreshUserIds(small, mine, cardTeam)).toEqual(scan.refreshUserIds(small, mine, cardTeam));
    expect(refreshUserIds(cfg, incidents[0] as Incident, null)).toHaveLength(60);
    // Cards of one team for different reporters and engineers: the shared part is not changed.
    const few = testConfig({ people: cfg.people.slice(0, 6), teams: cfg.teams });
    const reporters = ['dan', 'teams:29:walk-in', 'teams:aad-x', 'ann', 'cat', 'dan'];
    for (const [k, reporterId] of reporters.entries()) {
      const onsite = k % 2 ? [anOnsiteTask({ engineers: ['eve', 'dan', 'fay'] })] : [];
      const incident = anIncident({ assignedTeam: 'net', reporterId, onsite }, few);
      expect(refreshUserIds(few, incident, 'ops')).toEqual(scan.refreshUserIds(few, incident, 'ops'));
    }
  });

  it("lists a team's new members once only the teams are reloaded (the same people)", () => {
    const full = awkwardConfig();
    const before = testConfig({ people: full.people.slice(0, 6), teams: full.teams });
    const incident = anIncident({ assignedTeam: 'ops', reporterId: 'x' }, before);
    expect(refreshUserIds(before, incident, null)).not.toContain('29:shared');
    const teams = before.teams.map((t) => (t.id === 'ops' ? { ...t, members: ['cat', ...t.members] } : t));
    const after = { ...before, teams };
    expect(refreshUserIds(after, incident, null)).toEqual(scan.refreshUserIds(after, incident, null));
    expect(refreshUserIds(after, incident, null)).toContain('29:shared');
  });

  it('does not scan the people again once built for a configuration', () => {
    const cfg = awkwardConfig();
    let reads = 0;
    const counted = new Proxy(cfg.people as PersonDef[], {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const watched: TriageConfig = { ...cfg, people: counted };
    const user = { id: '29:other', aadObjectId: 'aad-ben' };
    const incident = anIncident({ assignedTeam: 'net', reporterId: 'dan' }, watched);
    const work = () => {
      teamsActor(watched, user);
      localeOf(watched, actorById(watched, 'ann'));
      teamsIdOf(watched, 'fay');
      refreshUserIds(watched, incident, 'ops');
      accountOf(watched, 'dan', 'matrix');
      localeFor(watched, 'cat');
      zoneFor(watched, 'cat');
    };
    work();
    reads = 0;
    for (let i = 0; i < 5; i++) work();
    expect(reads).toBe(0);
    expect(teamsActor(watched, user).id).toBe('ben');
  });

  it('answers from the new people after a reload or a directory overlay, not from the old index', () => {
    const before = awkwardConfig();
    const holder = new ConfigHolder(before);
    const user = { id: '29:shared', name: 'Someone' };
    expect(teamsActor(holder.current(), user)).toMatchObject({ id: 'cat', roles: [], teams: ['net', 'erp'] });
    // The reloaded file gives the Teams id to someone else, with other roles and teams.
    const people = before.people.filter((p) => p.id !== 'cat');
    people.push(person('gus', ['manager'], { teams: '29:shared' }));
    const teams = before.teams.map((t) => (t.id === 'ops' ? { ...t, lead: 'gus' } : t));
    holder.replace({ ...before, people, teams });
    expect(teamsActor(holder.current(), user)).toMatchObject({
      id: 'dan',
      roles: ['onsite'],
      teams: ['net'],
    });
    expect(
      refreshUserIds(holder.current(), anIncident({ assignedTeam: 'ops', reporterId: 'x' }), null),
    ).toEqual(
      scan.refreshUserIds(holder.current(), anIncident({ assignedTeam: 'ops', reporterId: 'x' }), null),
    );
    // A directory refresh adds people on top of the same file.
    holder.setOverlay((file) => ({
      ...file,
      people: [person('hal', ['agent'], { teams: '29:hal' }), ...file.people],
    }));
    expect(teamsActor(holder.current(), { id: '29:hal' })).toMatchObject({ id: 'hal', roles: ['agent'] });
    expect(personById(holder.current(), 'hal')?.id).toBe('hal');
    expect(personById(before, 'hal')).toBeUndefined();
    expect(teamsActor(before, user).id).toBe('cat');
  });
});
