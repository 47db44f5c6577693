// "History" on a Teams card (issue 13 item 1), with activities POSTed into the CloudAdapter and a
// local connector: the posted desk card carries a dialog opener; its task/fetch answers a dialog
// card with the timeline — ITSS steps, who, when in the clicker's zone, the decline's reason and
// suggestion — valid for the Adaptive Cards renderer and within Teams' size; a long history pages
// through task/submit. Someone without a part is refused in their language, shown nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import type { Incident } from '../../../src/core/types.js';
import { testConfig } from '../../fixtures/config.js';
import {
  actionsOf,
  channelConversation,
  dataOf,
  type Harness,
  type Json,
  type Reply,
  startHarness,
  TEAM_ID,
  type TeamsUser,
  textsOf,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const alice = user('alice'); // desk agent, reads in Berlin time (configured below)
const iris = user('iris'); // identity team: no part in these incidents
const nick = user('nick'); // network: declined it

const toAttempting: Command[] = [
  { type: 'classify', nature: 'fault', category: 'vpn' },
  { type: 'prioritise', impact: 3, urgency: 3 },
  { type: 'decide_onsite', needed: false },
  { type: 'no_match' },
];

let h: Harness;
let incident: Incident;

async function report(title: string, commands: readonly Command[]): Promise<Incident> {
  const desk = actorById(h.config, 'alice');
  let { incident: i } = await h.service.report(
    { title, description: 'd', service: null, severity: null },
    desk,
  );
  for (const c of commands) i = (await h.service.execute(i.id, c, desk)).incident;
  await h.drain();
  return i;
}

/** The History opener on the incident's card in the desk channel. */
function opener(inc: Incident): Json {
  const card = h.connector.cardMessage(DESK, inc.number)?.card;
  if (!card) throw new Error(`no desk card for ${inc.number}`);
  const found = actionsOf(card).find((a) => dataOf(a).dlg === 'history');
  if (!found) throw new Error('no History on the card');
  return found;
}

const fetchDialog = (from: TeamsUser, data: Json): Promise<Reply> =>
  h.invoke('task/fetch', { data }, from, channelConversation(DESK));
const dialogCard = (reply: Reply): Json =>
  ((((reply.body.task as Json).value as Json).card as Json).content ?? {}) as Json;

beforeAll(async () => {
  const base = testConfig();
  const people = base.people.map((p) => (p.id === 'alice' ? { ...p, timeZone: 'Europe/Berlin' } : p));
  h = await startHarness({ ...base, people });
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK, name: 'Service desk' },
    ...h.config.teams.map((t) => ({ id: t.channels.teams ?? '', name: t.id })),
  ];
  await h.post(h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }));
  const decline: Command = {
    type: 'decline',
    reason: 'Not a network fault',
    suggestedTeam: 'identity',
    suggestion: null,
  };
  incident = await report('VPN drops', [
    ...toAttempting,
    { type: 'assign', team: 'network', worklog: 'Restarted the client and checked the gateway: no change' },
  ]);
  await h.service.execute(incident.id, decline, actorById(h.config, 'nick'));
  await h.drain();
});
afterAll(() => h.close());

describe('Teams: the incident history', () => {
  it('every card offers History as a dialog opener', () => {
    const action = opener(incident);
    expect(action.type).toBe('Action.Submit');
    expect(action.title).toBe('历史');
    expect(dataOf(action)).toMatchObject({ i: incident.id, dlg: 'history', msteams: { type: 'task/fetch' } });
  });

  it('task/fetch answers the timeline in a dialog, in their language and zone, valid and within size', async () => {
    const reply = await fetchDialog(alice, dataOf(opener(incident)));
    const task = reply.body.task as Json;
    expect(task.type).toBe('continue');
    expect((task.value as Json).title).toBe(`Incident history · ${incident.number}`);
    const texts = textsOf(dialogCard(reply)).join('\n');
    expect(texts).toContain('Times in Europe/Berlin');
    expect(texts).toContain('IM1 Registration');
    expect(texts).toContain('IM2.14 Ask the desk to re-dispatch');
    expect(texts).toMatch(/Mon 8 Jun 2026 03:\d\d UTC\+2/);
    expect(texts).toContain('Nick Zhao \ndeclined it');
    expect(texts).toContain('Reason: \nNot a network fault');
    expect(texts).toContain('Suggested: \nIdentity');
    expect(h.cardProblems()).toEqual([]);
  });

  it('refuses someone with no part in their language, with nothing of the incident', async () => {
    const reply = await fetchDialog(iris, dataOf(opener(incident)));
    expect(reply.body).toEqual({
      task: {
        type: 'message',
        value: `You have no part in ${incident.number}, so its details are not shown.`,
      },
    });
    expect(JSON.stringify(reply.body)).not.toContain('VPN drops');
    expect((await fetchDialog(nick, dataOf(opener(incident)))).body.task).toMatchObject({ type: 'continue' });
  });

  it('pages a long history within Teams size: "n more", later entries through task/submit', async () => {
    const long = await report('Printer jams', toAttempting);
    const desk = actorById(h.config, 'alice');
    for (let n = 1; n <= 100; n += 1)
      await h.service.execute(long.id, { type: 'add_worklog', text: `note ${n} ${'x'.repeat(900)}` }, desk);
    await h.drain();
    const first = await fetchDialog(alice, dataOf(opener(long)));
    const card = dialogCard(first);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(24_000);
    const texts = textsOf(card).join('\n');
    expect(texts).toMatch(/Entries 1–\d+ of \d+ · \d+ more entries not shown here\./);
    expect(texts).not.toContain('note 100 ');
    const later = actionsOf(card).find((a) => a.title === 'Later entries');
    expect(later).toBeDefined();
    let reply = await h.invoke(
      'task/submit',
      { data: dataOf(later as Json) },
      alice,
      channelConversation(DESK),
    );
    // Page on until the last entry shows.
    for (
      let pages = 0;
      pages < 10 && !textsOf(dialogCard(reply)).join('\n').includes('note 100 ');
      pages += 1
    ) {
      const next = actionsOf(dialogCard(reply)).find((a) => a.title === 'Later entries');
      if (!next) break;
      reply = await h.invoke('task/submit', { data: dataOf(next) }, alice, channelConversation(DESK));
    }
    expect(textsOf(dialogCard(reply)).join('\n')).toContain('note 100 ');
    expect(actionsOf(dialogCard(reply)).some((a) => a.title === 'Earlier entries')).toBe(true);
    expect(h.cardProblems()).toEqual([]);
  });
});
