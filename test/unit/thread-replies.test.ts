// What a reply in one of our threads means, on every platform (issue 11, item 2), and the IM2.9
// answer to an advice request it can give (issue 12, item 5).
import { describe, expect, it } from 'vitest';
import { PURPOSE } from '../../src/app/card-places.js';
import { meaningOf } from '../../src/app/thread-replies.js';
import type { Command } from '../../src/core/commands.js';
import { DomainError } from '../../src/core/errors.js';
import { allowedCommands } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const alice = actorFor('alice');
const erin = actorFor('erin'); // ERP lead
const nick = actorFor('nick'); // network member
const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);

function attempting(): Incident {
  const report = {
    id: 'inc-1',
    sequence: 7,
    title: 'SAP slow',
    description: '',
    service: null,
    severity: null,
  };
  let incident = register(
    { ...report, reporter: { id: reporter.id, name: reporter.name } },
    REPORTED_AT,
    cfg,
  ).incident;
  const steps: Command[] = [
    { type: 'classify', nature: 'fault', category: 'erp' },
    { type: 'prioritise', impact: 3, urgency: 3 },
    { type: 'decide_onsite', needed: false },
    { type: 'no_match' },
    { type: 'ask_advice', team: 'erp', question: 'Seen this?' },
  ];
  steps.forEach((c, i) => {
    incident = decide(incident, c, alice, at(i + 1), cfg).incident;
  });
  return incident;
}

describe('the thread rule (meaningOf)', () => {
  const incident = attempting();
  const paused = { ...incident, pauses: [{ from: at(9), to: null }] };

  it('under an advice request: the answer of the team asked', () => {
    expect(meaningOf(PURPOSE.advice('erp'), incident, erin, 'restart the job')).toEqual({
      kind: 'advice_answer',
      command: { type: 'answer_advice', team: 'erp', text: 'restart the job' },
    });
  });

  it("the reporter's reply is an answer while the clock waits on them, under any card; else a note", () => {
    for (const purpose of [PURPOSE.reporter, PURPOSE.desk])
      expect(meaningOf(purpose, paused, reporter, 'it is SAP GUI 7.7')?.kind).toBe('reporter_answer');
    // Unasked, they are a note of the reporter's (kept and shown to whoever holds it).
    expect(meaningOf(PURPOSE.reporter, incident, reporter, 'also on Wi-Fi')?.kind).toBe('reporter_note');
    // Written under the desk's card: the core is told, so it is not relayed back there (7a).
    expect(meaningOf(PURPOSE.desk, incident, reporter, 'any news?')?.command).toEqual({
      type: 'reporter_note',
      text: 'any news?',
      writtenIn: 'desk',
    });
    expect(meaningOf(PURPOSE.team('erp'), paused, reporter, 'SAP GUI')?.command).toEqual({
      type: 'reporter_replied',
      text: 'SAP GUI',
      writtenIn: 'team:erp',
    });
    expect(meaningOf(PURPOSE.reporter, incident, reporter, 'also')?.command).toEqual({
      type: 'reporter_note',
      text: 'also',
    });
  });

  it("the core relays the reporter's words to whoever holds it, but not back into the thread they were written in", () => {
    const relays = (cmd: Command, inc: Incident) =>
      decide(inc, cmd, reporter, at(20), cfg).effects.filter((e) => e.type.startsWith('relay_'));
    expect(relays({ type: 'reporter_note', text: 'x' }, incident).map((e) => e.type)).toEqual([
      'relay_to_desk',
    ]);
    expect(relays({ type: 'reporter_note', text: 'x', writtenIn: 'desk' }, incident)).toEqual([]);
    // Another thread (a team's old card) is not the desk's: relayed.
    expect(relays({ type: 'reporter_note', text: 'x', writtenIn: 'team:erp' }, incident)).toHaveLength(1);
    expect(relays({ type: 'reporter_replied', text: 'x', writtenIn: 'desk' }, paused)).toEqual([]);
  });

  it("anyone else under a card adds to the work log; nobody else writes in the reporter's DM", () => {
    expect(meaningOf(PURPOSE.desk, paused, alice, 'checked the logs')?.kind).toBe('worklog');
    expect(meaningOf(PURPOSE.team('erp'), incident, erin, 'looking')?.kind).toBe('worklog');
    expect(meaningOf(PURPOSE.reporter, incident, alice, 'hm')).toBeNull();
  });

  it('a reporter who is also on the desk answers as the reporter in their own DM', () => {
    const own = { ...paused, reporterId: alice.id };
    for (const purpose of [PURPOSE.question, PURPOSE.reporter])
      expect(meaningOf(purpose, own, alice, 'only on the 3rd floor')?.kind).toBe('reporter_answer');
    // Under the desk card the same person writes as the desk.
    expect(meaningOf(PURPOSE.desk, own, alice, 'checked the logs')?.kind).toBe('worklog');
  });
});

describe('IM2.9 answer to a request for advice', () => {
  const incident = attempting();

  it('is kept in the work log with its audit event and relayed to the desk with who answered', () => {
    const d = decide(
      incident,
      { type: 'answer_advice', team: 'erp', text: 'restart the job' },
      erin,
      at(10),
      cfg,
    );
    expect(d.events).toEqual([{ step: 'IM2.9', action: 'advice_answered', payload: { team: 'erp' } }]);
    expect(d.worklog).toEqual([
      expect.objectContaining({ step: 'IM2.9', source: 'team', text: 'restart the job' }),
    ]);
    expect(d.effects).toContainEqual({
      type: 'relay_advice',
      step: 'IM2.9',
      team: 'erp',
      author: 'Erin Lin',
      text: 'restart the job',
    });
    expect(d.incident.status).toBe('attempting');
  });

  it('only the team asked (or the desk) answers for it, and never from a button', () => {
    expect(() =>
      decide(incident, { type: 'answer_advice', team: 'erp', text: 'x' }, nick, at(10), cfg),
    ).toThrow(DomainError);
    expect(() =>
      decide(incident, { type: 'answer_advice', team: 'erp', text: 'x' }, reporter, at(10), cfg),
    ).toThrow(DomainError);
    expect(
      decide(incident, { type: 'answer_advice', team: 'erp', text: 'x' }, alice, at(10), cfg).events,
    ).toHaveLength(1);
    expect(() =>
      decide(incident, { type: 'answer_advice', team: 'erp', text: '  ' }, erin, at(10), cfg),
    ).toThrow(DomainError);
    expect(allowedCommands(incident, erin)).not.toContain('answer_advice');
  });
});
