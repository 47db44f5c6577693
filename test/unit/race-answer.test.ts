// Which change a stale card is told it lost to (src/app/race.ts raceAnswer): the first change since
// the card's version that moved the incident on, not a note that came after it.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/app/ports.js';
import {
  cardStillUsable,
  changesSince,
  NOTES_BEHIND_MAX,
  raceAnswer,
  stillCurrentSince,
} from '../../src/app/race.js';
import { DomainError } from '../../src/core/errors.js';
import { errorMessage } from '../../src/i18n/index.js';

let id = 0;
const minute = (n: number) => new Date(Date.UTC(2026, 11, 7, 9, n));

/** One change: its records, with the version it made (undefined: written before versions). */
function change(
  version: number | undefined,
  actor: string,
  at: number,
  actions: readonly string[],
): AuditRecord[] {
  return actions.map((action) => ({
    id: ++id,
    incidentId: 'inc-1',
    step: 'IM2.9' as const,
    action,
    actorId: actor,
    actorName: actor,
    at: minute(at),
    payload: {},
    ...(version === undefined ? {} : { version }),
  }));
}

/** The trail of the Teams trial: a card at version 4; the desk assigns (5, with its IM2.9 work
 *  log first), then the team's member adds a work-log note (6). */
const trail = (): AuditRecord[] => [
  ...change(3, 'Alice', 1, ['classified']),
  ...change(4, 'Alice', 2, ['no_ready_solution', 'attempt_started']),
  ...change(5, 'Bob', 3, ['worklog_added', 'no_solution_found', 'assigned']),
  ...change(6, 'Nora', 4, ['worklog_added']),
];

const params = (e: DomainError) => ({ code: e.code, ...e.params });

describe('a stale card’s answer', () => {
  it('names the assignment since the card, not the note after it, and says one more followed', () => {
    const e = raceAnswer(trail(), 4, 'resolve');
    expect(params(e)).toMatchObject({
      code: 'stale_version',
      by: 'Bob',
      change: 'assigned',
      at: minute(3).toISOString(),
      more: 1,
    });
    expect(errorMessage('en', e)).toContain('Bob assigned it to a team at');
    expect(errorMessage('en', e)).toContain('and one more change followed');
    expect(errorMessage('zh-CN', e)).toContain('指派给了小组，此后还有 1 项变更');
  });

  it('names the first change that mattered when only notes came before it, and counts the rest', () => {
    const t = [
      ...trail(),
      ...change(7, 'Nora', 5, ['accepted']),
      ...change(8, 'Wang', 6, ['reporter_note_added']),
    ];
    // A card at 5 (assigned): Nora's note does not explain it; her acceptance does.
    expect(params(raceAnswer(t, 5, 'decline'))).toMatchObject({ by: 'Nora', change: 'accepted', more: 1 });
    // A card at 4: the assignment came first; three changes followed it.
    expect(params(raceAnswer(t, 4, 'resolve'))).toMatchObject({ by: 'Bob', change: 'assigned', more: 3 });
  });

  it('is "already done by" when the change since did exactly this, even with a note after it', () => {
    expect(params(raceAnswer(trail(), 4, 'assign'))).toEqual({
      code: 'already_done',
      by: 'Bob',
      byId: 'Bob',
      change: 'assigned',
      at: minute(3).toISOString(),
    });
  });

  it('is "already done" by the latest change that did it, when an earlier one moved it first', () => {
    const t = [
      ...change(9, 'Desk', 1, ['resolved']),
      ...change(10, 'Wang', 2, ['reporter_confirmed']),
      ...change(11, 'Alice', 3, ['closed']),
    ];
    expect(params(raceAnswer(t, 9, 'close'))).toMatchObject({ code: 'already_done', by: 'Alice' });
  });

  it('is out of date, not "already done", when what was done was undone since', () => {
    const t = [
      ...trail().slice(0, -1),
      ...change(6, 'Nora', 5, ['not_in_scope', 'declined']),
      ...change(7, 'Nora', 6, ['worklog_added']),
    ];
    expect(params(raceAnswer(t, 4, 'assign'))).toMatchObject({
      code: 'stale_version',
      by: 'Bob',
      change: 'assigned',
      more: 2,
    });
  });

  it('names the first of several minor changes when nothing else happened', () => {
    const t = [
      ...change(4, 'Alice', 1, ['no_ready_solution']),
      ...change(5, 'Wang', 2, ['reporter_note_added']),
      ...change(6, 'Alice', 3, ['description_supplemented']),
    ];
    expect(params(raceAnswer(t, 4, 'resolve'))).toMatchObject({
      by: 'Wang',
      change: 'reporter_note_added',
      more: 1,
    });
  });

  it('passes over a timer’s ping (it keeps the version) and knowledge records', () => {
    const t = [
      ...trail().slice(0, -1),
      ...change(5, 'system', 4, ['escalated']),
      ...change(undefined, 'Alice', 5, ['matches_found']),
    ];
    // The ping is not counted as a change that followed: it changed nothing on the card.
    expect(params(raceAnswer(t, 4, 'resolve'))).toEqual({
      code: 'stale_version',
      by: 'Bob',
      byId: 'Bob',
      change: 'assigned',
      at: minute(3).toISOString(),
    });
    // A timer that fired while the card was current is before the card: not counted.
    const before = [
      ...change(4, 'Alice', 1, ['no_ready_solution']),
      ...change(4, 'system', 2, ['escalated']),
    ];
    const after = [...before, ...change(5, 'Bob', 3, ['assigned'])];
    expect(params(raceAnswer(after, 4, 'resolve'))).not.toHaveProperty('more');
  });

  it('falls back to the last change when the records since the card carry no version', () => {
    const legacy = [
      ...change(undefined, 'Alice', 1, ['no_ready_solution']),
      ...change(undefined, 'Bob', 2, ['assigned']),
      ...change(undefined, 'Nora', 3, ['worklog_added']),
    ];
    expect(changesSince(legacy, 1)).toBeNull();
    expect(params(raceAnswer(legacy, 1, 'resolve'))).toMatchObject({ by: 'Nora', change: 'worklog_added' });
    expect(params(raceAnswer(trail(), undefined, 'resolve'))).toMatchObject({ by: 'Nora' });
    // Versioned records after an unversioned card-time record are still read exactly.
    const mixed = [...change(undefined, 'Alice', 1, ['no_ready_solution']), ...trail().slice(-4)];
    expect(params(raceAnswer(mixed, 4, 'resolve'))).toMatchObject({ by: 'Bob', more: 1 });
  });

  it('falls back when a read tail stops before the card’s next version', () => {
    const tail = trail().slice(-1); // only version 6: what made version 5 was not read
    expect(changesSince(tail, 4)).toBeNull();
    expect(params(raceAnswer(tail, 4, 'resolve'))).toMatchObject({ by: 'Nora', change: 'worklog_added' });
    expect(changesSince(trail().slice(-4), 4)?.map((c) => c[0]?.version)).toEqual([5, 6]);
  });

  it('falls back to the last change that was not a timer’s ping (older records, a short tail)', () => {
    const ping = (version: number | undefined, at: number) => change(version, 'system', at, ['escalated']);
    // Records from before versions were kept, then the bot's reminders.
    const legacy = [
      ...change(undefined, 'Alice', 1, ['no_ready_solution']),
      ...change(undefined, 'Bob', 2, ['worklog_added', 'no_solution_found', 'assigned']),
      ...ping(undefined, 3),
      ...change(undefined, 'system', 4, ['deadline_breached', 'escalated']),
    ];
    expect(changesSince(legacy, 1)).toBeNull();
    expect(params(raceAnswer(legacy, 1, 'resolve'))).toMatchObject({ by: 'Bob', change: 'assigned' });
    expect(params(raceAnswer(legacy, undefined, 'assign'))).toMatchObject({
      code: 'already_done',
      by: 'Bob',
    });
    // A tail that stops short of the card's next version, its end all pings.
    const tail = [...trail().slice(-1), ...ping(6, 5), ...ping(6, 6)];
    expect(changesSince(tail, 4)).toBeNull();
    expect(params(raceAnswer(tail, 4, 'resolve'))).toMatchObject({ by: 'Nora', change: 'worklog_added' });
    // The tail's first change may be partial (the assignment's first records were not read): it is
    // still what is named when nothing but pings follows it.
    const partial = [...trail().slice(-2, -1), ...ping(5, 5), ...ping(5, 6)];
    expect(params(raceAnswer(partial, 3, 'resolve'))).toMatchObject({ by: 'Bob', change: 'assigned' });
    // Nothing but pings on the tail: the last ping, as nothing else is known.
    expect(params(raceAnswer([...ping(7, 5), ...ping(7, 6)], 4, 'resolve'))).toMatchObject({
      by: 'system',
      change: 'escalated',
    });
    // A note, then a ping, on records without versions: a card one behind is still good.
    const noted = [...change(undefined, 'Nora', 1, ['worklog_added']), ...ping(undefined, 2)];
    expect(stillCurrentSince(noted, 5, 'Alice', 'resolve')).toBe(true);
  });

  it('keeps a card one version behind good after a note, even when a timer pinged after it', () => {
    const t = [...trail().slice(0, -1), ...change(6, 'Nora', 4, ['worklog_added'])];
    const pinged = [...t, ...change(6, 'system', 5, ['escalated'])];
    expect(stillCurrentSince(t, 5, 'Alice', 'resolve')).toBe(true);
    expect(stillCurrentSince(pinged, 5, 'Alice', 'resolve')).toBe(true);
    // The assignment is no note: a card at 4 is out of date.
    expect(stillCurrentSince(trail().slice(0, -1), 4, 'Alice', 'resolve')).toBe(false);
  });

  it('is a DomainError the adapters render as before', () => {
    expect(raceAnswer(trail(), 4, 'resolve')).toBeInstanceOf(DomainError);
  });
});

describe('a card several notes behind (cardStillUsable)', () => {
  const notes = (): AuditRecord[] => [
    ...change(4, 'Alice', 2, ['no_ready_solution', 'attempt_started']),
    ...change(5, 'Nora', 3, ['worklog_added']),
    ...change(5, 'system', 4, ['escalated']),
    ...change(6, 'Bob', 5, ['worklog_added']),
    ...change(7, 'Nora', 6, ['rated']),
  ];

  it('goes ahead when every change since is a note or a ping, whoever made them', () => {
    expect(cardStillUsable(notes(), 4, 7, 'alice', 'assign')).toBe(true);
    expect(cardStillUsable(notes(), 5, 7, 'alice', 'assign')).toBe(true);
  });

  it('not when a real change is among them, nor past NOTES_BEHIND_MAX, nor with a version missing', () => {
    const moved = [
      ...notes(),
      ...change(8, 'Bob', 7, ['prioritised']),
      ...change(9, 'Bob', 8, ['worklog_added']),
    ];
    expect(cardStillUsable(moved, 4, 9, 'alice', 'assign')).toBe(false);
    const many = [...change(4, 'Alice', 0, ['attempt_started'])];
    for (let v = 5; v <= 5 + NOTES_BEHIND_MAX; v++) many.push(...change(v, 'Nora', v, ['worklog_added']));
    expect(cardStillUsable(many, 5, 5 + NOTES_BEHIND_MAX, 'alice', 'assign')).toBe(true);
    expect(cardStillUsable(many, 4, 5 + NOTES_BEHIND_MAX, 'alice', 'assign')).toBe(false);
    const gap = notes().filter((r) => r.version !== 6);
    expect(cardStillUsable(gap, 4, 7, 'alice', 'assign')).toBe(false);
  });

  it('records without a version keep the one-version rule', () => {
    const old = [
      ...change(undefined, 'Alice', 2, ['attempt_started']),
      ...change(undefined, 'Nora', 3, ['worklog_added']),
      ...change(undefined, 'Bob', 4, ['worklog_added']),
    ];
    expect(cardStillUsable(old, 1, 3, 'alice', 'assign')).toBe(false);
    expect(cardStillUsable(old, 2, 3, 'alice', 'assign')).toBe(true);
  });
});
