// What Slack's delivery does to us: forged, stale and unsigned requests are refused and change
// nothing; a retried event, a resent payload and a double click change things once; two agents
// clicking at once — one wins, the other learns who did it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/log.js';
import { type Harness, SIGNING_SECRET, sign, startHarness, TO, user } from './harness.js';

const alice = user('UALICE', 'alice'); // en
const bob = user('UBOB', 'bob'); // zh-CN
const nora = user('UNORA', 'nora');

describe('Slack request security and delivery semantics', () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ log: createLogger('warn', { write: (line: string) => void lines.push(line) }) });
  });
  afterAll(() => h.close());

  /** A report form submission that would register an incident if it were accepted. */
  function reportSubmission(title: string): string {
    const payload = {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UREPORTER', name: 'wang.fang' },
      view: {
        id: `VFORGED${title.length}`,
        callback_id: 'itss_report',
        private_metadata: '{"channel":null}',
        state: { values: { title: { value: { type: 'plain_text_input', value: title } } } },
      },
    };
    return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  it.each([
    ['forged (wrong secret)', (body: string) => sign(body, 'not-the-secret')],
    [
      'stale (10 minutes old)',
      (body: string) => sign(body, SIGNING_SECRET, Math.floor(Date.now() / 1000) - 600),
    ],
    // Bolt refuses only old ones; a future stamp would make a captured request replayable.
    [
      'from the future (6 minutes ahead)',
      (body: string) => sign(body, SIGNING_SECRET, Math.floor(Date.now() / 1000) + 360),
    ],
    ['unsigned', () => ({})],
    ['signed over another body', () => sign('payload=%7B%7D')],
  ])('%s → 401, nothing registered, nothing sent', async (_name, headers) => {
    const before = (await h.storage.listIncidents({})).length;
    const calls = h.recorder.calls.length;
    const logged = lines.length;
    const body = reportSubmission('Forged incident');
    const res = await h.post(
      body,
      'application/x-www-form-urlencoded',
      headers(body) as Record<string, string>,
    );
    expect(res.status).toBe(401);
    // One line each, fixed text, where operators look for a clock that is off; never the body.
    const refusals = lines.slice(logged).filter((l) => l.includes('Request verification failed'));
    expect(refusals).toHaveLength(1);
    expect(lines.slice(logged).join('\n')).not.toContain('Forged');
    await h.settle();
    expect((await h.storage.listIncidents({})).length).toBe(before);
    expect(h.recorder.calls.length).toBe(calls);
  });

  it('the same request properly signed is accepted (the refusals above are about the signature)', async () => {
    const before = (await h.storage.listIncidents({})).length;
    const body = reportSubmission('Signed incident');
    expect((await h.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await h.settle();
    expect((await h.storage.listIncidents({})).length).toBe(before + 1);
  });

  it('a retried event (same event_id, x-slack-retry-num) adds one work-log line and one relay', async () => {
    const inc = await h.incident('Mail delayed', TO.assigned);
    await h.service.execute(
      inc.id,
      { type: 'accept' },
      { id: 'nora', name: 'Nora Wu', roles: [], teams: ['network'] },
    );
    await h.settle();
    const card = h.recorder.card('CNETWORK', inc.number);
    const deskCard = h.recorder.card('CDESK', inc.number);
    const first = await h.reply(nora, card, 'Since when exactly?', { eventId: 'EvRETRY1' });
    expect(first.status).toBe(200);
    await h.settle();
    const again = await h.reply(nora, card, 'Since when exactly?', { eventId: 'EvRETRY1', retryNum: 1 });
    expect(again.status).toBe(200);
    await h.settle();
    const log = (await h.storage.listWorklog(inc.id)).filter((w) => w.text === 'Since when exactly?');
    expect(log).toHaveLength(1);
    const relayed = h.recorder
      .thread('CDESK', deskCard.ts)
      .filter((m) => m.text.includes('Since when exactly?'));
    expect(relayed).toHaveLength(1);
  });

  it('a retried DM (same event_id) is offered the form once: the inbox keeps the event, not memory', async () => {
    const dm = {
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: 'UREPORTER',
      text: 'the printer jammed',
      ts: '1781000600.000100',
    };
    const before = h.recorder.posted('DUREPORTER').length;
    await h.event(dm, { eventId: 'EvDM1' });
    await h.settle();
    await h.event(dm, { eventId: 'EvDM1', retryNum: 1 });
    await h.settle();
    expect(h.recorder.posted('DUREPORTER').length).toBe(before + 1);
  });

  it('a double click changes once, and the clicker is not told off for it', async () => {
    const inc = await h.incident('Laptop will not boot', TO.matching);
    const card = h.recorder.card('CDESK', inc.number);
    const [a, b] = await Promise.all([
      h.click(alice, card, 'itss:do:no_match'),
      h.click(alice, card, 'itss:do:no_match'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.settle();
    const audit = (await h.storage.listAudit(inc.id)).filter((r) => r.action === 'no_ready_solution');
    expect(audit).toHaveLength(1);
    expect(await h.storage.getIncident(inc.id)).toMatchObject({
      status: 'attempting',
      version: inc.version + 1,
    });
    expect(h.recorder.ephemerals('UALICE')).toEqual([]);
  });

  it('a resent interactive payload (same action_ts) changes once', async () => {
    const inc = await h.incident('Scanner offline', TO.matching);
    const card = h.recorder.card('CDESK', inc.number);
    await h.click(alice, card, 'itss:do:no_match');
    await h.settle();
    // Re-send the very same body, freshly signed, as a retrying proxy would.
    const body = h.lastBody;
    expect(body).toContain('itss%3Ado%3Ano_match');
    expect((await h.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await h.settle();
    const audit = (await h.storage.listAudit(inc.id)).filter((r) => r.action === 'no_ready_solution');
    expect(audit).toHaveLength(1);
    expect(h.recorder.ephemerals('UALICE')).toEqual([]);
  });

  it('two agents at once: one wins, the other is told who did it, in their language', async () => {
    const inc = await h.incident('Phone system down', TO.matching);
    const card = h.recorder.card('CDESK', inc.number);
    await Promise.all([h.click(alice, card, 'itss:do:no_match'), h.click(bob, card, 'itss:do:no_match')]);
    await h.settle();
    const audit = (await h.storage.listAudit(inc.id)).filter((r) => r.action === 'no_ready_solution');
    expect(audit).toHaveLength(1);
    const winner = audit[0]?.actorName;
    const told = [...h.recorder.ephemerals('UALICE'), ...h.recorder.ephemerals('UBOB')];
    expect(told).toHaveLength(1);
    expect(told[0]).toBe(winner === 'Alice Zhang' ? '已由 Alice Zhang 处理。' : 'Already done by Bob Li.');
  });
});
