// A personal-chat message from a reporter with several incidents waiting on their answer: the
// bot does not guess. A card offers one button per waiting incident (number, title, question);
// the click records the kept message as the answer on that incident only, by that reporter only;
// a second or late click is told what became of it (src/app/thread-replies.ts, one rule with
// Slack's DMs), over the Bot Framework's wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import type { Actor, Incident } from '../../../src/core/types.js';
import {
  actionsOf,
  dataOf,
  type Harness,
  type Json,
  personalChat,
  startHarness,
  textsOf,
  user,
} from './harness.js';

const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
const leeActor: Actor = { id: 'teams:29:lee', name: 'Lee Wei', roles: [], teams: [] };
const TO_ATTEMPTING: Command[] = [
  { type: 'classify', nature: 'fault', category: 'vpn' },
  { type: 'prioritise', impact: 3, urgency: 3 },
  { type: 'decide_onsite', needed: false },
  { type: 'no_match' },
];

describe('Teams: a message while several incidents wait on the reporter', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  async function waitingOn(title: string, question: string): Promise<Incident> {
    const alice = actorById(h.config, 'alice');
    let { incident } = await h.service.report(
      { title, description: '', service: null, severity: null },
      leeActor,
    );
    for (const c of TO_ATTEMPTING) incident = (await h.service.execute(incident.id, c, alice)).incident;
    await h.service.execute(incident.id, { type: 'wait_for_reporter', question }, alice);
    return incident;
  }
  /** The choice card the message was answered with. */
  async function say(text: string): Promise<Json> {
    const chat = personalChat(lee);
    const before = h.connector.postedTo(chat.id).length;
    await h.message(lee, chat, text);
    const said = h.connector.postedTo(chat.id).slice(before);
    const choice = said.find((m) => m.card && JSON.stringify(m.card).includes('itss.answer'))?.card;
    if (!choice) throw new Error('no choice was offered');
    return choice;
  }
  const button = (card: Json, number: string) => {
    const found = actionsOf(card).find((a) => a.verb === 'itss.answer' && String(a.title).includes(number));
    if (!found) throw new Error(`no button for ${number}`);
    return found;
  };
  const click = async (who: { id: string; name: string; aadObjectId: string }, card: Json, action: Json) => {
    const reply = await h.execute(who, { conversation: personalChat(who) }, card, action);
    return textsOf((reply.body.value ?? {}) as Json).join(' ');
  };
  const reporterWords = async (inc: Incident) =>
    (await h.storage.listWorklog(inc.id)).filter((w) => w.source === 'reporter').map((w) => w.text);
  const paused = async (inc: Incident) => (await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to === null;

  it('offers a choice, records nothing until the click, and the click answers that incident only', async () => {
    const vpn = await waitingOn('VPN drops', 'Wired or Wi-Fi?');
    const mail = await waitingOn('Mail bounces', 'Which address?');
    const choice = await say('Wi-Fi, and lee@example.com');

    expect(await paused(vpn)).toBe(true);
    expect(await paused(mail)).toBe(true);
    expect(await reporterWords(vpn)).toEqual([]);
    const shown = textsOf(choice).join(' ');
    for (const s of [
      vpn.number,
      mail.number,
      'VPN drops',
      'Mail bounces',
      'Wired or Wi-Fi?',
      'Which address?',
    ])
      expect(shown).toContain(s);
    expect(shown).toContain('waiting for your answer');
    // The words stay server-side: the buttons carry a key and an incident id.
    expect(JSON.stringify(choice)).not.toContain('lee@example.com');
    expect(Object.keys(dataOf(button(choice, mail.number))).sort()).toEqual(['a', 'i', 'itss']);

    // Someone else's click (a forwarded card, a forged invoke) attaches nothing, even the desk's.
    const alice = user('alice');
    expect(await click(alice, choice, button(choice, mail.number))).toContain('reporter');
    expect(await reporterWords(mail)).toEqual([]);

    // The reporter's click: their words on Mail bounces, its clock runs again; VPN still waits.
    expect(await click(lee, choice, button(choice, mail.number))).toContain(mail.number);
    expect(await reporterWords(mail)).toEqual(['Wi-Fi, and lee@example.com']);
    expect(await paused(mail)).toBe(false);
    expect(await paused(vpn)).toBe(true);
    const trail = await h.storage.listAudit(mail.id);
    expect(trail.at(-1)).toMatchObject({ action: 'reporter_replied', actorId: 'teams:29:lee' });

    // The other button of the same card later: told where the message went; VPN untouched.
    const again = await click(lee, choice, button(choice, vpn.number));
    expect(again).toContain('already taken');
    expect(again).toContain(mail.number);
    expect(await reporterWords(vpn)).toEqual([]);
    expect(await paused(vpn)).toBe(true);
    expect(h.cardProblems()).toEqual([]);
  });

  it('a choice clicked after it expired records nothing and asks them to write again', async () => {
    const a = await waitingOn('Laptop slow', 'Since when?');
    await waitingOn('Printer jams', 'Which floor?');
    const choice = await say('Since Monday');
    h.clock.current = new Date(h.clock.current.getTime() + 25 * 3_600_000);
    expect(await click(lee, choice, button(choice, a.number))).toContain('no longer available');
    expect(await reporterWords(a)).toEqual([]);
    expect(await paused(a)).toBe(true);
  });
});
