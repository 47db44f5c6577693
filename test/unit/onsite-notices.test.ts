// A card names the on-site tasks under way and the latest finished ones, with each desk note cut
// to a glance; the others are counted (the Slack trial: seven long visits filled the 3,000-character
// section and cut every notice after them). Checked on the view and on Slack's rendered card.
import { describe, expect, it } from 'vitest';
import { cardBlocks } from '../../adapters/slack/blocks.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { NOTE_ON_CARD, ONSITE_ON_CARD } from '../../src/app/views/onsite-notices.js';
import type { OnsiteTask } from '../../src/core/types.js';
import { actorFor, anIncident, anOnsiteTask, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const now = new Date(REPORTED_AT.getTime() + 40 * 60_000);
const longNote = (k: number) => `Visit ${k}: ${'bring the spare token and the console cable; '.repeat(30)}`;
const task = (k: number, state: OnsiteTask['state']) =>
  anOnsiteTask({ id: `task-${k}`, note: longNote(k), state });

describe('on-site tasks on a card', () => {
  // Seven visits: the first one still dispatched, five cancelled (moved), the last acknowledged.
  const tasks = [
    task(1, 'dispatched'),
    ...[2, 3, 4, 5, 6].map((k) => task(k, 'cancelled')),
    task(7, 'acknowledged'),
  ];
  const incident = anIncident({ status: 'assigned', assignedTeam: 'network', onsite: tasks, reopenCount: 1 });

  it('names the open tasks and the latest finished, counts the others, cuts each note', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const notices = buildIncidentView(incident, actorFor('alice'), cfg, locale, now).notices;
      const visits = notices.filter((n) => n.includes('Visit '));
      expect(visits).toHaveLength(ONSITE_ON_CARD);
      // Open 1 and 7 stay; of the finished, only the latest (6).
      expect(visits.map((n) => /Visit (\d)/.exec(n)?.[1])).toEqual(['1', '6', '7']);
      expect(notices.join('\n')).toMatch(
        locale === 'en' ? /4 earlier on-site tasks/ : /另有 4 个较早的现场任务/,
      );
      for (const v of visits) expect(v.length).toBeLessThan(NOTE_ON_CARD + 120);
      expect(visits[0]).toContain('…');
      // What comes after the visits is still there.
      expect(notices.at(-1)).toMatch(locale === 'en' ? /Reopened once/ : /已重新打开 1 次/);
    }
  });

  it("fits Slack's notices section whole: no cut, the reopen line shown", () => {
    const view = buildIncidentView(incident, actorFor('alice'), cfg, 'en', now);
    const texts = (cardBlocks(view, {}) as { text?: { text?: string } }[]).map((b) => b.text?.text ?? '');
    const section = texts.find((x) => x.includes('Reopened once'));
    expect(section?.length).toBeLessThan(3000);
  });
});
