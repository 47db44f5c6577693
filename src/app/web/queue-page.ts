// The desk queue page: open incidents by priority and age, with their deadlines. Pure: rows in,
// HTML out; times in the configured zone, durations and labels in the reader's language.
import type { TriageConfig } from '../../core/config.js';
import { formatDateTime, formatDuration, label, t } from '../../i18n/index.js';
import type { QueueRow } from '../web-server/desk-queue.js';
import { type Html, html } from './html.js';
import { type PageFrame, page } from './layout.js';

export interface QueuePageInput {
  frame: Omit<PageFrame, 'title'>;
  config: TriageConfig;
  rows: readonly QueueRow[];
  /** The most rows the page shows; when reached the page says so. */
  limit: number;
  now: Date;
}

export function queuePage(input: QueuePageInput): Html {
  const l = input.frame.locale;
  const { rows } = input;
  const intro =
    rows.length === 0
      ? html`<p class="empty">${t(l, 'web.queue.empty')}</p>`
      : html`<p>${t(l, 'web.queue.shown', { n: rows.length })}
${rows.length >= input.limit ? t(l, 'web.queue.capped', { n: input.limit }) : null}</p>`;
  return page(
    { ...input.frame, title: t(l, 'web.queue.title') },
    html`${intro}${rows.length > 0 ? table(input) : null}`,
  );
}

function table(input: QueuePageInput): Html {
  const l = input.frame.locale;
  const head = [
    t(l, 'field.number'),
    t(l, 'field.priority'),
    t(l, 'field.title'),
    t(l, 'web.col.status'),
    t(l, 'field.assigned_team'),
    t(l, 'web.col.age'),
    t(l, 'field.respond_by'),
    t(l, 'field.resolve_by'),
  ];
  return html`<div class="table-scroll"><table class="queue">
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${input.rows.map((r) => row(input, r))}
</tbody>
</table></div>`;
}

function row(input: QueuePageInput, r: QueueRow): Html {
  const { config, now } = input;
  const l = input.frame.locale;
  const team = r.assignedTeam ? config.teams.find((x) => x.id === r.assignedTeam) : undefined;
  const ageMinutes = (now.getTime() - r.reportedAt.getTime()) / 60_000;
  return html`<tr class="p${r.priority}">
<td><a href="/web/incidents/${encodeURIComponent(r.id)}">${r.number}</a></td>
<td>${t(l, `priority.${r.priority}`)}</td>
<td>${r.title}</td>
<td>${t(l, `status.${r.status}`)}</td>
<td>${team ? label(l, team.label) : (r.assignedTeam ?? '—')}</td>
<td>${formatDuration(l, ageMinutes)}</td>
<td>${deadline(input, r.respondBy, r.respondedAt, r.paused)}</td>
<td>${deadline(input, r.resolveBy, null, r.paused)}</td>
</tr>`;
}

/** The deadline in the configured zone, marked when met, paused or past. */
function deadline(input: QueuePageInput, at: Date | null, metAt: Date | null, paused: boolean): Html {
  const l = input.frame.locale;
  if (!at) return html`${t(l, 'web.deadline.none')}`;
  const when = formatDateTime(l, at, input.config.calendar.timeZone);
  if (metAt && metAt > at) return html`${when} <span class="overdue">${t(l, 'web.deadline.met_late')}</span>`;
  if (metAt) return html`${when} <span class="met">${t(l, 'web.deadline.met')}</span>`;
  if (paused) return html`${when} <span class="paused">${t(l, 'deadline.state.paused')}</span>`;
  if (at.getTime() <= input.now.getTime())
    return html`<span class="overdue">${when} ${t(l, 'web.deadline.overdue')}</span>`;
  return html`${when}`;
}
