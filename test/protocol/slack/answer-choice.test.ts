// A plain DM from a reporter with several incidents waiting on their answer: the bot does not
// guess. It offers one button per waiting incident (number, title, the question); the click
// records the kept message as the answer on that incident only, by that reporter only; a second,
// stale or late click is told what became of it (src/app/thread-replies.ts), over Slack's wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Incident } from '../../../src/core/types.js';
import { type Harness, startHarness, TO, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');
const alice = user('UALICE', 'alice');
let ts = 1_900_000_100;

describe('Slack: a plain DM while several incidents wait on the reporter', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function waitingOn(title: string, question: string): Promise<Incident> {
    const inc = await h.incident(title, TO.attempting);
    await h.service.execute(inc.id, { type: 'wait_for_reporter', question }, actorById(h.config, 'alice'));
    await h.settle();
    return inc;
  }
  async function dm(text: string) {
    ts += 1;
    const before = h.recorder.posted('DUREPORTER').length;
    await h.event({
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: reporter.id,
      text,
      ts: `${ts}.000100`,
      event_ts: `${ts}.000100`,
    });
    await h.settle();
    const choice = h.recorder
      .posted('DUREPORTER')
      .slice(before)
      .find((m) => JSON.stringify(m.blocks).includes('itss:answer:'));
    if (!choice) throw new Error('no choice was offered');
    return structuredClone(choice);
  }
  const reporterWords = async (inc: Incident) =>
    (await h.storage.listWorklog(inc.id)).filter((w) => w.source === 'reporter').map((w) => w.text);
  const paused = async (inc: Incident) => (await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to === null;

  it('offers a choice, records nothing until the click, and the click answers that incident only', async () => {
    const vpn = await waitingOn('VPN drops', 'Wired or Wi-Fi?');
    const mail = await waitingOn('Mail bounces', 'Which address?');
    const choice = await dm('Wi-Fi, and wang@example.com');

    // Nothing recorded yet; the choice names both, with the question put, in their language.
    expect(await paused(vpn)).toBe(true);
    expect(await paused(mail)).toBe(true);
    expect(await reporterWords(vpn)).toEqual([]);
    const shown = JSON.stringify(choice.blocks);
    for (const s of [
      vpn.number,
      mail.number,
      'VPN drops',
      'Mail bounces',
      'Wired or Wi-Fi?',
      'Which address?',
    ])
      expect(shown).toContain(s);
    expect(choice.text).toContain('等待您的回复');
    // The words are kept server-side: the buttons carry a key and an incident id, not the text.
    expect(shown.match(/wang@example\.com/g)).toBeNull();

    // Someone else's click (a forwarded or forged request) attaches nothing.
    await h.click(alice, choice, 'itss:answer:', { text: mail.number });
    await h.settle();
    expect(h.recorder.ephemerals('UALICE').at(-1)).toMatch(/reporter|报告人/);
    expect(await reporterWords(mail)).toEqual([]);
    expect(await paused(mail)).toBe(true);

    // The reporter's click: their words on Mail bounces, its clock runs again; VPN still waits.
    await h.click(reporter, choice, 'itss:answer:', { text: mail.number });
    await h.settle();
    expect(await reporterWords(mail)).toEqual(['Wi-Fi, and wang@example.com']);
    expect(await paused(mail)).toBe(false);
    expect(await paused(vpn)).toBe(true);
    const updated = h.recorder.posted('DUREPORTER').find((m) => m.ts === choice.ts);
    expect(updated?.text).toContain(mail.number);
    expect(updated?.text).toContain('计时恢复');
    expect(JSON.stringify(updated?.blocks)).not.toContain('itss:answer:');
    const trail = await h.storage.listAudit(mail.id);
    expect(trail.at(-1)).toMatchObject({ action: 'reporter_replied', actorId: 'slack:UREPORTER' });

    // The same message's other button, from a stale copy: told where it went; VPN untouched.
    await h.click(reporter, choice, 'itss:answer:', { text: vpn.number });
    await h.settle();
    const after = h.recorder.posted('DUREPORTER').find((m) => m.ts === choice.ts);
    expect(after?.text).toContain(mail.number);
    expect(after?.text).toContain('已作为');
    expect(await reporterWords(vpn)).toEqual([]);
    expect(await paused(vpn)).toBe(true);
    expect(await reporterWords(mail)).toEqual(['Wi-Fi, and wang@example.com']);
  });

  it('a forged choice and one clicked after it expired record nothing; the late one asks them to write again', async () => {
    const a = await waitingOn('Laptop slow', 'Since when?');
    const b = await waitingOn('Printer jams', 'Which floor?');
    const choice = await dm('Since Monday');

    // A button value forged to name an incident not offered (here one asked after the message).
    const c = await waitingOn('Badge reader', 'Which door?');
    const forged = structuredClone(choice);
    for (const block of forged.blocks as { accessory?: { value?: string; text?: { text?: string } } }[])
      if (block.accessory?.value?.includes(a.id))
        block.accessory.value = block.accessory.value.replace(a.id, c.id);
    await h.click(reporter, forged, 'itss:answer:', { text: a.number });
    await h.settle();
    expect(await reporterWords(c)).toEqual([]);
    expect(await reporterWords(a)).toEqual([]);
    expect(await paused(c)).toBe(true);

    h.clock.advance(25 * 60);
    await h.click(reporter, choice, 'itss:answer:', { text: a.number });
    await h.settle();
    const after = h.recorder.posted('DUREPORTER').find((m) => m.ts === choice.ts);
    expect(after?.text).toContain('已失效');
    expect(await reporterWords(a)).toEqual([]);
    expect(await reporterWords(b)).toEqual([]);
    expect(await paused(a)).toBe(true);
  });
});
