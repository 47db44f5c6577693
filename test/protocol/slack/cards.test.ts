// Cards are re-rendered from the incident after every change, coalesced: a burst of changes
// costs one chat.update per card, an older snapshot never overwrites a newer one, and a card
// that was deleted or a channel the bot is not in does not stop the other cards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import { type Harness, startHarness, TO, textOf } from './harness.js';

describe('Slack card refresh', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  const alice = () => actorById(h.config, 'alice');

  it('a burst of changes re-renders each card once, showing the last state', async () => {
    const inc = await h.incident('Shared printer queue stuck');
    const card = h.recorder.card('CDESK', inc.number);
    h.recorder.reset();
    let current = inc;
    for (const command of TO.attempting)
      current = (await h.service.execute(current.id, command, alice())).incident;
    await h.settle();
    const updates = h.recorder.callsTo('chat.update').filter((c) => c.args.ts === card.ts);
    expect(updates).toHaveLength(1);
    expect(textOf(h.recorder.card('CDESK', inc.number))).toContain('IM2.10');
  });

  it('concurrent refreshes collapse into the newest snapshot; an older one is dropped', async () => {
    const inc = await h.incident('Projector flickers', TO.classified);
    const card = h.recorder.card('CDESK', inc.number);
    const v1 = (await h.storage.getIncident(inc.id)) ?? inc;
    const v2 = (await h.service.execute(inc.id, { type: 'prioritise', impact: 4, urgency: 4 }, alice()))
      .incident;
    const v3 = (await h.service.execute(inc.id, { type: 'decide_onsite', needed: false }, alice())).incident;
    h.recorder.reset();
    await Promise.all([v2, v3, v1, v2].map((v) => h.bot.notifier.refresh(v)));
    const updates = h.recorder.callsTo('chat.update').filter((c) => c.args.ts === card.ts);
    expect(updates.length).toBeLessThanOrEqual(2);
    expect(textOf(h.recorder.card('CDESK', inc.number))).toContain('IM2.8'); // v3: matching
    await h.bot.notifier.refresh(v1);
    expect(textOf(h.recorder.card('CDESK', inc.number))).toContain('IM2.8');
  });

  it('a deleted card is skipped and the others still re-render', async () => {
    const inc = await h.incident('Mail bounces', TO.assigned);
    const desk = h.recorder.card('CDESK', inc.number);
    h.recorder.messages.delete(`CDESK/${desk.ts}`);
    await h.service.execute(inc.id, { type: 'accept' }, actorById(h.config, 'nora'));
    await h.settle();
    expect(textOf(h.recorder.card('CNETWORK', inc.number))).toContain('IM2.13');
    expect(await h.storage.listOutbox({ pendingOnly: true, topicPrefix: 'view.' })).toEqual([]);
  });

  it('a desk channel the bot is not in is logged, not retried forever; the next change posts the card', async () => {
    h.recorder.failures.set('chat.postMessage CDESK', 'not_in_channel');
    const { incident } = await h.service.report(
      { title: 'Bot not invited yet', description: '', service: null, severity: null },
      { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] },
    );
    await h.settle();
    expect(() => h.recorder.card('CDESK', incident.number)).toThrow();
    expect(await h.storage.listOutbox({ pendingOnly: true, topicPrefix: 'view.' })).toEqual([]);
    await h.service.execute(incident.id, { type: 'classify', nature: 'fault', category: 'email' }, alice());
    await h.settle();
    expect(textOf(h.recorder.card('CDESK', incident.number))).toContain('IM2.3');
  });
});
