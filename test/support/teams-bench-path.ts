// The Teams bench's path (bench/teams.ts STEPS) as pure core states, for the card byte tests
// (test/unit/teams-card-bytes*.test.ts): each click by its person, with its form's values.
import { teamsActor } from '../../adapters/teams/people.js';
import { parseCommand } from '../../src/app/views/forms.js';
import { loadConfig } from '../../src/config/load.js';
import type { CommandType } from '../../src/core/commands.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Actor, Incident } from '../../src/core/types.js';

export const cfg = loadConfig('config/example.en.yaml');
const start = new Date('2026-06-08T09:00:00+08:00');
export const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const person = (id: string): Actor => {
  const p = cfg.people.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return {
    id: p.id,
    name: p.name,
    roles: p.roles,
    teams: cfg.teams.filter((t) => t.lead === id || t.members.includes(id)).map((t) => t.id),
  };
};
export const desk = person('alice');
export const team = person('fatima');
// Not configured: the bench's reporter, as Teams names them.
export const reporter = teamsActor(cfg, { id: '29:bench-reporter', name: 'Bench Reporter' });

export const PATH: [CommandType, Actor, Record<string, string>][] = [
  ['classify', desk, { nature: 'fault', category: 'business_apps.erp' }],
  ['prioritise', desk, { impact: '3', urgency: '3' }],
  ['decide_onsite', desk, { needed: 'false' }],
  ['no_match', desk, {}],
  ['assign', desk, { team: 'apps', worklog: 'Restarted the ERP client; no change' }],
  ['accept', team, {}],
  ['in_scope', team, {}],
  ['resolve', team, { code: 'solved', solution: 'Restarted the ERP job — 已重启', tested: 'true' }],
  ['confirm', reporter, {}],
  ['close', desk, { code: 'solved' }],
];

/** The reported incident and its state after each click of PATH. */
export function pathStates(id: string, sequence: number): Incident[] {
  let incident = register(
    {
      id,
      sequence,
      title: 'ERP batch job fails · 批处理失败',
      description: 'ERP batch job fails every night since the upgrade.\n升级后每晚失败。',
      service: 'ERP',
      severity: null,
      reporter: { id: reporter.id, name: reporter.name },
      reportedVia: 'teams',
    },
    at(0),
    cfg,
  ).incident;
  const all = [incident];
  PATH.forEach(([type, who, values], i) => {
    incident = decide(
      incident,
      parseCommand(type, values, () => `task-${i}`),
      who,
      at(5 + i * 7),
      cfg,
    ).incident;
    all.push(incident);
  });
  return all;
}
