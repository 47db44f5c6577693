// Cards kept in step, once for every platform (issue 11, item 1): the desk card is posted by the
// first refresh where the platform has a desk channel; every card is updated; one failing place
// does not keep the others from their update, and is retried.
import { describe, expect, it } from 'vitest';
import { refreshCards } from '../../src/app/card-refresh.js';
import { ChatPlaces } from '../../src/app/chat-places.js';
import type { ChatRef, Storage } from '../../src/app/ports.js';
import type { TriageConfig } from '../../src/core/config.js';
import { testConfig } from '../fixtures/config.js';
import { newIncident } from '../support/incidents.js';

const cfg = testConfig();
const incident = newIncident();

function fakePlaces(initial: ChatRef[]) {
  const refs = [...initial];
  const storage = {
    listChatRefs: async () => refs,
    upsertChatRef: async (r: ChatRef) => {
      refs.push(r);
    },
  } as unknown as Storage;
  return { places: new ChatPlaces(storage), refs };
}

function chat(platform: 'slack' | 'teams', failOn: string | null = null) {
  const done: string[] = [];
  return {
    done,
    platform,
    async postCard(channel: string, purpose: string) {
      done.push(`post ${purpose} in ${channel}`);
      return { conversationId: channel, messageId: 'm1', threadId: 'm1' };
    },
    async updateCard(ref: ChatRef) {
      if (ref.purpose === failOn) throw new Error('rate limited');
      done.push(`update ${ref.purpose}`);
    },
  };
}

const ref = (platform: 'slack' | 'teams', purpose: string): ChatRef => ({
  incidentId: incident.id,
  platform,
  purpose,
  conversationId: 'C1',
  messageId: `${purpose}-1`,
  threadId: null,
});

describe('refreshCards', () => {
  it("posts the desk card once, where that platform's desk is, and keeps it", async () => {
    const { places, refs } = fakePlaces([]);
    const slack = chat('slack');
    await refreshCards(slack, places, cfg, incident);
    expect(slack.done).toEqual(['post desk_card in CDESK']);
    expect(refs).toMatchObject([{ platform: 'slack', purpose: 'desk_card', messageId: 'm1' }]);
    await refreshCards(slack, places, cfg, incident);
    expect(slack.done).toEqual(['post desk_card in CDESK', 'update desk_card']);
    const noTeamsDesk: TriageConfig = { ...cfg, channels: { desk: { slack: 'CDESK' }, managers: {} } };
    const teams = chat('teams');
    await refreshCards(teams, places, noTeamsDesk, incident);
    expect(teams.done).toEqual([]);
  });

  it('updates every other card although one fails, then fails to be retried', async () => {
    const { places } = fakePlaces([
      ref('slack', 'desk_card'),
      ref('slack', 'team_card:erp'),
      ref('slack', 'reporter_card'),
    ]);
    const slack = chat('slack', 'team_card:erp');
    await expect(refreshCards(slack, places, cfg, incident)).rejects.toThrow('rate limited');
    expect(slack.done).toEqual(['update desk_card', 'update reporter_card']);
  });

  it("posts a new desk card after the incident's other cards are updated: nothing goes between it and keeping its place", async () => {
    const { places } = fakePlaces([ref('slack', 'reporter_card')]);
    const slack = chat('slack');
    await refreshCards(slack, places, cfg, incident);
    expect(slack.done).toEqual(['update reporter_card', 'post desk_card in CDESK']);
  });
});
