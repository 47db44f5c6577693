// The period report as people read it in chat (issue 13 item 4): a title, the headline facts,
// one line per priority and short sections. Platform-neutral; Slack and Teams only render it,
// and the command line prints it. Definitions of each figure: docs/reports.md.
import type { Labels, Locale, TriageConfig } from '../../core/config.js';
import { label, labelled, type MessageKey, platformName, t } from '../../i18n/index.js';
import type { Count } from '../reports/report-figures.js';
import type { PeriodReport, PriorityFigures } from '../reports/report-model.js';

export interface ReportFact {
  label: string;
  value: string;
}

export interface ReportSection {
  heading: string;
  lines: string[];
}

export interface ReportSummaryView {
  locale: Locale;
  title: string;
  /** The filters applied, in words; null when none. */
  filters: string | null;
  /** Nothing was reported in the period: the facts are empty and a line says so. */
  empty: string | null;
  facts: ReportFact[];
  sections: ReportSection[];
}

type Ctx = { locale: Locale; cfg: TriageConfig };

const localDay = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const pct = (v: number | null) => (v === null ? '—' : `${v} %`);
const mins = (c: Ctx, v: number | null) => (v === null ? '—' : t(c.locale, 'report.minutes', { n: v }));
const both = (c: Ctx, clock: number | null, elapsed: number | null) =>
  `${mins(c, clock)} / ${mins(c, elapsed)}`;

function teamName(c: Ctx, id: string | null): string {
  const team = c.cfg.teams.find((x) => x.id === id);
  return team ? label(c.locale, team.label) : (id ?? t(c.locale, 'view.unassigned'));
}

/** A configured category's or nature's label; the id when it is no longer configured. */
function labelOf(c: Ctx, list: readonly { id: string; label: Labels }[], id: string): string {
  const found = list.find((x) => x.id === id);
  return found ? label(c.locale, found.label) : id;
}

function facts(c: Ctx, total: PriorityFigures): ReportFact[] {
  const f = (key: MessageKey, value: string) => ({ label: t(c.locale, key), value });
  return [
    f('report.fact.reported', String(total.reported)),
    f('report.fact.resolved', String(total.resolved)),
    f('report.fact.response_met', pct(total.responseMetPercent)),
    f('report.fact.resolution_met', pct(total.resolutionMetPercent)),
    f('report.fact.mtta', both(c, total.mttaClockMinutes, total.mttaElapsedMinutes)),
    f('report.fact.mttr', both(c, total.mttrClockMinutes, total.mttrElapsedMinutes)),
    f('report.fact.desk_resolution', pct(total.deskResolutionPercent)),
    f('report.fact.reopen', pct(total.reopenPercent)),
  ];
}

/** Priorities read as everywhere else in the language (一级, not P1): the `priority.N` labels. */
export const priorityLines = (c: Ctx, r: Pick<PeriodReport, 'byPriority'>) =>
  r.byPriority.map((p) =>
    t(c.locale, 'report.priority_line', {
      priority: t(c.locale, `priority.${p.priority}`),
      reported: p.reported,
      response: pct(p.responseMetPercent),
      resolution: pct(p.resolutionMetPercent),
    }),
  );

function secondLine(c: Ctx, r: PeriodReport): string[] {
  const s = r.secondLine;
  const teams = s.teams.map((x) =>
    t(c.locale, 'report.team_line', {
      team: teamName(c, x.team),
      assigned: x.assigned,
      accepted: x.accepted,
      inTime: pct(x.acceptedInTimePercent),
      limit: c.cfg.limits.acceptanceMinutes,
      // IM2.11's rate: assignments kept; a team may take one up and decline it later (IM2.13 no).
      kept: x.kept,
      rate: pct(x.acceptancePercent),
      declined: x.declined,
    }),
  );
  if (s.reassignmentsPerIncident === null) return teams;
  const per = t(c.locale, 'report.reassign_line', {
    reassignments: s.reassignmentsPerIncident,
    declines: s.declinesPerIncident ?? 0,
  });
  return [...teams, per];
}

const counts = (list: Count[], name: (key: string | null) => string) =>
  list.length === 0 ? [] : [list.map((x) => `${name(x.key)} ${x.count}`).join(' · ')];

export function backlogLines(c: Ctx, r: Pick<PeriodReport, 'backlog'>): string[] {
  const byPriority = new Map<number, string[]>();
  for (const x of r.backlog.counts) {
    const parts = byPriority.get(x.priority) ?? [];
    const bucket = t(c.locale, `report.bucket.${x.bucket}`);
    parts.push(t(c.locale, 'report.bucket_count', { bucket, count: x.count }));
    byPriority.set(x.priority, parts);
  }
  // 一级 in Chinese, as in the priority lines above ("P1: 不足 1 天 1" read as one number).
  return [...byPriority].map(([p, parts]) =>
    t(c.locale, 'report.backlog_line', {
      priority: t(c.locale, `priority.${p}` as MessageKey),
      buckets: parts.join(' · '),
    }),
  );
}

function sections(c: Ctx, r: PeriodReport): ReportSection[] {
  const o = r.onsite;
  const k = r.knowledge;
  const all: ReportSection[] = [
    { heading: t(c.locale, 'report.section.priorities'), lines: priorityLines(c, r) },
    { heading: t(c.locale, 'report.section.second_line'), lines: secondLine(c, r) },
    {
      heading: t(c.locale, 'report.section.breaches'),
      lines: counts(r.breaches, (key) => t(c.locale, `deadline.kind.${key}` as MessageKey)),
    },
    {
      heading: t(c.locale, 'report.section.escalations'),
      lines: counts(r.escalations, (key) => t(c.locale, `report.level.${key}` as MessageKey)),
    },
    {
      heading: t(c.locale, 'report.section.onsite'),
      lines:
        o.dispatched === 0
          ? []
          : [
              t(c.locale, 'report.onsite_line', {
                dispatched: o.dispatched,
                ack: pct(o.acknowledgedInTimePercent),
                feedback: pct(o.feedbackInTimePercent),
              }),
            ],
    },
    {
      heading: t(c.locale, 'report.section.backlog', {
        asOf: localDay(r.backlog.asOf, c.cfg.calendar.timeZone),
      }),
      lines: backlogLines(c, r),
    },
    { heading: t(c.locale, 'report.section.satisfaction'), lines: satisfactionLines(c, r) },
    {
      heading: t(c.locale, 'report.section.knowledge'),
      lines: [
        t(c.locale, 'report.knowledge_line', {
          matched: k.resolvedWithMatch,
          applied: k.applied,
          notHelped: k.notHelped,
        }),
      ],
    },
  ];
  return all.filter((s) => s.lines.length > 0);
}

function satisfactionLines(c: Ctx, r: PeriodReport): string[] {
  const s = r.satisfaction;
  if (s.rated === 0) return [];
  return [
    t(c.locale, 'report.satisfaction_line', {
      average: s.average ?? '—',
      rated: s.rated,
      response: pct(s.responsePercent),
      commented: s.commented,
    }),
    s.distribution.map((n, i) => `${'★'.repeat(i + 1)} ${n}`).join(' · '),
  ];
}

function filterWords(c: Ctx, r: PeriodReport): string | null {
  const f = r.filter;
  const parts = [
    f.priority !== undefined ? `P${f.priority}` : null,
    f.team !== undefined ? teamName(c, f.team) : null,
    f.category !== undefined ? labelOf(c, c.cfg.categories, f.category) : null,
    f.nature !== undefined ? labelOf(c, c.cfg.natures, f.nature) : null,
    f.platform !== undefined ? platformName(f.platform) : null,
  ].filter((x): x is string => x !== null);
  return parts.length === 0 ? null : t(c.locale, 'report.filters', { filters: parts.join(', ') });
}

export function reportSummary(report: PeriodReport, locale: Locale, cfg: TriageConfig): ReportSummaryView {
  const c = { locale, cfg };
  const tz = cfg.calendar.timeZone;
  const last = new Date(report.period.to.getTime() - 1);
  const title = t(locale, 'report.title', { from: localDay(report.period.from, tz), to: localDay(last, tz) });
  const total = report.total;
  return {
    locale,
    title,
    filters: filterWords(c, report),
    empty: total ? null : t(locale, 'report.none'),
    facts: total ? facts(c, total) : [],
    sections: total ? sections(c, report) : [],
  };
}

/** Plain text, for the command line and for chat fallbacks. */
export function summaryText(v: ReportSummaryView): string {
  const lines = [v.title, ...(v.filters ? [v.filters] : []), ...(v.empty ? [v.empty] : [])];
  // "登记：2", not "登记: 2" (Teams trial): the label's colon is the language's.
  for (const f of v.facts) lines.push(`${labelled(v.locale, f.label)}${f.value}`);
  for (const s of v.sections) lines.push('', s.heading, ...s.lines.map((l) => `  ${l}`));
  return lines.join('\n');
}
