// A Slack desk with a Teams team (issue 11, items 1 and 2): the delivery plan puts each message on
// the platform where its reader is, and a reply in a Teams thread is read by the same rule as on
// Slack — the ERP team's answer to the desk's request for advice (IM2.9) is kept in the work log
// with its audit row and reaches the desk's thread on Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPlaces } from '../../src/app/chat-places.js';
import { ThreadReplies } from '../../src/app/thread-replies.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { Actor } from '../../src/core/types.js';
import { EmbeddedDelivery } from '../../src/jobs/delivery-queue.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';

const base = testConfig();
const cfg: TriageConfig = {
  ...base,
  channels: { desk: { slack: 'CDESK' }, managers: { slack: 'CMANAGERS' } },
  teams: base.teams.map((t) => (t.id === 'erp' ? { ...t, channels: { teams: '19:erp@thread.tacv2' } } : t)),
};
const alice = actorFor('alice');
const erin = actorFor('erin');
const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('a Slack desk with a Teams team, on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  const slack = new RecordingNotifier('slack');
  const teams = new RecordingNotifier('teams');
  let delivery: EmbeddedDelivery;
  const deliverDue = async () => {
    while (await delivery.tick());
  };

  beforeAll(async () => {
    backend = await open();
    const clock = { now: () => REPORTED_AT };
    service = new TriageService(backend.storage, cfg, clock);
    delivery = new EmbeddedDelivery(
      { storage: backend.storage, config: cfg, notifiers: [slack, teams], clock },
      200,
    );
  });
  afterAll(() => backend.close());

  it("asks the Teams team for advice and relays its answer to the Slack desk's thread", async () => {
    const { incident } = await service.report(
      { title: 'SAP slow', description: '', service: null, severity: 3 },
      reporter,
    );
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'erp' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'ask_advice', team: 'erp', question: 'Seen this before?' },
    ] as const)
      await service.execute(incident.id, command, alice);
    await deliverDue();

    // The request: on Teams only, in the ERP channel, its members mentioned; nothing on Slack.
    const request = teams.messages.find((m) => m.says.key === 'team.advice_request');
    expect(request?.to).toEqual({ kind: 'channel', channel: '19:erp@thread.tacv2', replyTo: null });
    expect(request?.mentions.map((m) => m.user)).toEqual(['29:erin', '29:eric']);
    expect(slack.messages.some((m) => m.says.key === 'team.advice_request')).toBe(false);
    expect(teams.messages.some((m) => m.to.kind === 'channel' && m.to.channel.includes('desk'))).toBe(false);

    // Erin answers in the request's thread on Teams.
    const replies = new ThreadReplies(new ChatPlaces(backend.storage), service);
    const root = teams.messages.indexOf(request as (typeof teams.messages)[number]) + 1;
    const reply = {
      platform: 'teams',
      conversationId: '19:erp@thread.tacv2',
      threadRoot: `m${root}`,
      actor: erin,
      text: 'Restart the batch job',
      idempotencyKey: 'teams:reply-1',
    } as const;
    const outcome = await replies.handle(reply);
    expect(outcome.kind).toBe('advice_answer');
    const again = await replies.handle(reply);
    expect(again.kind).toBe('advice_answer'); // a redelivered reply: the same entry, not a second
    await deliverDue();

    const relayed = slack.messages.filter((m) => m.says.key === 'relay.advice_answer');
    expect(relayed).toHaveLength(1);
    expect(relayed[0]?.to).toMatchObject({ kind: 'channel', channel: 'CDESK' });
    expect(relayed[0]?.text).toContain('Erin Lin');
    expect(relayed[0]?.text).toContain('Restart the batch job');
    const worklog = await backend.storage.listWorklog(incident.id);
    expect(worklog.filter((w) => w.text === 'Restart the batch job')).toEqual([
      expect.objectContaining({ step: 'IM2.9', source: 'team', authorId: 'erin' }),
    ]);
    const audit = await backend.storage.listAudit(incident.id);
    expect(audit.filter((a) => a.action === 'advice_answered')).toEqual([
      expect.objectContaining({ step: 'IM2.9', actorId: 'erin' }),
    ]);
  });

  it("a reply under no message of ours is not the bot's business", async () => {
    const replies = new ThreadReplies(new ChatPlaces(backend.storage), service);
    const outcome = await replies.handle({
      platform: 'teams',
      conversationId: '19:erp@thread.tacv2',
      threadRoot: 'someone-elses-post',
      actor: erin,
      text: 'lunch?',
      idempotencyKey: 'teams:reply-2',
    });
    expect(outcome).toEqual({ kind: 'not_ours' });
  });
});
