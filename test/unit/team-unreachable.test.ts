// IM2.11 to a team that only a platform that is off could reach: the trial's "已分派" with nothing
// posted anywhere. The desk is told in the thread of its card; the start-up lists such teams.
import { describe, expect, it } from 'vitest';
import { ChatDelivery } from '../../src/app/chat-delivery.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import { teamReachable, unreachableTeams } from '../../src/app/delivery-plan.js';
import type { ChatNotifier, Notification, OutgoingMessage } from '../../src/app/notifier.js';
import type { TriageConfig } from '../../src/core/config.js';
import { testConfig } from '../fixtures/config.js';
import { newIncident } from '../support/incidents.js';

const base = testConfig();
// "desktop": a channel on Teams only; "erp": channels on both (the fixture's).
const cfg: TriageConfig = {
  ...base,
  teams: base.teams.map((t) =>
    t.id === 'desktop' ? { ...t, channels: { teams: '19:desktop@thread.tacv2' } } : t,
  ),
};
const incident = newIncident({ reporterId: 'slack:UREP', declines: [] });
const assignment = (teamId: string): Notification => ({
  incidentId: incident.id,
  kind: 'assignment',
  recipient: { kind: 'team', teamId, mention: true },
  text: { key: 'team.assignment', params: { number: 'INC-000004' } },
  withCard: true,
});

function slackOnly() {
  const sent: OutgoingMessage[] = [];
  const chat: ChatNotifier = {
    platform: 'slack',
    refresh: async () => {},
    send: async (m) => {
      sent.push(m);
      return null;
    },
  };
  const places = { cards: async () => [], keepCard: async () => {} } as unknown as ChatPlaces;
  return { sent, delivery: new ChatDelivery([chat], places, cfg) };
}

describe('a team no platform that is on reaches', () => {
  it('is named at start-up; a team reachable on an enabled platform is not', () => {
    expect(cfg.teams.some((t) => t.id === 'desktop')).toBe(true);
    expect(teamReachable(cfg, 'desktop', ['slack'])).toBe(false);
    expect(teamReachable(cfg, 'desktop', ['slack', 'teams'])).toBe(true);
    expect(unreachableTeams(cfg, ['slack'])).toEqual(['desktop']);
    expect(unreachableTeams(cfg, ['teams'])).toEqual([]);
  });

  it('at assignment the desk thread says the team was not told and how to reach it', async () => {
    const { sent, delivery } = slackOnly();
    await delivery.deliver(assignment('desktop'), incident);
    expect(sent.map((m) => m.says.key)).toEqual(['desk.team_unreachable']);
    expect(sent[0]?.to).toMatchObject({ kind: 'channel', channel: cfg.channels.desk.slack });
    expect(sent[0]?.text).toContain('INC-000004');
  });

  it('a reachable team gets its assignment and the desk no warning', async () => {
    const { sent, delivery } = slackOnly();
    await delivery.deliver(assignment('erp'), incident);
    expect(sent.map((m) => m.says.key)).toEqual(['team.assignment']);
  });
});
