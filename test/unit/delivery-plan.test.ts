// Who is told what, where, on each platform: decided once in src/app (issue 11, item 1).
import { describe, expect, it } from 'vitest';
import { PURPOSE } from '../../src/app/card-places.js';
import { announcementPlan, deliveryPlan } from '../../src/app/delivery-plan.js';
import { notificationsFor } from '../../src/app/notifications.js';
import { type Notification, type Recipient, renderText } from '../../src/app/notifier.js';
import type { TriageConfig } from '../../src/core/config.js';
import { testConfig } from '../fixtures/config.js';
import { newIncident } from '../support/incidents.js';

const cfg = testConfig();
const incident = newIncident({ reporterId: 'slack:UREP', declines: [] });
const note = (kind: Notification['kind'], recipient: Recipient, withCard = false): Notification => ({
  incidentId: incident.id,
  kind,
  recipient,
  text: { key: 'team.assignment', params: {} },
  withCard,
});

describe('deliveryPlan', () => {
  it('an assignment: a new post in the team channel, members mentioned, the team card with it', () => {
    const [slack] = deliveryPlan(
      note('assignment', { kind: 'team', teamId: 'erp', mention: true }),
      incident,
      cfg,
      'slack',
    );
    expect(slack).toEqual({
      place: { kind: 'channel', channel: 'CERP', thread: null },
      locale: 'zh-CN',
      text: { key: 'team.assignment', params: {} },
      mentions: [
        { user: 'UERIN', name: 'Erin Lin' },
        { user: 'UERIC', name: 'Eric Guo' },
      ],
      card: PURPOSE.team('erp'),
      keepAs: null,
    });
    const [teams] = deliveryPlan(
      note('assignment', { kind: 'team', teamId: 'erp', mention: true }),
      incident,
      cfg,
      'teams',
    );
    expect(teams?.place).toEqual({ kind: 'channel', channel: '19:erp@thread.tacv2', thread: null });
    expect(teams?.mentions.map((m) => m.user)).toEqual(['29:erin', '29:eric']);
  });

  it('an advice request keeps its own message, so the answer in its thread finds the incident', () => {
    const [p] = deliveryPlan(
      note('advice_request', { kind: 'team', teamId: 'erp', mention: true }),
      incident,
      cfg,
      'slack',
    );
    expect(p).toMatchObject({ card: null, keepAs: PURPOSE.advice('erp'), place: { thread: null } });
  });

  it("anything else for a team goes under the team's card, or as a post when there is none", () => {
    const [p] = deliveryPlan(
      note('relay', { kind: 'team', teamId: 'erp', mention: false }),
      incident,
      cfg,
      'slack',
    );
    expect(p).toMatchObject({
      place: {
        kind: 'channel',
        channel: 'CERP',
        thread: { purpose: PURPOSE.team('erp'), ifMissing: 'post' },
      },
      mentions: [],
    });
  });

  it("a decline goes under the desk card, and under the declining team's card only if it is there", () => {
    const declined = {
      ...incident,
      declines: [
        {
          team: 'network',
          reason: 'not ours',
          suggestedTeam: null,
          suggestion: null,
          at: new Date(),
          by: 'nora',
        },
      ],
    };
    const plan = deliveryPlan(note('decline', { kind: 'desk' }), declined as typeof incident, cfg, 'slack');
    expect(plan.map((p) => p.place)).toEqual([
      { kind: 'channel', channel: 'CDESK', thread: { purpose: PURPOSE.desk, ifMissing: 'post' } },
      {
        kind: 'channel',
        channel: 'CNETWORK',
        thread: { purpose: PURPOSE.team('network'), ifMissing: 'skip' },
      },
    ]);
  });

  it('people by DM in their own language, with their card when the notice carries one', () => {
    const [p] = deliveryPlan(
      note('onsite_dispatch', { kind: 'person', personId: 'bob' }, true),
      incident,
      cfg,
      'teams',
    );
    expect(p).toMatchObject({
      place: { kind: 'direct', user: '29:bob' },
      locale: 'zh-CN',
      card: PURPOSE.dm('bob'),
    });
    const [q] = deliveryPlan(note('ping', { kind: 'person', personId: 'alice' }), incident, cfg, 'slack');
    expect(q).toMatchObject({ place: { kind: 'direct', user: 'UALICE' }, locale: 'en', card: null });
  });

  it('the reporter on the platform they reported from, in a language only that platform may know', () => {
    const n = {
      ...note('reporter_update', { kind: 'reporter' }),
      text: { key: 'reporter.info_requested' as const, params: {} },
    };
    expect(deliveryPlan(n, incident, cfg, 'slack')).toEqual([
      expect.objectContaining({
        place: { kind: 'direct', user: 'UREP' },
        locale: 'reporter',
        card: PURPOSE.reporter,
      }),
    ]);
    expect(deliveryPlan(n, incident, cfg, 'teams')).toEqual([]);
    const configured = { ...incident, reporterId: 'bob' };
    expect(deliveryPlan(n, configured, cfg, 'teams')[0]).toMatchObject({
      place: { user: '29:bob' },
      locale: 'zh-CN',
    });
  });

  it('a mixed deployment follows from the accounts: a Slack desk, a Teams team', () => {
    const mixed: TriageConfig = {
      ...cfg,
      channels: { desk: { slack: 'CDESK' }, managers: { slack: 'CMANAGERS' } },
      teams: cfg.teams.map((t) => ({
        ...t,
        channels: t.id === 'erp' ? { teams: '19:erp@thread.tacv2' } : t.channels,
      })),
    };
    const assignment = note('assignment', { kind: 'team', teamId: 'erp', mention: true });
    expect(deliveryPlan(assignment, incident, mixed, 'slack')).toEqual([]);
    expect(deliveryPlan(assignment, incident, mixed, 'teams')).toHaveLength(1);
    const relay = note('relay', { kind: 'desk' });
    expect(deliveryPlan(relay, incident, mixed, 'teams')).toEqual([]);
    expect(deliveryPlan(relay, incident, mixed, 'slack')).toHaveLength(1);
    expect(announcementPlan({ key: 'calendar.warning.managers', params: {} }, mixed, 'teams')).toEqual([]);
    expect(announcementPlan({ key: 'calendar.warning.managers', params: {} }, mixed, 'slack')).toHaveLength(
      1,
    );
  });

  it('a team with no channel anywhere: each member by DM, the assignment with their own card', () => {
    const noChannel: TriageConfig = {
      ...cfg,
      teams: cfg.teams.map((t) => (t.id === 'erp' ? { ...t, channels: {} } : t)),
    };
    const assignment = note('assignment', { kind: 'team', teamId: 'erp', mention: true });
    expect(deliveryPlan(assignment, incident, noChannel, 'slack')).toEqual([
      expect.objectContaining({ place: { kind: 'direct', user: 'UERIN' }, card: PURPOSE.dm('erin') }),
      expect.objectContaining({ place: { kind: 'direct', user: 'UERIC' }, card: PURPOSE.dm('eric') }),
    ]);
    const advice = note('advice_request', { kind: 'team', teamId: 'erp', mention: true });
    expect(deliveryPlan(advice, incident, noChannel, 'teams').map((p) => p.keepAs)).toEqual([
      PURPOSE.advice('erp'),
      PURPOSE.advice('erp'),
    ]);
    // A channel on the other platform is where the team is: no DMs here.
    const elsewhere: TriageConfig = {
      ...cfg,
      teams: cfg.teams.map((t) => (t.id === 'erp' ? { ...t, channels: { teams: '19:erp' } } : t)),
    };
    expect(deliveryPlan(assignment, incident, elsewhere, 'slack')).toEqual([]);
  });

  it('nobody reachable on a platform: nothing planned there', () => {
    const bare: TriageConfig = { ...cfg, people: cfg.people.map((p) => ({ ...p, accounts: {} })) };
    expect(deliveryPlan(note('ping', { kind: 'person', personId: 'mia' }), incident, bare, 'slack')).toEqual(
      [],
    );
  });
});

describe('a person with accounts on two platforms hears about an incident once', () => {
  const both = ['slack', 'teams'];
  const places = (n: Notification, i: typeof incident) =>
    both.flatMap((p) => deliveryPlan(n, i, cfg, p, both).map((x) => [p, x.place]));
  const thanks = { ...note('reporter_update', { kind: 'reporter' }, true) };

  it('on the platform the incident was reported on: the reporter, a person, a channel-less team', () => {
    const fromSlack = { ...incident, reporterId: 'bob', reportedVia: 'slack' };
    expect(places(thanks, fromSlack)).toEqual([['slack', { kind: 'direct', user: 'UBOB' }]]);
    const fromTeams = { ...fromSlack, reportedVia: 'teams' };
    expect(places(thanks, fromTeams)).toEqual([['teams', { kind: 'direct', user: '29:bob' }]]);
    expect(places(note('ping', { kind: 'person', personId: 'alice' }), fromTeams)).toEqual([
      ['teams', { kind: 'direct', user: '29:alice' }],
    ]);
    const nowhere = { ...cfg, teams: cfg.teams.map((t) => ({ ...t, channels: {} })) };
    const team = cfg.teams.find((t) => t.members.length > 0 || t.lead) ?? cfg.teams[0];
    const n = note('assignment', { kind: 'team', teamId: team?.id ?? '', mention: true });
    const dms = both.flatMap((p) => deliveryPlan(n, fromTeams, nowhere, p, both).map(() => p));
    expect(dms.length).toBeGreaterThan(0);
    expect(new Set(dms)).toEqual(new Set(['teams']));
  });

  it('on their other platform when they have no account where the incident lives, or it is off', () => {
    const slackOnly = {
      ...cfg,
      people: cfg.people.map((p) => (p.id === 'bob' ? { ...p, accounts: { teams: '29:bob' } } : p)),
    };
    const fromSlack = { ...incident, reporterId: 'bob', reportedVia: 'slack' };
    const plan = both.flatMap((p) => deliveryPlan(thanks, fromSlack, slackOnly, p, both).map(() => p));
    expect(plan).toEqual(['teams']);
    expect(deliveryPlan(thanks, fromSlack, cfg, 'teams', ['teams'])).toHaveLength(1);
  });

  it('a notice to each manager: once, on the first platform that is on', () => {
    const split = { ...cfg, channels: { desk: {}, managers: {} } };
    const dms = both.flatMap((p) =>
      announcementPlan({ key: 'team.assignment', params: {} }, split, p, {
        eachManager: true,
        platformsOn: both,
      }).map(() => p),
    );
    expect(dms.length).toBeGreaterThan(0);
    expect(new Set(dms)).toEqual(new Set(['slack']));
  });
});

describe('the question to the reporter names who asks', () => {
  const asking = (asker?: 'desk' | 'team') =>
    ({
      type: 'notify_reporter',
      step: 'IM2.9',
      event: 'info_requested',
      detail: 'Which floor?',
      ...(asker ? { asker } : {}),
    }) as const;
  const said = (asker: 'desk' | 'team' | undefined, locale: 'en' | 'zh-CN') => {
    const [n] = notificationsFor(asking(asker), incident, cfg);
    return renderText(locale, n?.text ?? { key: 'view.not_set', params: {} }, 'UTC');
  };

  it('the service desk when the desk asked (IM2.5), the team handling it when the team did', () => {
    expect(said('desk', 'en')).toContain('The service desk needs more information from you');
    expect(said('desk', 'zh-CN')).toContain('服务台需要您就');
    expect(said('desk', 'zh-CN')).not.toContain('团队');
    expect(said('team', 'en')).toContain('The team working on');
    expect(said('team', 'zh-CN')).toContain('的团队需要您补充信息');
    // An effect stored before the asker was recorded reads as it did.
    expect(said(undefined, 'en')).toContain('The team working on');
    for (const asker of ['desk', 'team'] as const) expect(said(asker, 'en')).toContain('Which floor?');
  });

  it("is the reporter's question either way: kept as the place their reply answers", () => {
    for (const asker of ['desk', 'team'] as const) {
      const [n] = notificationsFor(asking(asker), incident, cfg);
      if (!n) throw new Error('no notification');
      expect(deliveryPlan(n, incident, cfg, 'slack')[0]).toMatchObject({
        card: PURPOSE.reporter,
        keepAs: PURPOSE.question,
      });
    }
  });
});

describe('the IM2.11 assignment', () => {
  const effect = { type: 'post_assignment', step: 'IM2.11', team: 'erp' } as const;

  it("names the lead's phone when the configuration has one: phone them first", () => {
    const withPhone: TriageConfig = {
      ...cfg,
      people: cfg.people.map((p) => (p.id === 'erin' ? { ...p, phone: '+86 10 6666 0001' } : p)),
    };
    const [n] = notificationsFor(effect, incident, withPhone);
    expect(renderText('en', n?.text ?? { key: 'view.not_set', params: {} }, 'UTC')).toContain(
      'Team lead Erin Lin: phone them first on +86 10 6666 0001.',
    );
    expect(renderText('zh-CN', n?.text ?? { key: 'view.not_set', params: {} }, 'UTC')).toContain(
      '请先致电组长 Erin Lin：+86 10 6666 0001',
    );
    const [plain] = notificationsFor(effect, incident, cfg);
    expect(plain?.text.key).toBe('team.assignment');
  });
});

describe('reasons in the desk thread', () => {
  it('a reopen reason and on-site feedback are relayed to the desk in its words, in both languages', () => {
    const say = (from: 'reopen' | 'onsite', locale: 'en' | 'zh-CN') => {
      const [n] = notificationsFor(
        { type: 'relay_to_desk', step: 'IM5.1', text: '又卡纸了', from },
        incident,
        cfg,
      );
      expect(n?.recipient).toEqual({ kind: 'desk' });
      return n ? renderText(locale, n.text, cfg.calendar.timeZone) : '';
    };
    expect(say('reopen', 'en')).toMatch(/^The reporter reopened .+: 又卡纸了$/);
    expect(say('reopen', 'zh-CN')).toMatch(/^报告人重新打开了 .+：又卡纸了$/);
    expect(say('onsite', 'en')).toMatch(/^On-site feedback on .+: 又卡纸了$/);
    expect(say('onsite', 'zh-CN')).toContain('的现场反馈：又卡纸了');
  });
});
