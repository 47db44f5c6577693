// Reads need a part in the incident (core/read-access.ts, TriageService.read), over signed HTTP
// into Bolt with the Web API recorded. A stranger crafts payloads naming someone else's
// incident — "Show full text", a form opener, a card select, "save as knowledge", a reply in a
// card's thread, App Home — and nothing the bot sends back holds its title or description; the
// refusal is said in their language and logged with ids only. The people with a part still read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Command } from '../../../src/core/commands.js';
import type { Actor, Incident } from '../../../src/core/types.js';
import { type ApiCall, type Harness, REPORTER, type SlackUser, startHarness, TO, user } from './harness.js';

const TITLE = 'Payroll export TITLEMARK fails';
const DESC = `DESCMARK the salary file for March is rejected by the bank. ${'More detail. '.repeat(120)}`;
const SECRETS = ['TITLEMARK', 'DESCMARK'];

const stranger = user('USTRANGER', 'sam'); // not in the configuration
const iris = user('UIRIS', 'iris'); // identity team: configured, no part in these incidents
const olga = user('UOLGA', 'olga'); // on-site engineer, not dispatched to these
const alice = user('UALICE', 'alice'); // desk agent
const mia = user('UMIA', 'mia'); // incident manager
const nick = user('UNICK', 'nick'); // network: the team holding `held`
const eric = user('UERIC', 'eric'); // ERP: asked for advice on `held` (IM2.9)
const oscar = user('UOSCAR', 'oscar'); // dispatched to `onsite` (IM2.6)
const reporter = user('UREPORTER', 'wang.fang');

const refusal = (number: string) => `您未参与 ${number} 的处理，因此不显示其详情。`;

describe('Slack: reading an incident needs a part in it', () => {
  let h: Harness;
  const logged: Record<string, unknown>[] = [];
  let held: Incident; // attempting → advice asked of ERP → assigned to network
  let onsite: Incident; // on-site engineer Oscar dispatched
  let fresh: Incident; // just registered
  let resolved: Incident;
  let actionTs = 1782000000;

  const report = async (commands: readonly Command[], by: Actor = REPORTER) => {
    const desk = actorById(h.config, 'alice');
    let { incident } = await h.service.report(
      { title: TITLE, description: DESC, service: null, severity: null },
      by,
    );
    for (const c of commands) incident = (await h.service.execute(incident.id, c, desk)).incident;
    await h.settle();
    return incident;
  };

  /** A block_actions payload as a stranger would forge it, from their own DM with the bot. */
  const forge = (from: SlackUser, action: Record<string, unknown>, state: Record<string, unknown> = {}) => {
    actionTs += 1;
    return h.interact({
      type: 'block_actions',
      user: { id: from.id, username: from.name, name: from.name, team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      team: { id: 'T1', domain: 'test' },
      trigger_id: `${actionTs}.forged`,
      container: { type: 'message', message_ts: `${actionTs}.000001`, channel_id: `D${from.id}` },
      channel: { id: `D${from.id}`, name: 'directmessage' },
      message: { type: 'message', ts: `${actionTs}.000001`, text: '', blocks: [] },
      state: { values: state },
      response_url: 'https://hooks.slack.com/actions/T1/1/x',
      actions: [{ type: 'button', block_id: 'b', action_ts: `${actionTs}.000100`, ...action }],
    });
  };
  const showFull = (from: SlackUser, incidentId: string) =>
    forge(from, { action_id: 'itss:more', value: incidentId });

  /** What the bot sent to Slack while `act` ran (settled). */
  const sentDuring = async (act: () => Promise<unknown>) => {
    const since = h.recorder.calls.length;
    const views = h.recorder.views.length;
    await act();
    await h.settle();
    return { calls: h.recorder.calls.slice(since), views: h.recorder.views.slice(views) };
  };
  const leaked = (calls: readonly unknown[]) => SECRETS.filter((s) => JSON.stringify(calls).includes(s));
  /** What reached this person: their DM, their ephemerals, any modal. */
  const toPerson = (calls: readonly ApiCall[], who: SlackUser) =>
    calls.filter(
      (c) => c.args.user === who.id || c.args.channel === `D${who.id}` || c.method === 'views.open',
    );

  beforeAll(async () => {
    h = await startHarness({ readLog: { warn: (fields) => logged.push(fields) } });
    const advice: Command = { type: 'ask_advice', team: 'erp', question: 'Is the bank interface up?' };
    held = await report([
      ...TO.attempting,
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
    onsite = await report([...TO.prioritised, { type: 'decide_onsite', needed: true, dispatch }]);
    fresh = await report([]);
    const resolve: Command = { type: 'resolve', code: 'solved', solution: 'Re-sent the file.', tested: true };
    resolved = await report([...TO.attempting, resolve]);
  });
  afterAll(() => h.close());

  it('"Show full text" with another incident\'s id: refused in their language, nothing shown, logged with ids', async () => {
    for (const [who, inc] of [
      [stranger, held],
      [iris, held],
      [olga, onsite],
      [stranger, resolved],
    ] as const) {
      logged.length = 0;
      const sent = await sentDuring(() => showFull(who, inc.id));
      expect(sent.views).toEqual([]);
      expect(leaked(sent.calls)).toEqual([]);
      expect(h.recorder.ephemerals(who.id).at(-1)).toBe(refusal(inc.number));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ incidentId: inc.id });
      expect(leaked(logged)).toEqual([]);
    }
    // A made-up id: nothing to show, and said so.
    const sent = await sentDuring(() => showFull(alice, 'no-such-incident'));
    expect(sent.views).toEqual([]);
    expect(h.recorder.ephemerals(alice.id).at(-1)).toContain('no-such-incident');
  });

  it('"Show full text" opens for everyone with a part: reporter, desk, manager, holding team, consulted team, on-site', async () => {
    for (const [who, inc] of [
      [reporter, held],
      [alice, held],
      [mia, held],
      [nick, held],
      [eric, held],
      [oscar, onsite],
    ] as const) {
      const sent = await sentDuring(() => showFull(who, inc.id));
      expect(sent.views, who.id).toHaveLength(1);
      expect(leaked([sent.views[0]?.view])).toEqual(SECRETS);
    }
  });

  it('a forged form opener, card select or "save as knowledge" shows nothing of the incident', async () => {
    const before = (await h.storage.getIncident(fresh.id))?.version;
    const button = (command: string, inc: Incident) => ({
      action_id: `itss:open:${command}`,
      value: JSON.stringify({ i: inc.id, v: inc.version }),
    });
    const forged = [
      () => forge(stranger, button('cancel', fresh)),
      () => forge(stranger, button('decline', held)),
      () => forge(iris, button('add_worklog', held)),
      () => forge(stranger, { action_id: 'itss:kb:save', value: JSON.stringify({ i: resolved.id, v: 0 }) }),
      () => {
        // The category still unchosen: the bot would complete it from the incident.
        const block = `itss:sel:classify:${fresh.id}:${fresh.version}`;
        const none = { type: 'static_select', selected_option: null };
        const state = { [block]: { 'itss:sel:nature': none, 'itss:sel:category': none } };
        const select = { type: 'static_select', action_id: 'itss:sel:nature', block_id: block };
        return forge(stranger, { ...select, selected_option: { value: 'fault' } }, state);
      },
    ];
    for (const act of forged) {
      const sent = await sentDuring(act);
      expect(sent.views).toEqual([]);
      expect(leaked(sent.calls)).toEqual([]);
    }
    expect(h.recorder.ephemerals(stranger.id).length).toBeGreaterThanOrEqual(4);
    expect((await h.storage.getIncident(fresh.id))?.version).toBe(before);
  });

  it('a forged command on an old version is refused without saying who changed it last', async () => {
    const before = (await h.storage.getIncident(held.id))?.version ?? 0;
    const value = JSON.stringify({ i: held.id, v: before - 1, p: {} });
    const sent = await sentDuring(() => forge(stranger, { action_id: 'itss:do:accept', value }));
    // (A stale click re-renders the cards where they are posted; none of that reaches them.)
    expect(leaked(toPerson(sent.calls, stranger))).toEqual([]);
    const told = h.recorder.ephemerals(stranger.id).at(-1) ?? '';
    expect(told).toContain('只有');
    expect(told).not.toContain('Alice');
    expect((await h.storage.getIncident(held.id))?.version).toBe(before);
  });

  it('a stranger replying in a card thread is refused without the incident, and writes nothing', async () => {
    const desk = h.recorder.card('CDESK', held.number);
    const before = (await h.storage.listWorklog(held.id)).length;
    const sent = await sentDuring(() => h.reply(stranger, desk, 'what is this about?'));
    expect(leaked(sent.calls)).toEqual([]);
    expect(sent.calls.length).toBeGreaterThan(0); // told why
    expect((await h.storage.listWorklog(held.id)).length).toBe(before);
  });

  it('App Home shows a stranger none of it, and the holding team its incident', async () => {
    const home = async (who: SlackUser) => {
      const sent = await sentDuring(() =>
        h.event({ type: 'app_home_opened', user: who.id, channel: `D${who.id}`, tab: 'home' }),
      );
      return sent.calls.filter((c) => c.method === 'views.publish');
    };
    const strangers = await home(stranger);
    expect(strangers).toHaveLength(1);
    expect(leaked(strangers)).toEqual([]);
    expect(leaked(await home(iris))).toEqual([]);
    expect(leaked(await home(nick))).toContain('TITLEMARK');
  });
});
