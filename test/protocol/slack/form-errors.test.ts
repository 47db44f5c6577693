// A form's field errors answer the submission itself (response_action "errors", keyed by the
// block id, in the person's language): the modal stays open with what was typed. Those the
// form parser finds and those the core finds for the incident as it stands alike (trial
// 2026-12-07: a reversed service window and a blank-but-spaces text closed the form).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TO, user } from './harness.js';

const alice = user('UALICE', 'alice'); // desk agent, English
const nick = user('UNICK', 'nick'); // network member, Chinese

describe('Slack form errors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('IM2.6: a service window that ends before it starts is shown under its end; nothing is lost or run', async () => {
    const inc = await h.incident('Printer on floor 4 jams', TO.prioritised);
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:open:decide_onsite');
    await h.settle();
    const modal = h.recorder.lastView();
    const start = Math.floor(new Date('2026-06-08T14:00:00+08:00').getTime() / 1000);
    const typed = { engineers: ['oscar'], note: 'Bring a fuser', windowStart: start };
    const refused = await h.submit(alice, { ...typed, windowEnd: start - 3600 }, modal);
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: { windowEnd: 'Please check “Service window”: the service window must end after it starts.' },
    });
    await h.settle();
    expect(h.recorder.ephemerals('UALICE')).toEqual([]);
    expect((await h.storage.getIncident(inc.id))?.onsite).toEqual([]);

    // Corrected in the same open form, it runs.
    const accepted = await h.submit(alice, { ...typed, windowEnd: start + 3600 }, modal);
    expect(await accepted.text()).toBe('');
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.onsite[0]).toMatchObject({ engineers: ['oscar'] });
  });

  it('IM2.6: an empty service window end is "required", not "not a valid date and time"', async () => {
    const inc = await h.incident('Scanner on floor 2 offline', TO.prioritised);
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:open:decide_onsite');
    await h.settle();
    const modal = h.recorder.lastView();
    const start = Math.floor(new Date('2026-06-08T14:00:00+08:00').getTime() / 1000);
    const refused = await h.submit(alice, { engineers: ['oscar'], windowStart: start }, modal);
    const body = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.windowEnd).toMatch(/: this is required\.$/);
    expect(JSON.stringify(body)).not.toContain('not a valid date');
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.onsite).toEqual([]);
    // In Chinese too.
    await h.click(user('UBOB', 'bob'), h.recorder.card('CDESK', inc.number), 'itss:open:decide_onsite');
    await h.settle();
    const zh = await h.submit(
      user('UBOB', 'bob'),
      { engineers: ['oscar'], windowEnd: start },
      h.recorder.lastView(),
    );
    const zhBody = (await zh.json()) as { errors: Record<string, string> };
    expect(zhBody.errors.windowStart).toMatch(/：不能为空。$/);
  });

  it('IM2.9: a required text of spaces only is refused next to its field', async () => {
    const inc = await h.incident('Outlook asks for the password again', TO.attempting);
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:open:add_worklog');
    await h.settle();
    const refused = await h.submit(alice, { text: '   ' });
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: { text: 'Please check “Text”: this is required.' },
    });
    await h.settle();
    expect(h.recorder.ephemerals('UALICE')).toEqual([]);
  });

  it('IM2.14: in the person’s language (a blank decline reason, in Chinese)', async () => {
    const inc = await h.incident('VPN drops every hour', TO.assigned);
    await h.click(nick, h.recorder.card('CNETWORK', inc.number), 'itss:open:decline');
    await h.settle();
    const refused = await h.submit(nick, { reason: ' \n ', suggestedTeam: 'identity' });
    const body = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['reason']);
    expect(body.errors.reason).toMatch(/^请检查“.+”：不能为空。$/);
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.status).toBe('assigned');
    expect(h.recorder.ephemerals('UNICK')).toEqual([]);
  });
});
