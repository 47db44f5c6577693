// A click on a card that is out of date is told why its button no longer applies: the change since
// the card that moved the incident on (the assignment), not the work-log note that followed it
// (Teams trial, 2026-12-07: "a stale click named a note, not the assignment, as the change").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/core/types.js';
import { actorFor } from '../../fixtures/config.js';
import {
  actionsOf,
  channelConversation,
  DESK_CHANNEL,
  type Harness,
  type Json,
  NETWORK_CHANNEL,
  personalChat,
  startInstalledHarness,
  textsOf,
  user,
} from './harness.js';

const DESK = DESK_CHANNEL;

describe('Teams: a stale card is told the change that made it stale', () => {
  let h: Harness;
  const alice = user('alice'); // en
  const bob = user('bob'); // zh-CN
  const lee = { id: '29:lee', name: 'Lee Wei', aadObjectId: 'aad-lee' };
  let incident: Incident;
  let stale: Json;
  let where: { conversation: ReturnType<typeof channelConversation>; messageId: string };
  let assignedAt = '';

  const tick = () => {
    h.clock.current = new Date(h.clock.current.getTime() + 60_000);
  };

  beforeAll(async () => {
    h = await startInstalledHarness(alice);
    // Reported in personal chat, then triaged to the desk's own attempt with the card's buttons.
    const chat = personalChat(lee);
    await h.message(lee, chat, 'VPN drops every hour');
    const offer = h.connector.postedTo(chat.id).at(-1);
    const form = offer?.card as Json;
    const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
    await h.execute(lee, { conversation: chat, messageId: offer?.id ?? '' }, form, submit, {
      'report.title': 'VPN drops every hour',
    });
    const [found] = await h.storage.listIncidents({ reporterId: `teams:${lee.id}` });
    if (!found) throw new Error('not registered');
    await h.drain();
    const desk = h.connector.cardMessage(DESK, found.number);
    where = { conversation: channelConversation(DESK), messageId: desk?.id ?? '' };
    let r = await h.click(alice, where, desk?.card as Json, 'classify', { nature: 'fault', category: 'vpn' });
    r = await h.click(alice, where, r.body.value as Json, 'prioritise', { impact: '3', urgency: '3' });
    r = await h.click(alice, where, r.body.value as Json, 'decide_onsite');
    r = await h.click(alice, where, r.body.value as Json, 'no_match');
    stale = r.body.value as Json; // the desk card at IM2.9, as Bob still has it
    // Alice assigns it to the network team (with the IM2.9 work log it requires) …
    tick();
    assignedAt = h.clock.now().toISOString();
    await h.click(alice, where, stale, 'assign', { team: 'network', worklog: 'Reset the VPN profile' });
    // … and a minute later the team's lead adds a work-log note.
    tick();
    const note = { type: 'add_worklog', text: 'Looking at the gateway logs' } as const;
    incident = (await h.service.execute(found.id, note, actorFor('nora'))).incident;
    expect(incident).toMatchObject({ status: 'assigned', assignedTeam: 'network' });
    const trail = await h.storage.listAudit(found.id);
    expect(trail.at(-1)).toMatchObject({ action: 'worklog_added', actorName: 'Nora Wu' });
  });
  afterAll(() => h?.close());

  it('a stale assignment (Action.Execute) is "already done by" the assigner, not "out of date" by the note', async () => {
    const before = incident.version;
    const r = await h.click(bob, where, stale, 'assign', { team: 'network', worklog: '重置了配置' });
    const texts = textsOf(r.body.value as Json).join(' ');
    expect(texts).toContain('已由 Alice Zhang 处理。');
    expect(texts).not.toContain('添加了工作日志');
    expect((await h.storage.getIncident(incident.id))?.version).toBe(before);
  });

  it('another command from the stale card (Action.Execute) names the assignment and counts the note', async () => {
    const before = incident.version;
    const r = await h.click(bob, where, stale, 'resolve', { code: 'workaround', solution: '重置了配置' });
    const texts = textsOf(r.body.value as Json).join(' ');
    const at = '2026-06-08 09:01 UTC+8'; // the assignment's minute; the note was at 09:02
    expect(assignedAt).toBe('2026-06-08T01:01:00.000Z');
    expect(texts).toContain(
      `此卡片已过期：Alice Zhang 于 ${at} 指派给了小组，此后还有 1 项变更，卡片已刷新。`,
    );
    expect(texts).not.toContain('添加了工作日志');
    expect((await h.storage.getIncident(incident.id))?.version).toBe(before);
    // The same in English for an English reader.
    const en = await h.click(alice, where, stale, 'resolve', { code: 'workaround', solution: 'Reset' });
    expect(textsOf(en.body.value as Json).join(' ')).toContain(
      'This card is out of date: Alice Zhang assigned it to a team at Mon 8 Jun 2026 09:01 UTC+8, and one more change followed.',
    );
  });

  it('another command from the stale card (a dialog) names the assignment and counts the note', async () => {
    const dialog = actionsOf(stale).find(
      (a) => a.type === 'Action.Submit' && (a.data as Json | undefined)?.c === 'ask_advice',
    );
    expect(dialog).toBeDefined();
    const fetched = await h.invoke('task/fetch', { data: dialog?.data as Json }, bob, where.conversation);
    const said = JSON.stringify(fetched.body);
    expect(said).toContain('此卡片已过期：Alice Zhang 于');
    expect(said).toContain('指派给了小组，此后还有 1 项变更，卡片已刷新。');
    expect(said).not.toContain('Nora Wu');
    expect(said).not.toContain('添加了工作日志');
  });

  it('a card several work-log notes behind is used as a current one (leftover 3)', async () => {
    await h.drain();
    const team = h.connector.cardMessage(NETWORK_CHANNEL, incident.number);
    const drawn = team?.card as Json; // the network team's card, as Nora keeps it open
    const drawnAt = (await h.storage.getIncident(incident.id))?.version ?? 0;
    for (const who of ['alice', 'bob', 'alice']) {
      tick();
      const note = { type: 'add_worklog', text: `Gateway check by ${who}` } as const;
      await h.service.execute(incident.id, note, actorFor(who));
    }
    await h.drain();
    expect((await h.storage.getIncident(incident.id))?.version).toBe(drawnAt + 3);
    const r = await h.click(
      user('nora'),
      { conversation: channelConversation(NETWORK_CHANNEL), messageId: team?.id ?? '' },
      drawn,
      'accept',
    );
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toMatch(/out of date|已过期/);
    expect(await h.storage.getIncident(incident.id)).toMatchObject({
      status: 'accepted',
      version: drawnAt + 4,
    });
  });
});
