// A person is told once, on their home platform — and when that platform cannot reach them (Teams:
// no personal chat with the bot yet, send returns null), on their next one (ChatDelivery.elsewhere).
import { describe, expect, it } from 'vitest';
import { ChatDelivery } from '../../src/app/chat-delivery.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { ChatNotifier, Notification, OutgoingMessage, Recipient } from '../../src/app/notifier.js';
import { testConfig } from '../fixtures/config.js';
import { newIncident } from '../support/incidents.js';

const cfg = testConfig();
const incident = { ...newIncident({ reporterId: 'bob', declines: [] }), reportedVia: 'teams' };
const note = (kind: Notification['kind'], recipient: Recipient): Notification => ({
  incidentId: incident.id,
  kind,
  recipient,
  text: { key: 'team.assignment', params: {} },
  withCard: true,
});
const places = { keepCard: async () => {}, cards: async () => [] } as unknown as ChatPlaces;

/** Every send as `platform:user`; the users in `unreachable` get null, those in `broken` throw. */
function platforms(unreachable: string[] = [], broken: string[] = [], config = cfg) {
  const told: string[] = [];
  const notifier = (platform: string): ChatNotifier => ({
    platform,
    refresh: async () => {},
    send: async (m: OutgoingMessage) => {
      const at = `${platform}:${m.to.kind === 'direct' ? m.to.user : m.to.channel}`;
      if (broken.includes(at)) throw new Error('down');
      if (unreachable.includes(at)) return null;
      told.push(at);
      const sent = { conversationId: at, messageId: `${told.length}`, threadId: null };
      return { message: sent, card: m.card ? sent : null };
    },
  });
  const chat = new ChatDelivery([notifier('slack'), notifier('teams')], places, config);
  return { chat, told };
}
const slackId = (id: string) => cfg.people.find((p) => p.id === id)?.accounts.slack;

describe('told once, on the next platform when home cannot reach them', () => {
  it('a reachable home: once, on the platform the incident lives on', async () => {
    const { chat, told } = platforms();
    await chat.deliver(note('ping', { kind: 'person', personId: 'alice' }), incident);
    await chat.deliver(note('reporter_update', { kind: 'reporter' }), incident);
    expect(told).toEqual(['teams:29:alice', 'teams:29:bob']);
  });

  it('an unreachable home: on their other platform instead (person and reporter)', async () => {
    const { chat, told } = platforms(['teams:29:alice', 'teams:29:bob']);
    await chat.deliver(note('ping', { kind: 'person', personId: 'alice' }), incident);
    await chat.deliver(note('reporter_update', { kind: 'reporter' }), incident);
    expect(told).toEqual([`slack:${slackId('alice')}`, `slack:${slackId('bob')}`]);
  });

  it('a team with no channel: the member Teams cannot reach is told on Slack, the others on Teams', async () => {
    const nowhere = { ...cfg, teams: cfg.teams.map((t) => ({ ...t, channels: {} })) };
    const team = nowhere.teams.find((t) => t.lead && t.members.length > 0);
    const lead = team?.lead ?? '';
    const n = note('assignment', { kind: 'team', teamId: team?.id ?? '', mention: true });
    const reachable = platforms([], [], nowhere);
    const leadAway = platforms([`teams:29:${lead}`], [], nowhere);
    for (const { chat } of [reachable, leadAway]) await chat.deliver(n, incident);
    expect(reachable.told).toContain(`teams:29:${lead}`);
    expect(reachable.told.every((t) => t.startsWith('teams:'))).toBe(true);
    const others = reachable.told.filter((t) => t !== `teams:29:${lead}`);
    expect(leadAway.told.sort()).toEqual([...others, `slack:${slackId(lead)}`].sort());
  });

  it('a send that fails (throws) is retried with the row, never told elsewhere meanwhile', async () => {
    const { chat, told } = platforms([], ['teams:29:alice']);
    await expect(
      chat.deliver(note('ping', { kind: 'person', personId: 'alice' }), incident),
    ).rejects.toThrow();
    expect(told).toEqual([]);
  });

  it('a notice to each manager: on their next platform when the first cannot reach them', async () => {
    const split = { ...cfg, channels: { desk: {}, managers: {} } };
    const managers = split.people.filter((p) => p.roles.includes('manager'));
    const missing = managers.map((m) => `slack:${m.accounts.slack}`);
    const first = platforms([], [], split);
    const fallback = platforms(missing, [], split);
    const says = { key: 'team.assignment', params: {} } as const;
    for (const { chat } of [first, fallback]) await chat.announce(says, { eachManager: true });
    expect(first.told).toEqual(missing);
    expect(fallback.told).toEqual(managers.map((m) => `teams:${m.accounts.teams}`));
  });
});
