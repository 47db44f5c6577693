// Chinese as Chinese is written (Slack trial 2026-12-07, 7d): a label takes the full-width colon
// "：" with no space (`*响应时限*：…`, `*性质*：故障`, App Home `响应时限：…`), English keeps
// "Label: "; a person's English sentence ending in "." before Chinese text is followed by a
// space, not run into it ("Tested with 3 users. 请确认").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, REPORTER, startHarness, TO, textOf, user } from './harness.js';

const alice = user('UALICE', 'alice'); // desk agent, reads English
const bob = user('UBOB', 'bob'); // desk agent, reads Chinese

describe('Slack: Chinese labels and sentences', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('deadlines on the Chinese desk card and in App Home; English keeps "Label: "', async () => {
    const inc = await h.incident('VPN 断线', TO.prioritised);
    const card = textOf(h.recorder.card('CDESK', inc.number));
    expect(card).toMatch(/\*响应时限\*：\S/);
    expect(card).not.toMatch(/\*[^*\n]+\*: /);
    await h.event({ type: 'app_home_opened', user: 'UREPORTER', channel: 'DUREPORTER', tab: 'home' });
    await h.settle();
    const zh = JSON.stringify(h.recorder.callsTo('views.publish').at(-1)?.args.view);
    expect(zh).toMatch(/响应时限：\S/);
    expect(zh).not.toMatch(/响应时限: /);
    await h.event({ type: 'app_home_opened', user: 'UALICE', channel: 'DUALICE', tab: 'home' });
    await h.settle();
    const en = JSON.stringify(h.recorder.callsTo('views.publish').at(-1)?.args.view);
    expect(en).toMatch(/Response: \S/);
  });

  it('the history modal: *性质*：故障 for a Chinese reader', async () => {
    const inc = await h.incident('打印机卡纸', TO.classified);
    await h.click(bob, h.recorder.card('CDESK', inc.number), 'itss:history');
    await h.settle();
    const text = JSON.stringify(h.recorder.lastView().view.blocks);
    expect(text).toContain('*性质*：故障');
    expect(text).not.toContain('*性质*: ');
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:history');
    await h.settle();
    expect(JSON.stringify(h.recorder.lastView().view.blocks)).toContain('*Nature*: Fault');
  });

  it('the reporter is told "…Tested with 3 users. 请确认…", not "users.请确认"', async () => {
    const inc = await h.incident('VPN 证书过期', [
      ...TO.attempting,
      { type: 'resolve', code: 'solved', solution: '更新了证书。Tested with 3 users.', tested: true },
    ]);
    await h.settle();
    const dm = h.recorder
      .posted('DUREPORTER')
      .map((m) => textOf(m))
      .filter((x) => x.includes(inc.number))
      .join('\n');
    expect(dm).toContain('Tested with 3 users. 请确认');
    expect(dm).not.toContain('users.请确认');
    expect(REPORTER.id).toBe('slack:UREPORTER');
  });
});
