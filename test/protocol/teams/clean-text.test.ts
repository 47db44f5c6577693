// Text PostgreSQL refuses (issue 10 item 4) through Teams: a NUL byte or a lone UTF-16 surrogate
// in an activity would fail the command, and every redelivery with it. Each entry point gets
// such text as the Bot Framework posts it to /api/messages, and the command must COMMIT with the
// text cleaned once at the edge (adapters/teams/edge.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import {
  actionsOf,
  channelConversation,
  commandAction,
  type Harness,
  inputOf,
  type Json,
  personalChat,
  startHarness,
  TEAM_ID,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const NETWORK = '19:network@thread.tacv2';
const DIRTY = 'Printer\u0000 jam\u0007 \uD800on \uDC00floor 3\r\nsince 9';
const CLEAN = 'Printer jam \uFFFDon \uFFFDfloor 3\nsince 9';
const TO_ASSIGNED: Command[] = [
  { type: 'classify', nature: 'fault', category: 'vpn' },
  { type: 'prioritise', impact: 3, urgency: 3 },
  { type: 'decide_onsite', needed: false },
  { type: 'no_match' },
  { type: 'assign', team: 'network', worklog: 'Restarted the client and checked the gateway: no change' },
];

let h: Harness;
const alice = user('alice');
const nick = user('nick');
const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };

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

/** An incident brought to `assigned` (or, with `steps`, fewer steps) through the use cases, its cards delivered. */
async function assigned(title: string, steps = TO_ASSIGNED.length) {
  const desk = actorById(h.config, 'alice');
  const reporter = { id: `teams:${lee.id}`, name: lee.name, roles: [], teams: [] };
  let { incident } = await h.service.report(
    { title, description: '', service: null, severity: null },
    reporter,
  );
  for (const c of TO_ASSIGNED.slice(0, steps))
    incident = (await h.service.execute(incident.id, c, desk)).incident;
  await h.drain();
  return incident;
}

/** IM2.9: the desk's own attempt (before assigning). */
const attempting = (title: string) => assigned(title, TO_ASSIGNED.length - 1);

describe('Teams: text PostgreSQL refuses is cleaned at the edge', () => {
  it('a report written as one line longer than a title keeps all of it in the description', async () => {
    const chat = personalChat(lee);
    const line = `VPN drops ${'every few minutes since the router firmware update, '.repeat(5)}end.`;
    expect((await h.message(lee, chat, line)).status).toBe(200);
    const form = h.connector.postedTo(chat.id).at(-1)?.card as Json;
    const title = String(inputOf(form, 'report.title')?.value);
    expect(Array.from(title)).toHaveLength(200);
    expect(title.endsWith('…')).toBe(true);
    expect(inputOf(form, 'report.description')?.value).toBe(line);
  });

  it('message text and card inputs: the offer is prefilled clean and the report commits clean', async () => {
    const chat = personalChat(lee);
    expect((await h.message(lee, chat, DIRTY)).status).toBe(200);
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    expect(inputOf(form, 'report.title')?.value).toBe('Printer jam \uFFFDon \uFFFDfloor 3');
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    const reply = await h.execute(lee, { conversation: chat, messageId: offer?.id ?? '' }, form, submit, {
      'report.title': `Title ${DIRTY}`,
      'report.description': `Description ${DIRTY}`,
      'report.severity': '3',
    });
    expect(reply.status).toBe(200);
    const found = (await h.storage.listIncidents({})).filter((i) => i.title === `Title ${CLEAN}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.description).toBe(`Description ${CLEAN}`);
  });

  it('thread reply: the work-log line is stored clean', async () => {
    const incident = await assigned('Mail delayed');
    const deskCard = h.connector.cardMessage(DESK, incident.number);
    const reply = await h.message(alice, channelConversation(DESK, deskCard?.id), `Reply ${DIRTY}`);
    expect(reply.status).toBe(200);
    const log = (await h.storage.listWorklog(incident.id)).map((w) => w.text);
    expect(log).toContain(`Reply ${CLEAN}`);
  });

  it('dialog submit (IM2.14 decline): the decline commits with the reason clean', async () => {
    const incident = await assigned('Cannot reach the VPN portal');
    const card = h.connector.cardMessage(NETWORK, incident.number)?.card as Json;
    const opener = commandAction(card, 'decline') as Json;
    const done = await h.dialog(nick, channelConversation(NETWORK), opener, 'decline', {
      reason: `Reason ${DIRTY}`,
      suggestedTeam: 'identity',
    });
    expect(done.body.task).toMatchObject({ type: 'message' });
    const after = await h.storage.getIncident(incident.id);
    expect(after?.status).toBe('declined');
    expect(after?.declines.at(-1)?.reason).toBe(`Reason ${CLEAN}`);
  });
  it('IM2.5 supplement (dialog): the description and the audit payload (jsonb) keep it clean', async () => {
    const incident = await attempting('Outlook asks for the password again');
    const card = h.connector.cardMessage(DESK, incident.number)?.card as Json;
    const opener = commandAction(card, 'supplement_description') as Json;
    const done = await h.dialog(alice, channelConversation(DESK), opener, 'supplement_description', {
      text: `More ${DIRTY}`,
    });
    expect(done.body.task).toMatchObject({ type: 'message' });
    expect((await h.storage.getIncident(incident.id))?.description).toMatch(/ More Printer jam \uFFFDon /);
    const audit = (await h.storage.listAudit(incident.id)).find(
      (a) => a.action === 'description_supplemented',
    );
    expect(audit?.payload).toEqual({ text: `More ${CLEAN}` });
  });

  it('the reporter’s plain-chat answer to the desk’s question is stored clean and resumes the clock', async () => {
    const incident = await attempting('Shared drive missing');
    const desk = actorById(h.config, 'alice');
    await h.service.execute(
      incident.id,
      { type: 'wait_for_reporter', question: 'Which drive letter?' },
      desk,
    );
    await h.drain();
    const reply = await h.message(lee, personalChat(lee), `Answer ${DIRTY}`);
    expect(reply.status).toBe(200);
    const after = await h.storage.getIncident(incident.id);
    expect(after?.pauses.at(-1)?.to).not.toBeNull();
    const log = (await h.storage.listWorklog(incident.id)).map((w) => w.text);
    expect(log).toContain(`Answer ${CLEAN}`);
  });
});
