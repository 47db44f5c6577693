// What the Slack edge hands on for a click: the clicked message's blocks dropped before cleaning
// (no listener reads them; they were most of a click's size and of the edge's cost), everything
// else cleaned, and the inbox stores the same body without the legacy verification token.
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { cleaningReceiver } from '../../adapters/slack/edge.js';
import { durable } from '../../adapters/slack/inbox.js';
import type { Inbox } from '../../src/app/inbox.js';

const click = () => ({
  type: 'block_actions',
  token: 'legacy-token',
  team: { id: 'T1' },
  user: { id: 'U1' },
  trigger_id: '1.2',
  actions: [
    { action_id: 'itss:sel:category', action_ts: '1.000001', selected_option: { value: 'a\u0000b' } },
  ],
  message: {
    ts: '1.0001',
    thread_ts: '1.0000',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }],
  },
});

/** The chain app.ts builds: receiver → durable(cleaning(receiver)) → app, with a fake inbox. */
function chain(storing: () => void = () => {}) {
  let deliver: (event: ReceiverEvent) => Promise<void> = async () => {};
  const inner: Receiver = {
    init: (app: App) => {
      deliver = (event) => app.processEvent(event);
    },
    start: async () => undefined,
    stop: async () => undefined,
  };
  const stored: Record<string, unknown>[] = [];
  const inbox = {
    receive: async (_key: string, body: Record<string, unknown>, process: () => Promise<void>) => {
      storing();
      stored.push(body);
      await process();
      return true;
    },
  } as unknown as Inbox;
  const seen: Record<string, unknown>[] = [];
  durable(cleaningReceiver(inner), inbox).init({
    processEvent: async (event: ReceiverEvent) => {
      seen.push(event.body);
    },
  } as unknown as App);
  return { deliver, stored, seen };
}

describe('Slack edge: the body a click becomes', () => {
  it('drops message.blocks, keeps the rest cleaned, and stores it without the token', async () => {
    const { deliver, stored, seen } = chain();
    await deliver({ body: click(), ack: async () => undefined });
    expect(seen).toHaveLength(1);
    const body = seen[0] as ReturnType<typeof click>;
    expect(body.message).toEqual({ ts: '1.0001', thread_ts: '1.0000' });
    expect(body.actions[0]?.selected_option.value).toBe('ab');
    expect(stored[0]).not.toHaveProperty('token');
    expect(stored[0]?.message).toEqual({ ts: '1.0001', thread_ts: '1.0000' });
  });

  // The receiver (Bolt's ExpressReceiver) keeps its parsed body until the answer leaves, i.e.
  // while the request waits for its inbox commit: the card must not stay alive with it.
  it('drops the blocks from the body the receiver keeps, not from a copy', async () => {
    const original = click();
    let keptWhileStoring: unknown = 'not stored';
    const { deliver } = chain(() => {
      keptWhileStoring = original.message;
    });
    await deliver({ body: original, ack: async () => undefined });
    expect(keptWhileStoring).toEqual({ ts: '1.0001', thread_ts: '1.0000' });
  });

  it('leaves a body without a clicked message as it was (a slash command)', async () => {
    const { deliver, seen } = chain();
    const command = {
      command: '/incident',
      text: 'VPN down',
      team_id: 'T1',
      user_id: 'U1',
      trigger_id: '3.4',
    };
    await deliver({ body: command, ack: async () => undefined });
    expect(seen[0]).toEqual(command);
  });
});
