// What the trail and the messages say about who did what, as an independent Teams trial found it
// wrong (docs/teams.md, 2026-12-07 "trail wording"): pure, through the real core decisions.
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import type { Effect } from '../../src/core/decision.js';
import { register } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';
import { REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();

function registered(): Incident {
  const report = {
    id: 'inc-9',
    sequence: 2,
    title: 'VPN drops',
    description: '',
    service: null,
    severity: null,
  };
  return register({ ...report, reporter: { id: 'teams:REP', name: 'Wang Fang' } }, REPORTED_AT, cfg).incident;
}

const texts = (effect: Effect, incident: Incident) =>
  notificationsFor(effect, incident, cfg).map((n) => ({
    to: n.recipient.kind,
    en: renderText('en', n.text, 'UTC'),
    zh: renderText('zh-CN', n.text, 'UTC'),
  }));

describe('relays to the holding team', () => {
  it("word a reopen as the reporter's, not the service desk's", () => {
    const said = texts(
      { type: 'relay_to_team', step: 'IM5.1', team: 'network', text: '下午又掉线了。', from: 'reopen' },
      registered(),
    );
    expect(said).toEqual([
      {
        to: 'team',
        en: 'The reporter reopened INC-000002: 下午又掉线了。',
        zh: '报告人重新打开了 INC-000002：下午又掉线了。',
      },
    ]);
  });

  it("keep the desk's own words attributed to the desk", () => {
    const [said] = texts(
      { type: 'relay_to_team', step: 'IM2.12', team: 'network', text: 'Logs attached' },
      registered(),
    );
    expect(said?.en).toBe('Service desk on INC-000002: Logs attached');
  });
});
