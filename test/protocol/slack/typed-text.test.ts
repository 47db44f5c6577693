// Slack sends what people type with `&`, `<` and `>` encoded as `&amp;` `&lt;` `&gt;` (message
// and app_mention events, slash commands, the message shortcut's message). The edge decodes them
// once (adapters/slack/edge.ts): the report form is prefilled with the words as written, and
// every mrkdwn field encodes them again, so typed `<!channel>` never becomes a mention. Slack's
// own `<…>` tokens (a mention, a link) are kept as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, injected, startHarness, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');

describe('Slack: typed text arrives entity-encoded and is decoded once at the edge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const titleOfForm = () =>
    h.recorder.lastView().view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value;

  it('a DM: the offered form is prefilled with R&D <3 楼>, not R&amp;D &lt;3 楼&gt;', async () => {
    await h.event({
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: 'UREPORTER',
      text: 'R&amp;D 部门的打印机 &lt;3 楼&gt; 坏了 &amp;lt;',
      ts: '1781000600.000100',
    });
    await h.settle();
    const offer = h.recorder.posted('DUREPORTER').at(-1);
    if (!offer) throw new Error('no offer');
    await h.click(reporter, offer, 'itss:report');
    await h.settle();
    // One pass: a typed "&lt;" (sent as "&amp;lt;") stays "&lt;".
    expect(titleOfForm()).toBe('R&D 部门的打印机 <3 楼> 坏了 &lt;');
  });

  it('a mention: the bot mention is dropped as before, the rest decoded', async () => {
    await h.event({
      type: 'app_mention',
      channel: 'CGENERAL',
      user: 'UREPORTER',
      text: '<@UBOT> Q&amp;A room &gt; projector dead',
      ts: '1781000601.000100',
    });
    await h.settle();
    const ephemeral = h.recorder.callsTo('chat.postEphemeral').at(-1);
    const button = JSON.stringify(ephemeral?.args.blocks);
    expect(button).toContain('Q&A room > projector dead');
    expect(button).not.toContain('&amp;');
  });

  it('a slash command: decoded between Slack tokens; a link token keeps its own &amp;', async () => {
    await h.command(reporter, 'VPN &amp; mail &lt;down&gt; see <https://x.test/?a=1&amp;b=2|status>');
    await h.settle();
    expect(titleOfForm()).toBe('VPN & mail <down> see <https://x.test/?a=1&amp;b=2|status>');
  });

  it('the message shortcut on a card: decoded; the report made from it cannot mention the channel', async () => {
    h.recorder.reset();
    await h.interact({
      type: 'message_action',
      callback_id: 'report_incident',
      trigger_id: `${Date.now()}.shortcut`,
      team: { id: 'T1' },
      user: { id: 'UREPORTER', name: 'wang.fang' },
      channel: { id: 'CGENERAL', name: 'general' },
      message: {
        type: 'message',
        ts: '1781000602.000100',
        text: 'DB down &lt;!channel&gt; now',
        user: 'UOTHER',
      },
      response_url: 'https://hooks.slack.com/app/T1/1/x',
    });
    await h.settle();
    expect(titleOfForm()).toBe('DB down <!channel> now');
    expect((await h.submit(reporter, {})).status).toBe(200);
    await h.settle();
    const found = (await h.storage.listIncidents({})).filter((i) => i.title === 'DB down <!channel> now');
    expect(found).toHaveLength(1);
    // On every card and DM it is encoded again: no <!channel> reaches Slack.
    const sent = h.recorder.calls.filter((c) => c.method.startsWith('chat.'));
    expect(sent.length).toBeGreaterThan(0);
    expect(injected(sent)).toEqual([]);
    expect(JSON.stringify(sent.map((c) => c.args))).toContain('DB down &lt;!channel&gt; now');
  });
});
