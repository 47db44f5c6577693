// Text PostgreSQL refuses (issue 10 item 4): a NUL byte or a lone UTF-16 surrogate in what
// Slack sends would fail the command after the ack, and every retry with it. Each entry point
// gets such text over the real wire (signed HTTP into Bolt) and the command must COMMIT with the
// text cleaned once at the edge (adapters/slack/edge.ts): NUL and other C0 controls removed,
// CR → LF, a lone surrogate → U+FFFD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, sign, startHarness, TO, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');
const nick = user('UNICK', 'nick'); // network member
const nora = user('UNORA', 'nora'); // network member

// A NUL, a bell, a lone high and a lone low surrogate, a CR LF.
const DIRTY = 'Printer\u0000 jam\u0007 \uD800on \uDC00floor 3\r\nsince 9';
const CLEAN = 'Printer jam \uFFFDon \uFFFDfloor 3\nsince 9';

describe('Slack: text PostgreSQL refuses is cleaned at the edge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a report written as one line longer than a title keeps all of it in the description', async () => {
    const line = `VPN drops ${'every few minutes since the router firmware update, '.repeat(5)}end.`;
    const body = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'CGENERAL',
      user_id: reporter.id,
      user_name: reporter.name,
      command: '/incident',
      api_app_id: 'A1',
      trigger_id: `${Date.now()}.long`,
      text: line,
    }).toString();
    expect((await h.post(body, 'application/x-www-form-urlencoded', sign(body))).status).toBe(200);
    await h.settle();
    const modal = h.recorder.lastView();
    const initial = (id: string) => modal.view.blocks.find((b) => b.block_id === id)?.element?.initial_value;
    expect(Array.from(String(initial('title')))).toHaveLength(200);
    expect(initial('description')).toBe(line);
  });

  it('slash command text: the report form is prefilled clean, and the report commits', async () => {
    // Form-encoded by hand: %00 and %07 arrive as NUL and BEL; a surrogate cannot travel in
    // form-encoded UTF-8 (its bytes decode to U+FFFD), so the JSON paths below carry those.
    const fields = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'CGENERAL',
      user_id: reporter.id,
      user_name: reporter.name,
      command: '/incident',
      api_app_id: 'A1',
      trigger_id: `${Date.now()}.slash`,
    }).toString();
    const body = `${fields}&text=Scanner%00 offline%07%0D%0Afloor 2`;
    expect((await h.post(body, 'application/x-www-form-urlencoded', sign(body))).status).toBe(200);
    await h.settle();
    const modal = h.recorder.lastView();
    const initial = (id: string) => modal.view.blocks.find((b) => b.block_id === id)?.element?.initial_value;
    expect(initial('title')).toBe('Scanner offline');
    expect(initial('description')).toBe('Scanner offline\nfloor 2');
    expect((await h.submit(reporter, {})).status).toBe(200);
    await h.settle();
    const found = (await h.storage.listIncidents({})).filter((i) => i.title === 'Scanner offline');
    expect(found).toHaveLength(1);
  });

  it('report form submission: title and description with NUL and lone surrogates are stored clean', async () => {
    await h.command(reporter, '');
    await h.settle();
    const res = await h.submit(reporter, { title: `Title ${DIRTY}`, description: `Description ${DIRTY}` });
    expect(res.status).toBe(200);
    await h.settle();
    const found = (await h.storage.listIncidents({})).filter((i) => i.title === `Title ${CLEAN}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.description).toBe(`Description ${CLEAN}`);
    // The reporter was told the number, not "something went wrong".
    expect(
      h.recorder
        .posted('DUREPORTER')
        .map((m) => m.text)
        .join('\n'),
    ).toContain(found[0]?.number ?? '?');
  });

  it('thread reply: the work-log line is stored clean', async () => {
    const inc = await h.incident('Mail delayed', TO.assigned);
    await h.service.execute(
      inc.id,
      { type: 'accept' },
      { id: 'nora', name: 'Nora Wu', roles: [], teams: ['network'] },
    );
    await h.settle();
    const res = await h.reply(nora, h.recorder.card('CNETWORK', inc.number), `Reply ${DIRTY}`);
    expect(res.status).toBe(200);
    await h.settle();
    const log = (await h.storage.listWorklog(inc.id)).map((w) => w.text);
    expect(log).toContain(`Reply ${CLEAN}`);
  });

  it('decline reason (modal submission): the decline commits with the reason clean', async () => {
    const inc = await h.incident('Cannot reach the VPN portal', TO.assigned);
    await h.click(nick, h.recorder.card('CNETWORK', inc.number), 'itss:open:decline');
    await h.settle();
    const res = await h.submit(nick, { reason: `Reason ${DIRTY}`, suggestedTeam: 'identity' });
    expect(res.status).toBe(200);
    await h.settle();
    const after = await h.storage.getIncident(inc.id);
    expect(after?.status).toBe('declined');
    expect(after?.declines.at(-1)?.reason).toBe(`Reason ${CLEAN}`);
  });
  it('IM2.5 supplement (modal): the description and the audit payload (jsonb) keep it clean', async () => {
    const alice = user('UALICE', 'alice');
    const inc = await h.incident('Outlook asks for the password again', TO.attempting);
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:open:supplement_description');
    await h.settle();
    expect((await h.submit(alice, { text: `More ${DIRTY}` })).status).toBe(200);
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.description).toMatch(/ More Printer jam \uFFFDon /);
    const audit = (await h.storage.listAudit(inc.id)).find((a) => a.action === 'description_supplemented');
    expect(audit?.payload).toEqual({ text: `More ${CLEAN}` });
  });

  it('the reporter’s plain-DM answer to the desk’s question is stored clean and resumes the clock', async () => {
    const inc = await h.incident('Shared drive missing', TO.attempting);
    await h.service.execute(
      inc.id,
      { type: 'wait_for_reporter', question: 'Which drive letter?' },
      { id: 'alice', name: 'Alice Zhang', roles: ['agent'], teams: [] },
    );
    await h.settle();
    const res = await h.event({
      type: 'message',
      channel: 'DUREPORTER',
      channel_type: 'im',
      user: reporter.id,
      text: `Answer ${DIRTY}`,
      ts: '1781000100.000100',
    });
    expect(res.status).toBe(200);
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.pauses.at(-1)?.to).not.toBeNull();
    const log = (await h.storage.listWorklog(inc.id)).map((w) => w.text);
    expect(log).toContain(`Answer ${CLEAN}`);
  });
});
