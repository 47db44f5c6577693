// The durable gate (adapters/slack/inbox.ts) tells the work tracker that an acknowledgement is
// under way from the moment a request is to be stored until its answer leaves, so the work after
// earlier acks gives way to it (tracker.ts); a request not stored still ends the mark.
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { durable } from '../../adapters/slack/inbox.js';
import type { Inbox } from '../../src/app/inbox.js';

function gate(receive: Inbox['receive'], onProcess: (e: ReceiverEvent) => Promise<void>) {
  let under = 0;
  const acks = {
    acknowledging: () => {
      under += 1;
      let done = false;
      return () => {
        if (!done) under -= 1;
        done = true;
      };
    },
  };
  let send: (e: ReceiverEvent) => Promise<void> = async () => {};
  const inner: Receiver = {
    init: (app: App) => {
      send = (e) => app.processEvent(e);
    },
    start: async () => undefined,
    stop: async () => undefined,
  };
  durable(inner, { receive } as Inbox, undefined, acks).init({ processEvent: onProcess } as unknown as App);
  return { send, under: () => under };
}

const click = {
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  trigger_id: 't1',
  actions: [{ action_ts: '1.1' }],
};

describe('durable gate and the work after acks', () => {
  it('marks the ack under way while storing and until the answer, not during the work after', async () => {
    const seen: number[] = [];
    const g = gate(
      async (_key, _body, process) => {
        seen.push(g.under()); // storing
        await process(new Date());
        return true;
      },
      async (e) => {
        seen.push(g.under()); // stored, not yet answered
        await e.ack();
        seen.push(g.under()); // answered: the work after it runs unhindered
      },
    );
    await g.send({ body: click, ack: async () => {} });
    expect(seen).toEqual([1, 1, 0]);
    expect(g.under()).toBe(0);
  });

  it('ends the mark when the request could not be stored', async () => {
    const g = gate(
      async () => {
        throw new Error('down');
      },
      async () => {},
    );
    await expect(g.send({ body: click, ack: async () => {} })).rejects.toThrow('down');
    expect(g.under()).toBe(0);
  });
});
