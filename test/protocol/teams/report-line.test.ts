// The report form a chat posts becomes the reporter's card once submitted, and every update of
// that card replaces the whole message (a PUT): the line posted above the form goes again with
// each update. The welcome posted on install introduces the bot and stays (desk trial 2026-12-07:
// it turned into "Do you want to report an incident?" at the first update); the offer posted after
// a message asked for the report, so once it is an incident no update repeats it (Teams trial:
// a closed incident still sat under "Check the form and submit it").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../adapters/teams/text.js';
import { PURPOSE } from '../../../src/app/card-places.js';
import { actorById } from '../../../src/app/identity.js';
import { t } from '../../../src/i18n/index.js';
import {
  actionsOf,
  channelConversation,
  type Harness,
  type Json,
  personalChat,
  startHarness,
  TEAM_ID,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK, name: 'Service desk' },
  ];
  await h.post(
    h.activity('installationUpdate', user('alice'), channelConversation(TEAM_ID), { action: 'add' }),
  );
});
afterAll(() => h?.close());

/** Submits the form posted last in `chat` as `who`; the updated reporter's card's message after a desk step. */
async function reportFromLastForm(who: { id: string; name: string; aadObjectId: string }, title: string) {
  const chat = personalChat(who);
  const posted = h.connector.postedTo(chat.id).at(-1);
  const form = posted?.card as Json;
  const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
  const r = await h.execute(who, { conversation: chat, messageId: posted?.id ?? '' }, form, submit, {
    'report.title': title,
  });
  expect(r.status).toBe(200);
  const [incident] = await h.storage.listIncidents({ reporterId: `teams:${who.id}` });
  if (!incident) throw new Error('not registered');
  await h.service.execute(
    incident.id,
    { type: 'classify', nature: 'fault', category: 'vpn' },
    actorById(h.config, 'alice'),
  );
  await h.drain();
  const [ref] = (await h.storage.listChatRefs(incident.id)).filter((x) => x.purpose === PURPOSE.reporter);
  expect(ref?.messageId).toBe(posted?.id);
  return { posted, message: h.connector.messages.get(ref?.messageId ?? ''), incident };
}

describe('Teams: the line above the reporter’s card after its form was submitted', () => {
  it('the welcome form (on install) keeps the welcome through updates', async () => {
    const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
    await h.post(h.activity('installationUpdate', lee, personalChat(lee), { action: 'add' }));
    const welcome = escapeMarkdown(t('en', 'teams.welcome'));
    expect(h.connector.postedTo(personalChat(lee).id).at(-1)?.text).toBe(welcome);
    const { message, incident } = await reportFromLastForm(lee, 'VPN drops');
    expect(message?.updates).toBeGreaterThan(0);
    expect(message?.text).toBe(welcome);
    expect(JSON.stringify(message?.card)).toContain(incident.number);
  });

  it('the form offered after a message drops the offer once it is an incident', async () => {
    const kim = { id: '29:kim', name: 'Kim Ho', aadObjectId: 'aad-kim' };
    await h.message(kim, personalChat(kim), 'Printer jams');
    const { message } = await reportFromLastForm(kim, 'Printer jams');
    expect(message?.updates).toBeGreaterThan(0);
    expect(message?.text ?? '').not.toContain(escapeMarkdown(t('en', 'teams.offer')));
  });
});
