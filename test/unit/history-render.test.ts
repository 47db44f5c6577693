// The history renderers keep Slack's and Teams' limits whatever the entries hold: a section's
// 3000 characters (cut with "…", never inside an escaped entity), a modal's 100 blocks, a Teams
// card's size; people's words escaped for Slack and only in TextRuns for Teams.
import { describe, expect, it } from 'vitest';
import { entryText, HISTORY_PAGE, historyModal } from '../../adapters/slack/history-blocks.js';
import { historyCard } from '../../adapters/teams/history-card.js';
import type { HistoryEntry, HistoryView } from '../../src/app/history/history-view.js';

const entry = (n: number, detail: string): HistoryEntry => ({
  at: new Date(Date.UTC(2026, 5, 8, 1, n)),
  atText: `Mon 8 Jun 2026 09:${String(n % 60).padStart(2, '0')} UTC+8`,
  step: 'IM2.9',
  stepLabel: 'IM2.9 Attempt resolution',
  who: 'Alice <b>',
  actorId: 'alice',
  kind: 'note',
  action: 'worklog_added',
  text: 'added a work-log note',
  details: Array.from({ length: 8 }, (_, k) => ({ key: `note${k}`, label: 'Note', value: detail })),
});

const view = (count: number, detail = 'x'): HistoryView => ({
  incidentId: 'inc-1',
  number: 'INC-000001',
  title: 'VPN <!channel>',
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  forReporter: false,
  entries: Array.from({ length: count }, (_, n) => entry(n, detail)),
});

describe('history renderers', () => {
  it('Slack: an entry of long, escaped details stays within a section and cuts cleanly', () => {
    const text = entryText(entry(1, '&<>'.repeat(900)), 'en');
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/&(a|am|l|g)?…$/);
    expect(text).toContain('*Alice &lt;b&gt;*');
    expect(text).not.toContain('<');
  });

  it('Slack: a long history keeps within 100 blocks, says what is not shown and pages', () => {
    const modal = historyModal(view(250), HISTORY_PAGE);
    expect(modal.blocks.length).toBeLessThanOrEqual(100);
    const json = JSON.stringify(modal.blocks);
    expect(json).toContain('Entries 91–180 of 250 · 160 more entries not shown here.');
    expect(json).toContain('Earlier entries');
    expect(json).toContain('Later entries');
    expect(json).not.toContain('<!channel>');
  });

  it('Teams: a long history fills the card up to its size, then says "n more"', () => {
    const card = historyCard(view(200, 'y'.repeat(3000)));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(24_000);
    expect(JSON.stringify(card)).toMatch(/Entries 1–\d+ of 200 · \d+ more entries not shown here\./);
    // Every text is a TextRun (never markdown) or our own TextBlock-free RichTextBlock.
    expect(JSON.stringify(card)).not.toContain('"type":"TextBlock"');
  });
});
