// Block Kit renderer of the platform-neutral HistoryView (src/app/history/history-view.ts): a
// modal of one section per entry — who did what, the ITSS step and when, then the entry's lines.
// A modal holds 100 blocks and a section 3000 characters: long histories are paged (earlier /
// later buttons, "n more" said on the page) and long texts cut with "…". People's words escaped.
import type { types } from '@slack/bolt';
import type { HistoryEntry, HistoryView } from '../../src/app/history/history-view.js';
import { zoneLine } from '../../src/app/history/reporter-view.js';
import type { Locale } from '../../src/core/config.js';
import { t } from '../../src/i18n/index.js';
import type { Block } from './elements.js';
import { ACTION, CALLBACK, encodeHistoryPage } from './ids.js';
import { boldLabel, esc, escapeWithin, LIMITS, mrkdwn, plain } from './text.js';

/** Entries per page: the heading, the page line and the buttons take the rest of the 100 blocks. */
export const HISTORY_PAGE = 90;
/** Each detail line is cut to this, so one entry stays within a section's 3000 characters. */
const DETAIL_MAX = 700;

const KIND_ICON: Readonly<Record<HistoryEntry['kind'], string>> = {
  step: ':small_blue_diamond:',
  note: ':memo:',
  assignment: ':busts_in_silhouette:',
  decline: ':leftwards_arrow_with_hook:',
  deadline: ':hourglass_flowing_sand:',
  pause: ':double_vertical_bar:',
  breach: ':rotating_light:',
  escalation: ':mega:',
  onsite: ':hammer_and_wrench:',
  resolution: ':white_check_mark:',
  closure: ':checkered_flag:',
  knowledge: ':books:',
};

/** One entry as mrkdwn, within a section's limit. */
export function entryText(e: HistoryEntry, locale: Locale): string {
  const head = `${KIND_ICON[e.kind]} *${esc(e.who)}* ${esc(e.text)}`;
  const meta = `\`${esc(e.step)}\` ${esc(e.stepLabel.slice(e.step.length + 1))} · ${esc(e.atText)}`;
  const lines = e.details.map(
    (d) => `${boldLabel(locale, d.label)}${escapeWithin(d.value, DETAIL_MAX).text}`,
  );
  const text = [head, meta, ...lines].join('\n');
  return text.length <= LIMITS.sectionText ? text : cutEscaped(text);
}

/** Already-escaped mrkdwn cut to a section's limit without breaking an entity. */
function cutEscaped(text: string): string {
  let cut = text.slice(0, LIMITS.sectionText - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** The modal for the page of entries starting at `from`. */
export function historyModal(view: HistoryView, from = 0): types.ModalView {
  const l = view.locale;
  const total = view.entries.length;
  const start = Math.min(Math.max(0, from), Math.max(0, total - 1));
  const shown = view.entries.slice(start, start + HISTORY_PAGE);
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(`*${esc(view.number)}* · ${escapeWithin(view.title, 500).text}`) },
    { type: 'context', elements: [mrkdwn(esc(zoneLine(view)))] },
  ];
  if (total === 0) blocks.push({ type: 'section', text: mrkdwn(esc(t(l, 'history.empty'))) });
  for (const entry of shown) blocks.push({ type: 'section', text: mrkdwn(entryText(entry, l)) });
  blocks.push(...pager(view, start, shown.length));
  return {
    type: 'modal',
    callback_id: CALLBACK.history,
    title: plain(t(l, 'history.title'), LIMITS.modalTitle),
    close: plain(t(l, 'slack.close'), LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

/** Where this page sits and how many are not on it, with buttons to the others. */
function pager(view: HistoryView, start: number, count: number): Block[] {
  const l = view.locale;
  const total = view.entries.length;
  if (count >= total) return [];
  const page = t(l, 'history.page', { from: start + 1, to: start + count, total });
  const more = t(l, 'history.more', { count: total - count });
  const buttons: types.Button[] = [];
  const go = (label: string, to: number): types.Button => ({
    type: 'button',
    action_id: `${ACTION.historyPage}:${to}`,
    text: plain(label, LIMITS.buttonText),
    value: encodeHistoryPage({ incidentId: view.incidentId, from: to }),
  });
  if (start > 0) buttons.push(go(t(l, 'history.previous'), Math.max(0, start - HISTORY_PAGE)));
  if (start + count < total) buttons.push(go(t(l, 'history.next'), start + count));
  return [
    { type: 'context', elements: [mrkdwn(esc(`${page} · ${more}`))] },
    { type: 'actions', elements: buttons },
  ];
}
