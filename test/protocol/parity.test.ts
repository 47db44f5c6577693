// One behaviour on every platform (issue 11, item 9): the same scenarios, driven over Slack's and
// Teams' real wire protocols by the same people clicking the same actions on the cards each
// platform shows them, must leave the same audit trail (step, action, who), the same
// notifications (who is told what) and cards in the same places — identical except for wire shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryPlan, type Placement } from '../../src/app/delivery-plan.js';
import { notificationsFor } from '../../src/app/notifications.js';
import { effectsOf } from '../../src/app/outbox.js';
import type { Storage } from '../../src/app/ports.js';
import { TimerService } from '../../src/app/timer-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import { accountOn } from '../../src/core/config.js';
import { firedTimers, pendingTimers, TIMER_ACTIONS } from '../../src/core/steps/timers.js';
import type { Incident } from '../../src/core/types.js';
import { testConfig } from '../fixtures/config.js';
import { chatRows } from '../support/chat-rows.js';
import * as slack from './slack/harness.js';
import * as teams from './teams/harness.js';

type Place = 'desk' | 'reporter' | `team:${string}` | `advice:${string}`;
type Values = Record<string, string>;
type Step = ['act', string, Place, string, Values?] | ['reply', string, Place, string] | ['timers'];

/** What a scenario needs from a platform: the same few gestures, over its own wire. */
interface Driver {
  readonly platform: 'slack' | 'teams';
  readonly storage: Storage;
  report(title: string): Promise<Incident>;
  act(person: string, place: Place, command: string, values: Values, incident: Incident): Promise<void>;
  reply(person: string, place: Place, text: string, incident: Incident): Promise<void>;
  settle(): Promise<void>;
  /** Nobody acts: every deadline timer of the incident fires in order, as the scheduler would. */
  fireTimers(incident: Incident): Promise<void>;
  close(): Promise<void>;
}

const cfg = testConfig();
const REPORTER = 'reporter';

// ---- Slack ---------------------------------------------------------------------------------

async function slackDriver(): Promise<Driver> {
  const h = await slack.startHarness();
  const who = (person: string) =>
    person === REPORTER
      ? slack.user('UREPORTER', 'wang.fang')
      : slack.user(`U${person.toUpperCase()}`, person);
  const messageAt = (place: Place, incident: Incident): slack.PostedMessage => {
    if (place === 'desk') return h.recorder.card('CDESK', incident.number);
    if (place === 'reporter') return h.recorder.card('DUREPORTER', incident.number);
    const [kind, team = ''] = place.split(':');
    const channel = `C${team.toUpperCase()}`;
    if (kind === 'team') return h.recorder.card(channel, incident.number);
    const request = h.recorder
      .posted(channel)
      .filter((m) => m.text.includes(incident.number) && m.blocks[0]?.type !== 'header')
      .at(-1);
    if (!request) throw new Error(`no advice request in ${channel}`);
    return request;
  };
  return {
    platform: 'slack',
    storage: h.storage,
    report: (title) => h.incident(title, [], slack.REPORTER),
    async act(person, place, command, values, incident) {
      const message = messageAt(place, incident);
      const blocks = JSON.stringify(message.blocks);
      const names = Object.keys(values);
      if (names.length > 0 && names.every((n) => blocks.includes(`"itss:sel:${n}"`))) {
        // All-select commands are inline on Slack's card: each choice is a click, the last runs it.
        const state: Record<string, string> = {};
        for (const n of names) {
          await h.click(who(person), messageAt(place, incident), `itss:sel:${n}`, {
            select: values[n] ?? '',
            state: { ...state },
          });
          state[`itss:sel:${n}`] = values[n] ?? '';
        }
        await h.settle();
        return;
      }
      const direct = blocks.includes(`itss:do:${command}`);
      await h.click(who(person), message, direct ? `itss:do:${command}` : `itss:open:${command}`);
      await h.settle();
      if (!direct) await h.submit(who(person), values);
      await h.settle();
    },
    async reply(person, place, text, incident) {
      await h.reply(who(person), messageAt(place, incident), text);
      await h.settle();
    },
    settle: () => h.settle(),
    fireTimers: (incident) => fireTimers(h, incident, () => h.settle()),
    close: () => h.close(),
  };
}

// ---- Teams ---------------------------------------------------------------------------------

async function teamsDriver(): Promise<Driver> {
  const h = await teams.startHarness();
  const wang = { id: '29:wang', name: 'Wang Fang', aadObjectId: 'aad-wang' };
  const channelOf = (team: string) => `19:${team}@thread.tacv2`;
  const desk = '19:desk@thread.tacv2';
  h.connector.channels = [
    { id: teams.TEAM_ID, name: 'General' },
    { id: desk, name: 'Service desk' },
    ...cfg.teams.map((t) => ({ id: channelOf(t.id), name: t.id })),
    { id: '19:managers@thread.tacv2', name: 'Managers' },
  ];
  const admin = teams.user('alice');
  await h.post(
    h.activity('installationUpdate', admin, teams.channelConversation(teams.TEAM_ID), { action: 'add' }),
  );
  await h.post(h.activity('installationUpdate', wang, teams.personalChat(wang), { action: 'add' }));
  const who = (person: string) => (person === REPORTER ? wang : teams.user(person));
  const where = (place: Place, incident: Incident) => {
    const conversation =
      place === 'desk'
        ? teams.channelConversation(desk)
        : place === 'reporter'
          ? teams.personalChat(wang)
          : teams.channelConversation(channelOf(place.split(':')[1] ?? ''));
    const id = conversation.id as string;
    const message = place.startsWith('advice:')
      ? h.connector
          .postedTo(id)
          // The request itself, not the incident's card (it may carry a card of buttons: History).
          .filter(
            (m) =>
              (m.text ?? '').includes(incident.number) &&
              !JSON.stringify(m.card ?? {}).includes(incident.number),
          )
          .at(-1)
      : h.connector.cardMessage(id, incident.number);
    if (!message) throw new Error(`no message for ${incident.number} at ${place}`);
    return { conversation, message };
  };
  return {
    platform: 'teams',
    storage: h.storage,
    async report(title) {
      const { incident } = await h.service.report(
        { title, description: '', service: null, severity: null },
        { id: `teams:${wang.id}`, name: wang.name, roles: [], teams: [] },
      );
      await h.drain();
      return incident;
    },
    async act(person, place, command, values, incident) {
      const { conversation, message } = where(place, incident);
      const r = await h.click(
        who(person),
        { conversation, messageId: message.id },
        message.card as teams.Json,
        command,
        values,
      );
      if (r.status !== 200) throw new Error(`${command}: HTTP ${r.status}`);
      await h.drain();
    },
    async reply(person, place, text, incident) {
      const { conversation, message } = where(place, incident);
      await h.message(who(person), teams.channelConversation(conversation.id as string, message.id), text);
      await h.drain();
    },
    settle: () => h.drain(),
    fireTimers: (incident) => fireTimers(h, incident, () => h.drain()),
    close: () => h.close(),
  };
}

// ---- deadlines ----------------------------------------------------------------------------

interface Clocked {
  storage: Storage;
  config: TriageConfig;
  clock: { current: Date; now(): Date };
}

/**
 * Fires the incident's armed timers in due order with the clock just past each, then rewinds.
 * Armed is what the relay arms: the schedule of the incident as it is now, less what fired (a
 * timer.changed row is only the signal that it changed).
 */
async function fireTimers(h: Clocked, incident: Incident, settle: () => Promise<void>): Promise<void> {
  const current = await h.storage.getIncident(incident.id);
  if (!current) throw new Error(`no incident ${incident.id}`);
  const fired = firedTimers(await h.storage.listAudit(incident.id));
  const timers = pendingTimers(current, h.config, h.clock.current, fired)
    .map((x) => ({ ...x, at: new Date(x.at) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = h.clock.current;
  for (const timer of timers) {
    h.clock.current = new Date(timer.at.getTime() + 1_000);
    await new TimerService(h.storage, h.config, h.clock).fire(incident.id, timer.key, timer.at);
    await settle();
  }
  h.clock.current = start;
}

// ---- what is compared ----------------------------------------------------------------------

/** The reporter is `slack:…` on one platform and `teams:…` on the other: one role here. */
const actor = (id: string, incident: Incident) => (id === incident.reporterId ? REPORTER : id);

/** A placement with the platform's ids turned back into configured roles and people. */
function placed(p: Placement, platform: string, incident: Incident): string {
  const ofChannel = (id: string) => {
    if (accountOn(cfg.channels.desk, platform) === id) return 'desk';
    if (accountOn(cfg.channels.managers, platform) === id) return 'managers';
    return `team:${cfg.teams.find((t) => accountOn(t.channels, platform) === id)?.id ?? '?'}`;
  };
  const ofUser = (id: string) =>
    `${platform}:${id}` === incident.reporterId
      ? REPORTER
      : (cfg.people.find((x) => accountOn(x.accounts, platform) === id)?.id ?? '?');
  const where =
    p.place.kind === 'direct'
      ? `dm ${ofUser(p.place.user)}`
      : `${ofChannel(p.place.channel)}${p.place.thread ? ` under ${p.place.thread.purpose}` : ''}`;
  const mentions = p.mentions.map((m) => ofUser(m.user)).join(',');
  return `${where} [${p.locale}] ${p.text.key} card=${p.card} keep=${p.keepAs} @${mentions}`;
}

async function record(d: Driver, incident: Incident) {
  const audit = (await d.storage.listAudit(incident.id)).map(
    (a) => `${a.step} ${a.action} ${actor(a.actorId, incident)}`,
  );
  const current = (await d.storage.getIncident(incident.id)) as Incident;
  const rows = (await chatRows(d.storage, { limit: 10_000 })).filter((r) => r.incidentId === incident.id);
  const notes = rows.flatMap((r) => effectsOf(r).flatMap((e) => notificationsFor(e, current, cfg)));
  const told = notes.map((n) => `${n.kind} → ${JSON.stringify(n.recipient)} : ${n.text.key}`);
  const plan = notes.flatMap((n) =>
    deliveryPlan(n, current, cfg, d.platform).map((p) => placed(p, d.platform, current)),
  );
  const places = [...new Set((await d.storage.listChatRefs(incident.id)).map((r) => r.purpose))].sort();
  return { status: current.status, description: current.description, audit, told, plan, places };
}

const TRIAGE: Step[] = [
  ['act', 'alice', 'desk', 'classify', { nature: 'fault', category: 'vpn' }],
  ['act', 'alice', 'desk', 'prioritise', { impact: '3', urgency: '3' }],
  ['act', 'alice', 'desk', 'decide_onsite', {}],
  ['act', 'alice', 'desk', 'no_match'],
];

const SCENARIOS: Record<string, Step[]> = {
  'full path to closed': [
    ...TRIAGE,
    ['reply', 'alice', 'desk', 'Restarted the VPN client, no change'],
    ['act', 'alice', 'desk', 'supplement_description', { text: 'Only on the 3rd floor' }],
    ['act', 'alice', 'desk', 'assign', { team: 'network', worklog: 'Restarted the VPN client, no change' }],
    ['act', 'nora', 'team:network', 'accept'],
    ['act', 'nora', 'team:network', 'supplement_description', { text: 'Switch port 12 flaps' }],
    ['act', 'nora', 'team:network', 'in_scope'],
    ['reply', 'nora', 'team:network', 'Profile was corrupt'],
    ['act', 'nora', 'team:network', 'resolve', { code: 'solved', solution: 'Reset the VPN profile' }],
    ['act', REPORTER, 'reporter', 'confirm'],
    ['act', 'alice', 'desk', 'close', {}],
  ],
  'decline loop': [
    ...TRIAGE,
    ['act', 'alice', 'desk', 'assign', { team: 'network', worklog: 'Restarted the VPN client, no change' }],
    ['act', 'nick', 'team:network', 'decline', { reason: 'Account locked in AD', suggestedTeam: 'identity' }],
    ['act', 'alice', 'desk', 'assign', { team: 'identity' }],
    ['act', 'ivan', 'team:identity', 'accept'],
  ],
  'reporter question and answer': [
    ...TRIAGE,
    ['act', 'alice', 'desk', 'assign', { team: 'network', worklog: 'Restarted the VPN client, no change' }],
    ['act', 'nora', 'team:network', 'accept'],
    ['act', 'nora', 'team:network', 'wait_for_reporter', { question: 'Which client version?' }],
    ['act', REPORTER, 'reporter', 'reporter_replied', { text: 'Version 5.1' }],
  ],
  'escalation when nobody acts': [
    ['act', 'alice', 'desk', 'classify', { nature: 'fault', category: 'vpn' }],
    ['act', 'alice', 'desk', 'prioritise', { impact: '1', urgency: '1' }],
    ['act', 'alice', 'desk', 'decide_onsite', {}],
    ['act', 'alice', 'desk', 'no_match'],
    ['act', 'alice', 'desk', 'assign', { team: 'network', worklog: 'Restarted the VPN client, no change' }],
    ['timers'],
    ['act', 'nora', 'team:network', 'accept'],
  ],
  'advice from a team': [
    ...TRIAGE,
    ['act', 'alice', 'desk', 'ask_advice', { team: 'erp', question: 'Seen this with SAP?' }],
    ['reply', 'erin', 'advice:erp', 'Restart the batch job'],
  ],
};

async function run(d: Driver, title: string, steps: Step[]) {
  const incident = await d.report(title);
  for (const step of steps) {
    if (step[0] === 'act') await d.act(step[1], step[2], step[3], step[4] ?? {}, incident);
    else if (step[0] === 'reply') await d.reply(step[1], step[2], step[3], incident);
    else await d.fireTimers(incident);
  }
  await d.settle();
  return record(d, incident);
}

describe('Slack and Teams do the same thing', () => {
  const drivers: Record<string, Driver> = {};
  beforeAll(async () => {
    drivers.slack = await slackDriver();
    drivers.teams = await teamsDriver();
  });
  afterAll(async () => {
    await Promise.all(Object.values(drivers).map((d) => d.close()));
  });

  it.each(Object.entries(SCENARIOS))('%s', async (name, steps) => {
    const onSlack = await run(drivers.slack as Driver, `Parity: ${name}`, steps);
    const onTeams = await run(drivers.teams as Driver, `Parity: ${name}`, steps);
    expect(onSlack.audit.length).toBeGreaterThan(steps.length); // the scenario really ran
    // ... and so did its timers (nothing fired would compare equal on both sides too).
    if (steps.some((s) => s[0] === 'timers'))
      expect(onSlack.audit.filter((a) => TIMER_ACTIONS.some((t) => a.includes(` ${t} `)))).not.toEqual([]);
    expect(onTeams).toEqual(onSlack);
    if (process.env.PARITY_PRINT) console.log(JSON.stringify(onSlack, null, 1));
  });
});
