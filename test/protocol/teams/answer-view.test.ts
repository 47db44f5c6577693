// A click's answer is rendered from the view its command built, in the language the person
// reads: one view per click, also for someone whose Teams client reads another language than
// the configuration's default and who has none configured.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { actorFor, testConfig } from '../../fixtures/config.js';
import { channelConversation, type Harness, type Json, startHarness, textsOf, user } from './harness.js';

describe('Teams: the answer to a click', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('reuses the command’s view when the client’s language is not the configured default', async () => {
    const cfg = testConfig();
    expect(cfg.locale).toBe('zh-CN');
    const mia = user('mia'); // a manager with no configured language; the harness's client reads en-US
    const { incident } = await h.service.report(
      { title: 'VPN down', description: 'No VPN', service: 'VPN', severity: null },
      actorFor('nora', cfg),
    );
    const views = vi.spyOn(h.service, 'viewOf');
    const cardViews = vi.spyOn(h.service, 'cardView');
    const data = {
      itss: 1,
      c: 'classify',
      i: incident.id,
      v: incident.version,
      p: 'desk_card',
      'classify.nature': 'fault',
      'classify.category': 'vpn',
    };
    const reply = await h.invoke(
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'itss.do', data }, trigger: 'manual' },
      mia,
      channelConversation('19:desk@thread.tacv2'),
    );
    const card = reply.body.value as Json;
    expect((await h.storage.getIncident(incident.id))?.status).toBe('classified');
    expect(textsOf(card)).toContain(t('en', 'action.prioritise')); // in the client's language
    expect(views).not.toHaveBeenCalled(); // no second view for the answer
    // The card's view is the command's: handed to cardView and handed back (no escalation to read).
    const reused = cardViews.mock.calls[0]?.[3];
    expect(reused).toBeDefined();
    expect(await cardViews.mock.results[0]?.value).toBe(reused);
  });
});
