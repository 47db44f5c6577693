// Decisions and offered commands, byte for byte: a seeded walk over many incidents tries every
// command (with sample arguments) by every kind of person at each state, and digests each
// decision's JSON (its keys in order: the incident, records, effects and timers as written to the
// outbox and the row) or the refusal's code, with the buttons each person is offered there.
// Speed work in src/core (docs/core-speed.md) must not change one byte of them: the snapshot was
// written by main before that work. Each decision must also leave the incident it was given as it
// was (DecisionBuilder keeps it as `original` without copying it).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Command } from '../../src/core/commands.js';
import type { TriageConfig } from '../../src/core/config.js';
import { isDomainError } from '../../src/core/errors.js';
import { allowedCommands } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Actor, Incident, Level } from '../../src/core/types.js';

const cfg = loadConfig('config/example.en.yaml');
const start = new Date('2026-06-05T16:40:00+08:00'); // a Friday afternoon: calendar walks cross a weekend

/** mulberry32: the same walk on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const teamsOf = (c: TriageConfig, id: string) =>
  c.teams.filter((t) => t.lead === id || t.members.includes(id)).map((t) => t.id);
const people: Actor[] = cfg.people.map((p) => ({
  id: p.id,
  name: p.name,
  roles: p.roles,
  teams: teamsOf(cfg, p.id),
}));
const reporter: Actor = { id: 'walk-reporter', name: 'Walk Reporter', roles: [], teams: [] };
const actors = [...people, reporter];

/** Every command type, with arguments that fit the incident where a step needs one. */
function commandsFor(i: Incident, at: Date): Command[] {
  const task = i.onsite.at(-1)?.id ?? 'no-task';
  const window = {
    windowStart: new Date(at.getTime() + 3_600_000),
    windowEnd: new Date(at.getTime() + 7_200_000),
  };
  const dispatch = { engineers: ['ben'], ...window, note: 'Bring a cable' };
  return [
    { type: 'classify', nature: 'fault', category: 'network.vpn' },
    { type: 'classify', nature: 'service_request', category: 'workplace.laptop' },
    { type: 'prioritise', impact: 1, urgency: 2 },
    { type: 'prioritise', impact: 3, urgency: 3 },
    { type: 'decide_onsite', needed: false },
    { type: 'decide_onsite', needed: true, dispatch },
    { type: 'dispatch_onsite', ...dispatch },
    { type: 'acknowledge_onsite', taskId: task },
    { type: 'onsite_feedback', taskId: task, feedback: 'Replaced the cable' },
    { type: 'cancel_onsite', taskId: task },
    { type: 'reschedule_onsite', taskId: task, ...window },
    { type: 'apply_match', matchRef: 'KB-1', solution: 'Restart', code: 'solved' },
    { type: 'no_match' },
    { type: 'add_worklog', text: 'Checked the gateway' },
    { type: 'supplement_description', text: 'Also on wired' },
    { type: 'ask_advice', team: 'network', question: 'Known issue?' },
    { type: 'answer_advice', team: 'network', text: 'Yes' },
    { type: 'resolve', code: 'solved', solution: 'Fixed', tested: true },
    { type: 'resolve', code: 'workaround', solution: 'Unlock', tested: false },
    { type: 'assign', team: null, worklog: 'Tried a restart' },
    { type: 'assign', team: 'apps' },
    { type: 'accept' },
    { type: 'in_scope' },
    { type: 'decline', reason: 'Not ours', suggestedTeam: 'apps' },
    { type: 'wait_for_reporter', question: 'Which site?' },
    { type: 'reporter_replied', text: 'Main office' },
    { type: 'reporter_note', text: 'Still down' },
    { type: 'confirm' },
    { type: 'reopen', reason: 'Back again' },
    { type: 'close', code: null },
    { type: 'close', code: 'solved' },
    { type: 'cancel', reason: 'Duplicate', duplicateOf: null },
    { type: 'rate', score: 4, comment: 'Quick' },
  ] as Command[];
}

interface Walked {
  /** One line per state: the offered buttons, then per command and actor a digest or a code. */
  lines: string[];
  /** Incidents given to decide that it changed (must stay empty). */
  touched: string[];
}

const digest = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

function walk(seed: number, incidents: number, steps: number): Walked {
  const rnd = random(seed);
  const lines: string[] = [];
  const touched: string[] = [];
  for (let n = 0; n < incidents; n++) {
    let now = new Date(start.getTime() + Math.floor(rnd() * 7 * 86_400_000));
    let incident = register(
      {
        id: `walk-${seed}-${n}`,
        sequence: n + 1,
        title: `Walk ${n}`,
        description: 'VPN drops',
        service: n % 3 === 0 ? null : 'VPN',
        severity: n % 5 === 0 ? null : (((n % 4) + 1) as Level),
        reporter: { id: reporter.id, name: reporter.name },
        reportedVia: 'slack',
      },
      now,
      cfg,
    ).incident;
    for (let s = 0; s < steps; s++) {
      now = new Date(now.getTime() + Math.floor(rnd() * 3 * 3_600_000));
      const offered = actors.map((a) => `${a.id}:${allowedCommands(incident, a, { cfg, now }).join(',')}`);
      lines.push(`${incident.id} v${incident.version} ${incident.status} offered ${digest(offered)}`);
      const next: Incident[] = [];
      const before = JSON.stringify(incident);
      for (const command of commandsFor(incident, now)) {
        for (const actor of actors) {
          let out: string;
          try {
            const decision = decide(incident, command, actor, now, cfg);
            out = digest(decision);
            next.push(decision.incident);
          } catch (err) {
            if (!isDomainError(err)) throw err;
            out = err.code;
          }
          lines.push(`  ${command.type} ${actor.id} ${out}`);
        }
        if (JSON.stringify(incident) !== before) touched.push(`${incident.id} ${command.type}`);
      }
      // Mostly a step that moves the incident on (not a cancel): the walk reaches every status.
      const onward = next.filter((i) => i.status !== incident.status && i.status !== 'cancelled');
      const pool = onward.length > 0 && rnd() < 0.8 ? onward : next;
      const chosen = pool[Math.floor(rnd() * pool.length)];
      if (!chosen) break;
      incident = chosen;
    }
  }
  return { lines, touched };
}

describe('decisions and offered commands, byte for byte', () => {
  it('are what main decided, for every command and person along seeded walks', () => {
    const { lines, touched } = walk(15, 30, 16);
    expect(touched).toEqual([]);
    // Every step of the flow and both outcomes are in the walk (not a walk stuck at the start).
    const text = lines.join('\n');
    for (const status of ['assigned', 'accepted', 'declined', 'investigating', 'resolved', 'closed'])
      expect(text).toContain(` ${status} offered`);
    expect(lines.length).toBeGreaterThan(10_000);
    expect(createHash('sha256').update(text).digest('hex')).toMatchSnapshot();
    expect(lines.filter((_, i) => i % 97 === 0)).toMatchSnapshot();
  });
});
