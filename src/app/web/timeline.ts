// The incident page's timeline: the platform-neutral HistoryView (src/app/history) as an ordered
// list — when (in the reader's zone), the ITSS step, who, what, and its labelled details.
import { t } from '../../i18n/index.js';
import type { HistoryView } from '../history/history-view.js';
import { type Html, html } from './html.js';

export function timelineHtml(history: HistoryView): Html {
  if (history.entries.length === 0) return html`<p class="empty">—</p>`;
  return html`<ol class="timeline" data-entries="${history.entries.length}">
${history.entries.map(
  (e) => html`<li class="kind-${e.kind}" data-action="${e.action}">
<time datetime="${e.at.toISOString()}">${e.atText}</time>
<span class="step">${e.stepLabel}</span>
<span class="who">${e.who}</span> ${e.text}
${e.details.length > 0 ? html`<dl>${e.details.map((d) => html`<dt>${d.label}</dt><dd>${d.value}</dd>`)}</dl>` : null}
</li>`,
)}
</ol>
<p class="zone">${t(history.locale, 'web.incident.timezone', { zone: history.timeZone })}</p>
${history.forReporter ? html`<p class="scope">${t(history.locale, 'history.reporter_scope')}</p>` : null}`;
}
