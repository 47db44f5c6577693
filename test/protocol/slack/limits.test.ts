// Slack's limits and the configured language: a configuration with more categories than a
// select may hold (options loaded on demand), cards in English, long text everywhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryDef } from '../../../src/core/config.js';
import { CATEGORIES, testConfig } from '../../fixtures/config.js';
import { blockKitProblems, type Harness, injected, startHarness, textOf, user } from './harness.js';

const alice = user('UALICE', 'alice');
const many: CategoryDef[] = [
  ...CATEGORIES,
  ...Array.from({ length: 150 }, (_, i) => ({
    id: `app${i}`,
    label: {
      'zh-CN': `应用 ${i}`,
      en: `Business application number ${i} with a rather long name, run by the finance department`,
    },
    parent: null,
    team: 'erp',
  })),
];

describe('Slack limits and locale', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: testConfig({ locale: 'en', categories: many }) });
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(blockKitProblems(h.recorder.calls)).toEqual([]);
    expect(injected(h.recorder.calls)).toEqual([]);
  });

  it('renders the card in the configured language, every text within Block Kit limits', async () => {
    const inc = await h.incident('x'.repeat(200));
    const card = h.recorder.card('CDESK', inc.number);
    expect(textOf(card)).toContain('Confirm nature and category');
    expect(textOf(card)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('loads a long category list on demand (external select), filtered by what is typed', async () => {
    const inc = await h.incident('Invoice run fails');
    const card = h.recorder.card('CDESK', inc.number);
    const select = card.blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'itss:sel:category');
    expect(select?.type).toBe('external_select');
    const block = card.blocks.find((b) => b.elements?.includes(select as never));
    const suggest = async (value: string) => {
      const res = await h.interact({
        type: 'block_suggestion',
        user: { id: 'UALICE', name: 'alice' },
        team: { id: 'T1' },
        api_app_id: 'A1',
        action_id: 'itss:sel:category',
        block_id: block?.block_id,
        value,
        container: { type: 'message', message_ts: card.ts, channel_id: card.channel },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { options: { value: string; text: { text: string } }[] }).options;
    };
    expect(await suggest('')).toHaveLength(100);
    const found = await suggest('number 149');
    expect(found.map((o) => o.value)).toEqual(['app149']);
    expect(found[0]?.text.text.length).toBeLessThanOrEqual(75);
    expect(found[0]?.text.text).toMatch(/… → ERP$/); // the routing hint survives the cut

    await h.click(alice, card, 'itss:sel:category', {
      select: 'app149',
      state: { 'itss:sel:nature': 'fault' },
    });
    await h.settle();
    expect(await h.storage.getIncident(inc.id)).toMatchObject({ category: 'app149', status: 'classified' });
  });
});
