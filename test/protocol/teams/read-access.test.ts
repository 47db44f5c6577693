// Reads need a part in the incident (core/read-access.ts, TriageService.read), with activities
// POSTed into the CloudAdapter and a local connector. A stranger forges Action.Execute refresh
// and open, a command, dialogs (task/fetch, task/submit), knowledge clicks and "save as
// knowledge" naming someone else's incident, and replies in a card's thread: nothing the bot
// answers or sends holds its title or description, `open` subscribes nothing, and the refusal
// is said in their language and logged with ids only. The people with a part still read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsActor } from '../../../adapters/teams/people.js';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import type { Incident } from '../../../src/core/types.js';
import {
  actionsOf,
  type Conversation,
  channelConversation,
  dataOf,
  type Harness,
  type Json,
  personalChat,
  type Reply,
  startHarness,
  TEAM_ID,
  type TeamsUser,
  textsOf,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const TITLE = 'Payroll export TITLEMARK fails';
const DESC = `DESCMARK the salary file for March is rejected by the bank. ${'More detail. '.repeat(40)}`;
const SECRETS = ['TITLEMARK', 'DESCMARK'];

const stranger: TeamsUser = { id: '29:stranger', name: 'Sam', aadObjectId: 'aad-stranger' };
const wang: TeamsUser = { id: '29:wang', name: 'Wang Fang', aadObjectId: 'aad-wang' }; // the reporter
const iris = user('iris'); // identity team: configured, no part in these incidents
const olga = user('olga'); // on-site engineer, not dispatched to these
const alice = user('alice'); // desk agent
const mia = user('mia'); // incident manager
const nick = user('nick'); // network: the team holding `held`
const eric = user('eric'); // ERP: asked for advice on `held` (IM2.9)
const oscar = user('oscar'); // dispatched to `onsite` (IM2.6)

const refusal = (number: string) => `You have no part in ${number}, so its details are not shown.`;

let h: Harness;
const logged: Record<string, unknown>[] = [];
let held: Incident; // attempting → advice asked of ERP → assigned to network
let onsite: Incident; // on-site engineer Oscar dispatched
let resolved: Incident;

const leaked = (x: unknown) => SECRETS.filter((s) => JSON.stringify(x).includes(s));

/** The bot's answer to `act` and everything it sent the connector meanwhile. */
async function during(act: () => Promise<Reply>): Promise<{ reply: Reply; sent: unknown[] }> {
  const since = h.connector.calls.length;
  const reply = await act();
  await h.drain();
  return { reply, sent: h.connector.calls.slice(since).map((c) => c.body) };
}

const execute = (
  from: TeamsUser,
  verb: string,
  data: Json,
  conversation: Conversation = personalChat(from),
) =>
  h.invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb, data: { itss: 1, ...data } }, trigger: 'manual' },
    from,
    conversation,
  );
const refresh = (from: TeamsUser, inc: Incident, p = 'desk_card') =>
  execute(from, 'itss.refresh', { i: inc.id, p }, channelConversation(DESK));
const open = (from: TeamsUser, inc: Incident) => execute(from, 'itss.open', { i: inc.id, p: 'mine' });

async function report(commands: readonly Command[]): Promise<Incident> {
  const desk = actorById(h.config, 'alice');
  const by = teamsActor(h.config, wang);
  let { incident } = await h.service.report(
    { title: TITLE, description: DESC, service: null, severity: null },
    by,
  );
  for (const c of commands) incident = (await h.service.execute(incident.id, c, desk)).incident;
  await h.drain();
  return incident;
}

beforeAll(async () => {
  h = await startHarness(undefined, { warn: (fields) => logged.push(fields) });
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK, name: 'Service desk' },
    ...h.config.teams.map((t) => ({ id: t.channels.teams ?? '', name: t.id })),
  ];
  await h.post(h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }));
  await h.message(wang, personalChat(wang), 'help');
  const classify: Command = { type: 'classify', nature: 'fault', category: 'vpn' };
  const prioritise: Command = { type: 'prioritise', impact: 3, urgency: 3 };
  const toAttempting: Command[] = [
    classify,
    prioritise,
    { type: 'decide_onsite', needed: false },
    { type: 'no_match' },
  ];
  const advice: Command = { type: 'ask_advice', team: 'erp', question: 'Is the bank interface up?' };
  held = await report([
    ...toAttempting,
    advice,
    { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
  ]);
  const dispatch = {
    taskId: 'task-read-1',
    engineers: ['oscar'],
    windowStart: new Date('2026-06-08T14:00:00+08:00'),
    windowEnd: new Date('2026-06-08T15:00:00+08:00'),
    note: 'Rack B3',
  };
  onsite = await report([classify, prioritise, { type: 'decide_onsite', needed: true, dispatch }]);
  const resolve: Command = { type: 'resolve', code: 'solved', solution: 'Re-sent the file.', tested: true };
  resolved = await report([...toAttempting, resolve]);
});
afterAll(() => h.close());

describe('Teams: reading an incident needs a part in it', () => {
  it('IM2.9: the team asked for advice gets the title, priority and History; History opens for them only', async () => {
    // Slack desk trial finding 7h: the request carried only the number and the question.
    const ERP = '19:erp@thread.tacv2';
    const request = h.connector
      .postedTo(ERP)
      .find((m) => (m.text ?? '').includes('Is the bank interface up?'));
    expect(request?.text).toContain(`${held.number}（三级）${TITLE}`);
    const history = actionsOf(request?.card ?? {}).find((a) => dataOf(a).dlg === 'history');
    if (!history) throw new Error('no History on the advice request');
    expect(dataOf(history)).toMatchObject({ i: held.id });
    const asked = await h.invoke('task/fetch', { data: dataOf(history) }, eric, channelConversation(ERP));
    expect(JSON.stringify(asked.body)).toContain(held.number);
    expect(JSON.stringify(asked.body)).not.toContain(refusal(held.number));
    const other = await h.invoke('task/fetch', { data: dataOf(history) }, iris, channelConversation(ERP));
    expect(JSON.stringify(other.body)).toContain(refusal(held.number));
    expect(leaked(other.body)).toEqual([]);
  });

  it("refresh with another incident's id answers a card without its content, in their language, logged with ids", async () => {
    for (const [who, inc] of [
      [stranger, held],
      [iris, held],
      [olga, onsite],
      [stranger, resolved],
    ] as const) {
      logged.length = 0;
      const { reply, sent } = await during(() => refresh(who, inc));
      expect(reply.status).toBe(200);
      expect(leaked([reply.body, sent])).toEqual([]);
      expect(textsOf(reply.body.value as Json)).toContain(refusal(inc.number));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ incidentId: inc.id });
      expect(leaked(logged)).toEqual([]);
    }
  });

  it('refresh shows the incident to everyone with a part: reporter, desk, manager, holding team, consulted team, on-site', async () => {
    for (const [who, inc] of [
      [wang, held],
      [alice, held],
      [mia, held],
      [nick, held],
      [eric, held],
      [oscar, onsite],
    ] as const) {
      const { reply } = await during(() => refresh(who, inc));
      expect(leaked(reply.body), who.id).toEqual(SECRETS);
    }
  });

  it("open with another incident's id posts nothing and subscribes nothing; the reporter's open does both", async () => {
    const chat = personalChat(stranger).id;
    const { reply, sent } = await during(() => open(stranger, held));
    expect(leaked([reply.body, sent])).toEqual([]);
    expect(textsOf(reply.body.value as Json)).toContain(refusal(held.number));
    expect(h.connector.postedTo(chat).filter((m) => m.card)).toEqual([]);
    expect((await h.storage.listChatRefs(held.id)).filter((r) => r.conversationId === chat)).toEqual([]);

    const own = await during(() => open(wang, held));
    expect(leaked(own.sent)).toEqual(SECRETS);
    const refs = await h.storage.listChatRefs(held.id);
    expect(refs.some((r) => r.conversationId === personalChat(wang).id)).toBe(true);
  });

  it('a forged command, dialog, knowledge click or "save as knowledge" shows nothing of the incident', async () => {
    const before = (await h.storage.getIncident(held.id))?.version;
    const forged: (() => Promise<Reply>)[] = [
      () => execute(stranger, 'itss.do', { c: 'accept', i: held.id, v: held.version, p: 'desk_card' }),
      () => execute(stranger, 'itss.do', { c: 'add_worklog', i: held.id, 'add_worklog.text': 'hi' }),
      () => execute(stranger, 'itss.kb', { k: 'search_matches', i: held.id, p: 'desk_card' }),
      () => execute(stranger, 'itss.kb', { i: held.id, p: 'desk_card' }),
      () =>
        h.invoke(
          'task/fetch',
          { data: { itss: 1, c: 'decline', i: held.id } },
          stranger,
          personalChat(stranger),
        ),
      () =>
        h.invoke(
          'task/submit',
          // A value the form rejects: the dialog would come back, filled in, with the incident.
          {
            data: {
              itss: 1,
              c: 'prioritise',
              i: held.id,
              'prioritise.impact': '9',
              'prioritise.urgency': '2',
            },
          },
          stranger,
          personalChat(stranger),
        ),
      () =>
        h.invoke(
          'task/fetch',
          { data: { itss: 1, dlg: 'knowledge', i: resolved.id } },
          stranger,
          personalChat(stranger),
        ),
      () =>
        h.invoke(
          'task/submit',
          { data: { itss: 1, dlg: 'knowledge', i: resolved.id, 'save_knowledge.title': '' } },
          stranger,
          personalChat(stranger),
        ),
    ];
    const leaks: string[] = [];
    for (const [n, act] of forged.entries()) {
      const { reply, sent } = await during(act);
      expect(reply.status, `forged ${n}`).toBe(200);
      if (leaked([reply.body, sent]).length > 0) leaks.push(`forged ${n}`);
    }
    expect(leaks).toEqual([]);
    expect((await h.storage.getIncident(held.id))?.version).toBe(before);
  });

  it("the desk card's match hint (other people's incidents) is shown to the desk only", async () => {
    expect((await h.knowledge.indexResolvedIncidents()).indexed).toBeGreaterThan(0);
    const lee: TeamsUser = { id: '29:lee', name: 'Lee Na', aadObjectId: 'aad-lee' };
    const { incident } = await h.service.report(
      {
        title: 'Payroll export fails',
        description: 'The salary file is rejected by the bank.',
        service: null,
        severity: null,
      },
      teamsActor(h.config, lee),
    );
    await h.drain();
    // The desk sees the resolved incident among the candidates…
    const forDesk = await during(() => refresh(alice, incident));
    expect(JSON.stringify(forDesk.reply.body)).toContain(resolved.number);
    // …its reporter, asking for the desk's card, does not.
    const forged = await during(() => refresh(lee, incident));
    expect(JSON.stringify(forged.reply.body)).toContain('Payroll export fails');
    expect(leaked([forged.reply.body, forged.sent])).toEqual([]);
  });

  it('a stranger replying in a card thread, or asking for lists, sees nothing of it', async () => {
    const desk = h.connector.cardMessage(DESK, held.number);
    expect(desk).toBeDefined();
    const worklog = (await h.storage.listWorklog(held.id)).length;
    const thread = channelConversation(DESK, desk?.id);
    const reply = await during(() => h.message(stranger, thread, 'what is this about?'));
    expect(leaked([reply.reply.body, reply.sent])).toEqual([]);
    expect(reply.sent.length).toBeGreaterThan(0); // told why
    expect((await h.storage.listWorklog(held.id)).length).toBe(worklog);
    for (const words of ['queue', 'my incidents']) {
      const list = await during(() => h.message(stranger, personalChat(stranger), words));
      expect(leaked(list.sent)).toEqual([]);
    }
  });
});
