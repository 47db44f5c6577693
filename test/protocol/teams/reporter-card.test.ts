// What the reporter holds in their personal chat, over the Teams wire — the same rules as Slack's
// (test/protocol/slack/reporter-card.test.ts; Slack desk trial 2026-12-07): no internal work on
// their card (declines, the desk's note for the engineer), an older card retired when a newer one
// is posted (no live button left on it), and an answer through the card's Reply form
// acknowledged on the card, as a message answer is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE } from '../../../src/app/card-places.js';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import {
  actionsOf,
  DESK_CHANNEL,
  dataOf,
  type Harness,
  type Json,
  personalChat,
  startInstalledHarness,
  textsOf,
  user,
} from './harness.js';

const DESK = DESK_CHANNEL;
const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
const leeActor = { id: 'teams:29:lee', name: 'Lee Wei', roles: [], teams: [] };
const alice = user('alice');
const NOT_OURS = 'Not ours NOT-OURS-5b2e';
const NOTE = 'Spare token, floor 5 NOTE-41aa';

let h: Harness;
beforeAll(async () => {
  h = await startInstalledHarness(alice);
});
afterAll(() => h?.close());

const chat = personalChat(lee);
const as = (id: string) => (id === 'lee' ? leeActor : actorById(h.config, id));
async function run(incidentId: string, who: string, ...commands: Command[]) {
  for (const c of commands) await h.service.execute(incidentId, c, as(who));
  await h.drain();
}

/** Lee reports in personal chat (so the bot can write to them), through the report form. */
async function reported(title: string) {
  await h.message(lee, chat, title);
  const offer = h.connector.postedTo(chat.id).at(-1);
  const form = offer?.card as Json;
  const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
  await h.execute(lee, { conversation: chat, messageId: offer?.id ?? '' }, form, submit, {
    'report.title': title,
    'report.severity': '3',
  });
  const [incident] = (await h.storage.listIncidents({ reporterId: `teams:${lee.id}` })).filter(
    (i) => i.title === title,
  );
  if (!incident) throw new Error('not registered');
  await run(
    incident.id,
    'alice',
    { type: 'classify', nature: 'fault', category: 'vpn' },
    { type: 'prioritise', impact: 3, urgency: 3 },
  );
  return incident;
}

/** Every message in Lee's chat whose card names the incident, oldest first. */
const cardsOf = (number: string) =>
  h.connector.postedTo(chat.id).filter((m) => m.card && JSON.stringify(m.card).includes(number));
const text = (card: unknown) => textsOf(card as Json).join('\n');
const executes = (card: unknown) =>
  actionsOf(card as Json).filter((a) => a.type === 'Action.Execute' || a.type === 'Action.Submit');

describe("Teams: the reporter's cards", () => {
  it('shows the reporter no decline and no note for the engineer; the desk sees them (trial 1)', async () => {
    const inc = await reported('Teams VPN certificate expired');
    const start = new Date(h.clock.now().getTime() + 60 * 60_000);
    const dispatch = {
      taskId: 'task-teams-rc-1',
      engineers: ['oscar'],
      windowStart: start,
      windowEnd: new Date(start.getTime() + 60 * 60_000),
      note: NOTE,
    };
    await run(inc.id, 'alice', { type: 'decide_onsite', needed: true, dispatch }, { type: 'no_match' });
    await run(inc.id, 'alice', { type: 'assign', team: 'network', worklog: 'Checked the gateway' });
    await run(inc.id, 'nick', { type: 'decline', reason: NOT_OURS, suggestedTeam: 'identity' });
    await run(inc.id, 'alice', { type: 'assign', team: 'network' });
    await run(inc.id, 'nick', { type: 'accept' }, { type: 'in_scope' });
    await run(inc.id, 'nick', { type: 'wait_for_reporter', question: 'Since when exactly?' });

    const desk = h.connector.cardMessage(DESK, inc.number);
    expect(text(desk?.card)).toContain('NOT-OURS-5b2e');
    expect(text(desk?.card)).toContain('NOTE-41aa');
    const mine = cardsOf(inc.number).at(-1);
    expect(mine).toBeDefined();
    expect(text(mine?.card)).not.toContain('NOT-OURS-5b2e');
    expect(text(mine?.card)).not.toContain('NOTE-41aa');
    expect(text(mine?.card)).toMatch(/Oscar/);
    // Answered, so Lee's next message is a report again (not taken as this answer).
    await run(inc.id, 'lee', { type: 'reporter_replied', text: 'Since Monday' });
  });

  it('retires the older card when a second resolution posts a new one (trial 2)', async () => {
    const inc = await reported('Teams Wi-Fi drops on 3F');
    await run(inc.id, 'alice', { type: 'decide_onsite', needed: false }, { type: 'no_match' });
    const resolve: Command = { type: 'resolve', code: 'solved', solution: 'Restarted the AP', tested: true };
    await run(inc.id, 'alice', resolve);
    const first = cardsOf(inc.number).at(-1);
    expect(first).toBeDefined();
    await run(inc.id, 'lee', { type: 'reopen', reason: 'Still drops' });
    await run(inc.id, 'alice', { ...resolve, solution: 'Replaced the AP' });

    const old = h.connector.postedTo(chat.id).find((m) => m.id === first?.id);
    expect(text(old?.card)).toContain(inc.number);
    expect(text(old?.card)).toMatch(/replaced by a newer one|新卡片取代/);
    expect(executes(old?.card)).toEqual([]);
    const current = cardsOf(inc.number).at(-1);
    expect(current?.id).not.toBe(first?.id);
    expect(executes(current?.card).length).toBeGreaterThan(0);
    expect(h.cardProblems()).toEqual([]);
  });

  it('retires the card an "open from a list" replaces in the chat, as delivery does (leftover 1)', async () => {
    const inc = await reported('Teams docking station flickers');
    const form = cardsOf(inc.number).at(-1);
    expect(form).toBeDefined();
    const openIt = async () => {
      await h.message(lee, chat, 'my incidents');
      const list = h.connector.postedTo(chat.id).at(-1)?.card as Json;
      const open = actionsOf(list).find((a) => a.verb === 'itss.open' && dataOf(a).i === inc.id) as Json;
      await h.execute(lee, { conversation: chat }, list, open);
      return cardsOf(inc.number).at(-1);
    };
    const opened = await openIt();
    expect(opened?.id).not.toBe(form?.id);
    const retired = (id: string | undefined) => {
      const m = h.connector.postedTo(chat.id).find((x) => x.id === id);
      return /replaced by a newer one|新卡片取代/.test(text(m?.card)) && executes(m?.card).length === 0;
    };
    // The form became the reporter's card; the opened card replaces it in this chat.
    expect(retired(form?.id)).toBe(true);
    expect(retired(opened?.id)).toBe(false);
    const again = await openIt();
    expect(retired(opened?.id)).toBe(true);
    expect(retired(again?.id)).toBe(false);
    expect(executes(again?.card).length).toBeGreaterThan(0);
    expect(h.cardProblems()).toEqual([]);
  });

  it("keeps delivery's card live when a retried report submit arrives after it; the form only confirms (review M1)", async () => {
    const title = 'Teams headset not detected';
    await h.message(lee, chat, title);
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    const values = { 'report.title': title, 'report.severity': '3' };
    const where = { conversation: chat, messageId: offer?.id ?? '' };
    const activityId = h.nextId();
    await h.execute(lee, where, form, submit, values, activityId);
    const [inc] = (await h.storage.listIncidents({ reporterId: `teams:${lee.id}` })).filter(
      (i) => i.title === title,
    );
    if (!inc) throw new Error('not registered');
    await run(
      inc.id,
      'alice',
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'wait_for_reporter', question: 'Which headset model?' },
    );
    const asked = cardsOf(inc.number).at(-1);
    expect(asked?.id).not.toBe(offer?.id);
    expect(executes(asked?.card).length).toBeGreaterThan(0);
    // Teams retries the submit (same activity): the same incident. The card delivery posted
    // below the form, with the desk's question, stays the reporter's live card; the form
    // becomes a confirmation with no buttons.
    const retry = await h.execute(lee, where, form, submit, values, activityId);
    const refs = (await h.storage.listChatRefs(inc.id)).filter(
      (r) => r.conversationId === chat.id && r.purpose === PURPOSE.reporter,
    );
    expect(refs.map((r) => r.messageId)).toEqual([asked?.id]);
    expect(text(retry.body.value)).toContain(inc.number);
    expect(executes(retry.body.value)).toEqual([]);
    const live = h.connector.postedTo(chat.id).find((m) => m.id === asked?.id);
    expect(text(live?.card)).not.toMatch(/replaced by a newer one|新卡片取代/);
    expect(executes(live?.card).length).toBeGreaterThan(0);
    // Answered, so Lee's next message is a report again (not taken as this answer).
    await run(inc.id, 'lee', { type: 'reporter_replied', text: 'A Jabra Evolve' });
  });

  it("acknowledges an answer through the card's Reply form on the card (trial 7k)", async () => {
    const inc = await reported('Teams Outlook asks for a password');
    await run(inc.id, 'alice', { type: 'decide_onsite', needed: false }, { type: 'no_match' });
    await run(inc.id, 'alice', { type: 'wait_for_reporter', question: 'Which Outlook version?' });
    const dm = cardsOf(inc.number).at(-1);
    const answer = await h.click(
      lee,
      { conversation: chat, messageId: dm?.id ?? '' },
      dm?.card as Json,
      'reporter_replied',
      {
        text: 'Version 2408',
      },
    );
    expect((await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to).not.toBeNull();
    expect(text(answer.body.value)).toMatch(/clock runs again|计时恢复/);
  });
});
