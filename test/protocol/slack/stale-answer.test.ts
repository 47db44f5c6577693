// A click on a card that is out of date is told why its button no longer applies: the change since
// the card that moved the incident on (the assignment), not the work-log note that followed it
// (Teams trial, 2026-12-07; the rule is src/app/race.ts, the same for both platforms).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/core/types.js';
import { actorFor } from '../../fixtures/config.js';
import { type Harness, type PostedMessage, startHarness, TO, user } from './harness.js';

const alice = user('UALICE', 'alice'); // en
const bob = user('UBOB', 'bob'); // zh-CN

describe('Slack: a stale card is told the change that made it stale', () => {
  let h: Harness;
  let incident: Incident;
  let stale: PostedMessage;

  beforeAll(async () => {
    h = await startHarness();
    const registered = await h.incident('VPN drops every hour', TO.attempting);
    await h.settle();
    // The desk card at IM2.9, as Bob still has it.
    stale = structuredClone(h.recorder.card('CDESK', registered.number));
    // Alice assigns it to the network team (with the IM2.9 work log it requires) …
    h.clock.advance(1);
    const assign = { type: 'assign', team: 'network', worklog: 'Reset the VPN profile' } as const;
    await h.service.execute(registered.id, assign, actorFor('alice'));
    // … and a minute later the team's lead adds a work-log note.
    h.clock.advance(1);
    const note = { type: 'add_worklog', text: 'Looking at the gateway logs' } as const;
    incident = (await h.service.execute(registered.id, note, actorFor('nora'))).incident;
    await h.settle();
    expect((await h.storage.listAudit(incident.id)).at(-1)).toMatchObject({ action: 'worklog_added' });
  });
  afterAll(() => h.close());

  it('opening a form from the stale card names the assignment and counts the note, in each language', async () => {
    await h.click(bob, stale, 'itss:open:resolve');
    await h.click(alice, stale, 'itss:open:ask_advice');
    await h.settle();
    const at = { zh: '2026-06-08 09:01 UTC+8', en: 'Mon 8 Jun 2026 09:01 UTC+8' }; // the note was 09:02
    expect(h.recorder.ephemerals('UBOB')).toEqual([
      `此卡片已过期：Alice Zhang 于 ${at.zh} 指派给了小组，此后还有 1 项变更，卡片已刷新。`,
    ]);
    expect(h.recorder.ephemerals('UALICE')).toEqual([
      `This card is out of date: Alice Zhang assigned it to a team at ${at.en}, and one more change followed. It has been refreshed.`,
    ]);
    expect(h.recorder.views).toHaveLength(0);
    expect((await h.storage.getIncident(incident.id))?.version).toBe(incident.version);
  });

  it('the stale card’s own Assign is "already done by" the assigner, note or not', async () => {
    await h.click(bob, stale, 'itss:open:assign');
    await h.settle();
    expect(h.recorder.ephemerals('UBOB').at(-1)).toBe('已由 Alice Zhang 处理。');
  });
});
