// IM5.1 satisfaction: the reporter rates the handling 1..5 once, after confirming the fix or
// once the desk closed it without them; nobody else may, and nobody before that.
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { parseCommand } from '../../src/app/views/forms.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import type { Command } from '../../src/core/commands.js';
import { DomainError } from '../../src/core/errors.js';
import { allowedCommands } from '../../src/core/guards.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import { MAX_RATING_COMMENT } from '../../src/core/steps/satisfaction.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { errorMessage } from '../../src/i18n/index.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const alice = actorFor('alice');
const reporter: Actor = { id: 'u-wangfang', name: 'Wang Fang', roles: [], teams: [] };
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);
const SILENCE_OVER = new Date(REPORTED_AT.getTime() + 10 * 86_400_000);

function apply(start: Incident, steps: [Command, Actor, Date?][]): Incident {
  return steps.reduce((inc, [c, a, when], k) => decide(inc, c, a, when ?? at(k + 1), cfg).incident, start);
}

function resolved(): Incident {
  const report = {
    id: 'inc-s',
    sequence: 7,
    title: 'VPN drops',
    description: 'every 10 minutes',
    service: null,
    severity: null,
    reporter: { id: reporter.id, name: reporter.name },
  };
  return apply(register(report, REPORTED_AT, cfg).incident, [
    [{ type: 'classify', nature: 'fault', category: 'vpn' }, alice],
    [{ type: 'prioritise', impact: 2, urgency: 3 }, alice],
    [{ type: 'decide_onsite', needed: false }, alice],
    [{ type: 'apply_match', matchRef: 'KB-1', solution: 'Restart', code: 'solved' }, alice],
  ]);
}

const confirmed = () => apply(resolved(), [[{ type: 'confirm' }, reporter]]);
const closedWithout = () => apply(resolved(), [[{ type: 'close', code: null }, alice, SILENCE_OVER]]);
const rate = (score: number, comment: string | null = null): Command => ({ type: 'rate', score, comment });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('IM5.1 satisfaction', () => {
  it('after confirming, the reporter rates once: stored, on the trail with IM5.1, thanked', () => {
    const d = decide(confirmed(), rate(5, '  quick, thanks  '), reporter, at(30), cfg);
    expect(d.incident.satisfaction).toEqual({
      score: 5,
      comment: 'quick, thanks',
      at: at(30),
      after: 'confirmed',
    });
    // The trail records that there is a comment, never its words.
    expect(d.events).toEqual([
      { step: 'IM5.1', action: 'rated', payload: { score: 5, comment: true, after: 'confirmed' } },
    ]);
    expect(d.effects).toContainEqual({ type: 'notify_reporter', step: 'IM5.1', event: 'rated' });
  });

  it('closed without the reporter, they may still rate, and it says so', () => {
    const d = decide(closedWithout(), rate(2), reporter, SILENCE_OVER, cfg);
    expect(d.incident.satisfaction).toMatchObject({
      score: 2,
      comment: null,
      after: 'closed_without_reporter',
    });
    expect(d.events[0]?.payload).toEqual({ score: 2, comment: false, after: 'closed_without_reporter' });
  });

  it('a second rating is refused, politely, in the person’s language', () => {
    const rated = decide(confirmed(), rate(4), reporter, at(30), cfg).incident;
    const err = refusal(() => decide(rated, rate(1), reporter, at(31), cfg));
    expect(err.code).toBe('already_rated');
    expect(errorMessage('en', err)).toContain('already rated');
    expect(errorMessage('en', err)).toContain('4/5');
    expect(errorMessage('zh-CN', err)).toContain('每个事件只接受一次评价');
    // Also once the desk closed it after the rating: still once per incident.
    const closed = decide(rated, { type: 'close', code: null }, alice, at(32), cfg).incident;
    expect(refusal(() => decide(closed, rate(3), reporter, at(33), cfg)).code).toBe('already_rated');
  });

  it('only the reporter may rate', () => {
    const err = refusal(() => decide(confirmed(), rate(5), alice, at(30), cfg));
    expect(err.code).toBe('forbidden');
    expect(errorMessage('en', err)).toBe('Only the reporter may rate the handling.');
    expect(errorMessage('zh-CN', err)).toContain('报告人');
  });

  it('not before the reporter confirmed or the incident was closed', () => {
    const err = refusal(() => decide(resolved(), rate(5), reporter, at(30), cfg));
    expect(err.params).toMatchObject({ field: 'score', reason: 'rate_too_early' });
    const open = apply(resolved(), [[{ type: 'reopen', reason: 'still drops' }, reporter]]);
    expect(refusal(() => decide(open, rate(5), reporter, at(30), cfg)).code).toBe('wrong_state');
  });

  it('scores outside 1..5 and over-long comments are refused with what is wrong', () => {
    for (const score of [0, 6, 2.5, Number.NaN])
      expect(refusal(() => decide(confirmed(), rate(score), reporter, at(30), cfg)).params).toMatchObject({
        field: 'score',
        reason: 'choice',
      });
    const long = 'x'.repeat(MAX_RATING_COMMENT + 1);
    const err = refusal(() => decide(confirmed(), rate(3, long), reporter, at(30), cfg));
    expect(err.params).toMatchObject({ field: 'comment', reason: 'too_long', max: MAX_RATING_COMMENT });
    expect(errorMessage('en', err)).toContain(`at most ${MAX_RATING_COMMENT}`);
  });

  it('the reporter’s card offers five one-click scores until they rated; nobody else’s does', () => {
    const view = (inc: Incident, who: Actor) => buildIncidentView(inc, who, cfg, 'zh-CN', at(40));
    const action = view(confirmed(), reporter).actions.find((a) => a.command === 'rate');
    expect(action?.oneClick?.choices.map((c) => c.presets)).toEqual(
      ['1', '2', '3', '4', '5'].map((score) => ({ score })),
    );
    expect(action?.oneClick?.choices[4]?.label).toBe('5 · 非常满意');
    expect(action?.inputs.find((i) => i.name === 'comment')?.required).toBe(false);
    expect(allowedCommands(confirmed(), alice)).not.toContain('rate');
    expect(allowedCommands(resolved(), reporter)).not.toContain('rate');
    const rated = decide(confirmed(), rate(3, '还行'), reporter, at(30), cfg).incident;
    expect(allowedCommands(rated, reporter)).not.toContain('rate');
    expect(view(rated, alice).fields.find((f) => f.key === 'satisfaction')?.value).toBe(
      '3/5 分 · 报告人确认解决后\n还行',
    );
  });

  it('a click’s values parse to the command (score as text, empty comment as none)', () => {
    const id = () => 'x';
    expect(parseCommand('rate', { score: '4', comment: ' ' }, id)).toEqual(rate(4));
    expect(parseCommand('rate', { score: '2', comment: 'slow' }, id)).toEqual(rate(2, 'slow'));
  });

  it('the reporter is asked when closed without them, with the card; not again after confirming', () => {
    const closeEffect = { type: 'notify_reporter', step: 'IM5.1', event: 'closed' } as const;
    const [ask] = notificationsFor(closeEffect, closedWithout(), cfg);
    expect(ask).toMatchObject({ recipient: { kind: 'reporter' }, withCard: true });
    expect(ask?.text.key).toBe('reporter.closed_rate');
    const afterConfirm = apply(confirmed(), [[{ type: 'close', code: null }, alice]]);
    const [plain] = notificationsFor(closeEffect, afterConfirm, cfg);
    expect(plain).toMatchObject({ withCard: false, text: { key: 'reporter.closed' } });
  });
});
