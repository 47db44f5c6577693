// The incident page: the same IncidentView the chat cards render (fields, deadlines, notices in
// the reader's language), without the buttons — actions stay in chat, where they are
// authorised, made durable and acknowledged — and the incident's timeline below.
import { t } from '../../i18n/index.js';
import type { IncidentView } from '../views/incident-view.js';
import { type Html, type HtmlValue, html } from './html.js';
import { type PageFrame, page } from './layout.js';

export interface IncidentPageInput {
  frame: Omit<PageFrame, 'title'>;
  view: IncidentView;
  /** The incident's history (issue 13 item 1), rendered by timeline.ts. */
  timeline: Html;
}

export function incidentPage(input: IncidentPageInput): Html {
  const { view } = input;
  const l = input.frame.locale;
  const body: HtmlValue[] = [
    html`<p class="summary"><strong>${view.priorityLabel}</strong> · ${view.statusLabel} · ${view.stepLabel}</p>`,
  ];
  if (view.description.trim() !== '')
    body.push(html`<h2>${t(l, 'web.incident.description')}</h2>
<div class="description">${view.description}</div>`);
  body.push(html`<h2>${t(l, 'web.incident.details')}</h2>
<dl class="fields">${view.fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`);
  if (view.deadlines.length > 0)
    body.push(html`<h2>${t(l, 'web.incident.deadlines')}</h2>
<ul class="deadlines">${view.deadlines.map(
      (d) =>
        html`<li class="${d.state}"><strong>${d.label}</strong>: ${d.at ? `${d.atText} — ` : ''}${d.text}</li>`,
    )}</ul>`);
  if (view.notices.length > 0)
    body.push(html`<h2>${t(l, 'web.incident.notices')}</h2>
<ul class="notices">${view.notices.map((n) => html`<li>${n}</li>`)}</ul>`);
  body.push(html`<h2>${t(l, 'web.incident.timeline')}</h2>
${input.timeline}`);
  return page({ ...input.frame, title: `${view.number} · ${view.title}` }, body);
}
