// A card form's field problems answer the click itself (Action.Execute's invoke response): the
// same card, the form open in its body as the person typed it, and why right under the input,
// in their language; nothing written. Those the form parser finds (before anything runs) and
// those the core finds for the incident as it stands alike, the way Slack's modals keep them
// (src/app/views/forms.ts formFieldOf decides for both; desk trial 2026-12-07). Clicks go over
// the wire into the CloudAdapter; the harness refuses what the Adaptive Cards renderer would
// (an empty required input), so only what a client can send reaches the bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import type { Incident } from '../../../src/core/types.js';
import {
  actionsOf,
  cardProblems,
  channelConversation,
  dataOf,
  type Harness,
  inputOf,
  type Json,
  startHarness,
  TEAM_ID,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const NETWORK = '19:network@thread.tacv2';
const alice = user('alice'); // desk agent, English
const bob = user('bob'); // desk agent, Chinese
const reporter = { id: 'teams:29:lee', name: 'Lee Wei', roles: [], teams: [] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK, name: 'Service desk' },
    { id: NETWORK, name: 'Network' },
  ];
  await h.post(h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }));
});
afterAll(() => h?.close());

async function incident(title: string, commands: Command[]): Promise<Incident> {
  const desk = actorById(h.config, 'alice');
  let { incident } = await h.service.report(
    { title, description: '', service: null, severity: null },
    reporter,
  );
  for (const c of commands) incident = (await h.service.execute(incident.id, c, desk)).incident;
  await h.drain();
  return incident;
}

/** The element right after input `id` in whatever container holds it (the line under it). */
function under(card: Json, id: string): Json | undefined {
  let found: Json | undefined;
  const visit = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      const at = node.findIndex((n) => (n as Json)?.id === id);
      if (at >= 0) found = node[at + 1] as Json | undefined;
      else node.forEach(visit);
      return;
    }
    for (const key of ['body', 'items', 'actions', 'card'] as const) visit((node as Json)[key]);
  };
  visit(card);
  return found;
}

const lineText = (el: Json | undefined) => ((el?.inlines as Json[] | undefined)?.[0]?.text as string) ?? '';
const lineColor = (el: Json | undefined) => (el?.inlines as Json[] | undefined)?.[0]?.color;

describe('Teams form errors', () => {
  it('IM2.6: a service window that ends before it starts comes back under its end, as typed; nothing is written', async () => {
    const inc = await incident('Printer on floor 4 jams', [
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 3, urgency: 3 },
    ]);
    const posted = h.connector.cardMessage(DESK, inc.number);
    const card = posted?.card as Json;
    const where = { conversation: channelConversation(DESK), messageId: posted?.id ?? '' };
    const yes = actionsOf(card).find(
      (a) => a.verb === 'itss.do' && (dataOf(a).pre as Json | undefined)?.needed === 'true',
    ) as Json;
    const typed = {
      'decide_onsite.engineers': 'oscar',
      'decide_onsite.note': 'Bring a fuser',
      'decide_onsite.windowStart.date': '2026-06-08',
      'decide_onsite.windowStart.time': '14:00',
      'decide_onsite.windowEnd.date': '2026-06-08',
    };
    const audit = (await h.storage.listAudit(inc.id)).length;
    const refused = await h.execute(alice, where, card, yes, {
      ...typed,
      'decide_onsite.windowEnd.time': '13:00',
    });
    expect(refused.status).toBe(200);
    const back = refused.body.value as Json;
    expect(cardProblems(back)).toEqual([]);
    // The form is open in the body with what was typed, and why is under the window's end.
    for (const [id, value] of Object.entries(typed)) expect(inputOf(back, id)?.value).toBe(value);
    expect(inputOf(back, 'decide_onsite.windowEnd.time')?.value).toBe('13:00');
    const line = under(back, 'decide_onsite.windowEnd.time');
    expect(lineText(line)).toBe(
      'Please check “Service window”: the service window must end after it starts.',
    );
    expect(lineColor(line)).toBe('Attention');
    // Nothing written.
    const after = await h.storage.getIncident(inc.id);
    expect(after?.status).toBe('prioritised');
    expect(after?.onsite).toEqual([]);
    expect((await h.storage.listAudit(inc.id)).length).toBe(audit);

    // Corrected in the card it came back as, it runs.
    const submit = actionsOf(back).find(
      (a) => a.verb === 'itss.do' && (dataOf(a).pre as Json | undefined)?.needed === 'true',
    ) as Json;
    const accepted = await h.execute(alice, where, back, submit, {
      ...typed,
      'decide_onsite.windowEnd.time': '16:00',
    });
    expect(accepted.status).toBe(200);
    expect((await h.storage.getIncident(inc.id))?.onsite[0]).toMatchObject({ engineers: ['oscar'] });
  });

  it('IM2.2 in the person’s language: a complaint without its verification note', async () => {
    const inc = await incident('The desk never called back', []);
    const posted = h.connector.cardMessage(DESK, inc.number);
    const card = posted?.card as Json;
    const where = { conversation: channelConversation(DESK), messageId: posted?.id ?? '' };
    const classify = actionsOf(card).find((a) => a.verb === 'itss.do' && dataOf(a).c === 'classify') as Json;
    const refused = await h.execute(bob, where, card, classify, {
      'classify.nature': 'complaint',
      'classify.category': 'vpn',
      'classify.verification': '',
    });
    expect(refused.status).toBe(200);
    const back = refused.body.value as Json;
    expect(cardProblems(back)).toEqual([]);
    expect(inputOf(back, 'classify.nature')?.value).toBe('complaint');
    expect(inputOf(back, 'classify.category')?.value).toBe('vpn');
    expect(lineText(under(back, 'classify.verification'))).toMatch(/^请检查“.+”：不能为空。$/);
    expect((await h.storage.getIncident(inc.id))?.status).toBe('registered');
  });

  it('someone who may not act is told why, not which field is wrong (the action’s rule first)', async () => {
    const inc = await incident('Scanner offline', []);
    const posted = h.connector.cardMessage(DESK, inc.number);
    const card = posted?.card as Json;
    const where = { conversation: channelConversation(DESK), messageId: posted?.id ?? '' };
    const classify = actionsOf(card).find((a) => a.verb === 'itss.do' && dataOf(a).c === 'classify') as Json;
    // The reporter may read the incident but not classify it; their form has a field problem too.
    const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
    const refused = await h.execute(lee, where, card, classify, {
      'classify.nature': 'complaint',
      'classify.category': 'vpn',
    });
    expect(refused.status).toBe(200);
    const text = JSON.stringify(refused.body.value);
    expect(text).toContain('Only the service desk may classify.');
    expect(text).not.toContain('Please check');
    expect((await h.storage.getIncident(inc.id))?.status).toBe('registered');
  });
  it('IM2.14 in a dialog: a decline naming no team to suggest comes back as typed, why under the suggestion', async () => {
    const inc = await incident('VPN drops every hour', [
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'assign', team: 'network', worklog: 'Restarted the client: no change' },
    ]);
    const card = h.connector.cardMessage(NETWORK, inc.number)?.card as Json;
    const opener = actionsOf(card).find(
      (a) => a.type === 'Action.Submit' && dataOf(a).c === 'decline',
    ) as Json;
    const nick = user('nick'); // network member
    const back = await h.dialog(nick, channelConversation(NETWORK), opener, 'decline', {
      reason: 'Not ours',
    });
    const task = back.body.task as Json;
    expect(task.type).toBe('continue');
    const form = ((task.value as Json).card as Json).content as Json;
    expect(cardProblems(form)).toEqual([]);
    expect(inputOf(form, 'decline.reason')?.value).toBe('Not ours');
    expect(lineText(under(form, 'decline.suggestedTeam'))).toBe(
      'Please check “Suggested team”: say where it should go next: choose a team, or write it in words.',
    );
    expect((await h.storage.getIncident(inc.id))?.status).toBe('assigned');
  });
});
