// A Teams card update replaces the whole activity: the text and mention entities the card was
// posted with (kept as the ref's caption) go with an update only while the incident is at the
// version they were posted for (src/app/card-caption.ts). A message deleted meanwhile is
// logged with ids only: the caption holds people's words (a complaint's verification note).
import { describe, expect, it } from 'vitest';
import {
  type OutgoingActivity,
  TeamsNotifier,
  type TeamsNotifierDeps,
} from '../../adapters/teams/notifier.js';
import { stampCaption } from '../../src/app/card-caption.js';
import type { ChatRef } from '../../src/app/ports.js';
import type { Incident } from '../../src/core/types.js';

const NOTE = 'NOTE-MARKER-5b1e: 14 missed calls';
const caption = {
  text: `<at>Li Na</at> INC-000002 ${NOTE}`,
  textFormat: 'markdown',
  entities: [{ type: 'mention', text: '<at>Li Na</at>', mentioned: { id: '29:li', name: 'Li Na' } }],
};
const posted = { version: 4 } as Incident;
const later = { version: 5 } as Incident;
const ref: ChatRef = {
  incidentId: 'i-2',
  platform: 'teams',
  purpose: 'managers_card',
  conversationId: '19:managers',
  messageId: 'm-7',
  threadId: 'm-7',
  caption: stampCaption(caption, posted),
};

function notifier(status: number | null) {
  const sent: OutgoingActivity[] = [];
  const logged: string[] = [];
  const key = Symbol('connector');
  const client = {
    conversations: {
      updateActivity: async (_c: string, _id: string, a: OutgoingActivity) => {
        sent.push(a);
        if (status) throw Object.assign(new Error('gone'), { statusCode: status });
        return { id: 'm-7' };
      },
    },
  };
  const ctx = { adapter: { ConnectorClientKey: key }, turnState: { get: () => client }, activity: {} };
  const line = (o: object | string, m?: string) => logged.push(`${JSON.stringify(o)} ${m ?? ''}`);
  const deps = {
    adapter: {
      continueConversationAsync: async (_a: string, _r: object, logic: (c: object) => Promise<void>) =>
        logic(ctx),
    },
    appId: '',
    conversations: { forConversation: async () => ({ conversation: { id: ref.conversationId } }) },
    renderer: { render: async () => ({ card: { type: 'AdaptiveCard', version: '1.5', body: [] } }) },
    log: { info: line, warn: line, error: line },
  } as unknown as TeamsNotifierDeps;
  return { teams: new TeamsNotifier(deps), sent, logged };
}

describe('Teams card update', () => {
  it('sends the text and mention entities the card was posted with while the incident is unchanged', async () => {
    const { teams, sent } = notifier(null);
    await teams.updateCard(ref, posted);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ ...caption, type: 'message', id: 'm-7', attachments: sent[0]?.attachments });
    expect(sent[0]?.attachments).toHaveLength(1);
  });

  it('drops them once the incident changed: no stale call to action or mention', async () => {
    const { teams, sent } = notifier(null);
    await teams.updateCard(ref, later);
    expect(sent[0]?.text).toBeUndefined();
    expect(sent[0]?.entities).toBeUndefined();
    expect(sent[0]?.attachments).toHaveLength(1);
  });

  it('a caption posted before there was an incident (the report form) is never repeated', async () => {
    const { teams, sent } = notifier(null);
    await teams.updateCard({ ...ref, caption: stampCaption(caption, null) }, posted);
    expect(sent[0]?.text).toBeUndefined();
  });

  it('a card posted alone is updated as the card alone', async () => {
    const { teams, sent } = notifier(null);
    await teams.updateCard({ ...ref, caption: null }, posted);
    expect(sent[0]?.text).toBeUndefined();
    expect(sent[0]?.entities).toBeUndefined();
  });

  it('a deleted message is logged with ids, never the caption', async () => {
    const { teams, logged } = notifier(404);
    await teams.updateCard(ref, posted);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('m-7');
    expect(logged[0]).not.toContain('NOTE-MARKER');
  });
});
