// Nit (desk trial): after a team handed an incident back to the desk (IM2.14), the reporter's
// "my incidents" on Teams said "Declined", which reporters read as "rejected". Wherever the
// reporter reads the status — the Teams list, Slack's App Home, the card, the web start page —
// they read "being reassigned"; the desk still reads "Declined".
import { describe, expect, it } from 'vitest';
import { homeView } from '../../adapters/slack/blocks.js';
import { incidentListCard } from '../../adapters/teams/cards.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { homePage } from '../../src/app/web/home-page.js';
import { actorFor, anIncident, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const at = new Date(REPORTED_AT.getTime() + 40 * 60_000);
const declined = anIncident({ status: 'declined', reporterId: 'u-wangfang' });
const reporter = { id: 'u-wangfang', name: 'Wang Fang', roles: [], teams: [] };
const WORDS = { en: 'Being reassigned', 'zh-CN': '重新分派中' } as const;

describe('a declined incident as its reporter reads it', () => {
  for (const locale of ['en', 'zh-CN'] as const)
    it(`says "${WORDS[locale]}" to the reporter on both platforms and the web (${locale})`, () => {
      const view = buildIncidentView(declined, reporter, cfg, locale, at);
      expect(view.statusLabel).toBe(WORDS[locale]);
      expect(JSON.stringify(incidentListCard(locale, 'mine', [view], 0))).toContain(WORDS[locale]);
      expect(JSON.stringify(homeView(locale, [{ title: 'mine', views: [view], more: 0 }]))).toContain(
        WORDS[locale],
      );
      expect(homePage({ locale }, [declined]).toString()).toContain(WORDS[locale]);
    });

  it('the desk still reads that a team declined it', () => {
    expect(buildIncidentView(declined, actorFor('alice'), cfg, 'en', at).statusLabel).toBe('Declined');
    expect(buildIncidentView(declined, actorFor('bob'), cfg, 'zh-CN', at).statusLabel).toBe('已退回');
  });
});
