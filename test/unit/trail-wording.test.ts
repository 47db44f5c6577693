// What the trail and the messages say about who did what, as an independent Teams trial found it
// wrong (docs/teams.md, 2026-12-07 "trail wording"): pure, through the real core decisions.
import { describe, expect, it } from 'vitest';
import { forReporter } from '../../src/app/notification-params.js';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import type { Effect } from '../../src/core/decision.js';
import { register } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';
import { labelled, t } from '../../src/i18n/index.js';
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

describe('Chinese sentences and labels', () => {
  it('put no space between Chinese and a Chinese team name; INC numbers and Latin names keep theirs', () => {
    const number = 'INC-000002';
    expect(t('zh-CN', 'reporter.assigned', { number, team: '网络组' })).toBe('INC-000002 已转交网络组处理。');
    expect(t('zh-CN', 'reporter.accepted', { number, team: '桌面支持组' })).toBe(
      '桌面支持组已受理 INC-000002，正在处理中。',
    );
    expect(
      t('zh-CN', 'notice.declined.earlier', {
        n: 2,
        team: '网络组',
        reason: '不是网络问题',
        suggested: '桌面支持组',
      }),
    ).toBe('此前已被退回 2 次；最近一次由网络组退回：不是网络问题（建议派给：桌面支持组）');
    expect(t('zh-CN', 'reporter.assigned', { number, team: 'Desktop' })).toBe(
      'INC-000002 已转交 Desktop 处理。',
    );
    expect(t('en', 'reporter.assigned', { number, team: 'Network' })).toBe(
      'INC-000002 has been passed to Network.',
    );
  });

  it('write a label with a full-width colon in Chinese and none nested in brackets in English', () => {
    expect(labelled('zh-CN', '报告人')).toBe('报告人：');
    expect(labelled('en', 'Reporter')).toBe('Reporter: ');
    const state = t('en', 'onsite.feedback');
    expect(t('en', 'notice.onsite_task', { engineers: 'Oscar', window: '14:00–15:00', state })).not.toMatch(
      /\([^)]*\(/,
    );
  });
});

describe("the reporter's resolution message", () => {
  it('gives the solution of an applied knowledge entry without its internal reference', () => {
    const incident: Incident = {
      ...registered(),
      status: 'resolved',
      resolution: {
        code: 'solved',
        solution: '[KB-PRN-1] https://kb.example/prn-1\nOpen tray 2 and reseat the paper.',
        matchRef: 'KB-PRN-1',
      } as Incident['resolution'],
    };
    const said = texts({ type: 'notify_reporter', step: 'IM4.1', event: 'resolved' }, incident);
    expect(said[0]?.en).toContain('has been resolved: Open tray 2 and reseat the paper.');
    expect(said[0]?.zh).toContain('已解决：Open tray 2 and reseat the paper.');
    expect(JSON.stringify(said)).not.toContain('KB-PRN-1');
    // What the desk wrote itself stays whole, brackets and all.
    expect(forReporter({ solution: '[KB-PRN-1] was wrong; replaced the fuser', matchRef: null })).toBe(
      '[KB-PRN-1] was wrong; replaced the fuser',
    );
  });
});
