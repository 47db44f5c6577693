// The reports dashboard: the period report (src/app/reports) as a table and an ECharts chart.
// PeriodReport grows additively, so figures are rendered by shape, not by name: every numeric
// field of a priority row becomes a column (and a chart series), every other top-level figure a
// list or table; a label comes from `web.figure.<name>` when the catalog has one, and ids and
// codes in the tables are named by report-names.ts. Sums kept only to compute means are not shown.
import type { Locale, TriageConfig } from '../../core/config.js';
import { formatDateTime, isMessageKey, platformName, t } from '../../i18n/index.js';
import { FILTER_NAMES, type FilterName, filterChoices } from '../reports/filter-arg.js';
import type { PeriodReport } from '../reports/report-model.js';
import { type Html, type HtmlValue, html, jsonScript } from './html.js';
import { ASSET_PATH, type PageFrame, page } from './layout.js';
import type { ValueNames } from './report-names.js';

export interface ReportPageInput {
  frame: Omit<PageFrame, 'title'>;
  /** The desk's configured zone: instants (the backlog's as-of) are shown in it, labelled. */
  timeZone: string;
  /** What the person typed (or the default), shown back in the form. */
  periodText: string;
  /** The period as the reader reads it (dates in the configured zone). */
  rangeText: string | null;
  report: PeriodReport | null;
  /** A refused period, said in the reader's language. */
  error: string | null;
  /** Labels for ids and codes (categories, teams, priorities …); absent: shown as stored. */
  names?: ValueNames;
  /** The filter choices, and what the person chose (shown back in the form and the downloads). */
  filters?: { options: FilterOptions; given: Partial<Record<FilterName, string>> };
}

/** Per filter, the configured values with the words the reader knows them by. */
export type FilterOptions = Record<FilterName, { value: string; label: string }[]>;

export function filterOptions(cfg: TriageConfig, names: ValueNames): FilterOptions {
  const choices = filterChoices(cfg);
  const named = (name: FilterName, value: string) =>
    name === 'platform'
      ? platformName(value)
      : (names(name, name === 'priority' ? 'priority' : 'key', value) ?? value);
  return Object.fromEntries(
    FILTER_NAMES.map((name) => [name, choices[name].map((value) => ({ value, label: named(name, value) }))]),
  ) as FilterOptions;
}

type Scalar = string | number | boolean | null;
type Figures = Record<string, unknown>;
const SHOWN_ELSEWHERE = new Set(['period', 'filter', 'byPriority', 'total']);
/** Running sums the means are computed from (acceptSecondsSum, scoreSum): not figures to read. */
const shownName = (name: string) => !name.endsWith('Sum');
const noNames: ValueNames = () => null;

export const figureLabel = (l: Locale, name: string): string => {
  const key = `web.figure.${name}`;
  return isMessageKey(key) ? t(l, key) : name;
};

export function reportPage(input: ReportPageInput): Html {
  const l = input.frame.locale;
  const { report } = input;
  const body: HtmlValue[] = [form(input)];
  if (input.error) body.push(html`<p class="error" role="alert">${input.error}</p>`);
  if (input.rangeText) body.push(html`<p class="period">${input.rangeText}</p>`, downloads(input));
  if (report && report.byPriority.length === 0)
    body.push(html`<p class="empty">${t(l, 'web.reports.empty')}</p>`);
  const chartable = report !== null && report.byPriority.length > 0;
  const c: Ctx = { l, names: input.names ?? noNames, timeZone: input.timeZone };
  if (report && chartable) body.push(chart(l, report), priorityTable(c, report), ...otherFigures(c, report));
  const head = chartable
    ? html`<script src="${ASSET_PATH}/echarts.min.js" defer></script>
<script src="${ASSET_PATH}/report-chart.js" defer></script>`
    : null;
  return page({ ...input.frame, title: t(l, 'web.reports.title'), head }, body);
}

function form(input: ReportPageInput): Html {
  const l = input.frame.locale;
  return html`<form method="get" action="/web/reports" class="period-form">
<label>${t(l, 'web.reports.period')} <input name="period" value="${input.periodText}" size="28"></label>
${input.filters ? filterSelects(l, input.filters) : null}
<button type="submit">${t(l, 'web.reports.show')}</button>
<small>${t(l, 'web.reports.period_hint')}</small>
</form>`;
}

/** One select per filter; the empty choice is "all". */
function filterSelects(l: Locale, filters: NonNullable<ReportPageInput['filters']>): Html[] {
  return FILTER_NAMES.map(
    (name) => html`<label>${figureLabel(l, name)} <select name="${name}">
<option value="">${t(l, 'web.reports.all')}</option>
${filters.options[name].map((o) => html`<option value="${o.value}"${selected(filters.given[name] === o.value)}>${o.label}</option>`)}
</select></label>`,
  );
}

/** ` selected` as markup, not text (html escapes strings). */
const selected = (on: boolean): Html | null => (on ? html` selected` : null);

/** The CSV export of the same period and filters (src/app/web-server/export-route.ts). */
function downloads(input: ReportPageInput): Html {
  const l = input.frame.locale;
  const given = Object.entries(input.filters?.given ?? {}).filter(([, v]) => v);
  const q = [input.periodText, ...given.map(([k, v]) => `${k}=${v}`)]
    .map((part, i) =>
      i === 0 ? encodeURIComponent(part) : part.split('=').map(encodeURIComponent).join('='),
    )
    .join('&');
  return html`<p class="export">${t(l, 'web.reports.download')}
<a href="/web/export/incidents.csv?period=${q}" download>${t(l, 'web.reports.download_incidents')}</a> ·
<a href="/web/export/audit.csv?period=${q}" download>${t(l, 'web.reports.download_audit')}</a></p>`;
}

/** Numeric columns of the priority rows, in the order the model lists them. */
function numericKeys(rows: readonly Figures[]): string[] {
  const keys = new Set<string>();
  for (const r of rows)
    for (const [k, v] of Object.entries(r))
      if (k !== 'priority' && (typeof v === 'number' || v === null)) keys.add(k);
  return [...keys];
}

function priorityTable(c: Ctx, report: PeriodReport): Html {
  const { l } = c;
  const rows = report.byPriority as unknown as Figures[];
  const keys = numericKeys(rows);
  const line = (name: string, r: Figures) =>
    html`<tr><th scope="row">${name}</th>${keys.map((k) => html`<td>${value(c, r[k] as Scalar)}</td>`)}</tr>`;
  return html`<h2>${t(l, 'web.reports.by_priority')}</h2>
<div class="table-scroll"><table class="figures" data-figure="byPriority">
<thead><tr><th scope="col">${figureLabel(l, 'priority')}</th>${keys.map((k) => html`<th scope="col">${figureLabel(l, k)}</th>`)}</tr></thead>
<tbody>
${report.byPriority.map((p) => line(t(l, `priority.${p.priority}`), p as unknown as Figures))}
${report.total ? line(t(l, 'web.reports.total'), report.total as unknown as Figures) : null}
</tbody>
</table></div>`;
}

interface Ctx {
  l: Locale;
  names: ValueNames;
  timeZone: string;
}

/** The other figures (volumes, second line, backlog, knowledge … and whatever comes next). */
function otherFigures(c: Ctx, report: PeriodReport): HtmlValue[] {
  return Object.entries(report as unknown as Figures)
    .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
    .map(([k, v]) => figure(c, k, v, 2));
}

/** By shape: a value, a list of rows (a table), a row of numbers (the satisfaction scores 1–5),
 *  or a group of figures (a heading, then each). */
function figure(c: Ctx, name: string, v: unknown, level: number): HtmlValue {
  const { l } = c;
  if (!shownName(name)) return null;
  if (isScalar(v) || v instanceof Date)
    return html`<dl class="figure"><dt>${figureLabel(l, name)}</dt><dd>${value(c, v)}</dd></dl>`;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number'))
    return scoreRow(c, name, v, level);
  if (Array.isArray(v) && v.every(isRecord)) return v.length > 0 ? recordTable(c, name, v, level) : null;
  if (!isRecord(v) || level > 4) return null;
  return html`<section class="figures" data-figure="${name}">${heading(l, name, level)}
${Object.entries(v).map(([k, x]) => figure(c, k, x, level + 1))}</section>`;
}

const heading = (l: Locale, name: string, level: number): Html =>
  level === 2 ? html`<h2>${figureLabel(l, name)}</h2>` : html`<h3>${figureLabel(l, name)}</h3>`;

/** Counts per score 1..n, a column each. */
function scoreRow(c: Ctx, name: string, counts: readonly number[], level: number): Html {
  return html`${heading(c.l, name, level)}
<div class="table-scroll"><table class="figures" data-figure="${name}">
<thead><tr>${counts.map((_, i) => html`<th scope="col">${'★'.repeat(i + 1)}</th>`)}</tr></thead>
<tbody><tr>${counts.map((n) => html`<td>${value(c, n)}</td>`)}</tr></tbody>
</table></div>`;
}

function recordTable(c: Ctx, name: string, rows: readonly Figures[], level: number): Html {
  const { l } = c;
  const keys = [
    ...new Set(
      rows.flatMap((r) =>
        Object.keys(r).filter((k) => shownName(k) && (isScalar(r[k]) || r[k] instanceof Date)),
      ),
    ),
  ];
  const cell = (k: string, v: Scalar | Date) => {
    // A count's empty key is "none yet" (no category, no team, not closed: docs/reports.md),
    // not "n/a", which would say the figure does not apply.
    if (k === 'key' && v === null) return t(l, 'web.reports.none_yet');
    return (typeof v === 'string' || typeof v === 'number' ? c.names(name, k, v) : null) ?? value(c, v);
  };
  return html`${heading(l, name, level)}
<div class="table-scroll"><table class="figures" data-figure="${name}">
<thead><tr>${keys.map((k) => html`<th scope="col">${figureLabel(l, k)}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${keys.map((k) => html`<td>${cell(k, r[k] as Scalar | Date)}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isRecord = (v: unknown): v is Figures =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function value(c: Ctx, v: Scalar | Date | undefined): string {
  const { l } = c;
  if (v === null || v === undefined) return t(l, 'web.reports.none');
  // The desk's zone with its offset, as the queue shows its deadlines.
  if (v instanceof Date) return formatDateTime(l, v, c.timeZone);
  if (typeof v === 'number') return new Intl.NumberFormat(l).format(v);
  return String(v);
}

/** Counts as bars on the left axis, percentages as lines on the right; durations stay in the table. */
export function chartData(l: Locale, report: PeriodReport) {
  const rows = report.byPriority as unknown as Figures[];
  const series = numericKeys(rows)
    .filter((k) => !/Minutes$/.test(k))
    .map((k) => {
      const percent = /Percent$/.test(k);
      return {
        name: figureLabel(l, k),
        type: percent ? 'line' : 'bar',
        yAxisIndex: percent ? 1 : 0,
        data: rows.map((r) => (typeof r[k] === 'number' ? r[k] : null)),
      };
    });
  return {
    title: t(l, 'web.reports.chart'),
    categories: report.byPriority.map((p) => t(l, `priority.${p.priority}`)),
    series,
  };
}

function chart(l: Locale, report: PeriodReport): Html {
  return html`<h2>${t(l, 'web.reports.chart')}</h2>
<div id="report-chart" class="chart" role="img" aria-label="${t(l, 'web.reports.chart')}"></div>
<noscript><p>${t(l, 'web.reports.chart_noscript')}</p></noscript>
${jsonScript('report-data', chartData(l, report))}`;
}
