// Teams' personal chats have no threads: a reporter answers the question put to them by simply
// writing to the bot. While exactly one incident waits on them that message is their answer
// (src/app/thread-replies.ts, one rule with Slack's DMs), acknowledged as such — and not also
// met with the report form (trial 7c). With nothing waiting it is a report, as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import type { Actor } from '../../../src/core/types.js';
import { type Harness, type Json, personalChat, startHarness, textsOf } from './harness.js';

const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
const leeActor: Actor = { id: 'teams:29:lee', name: 'Lee Wei', roles: [], teams: [] };
const TO_ATTEMPTING: Command[] = [
  { type: 'classify', nature: 'fault', category: 'vpn' },
  { type: 'prioritise', impact: 3, urgency: 3 },
  { type: 'decide_onsite', needed: false },
  { type: 'no_match' },
];

describe('Teams: a message while one incident waits on the reporter is their answer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('resumes the clock with their words and says so, without offering the report form', async () => {
    const alice = actorById(h.config, 'alice');
    const report = { title: 'VPN drops', description: '', service: null, severity: null };
    let { incident } = await h.service.report(report, leeActor);
    for (const c of TO_ATTEMPTING) incident = (await h.service.execute(incident.id, c, alice)).incident;
    await h.service.execute(incident.id, { type: 'wait_for_reporter', question: 'Wired or Wi-Fi?' }, alice);
    const chat = personalChat(lee);
    const before = h.connector.postedTo(chat.id).length;

    await h.message(lee, chat, 'Wi-Fi, 3rd floor');
    const after = await h.storage.getIncident(incident.id);
    expect(after?.pauses.at(-1)?.to).not.toBeNull();
    const words = (await h.storage.listWorklog(incident.id)).filter((w) => w.source === 'reporter');
    expect(words.map((w) => w.text)).toEqual(['Wi-Fi, 3rd floor']);
    const said = h.connector.postedTo(chat.id).slice(before);
    expect(said.some((m) => (m.text ?? '').includes(incident.number))).toBe(true);
    // Taken as their answer: no report form beside it (it was no new report).
    expect(said.map((m) => m.text ?? '').join('\n')).toMatch(/clock runs again|计时恢复/);
    const forms = said.filter((m) =>
      (((m.card as Json | undefined)?.body ?? []) as Json[]).some((b) => b.id === 'report.title'),
    );
    expect(forms).toEqual([]);

    // Nothing waits on them now: the next message is a report, prefilled with their words.
    await h.message(lee, chat, 'Printer on floor 2 jams');
    const next = h.connector.postedTo(chat.id).at(-1)?.card as Json;
    expect(((next.body ?? []) as Json[]).find((b) => b.id === 'report.title')?.value).toBe(
      'Printer on floor 2 jams',
    );
    expect(textsOf(next).join(' ')).not.toContain(incident.number);
    expect((await h.storage.listWorklog(incident.id)).map((w) => w.text)).not.toContain(
      'Printer on floor 2 jams',
    );
  });
});
