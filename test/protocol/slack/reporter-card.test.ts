// What the reporter holds in their DM, over Slack's wire (Slack desk trial, 2026-12-07): their
// card shows no internal work (declines and their reasons, the desk's note for the engineer,
// escalations); only one of their cards stays live — an older one is retired, with no button
// left that could only answer "out of date"; they are told of a team once per real change; a
// cancellation by the desk says why and which incident to follow; an answer through the card's
// Reply form is acknowledged in their DM as a DM answer is.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import {
  blockKitProblems,
  elementsOf,
  type Harness,
  type PostedMessage,
  REPORTER,
  startHarness,
  TO,
  textOf,
  user,
} from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');
const DM = 'DUREPORTER';
const NOT_OURS = 'Not ours, certificate server NOT-OURS-7f3a';
const NOTE = 'Bring the spare token, floor 5 NOTE-9c1d';

const buttons = (m: PostedMessage) => elementsOf(m.blocks).map((x) => x.element.action_id ?? '');
/** Every card (header block) for the incident in the reporter's DM, oldest first. */
const cardsIn = (h: Harness, number: string) =>
  h.recorder
    .posted(DM)
    .filter((m) => m.blocks[0]?.type === 'header' && (m.blocks[0].text?.text ?? '').startsWith(number));

describe("Slack: the reporter's cards and notices", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(blockKitProblems(h.recorder.calls)).toEqual([]);
  });

  const as = (id: string) => actorById(h.config, id);
  async function run(incidentId: string, actorId: string, ...commands: Command[]) {
    for (const c of commands)
      await h.service.execute(incidentId, c, actorId === 'reporter' ? REPORTER : as(actorId));
    await h.settle();
  }

  it('shows the reporter no decline, no note for the engineer, no escalation; the desk sees them (trial 1, 7b)', async () => {
    const inc = await h.incident('VPN certificate expired', TO.prioritised);
    const start = new Date(h.clock.now().getTime() + 60 * 60_000);
    const dispatch = {
      taskId: 'task-rc-1',
      engineers: ['oscar'],
      windowStart: start,
      windowEnd: new Date(start.getTime() + 60 * 60_000),
      note: NOTE,
    };
    await run(inc.id, 'alice', { type: 'decide_onsite', needed: true, dispatch }, { type: 'no_match' });
    await run(inc.id, 'alice', { type: 'assign', team: 'network', worklog: 'Checked the gateway' });
    await run(inc.id, 'nick', { type: 'decline', reason: NOT_OURS, suggestedTeam: 'identity' });
    // Back to the same team: for the reporter nothing changed (7b).
    await run(inc.id, 'alice', { type: 'assign', team: 'network' });
    await run(inc.id, 'nick', { type: 'accept' }, { type: 'in_scope' });
    // Past the resolution deadline's escalation thresholds (P3: 3 business days), then the team
    // asks the reporter something: their card comes with the question.
    h.clock.advance(7 * 24 * 60);
    await run(inc.id, 'nick', { type: 'wait_for_reporter', question: 'Since when exactly?' });
    const desk = textOf(h.recorder.card('CDESK', inc.number));
    expect(desk).toContain('NOT-OURS-7f3a');
    expect(desk).toContain('NOTE-9c1d');
    expect(desk).toMatch(/escalated|升级至/);
    const card = textOf(h.recorder.card(DM, inc.number));
    expect(card).toContain(inc.number);
    expect(card).not.toContain('NOT-OURS-7f3a');
    expect(card).not.toContain('NOTE-9c1d');
    expect(card).not.toMatch(/escalated|升级至|declined|退回/);
    // The visit itself is theirs to know: who comes.
    expect(card).toMatch(/Oscar|奥斯卡/);
    // Nor in anything else the bot wrote them.
    const all = h.recorder.posted(DM).map(textOf).join('\n');
    expect(all).not.toContain('NOT-OURS-7f3a');
    expect(all).not.toContain('NOTE-9c1d');

    // 7b: told it went to the network team once — the re-dispatch to the same team said nothing.
    const told = h.recorder
      .posted(DM)
      .map((m) => m.text)
      .filter((text) => text.includes(inc.number) && /已转交|has been passed to/.test(text));
    expect(told).toHaveLength(1);
  });

  it('tells the reporter of a new team after a decline (a real change)', async () => {
    const inc = await h.incident('Cannot log in to the portal', TO.assigned);
    await run(inc.id, 'nick', { type: 'decline', reason: 'Account locked', suggestedTeam: 'identity' });
    await run(inc.id, 'alice', { type: 'assign', team: 'identity' });
    const told = h.recorder
      .posted(DM)
      .map((m) => m.text)
      .filter((text) => text.includes(inc.number) && /已转交|has been passed to/.test(text));
    expect(told).toHaveLength(2);
    expect(told[1]).toMatch(/身份与账号组|Identity/);
  });

  it('retires the older card when a second resolution posts a new one: no live button on it (trial 2)', async () => {
    const inc = await h.incident('Wi-Fi drops on 3F', TO.attempting);
    const resolve: Command = { type: 'resolve', code: 'solved', solution: 'Restarted the AP', tested: true };
    await run(inc.id, 'alice', resolve);
    const [first] = cardsIn(h, inc.number);
    expect(first).toBeDefined();
    expect(buttons(first as PostedMessage).some((a) => a.startsWith('itss:'))).toBe(true);
    await h.click(reporter, first as PostedMessage, 'itss:open:reopen');
    await h.settle();
    await h.submit(reporter, { reason: 'Still drops every hour' });
    await h.settle();
    await run(inc.id, 'alice', { ...resolve, solution: 'Replaced the AP' });

    const firstTs = (first as PostedMessage).ts;
    const old = () => h.recorder.posted(DM).find((m) => m.ts === firstTs) as PostedMessage;
    const current = h.recorder.card(DM, inc.number);
    expect(current.ts).not.toBe(firstTs);
    // The older card says which incident and where the live one is, and has nothing to click.
    expect(textOf(old())).toContain(inc.number);
    expect(textOf(old())).toMatch(/replaced by a newer one|新卡片取代/);
    expect(buttons(old())).toEqual([]);
    expect(buttons(current)).toContain('itss:do:confirm');

    // Later changes keep the newest card up to date and leave the retired one retired.
    await h.click(reporter, current, 'itss:do:confirm');
    await h.settle();
    expect(buttons(old())).toEqual([]);
    expect(textOf(old())).toMatch(/replaced by a newer one|新卡片取代/);
    expect((await h.storage.getIncident(inc.id))?.reporterConfirmedAt).not.toBeNull();
  });

  it('tells the reporter why the desk cancelled, and the duplicate to follow (trial 7g)', async () => {
    const original = await h.incident('Printer jams on 2F', TO.classified);
    const dup = await h.incident('Printer 2F jams again', TO.classified);
    await run(dup.id, 'alice', {
      type: 'cancel',
      reason: 'Same printer, already being fixed',
      duplicateOf: original.number,
    });
    const said = h.recorder
      .posted(DM)
      .map((m) => m.text)
      .filter((text) => text.startsWith(dup.number));
    const notice = said.at(-1) ?? '';
    expect(notice).toContain(original.number);
    expect(notice).toContain('Same printer, already being fixed');
    // The desk's form says the reason goes to the reporter.
    const held = await h.storage.getIncident(original.id);
    if (!held) throw new Error('incident gone');
    const view = h.service.viewOf(held, as('alice'), 'en');
    const reason = view.actions.find((a) => a.command === 'cancel')?.inputs.find((i) => i.name === 'reason');
    expect(reason?.label).toBe('Reason (the reporter is told)');
  });

  it("acknowledges an answer given through the card's Reply form in the reporter's DM (trial 7k)", async () => {
    const inc = await h.incident('Outlook keeps asking for a password', TO.attempting);
    await run(inc.id, 'alice', { type: 'wait_for_reporter', question: 'Which Outlook version?' });
    const card = h.recorder.card(DM, inc.number);
    const before = h.recorder.posted(DM).length;
    await h.click(reporter, card, 'itss:open:reporter_replied');
    await h.settle();
    await h.submit(reporter, { text: 'Version 2408' });
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to).not.toBeNull();
    const said = h.recorder
      .posted(DM)
      .slice(before)
      .map((m) => m.text);
    expect(said.some((text) => text.includes(inc.number) && /计时恢复|clock runs again/.test(text))).toBe(
      true,
    );
  });
});
