// Adaptive Card renderer of the platform-neutral HistoryView (src/app/history/history-view.ts), for
// the history dialog: one container per entry — who did what, the ITSS step and when, then the
// entry's lines. People's words only in TextRuns. A dialog's card has Teams' size limit: entries
// are added while they fit, then "n more" is said with buttons to the earlier and later ones.
import type { HistoryEntry, HistoryView } from '../../src/app/history/history-view.js';
import { zoneLine } from '../../src/app/history/reporter-view.js';
import type { Locale } from '../../src/core/config.js';
import { labelled, t } from '../../src/i18n/index.js';
import { card, data, type Json, type RunStyle, rich, run, textBlock } from './card-parts.js';
import { jsonBytes, LIMITS, truncate } from './text.js';

/** Room kept for the heading and the pager within the card limit. */
const PAGER_BYTES = 2_000;
/** Each detail value is cut to this, so one long note cannot fill the dialog alone. */
const DETAIL_MAX = 1_000;

const KIND_STYLE: Readonly<Partial<Record<HistoryEntry['kind'], RunStyle>>> = {
  decline: { color: 'Warning' },
  breach: { color: 'Attention' },
  escalation: { color: 'Attention' },
  resolution: { color: 'Good' },
};

function entryBlock(e: HistoryEntry, locale: Locale): Json {
  return {
    type: 'Container',
    separator: true,
    items: [
      rich([run(`${e.who} `, { weight: 'Bolder' }), run(e.text, KIND_STYLE[e.kind] ?? {})]),
      rich([run(`${e.stepLabel} · ${e.atText}`, { isSubtle: true, size: 'Small' })], { spacing: 'None' }),
      ...e.details.map((d) =>
        rich([run(labelled(locale, d.label), { weight: 'Bolder' }), run(truncate(d.value, DETAIL_MAX))], {
          spacing: 'None',
        }),
      ),
    ],
  };
}

/** The dialog's card for the entries from `from` on, as many as fit. */
export function historyCard(view: HistoryView, from = 0): Json {
  const l = view.locale;
  const total = view.entries.length;
  const start = Math.min(Math.max(0, from), Math.max(0, total - 1));
  const body: Json[] = [
    rich([run(`${view.number} · `, { weight: 'Bolder' }), run(view.title, { weight: 'Bolder' })]),
    textBlock(zoneLine(view), { isSubtle: true, size: 'Small' }),
  ];
  if (total === 0) body.push(textBlock(t(l, 'history.empty')));
  let bytes = jsonBytes(body);
  let end = start;
  for (const entry of view.entries.slice(start)) {
    const block = entryBlock(entry, l);
    const size = jsonBytes(block);
    // At least one entry a page, so the pager always moves on.
    if (end > start && bytes + size > LIMITS.cardBytes - PAGER_BYTES) break;
    body.push(block);
    bytes += size;
    end += 1;
  }
  const rest = pager(view, start, end);
  if (rest) body.push(rest.notice);
  return card(body, rest?.actions ?? []);
}

/** "n more" and buttons to the other entries (task/submit answers with that page); null: all shown. */
function pager(view: HistoryView, start: number, end: number): { notice: Json; actions: Json[] } | null {
  const l = view.locale;
  const total = view.entries.length;
  const shown = end - start;
  if (shown >= total) return null;
  const page = t(l, 'history.page', { from: start + 1, to: end, total });
  const more = t(l, 'history.more', { count: total - shown });
  const go = (title: string, f: number): Json => ({
    type: 'Action.Submit',
    title,
    data: data({ i: view.incidentId, dlg: 'history', f }),
    associatedInputs: 'none',
  });
  const actions: Json[] = [];
  if (start > 0) actions.push(go(t(l, 'history.previous'), Math.max(0, start - Math.max(1, shown))));
  if (end < total) actions.push(go(t(l, 'history.next'), end));
  const notice = textBlock(`${page} · ${more}`, { isSubtle: true }, { separator: true });
  return { notice, actions };
}
