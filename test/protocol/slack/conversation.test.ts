// Replies in threads, read by the application's one rule (src/app/thread-replies.ts) over Slack's
// Events API: the reporter answering in the team's thread while the clock waits on them (issue 12
// item 12), the reporter adding something on their DM card unasked (kept, relayed, acknowledged),
// and the reporter's "Fixed" acknowledged with the card no longer asking (issue 12 item 11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import { type Harness, startHarness, TO, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');

describe('Slack thread replies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("the reporter's answer in the team's thread restarts the clock; later words are kept and relayed", async () => {
    const inc = await h.incident('VPN drops every hour', TO.assigned);
    const lead = actorById(h.config, 'nora');
    await h.service.execute(inc.id, { type: 'accept' }, lead);
    await h.service.execute(inc.id, { type: 'wait_for_reporter', question: 'Which client version?' }, lead);
    await h.settle();
    const teamCard = h.recorder.card('CNETWORK', inc.number);

    // The reporter was invited to the channel and answers under the team's card.
    await h.reply(reporter, teamCard, 'Client 5.1');
    await h.settle();
    let now = await h.storage.getIncident(inc.id);
    expect(now?.pauses.at(-1)?.to).not.toBeNull(); // the clock runs again
    expect(h.recorder.ephemerals('UREPORTER').at(-1)).toContain(inc.number);

    // Later, unasked, on their DM card (the reporter card posted with the question).
    const dmCard = h.recorder.card('DUREPORTER', inc.number);
    await h.reply(reporter, dmCard, 'It also drops on Wi-Fi at home');
    await h.settle();
    now = await h.storage.getIncident(inc.id);
    const worklog = await h.storage.listWorklog(inc.id);
    expect(worklog.filter((w) => w.source === 'reporter').map((w) => w.text)).toEqual([
      'Client 5.1',
      'It also drops on Wi-Fi at home',
    ]);
    const audit = await h.storage.listAudit(inc.id);
    expect(audit.map((a) => a.action)).toContain('reporter_note_added');
    // The team holding it sees both, attributed to the reporter, in its card's thread.
    const teamThread = h.recorder
      .thread('CNETWORK', teamCard.ts)
      .map((m) => m.text)
      .join('\n');
    expect(teamThread).toContain('报告人');
    expect(teamThread).toContain('It also drops on Wi-Fi at home');
    expect(h.recorder.ephemerals('UREPORTER')).toHaveLength(2);
    expect(now?.status).toBe('accepted');
  });

  it("the reporter's words are not relayed back into the thread they wrote them in (Slack trial 7a)", async () => {
    const relayed = (channel: string, ts: string, words: string) =>
      h.recorder.thread(channel, ts).filter((m) => JSON.stringify(m).includes(words));
    // The desk holds it: a note in the desk card's thread is kept, not posted there again.
    const inc = await h.incident('Printer on floor 3 offline', TO.attempting);
    const deskCard = h.recorder.card('CDESK', inc.number);
    await h.reply(reporter, deskCard, 'Still offline after a restart');
    await h.settle();
    let worklog = await h.storage.listWorklog(inc.id);
    expect(worklog.filter((w) => w.source === 'reporter').map((w) => w.text)).toEqual([
      'Still offline after a restart',
    ]);
    expect(relayed('CDESK', deskCard.ts, 'Still offline after a restart')).toEqual([]);
    expect(h.recorder.ephemerals('UREPORTER').at(-1)).toContain(inc.number); // acknowledged

    // A team holds it: words in its thread stay there; words in the desk's thread reach the team.
    const held = await h.incident('Wi-Fi drops in room 12', TO.assigned);
    await h.service.execute(held.id, { type: 'accept' }, actorById(h.config, 'nora'));
    await h.service.execute(
      held.id,
      { type: 'wait_for_reporter', question: 'Which SSID?' },
      actorById(h.config, 'nora'),
    );
    await h.settle();
    const teamCard = h.recorder.card('CNETWORK', held.number);
    await h.reply(reporter, teamCard, 'SSID corp-5g');
    await h.settle();
    expect((await h.storage.getIncident(held.id))?.pauses.at(-1)?.to).not.toBeNull(); // the answer
    expect(relayed('CNETWORK', teamCard.ts, 'SSID corp-5g')).toEqual([]);
    const heldDesk = h.recorder.card('CDESK', held.number);
    await h.reply(reporter, heldDesk, 'Also in room 14');
    await h.settle();
    expect(relayed('CNETWORK', teamCard.ts, 'Also in room 14')).toHaveLength(1);
    expect(relayed('CDESK', heldDesk.ts, 'Also in room 14')).toEqual([]);
    worklog = await h.storage.listWorklog(held.id);
    expect(worklog.filter((w) => w.source === 'reporter').map((w) => w.text)).toEqual([
      'SSID corp-5g',
      'Also in room 14',
    ]);
  });

  it("the reporter's answer in the thread of the question DM'd to them is their answer", async () => {
    const inc = await h.incident('Outlook asks for the password', TO.assigned);
    const lead = actorById(h.config, 'nora');
    await h.service.execute(inc.id, { type: 'accept' }, lead);
    await h.service.execute(inc.id, { type: 'wait_for_reporter', question: 'Since when exactly?' }, lead);
    await h.settle();
    const question = h.recorder
      .posted('DUREPORTER')
      .findLast((m) => m.text.includes('Since when exactly?') && m.blocks[0]?.type !== 'header');
    if (!question) throw new Error('the question was not DM’d to the reporter');
    await h.reply(reporter, question, 'Since Monday morning');
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to).not.toBeNull();
    const worklog = await h.storage.listWorklog(inc.id);
    expect(worklog.filter((w) => w.source === 'reporter').map((w) => w.text)).toEqual([
      'Since Monday morning',
    ]);
  });

  it('a plain DM while one incident waits on the reporter is their answer, without the report form (trial 7c)', async () => {
    const inc = await h.incident('Teams calls drop', TO.assigned);
    const lead = actorById(h.config, 'nora');
    await h.service.execute(inc.id, { type: 'accept' }, lead);
    await h.service.execute(inc.id, { type: 'wait_for_reporter', question: 'Wired or Wi-Fi?' }, lead);
    await h.settle();
    const before = h.recorder.posted('DUREPORTER').length;
    await h.event({
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: reporter.id,
      text: 'Wi-Fi, on the 3rd floor',
      ts: '1900000000.000100',
      event_ts: '1900000000.000100',
    });
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to).not.toBeNull();
    const worklog = await h.storage.listWorklog(inc.id);
    expect(worklog.filter((w) => w.source === 'reporter').map((w) => w.text)).toContain(
      'Wi-Fi, on the 3rd floor',
    );
    const told = h.recorder
      .posted('DUREPORTER')
      .slice(before)
      .map((m) => m.text);
    expect(told.some((t) => t.includes(inc.number) && t.includes('计时恢复'))).toBe(true);
    // Taken as their answer: it was no new report, so no report form beside it.
    const after = h.recorder.posted('DUREPORTER').slice(before);
    expect(JSON.stringify(after.map((m) => m.blocks))).not.toContain('"itss:report"');

    // Nothing waits on them any more: the next DM is a new report, offered prefilled as before.
    await h.event({
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: reporter.id,
      text: 'Printer on floor 2 jams',
      ts: '1900000000.000200',
      event_ts: '1900000000.000200',
    });
    await h.settle();
    expect((await h.storage.listWorklog(inc.id)).map((w) => w.text)).not.toContain('Printer on floor 2 jams');
    expect(JSON.stringify(h.recorder.posted('DUREPORTER').at(-1)?.blocks)).toContain(
      'Printer on floor 2 jams',
    );
  });

  it('"Fixed" is acknowledged, and the card stops offering Fixed / Still broken', async () => {
    const inc = await h.incident('Printer offline', TO.attempting);
    const alice = actorById(h.config, 'alice');
    await h.service.execute(
      inc.id,
      { type: 'resolve', code: 'solved', solution: 'Restarted', tested: true },
      alice,
    );
    await h.settle();
    const card = h.recorder.card('DUREPORTER', inc.number);
    await h.click(reporter, card, 'itss:do:confirm');
    await h.settle();
    const dms = h.recorder.posted('DUREPORTER').map((m) => m.text);
    expect(dms.some((t) => t.includes(inc.number) && t.includes('服务台将关闭'))).toBe(true);
    const after = h.recorder.card('DUREPORTER', inc.number);
    const actions = JSON.stringify(after.blocks);
    expect(actions).not.toContain('itss:do:confirm');
    expect(actions).not.toContain('itss:open:reopen');
    expect((await h.storage.getIncident(inc.id))?.reporterConfirmedAt).not.toBeNull();
  });
});
