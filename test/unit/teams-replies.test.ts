// The queue of Teams replies sent after the HTTP answer (adapters/teams/replies.ts): retried
// with backoff when the connector fails, a hung attempt given up on after its limit, order kept
// per conversation, ids handed back once sent. The adapter here stands in for botbuilder's.
import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { type ReplyAdapter, ReplyQueue } from '../../adapters/teams/replies.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const ref = (conversation: string) => ({
  conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' },
});

/** Plays the adapter: each attempt is answered by the next behaviour in `plan`. */
function adapter(plan: ('fail' | 'hang' | 'ok')[]) {
  const sent: string[] = [];
  let n = 0;
  const a: ReplyAdapter = {
    async continueConversationAsync(_appId, _reference, logic) {
      const step = plan[n++] ?? 'ok';
      if (step === 'fail') throw new Error('503');
      if (step === 'hang') return new Promise<void>(() => {});
      const ctx = {
        sendActivities: async (acts: { text?: string }[]) =>
          acts.map((x) => {
            sent.push(x.text ?? '');
            return { id: `m-${sent.length}` };
          }),
      } as unknown as TurnContext;
      await logic(ctx);
    },
  };
  return { a, sent, attempts: () => n };
}

describe('ReplyQueue', () => {
  it('retries a failing and a hung attempt, then hands the ids back once', async () => {
    const { a, sent, attempts } = adapter(['fail', 'hang', 'ok']);
    const q = new ReplyQueue(a, '', silent, { attemptTimeoutMs: 50, retryDelaysMs: [10, 10, 10] });
    const ids: string[][] = [];
    q.send(ref('c1'), [{ type: 'message', text: 'hello' }], async (x) => void ids.push(x));
    await q.settled();
    expect(attempts()).toBe(3);
    expect(sent).toEqual(['hello']);
    expect(ids).toEqual([['m-1']]);
  });

  it('keeps the order within a conversation and gives up after the last delay', async () => {
    const { a, sent } = adapter(['fail', 'ok', 'fail', 'fail']);
    const q = new ReplyQueue(a, '', silent, { attemptTimeoutMs: 50, retryDelaysMs: [10] });
    q.send(ref('c1'), [{ type: 'message', text: 'first' }]);
    q.send(ref('c1'), [{ type: 'message', text: 'second' }]);
    await q.settled();
    expect(sent).toEqual(['first']);
  });
});
