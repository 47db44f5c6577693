// "History" on a card (issue 13 item 1) over signed HTTP into Bolt, with the Web API recorded:
// clicking it on the posted desk card opens a modal with the timeline — ITSS steps, who, when in
// the clicker's own zone, notes, the decline's reason and suggestion — escaped and within Block
// Kit's limits; a long history pages in place. Someone without a part is refused in their
// language and shown nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Incident } from '../../../src/core/types.js';
import { testConfig } from '../../fixtures/config.js';
import {
  blockKitProblems,
  elementsOf,
  type Harness,
  type OpenedView,
  startHarness,
  TO,
  textOf,
  user,
} from './harness.js';

const alice = user('UALICE', 'alice'); // desk agent, reads in Berlin time (configured below)
const iris = user('UIRIS', 'iris'); // identity team: no part in these incidents
const nick = user('UNICK', 'nick'); // network: declined it

const viewText = (v: OpenedView['view']) => textOf({ blocks: v.blocks });
const HISTORY = 'itss:history';

describe('Slack: the incident history', () => {
  let h: Harness;
  let incident: Incident;

  beforeAll(async () => {
    const base = testConfig();
    const people = base.people.map((p) => (p.id === 'alice' ? { ...p, timeZone: 'Europe/Berlin' } : p));
    h = await startHarness({ config: { ...base, people } });
    incident = await h.incident('VPN drops', [...TO.attempting]);
    const desk = actorById(h.config, 'alice');
    const team = actorById(h.config, 'nick');
    await h.service.execute(
      incident.id,
      { type: 'add_worklog', text: 'Gateway <!channel> logs show resets' },
      desk,
    );
    await h.service.execute(
      incident.id,
      { type: 'assign', team: 'network', worklog: 'Restarted the client and checked the gateway: no change' },
      desk,
    );
    const decline = {
      type: 'decline',
      reason: 'Not a network fault',
      suggestedTeam: 'identity',
      suggestion: null,
    };
    await h.service.execute(incident.id, decline as never, team);
    await h.settle();
  });
  afterAll(() => h.close());

  const clickHistory = async (who: ReturnType<typeof user>) => {
    const views = h.recorder.views.length;
    const card = h.recorder.card('CDESK', incident.number);
    await h.click(who, card, HISTORY);
    await h.settle();
    return h.recorder.views.slice(views);
  };

  it('every card offers History, among its buttons', () => {
    const card = h.recorder.card('CDESK', incident.number);
    const button = elementsOf(card.blocks).find((e) => e.element.action_id === HISTORY);
    expect(button?.element.text?.text).toBe('历史');
    expect(button?.element.value).toBe(incident.id);
  });

  it('opens the timeline for the desk, in their language and zone, escaped and within the limits', async () => {
    const calls = h.recorder.calls.length;
    const [opened] = await clickHistory(alice);
    expect(opened?.view.callback_id).toBe('itss_history');
    expect(opened?.view.title.text).toBe('Incident history');
    const text = viewText(opened?.view as OpenedView['view']);
    expect(text).toContain(incident.number);
    expect(text).toContain('Times in Europe/Berlin');
    expect(text).toContain('`IM1` Registration');
    expect(text).toContain('*Wang Fang* reported it');
    expect(text).toContain('`IM2.11` Select second line and assign');
    // 09:00 in Shanghai is 03:00 in Berlin (summer time).
    expect(text).toMatch(/Mon 8 Jun 2026 03:\d\d UTC\+2/);
    expect(text).toContain('*Nick Zhao* declined it');
    expect(text).toContain('*Reason*: Not a network fault');
    expect(text).toContain('*Suggested*: Identity');
    expect(text).toContain('Gateway &lt;!channel&gt; logs show resets');
    expect(text).not.toContain('<!channel>');
    expect(blockKitProblems(h.recorder.calls.slice(calls))).toEqual([]);
  });

  it('refuses someone with no part in their language, and shows nothing', async () => {
    const opened = await clickHistory(iris);
    expect(opened).toEqual([]);
    expect(h.recorder.ephemerals(iris.id).at(-1)).toBe(
      `您未参与 ${incident.number} 的处理，因此不显示其详情。`,
    );
    // The team that declined it still may.
    expect(await clickHistory(nick)).toHaveLength(1);
  });

  it('pages a long history: at most 100 blocks, "n more" said, later entries in place', async () => {
    const desk = actorById(h.config, 'alice');
    const long = await h.incident('Printer jams', [...TO.attempting]);
    for (let n = 1; n <= 100; n += 1)
      await h.service.execute(long.id, { type: 'add_worklog', text: `note ${n} ${'x'.repeat(2900)}` }, desk);
    await h.settle();
    const before = h.recorder.views.length;
    const calls = h.recorder.calls.length;
    await h.click(alice, h.recorder.card('CDESK', long.number), HISTORY);
    await h.settle();
    const first = h.recorder.views[before]?.view as OpenedView['view'];
    expect(first.blocks.length).toBeLessThanOrEqual(100);
    const text = viewText(first);
    expect(text).toMatch(/Entries 1–90 of \d+ · \d+ more entries not shown here\./);
    expect(text).not.toContain('note 100 ');
    // "Later entries", clicked inside the modal as Slack sends it.
    const next = elementsOf(first.blocks).find((e) => e.element.text?.text === 'Later entries');
    expect(next).toBeDefined();
    await h.interact({
      type: 'block_actions',
      user: { id: alice.id, username: alice.name, name: alice.name, team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      team: { id: 'T1', domain: 'test' },
      trigger_id: `${Date.now()}.page`,
      container: { type: 'view', view_id: 'VHIST1' },
      view: { id: 'VHIST1', type: 'modal', callback_id: 'itss_history', blocks: first.blocks },
      actions: [
        {
          type: 'button',
          action_id: next?.element.action_id,
          block_id: next?.block.block_id ?? 'b',
          value: next?.element.value,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
    await h.settle();
    const update = h.recorder.callsTo('views.update').at(-1);
    expect(update?.args.view_id).toBe('VHIST1');
    const second = update?.args.view as OpenedView['view'];
    expect(viewText(second)).toContain('note 100 ');
    expect(viewText(second)).toContain('Earlier entries');
    expect(blockKitProblems(h.recorder.calls.slice(calls))).toEqual([]);
  });
});
