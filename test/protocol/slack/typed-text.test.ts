// Slack sends what people type with `&`, `<` and `>` encoded as `&amp;` `&lt;` `&gt;` (message
// and app_mention events, slash commands, the message shortcut's message). The edge decodes them
// once (adapters/slack/edge.ts): the report form is prefilled with the words as written, and
// every mrkdwn field encodes them again, so typed `<!channel>` never becomes a mention. Slack's
// own `<…>` tokens (a mention, a link) are kept as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, injected, startHarness, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');
const alice = user('UALICE', 'alice'); // desk agent

/** A formatting marker of Slack's mrkdwn with no zero-width space on both sides: it could format. */
const LIVE_MARKER = /(?<!\u200b)[*_~`]|[*_~`](?!\u200b)/;
/** The person's words as our escaping shows them: each marker between zero-width spaces. */
const shown = (words: string) => words.replace(/[*_~`]/g, (c) => `\u200b${c}\u200b`);

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

  it("people's *bold*, ~strike~, `code` and _italics_ show as typed: card and full-text modal", async () => {
    const title = 'DB down *bold* ~strike~ `code` _it_ 数据库宕机';
    const { incident } = await h.service.report(
      {
        title,
        description: `> not a quote\n*加粗* 说明\n${'Lots of detail. '.repeat(150)}`,
        service: null,
        severity: null,
      },
      { id: 'slack:UREPORTER', name: 'Wang *Fang*', roles: [], teams: [] },
    );
    await h.settle();
    const card = h.recorder.card('CDESK', incident.number);
    const mrkdwnOf = (blocks: { text?: { type: string; text: string }; fields?: { text: string }[] }[]) =>
      blocks.flatMap((b) => [
        ...(b.text?.type === 'mrkdwn' ? [b.text.text] : []),
        ...(b.fields ?? []).map((f) => f.text),
      ]);
    const texts = mrkdwnOf(card.blocks).join('\n');
    expect(texts).toContain(shown('*加粗* 说明'));
    expect(texts).toContain('\u200b&gt; not a quote');
    expect(texts).toContain(shown('Wang *Fang*'));
    // Nothing of the person's reaches Slack with a live marker.
    for (const words of [title, '*加粗* 说明', 'Wang *Fang*'])
      expect(texts.includes(words), words).toBe(false);
    await h.click(alice, card, 'itss:more');
    await h.settle();
    const full = h.recorder.lastView();
    expect(full.view.callback_id).toBe('itss_full_text');
    const heading = mrkdwnOf(full.view.blocks).find((x) => x.includes('DB down')) ?? '';
    // Our bold around the title is the only live marker pair in that line.
    expect(heading).toContain(shown(title));
    const inner = heading.slice(heading.indexOf('DB down'), heading.indexOf('数据库宕机'));
    expect(inner).not.toMatch(LIVE_MARKER);
  });
});
