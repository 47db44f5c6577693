// The period report (ReportSummaryView, src/app/views/report-summary.ts) as an Adaptive Card:
// title, filters, the headline facts as a FactSet, then one block per part of the report. All
// text goes in TextRuns (never read as markdown), as everywhere on our cards.
import type { ReportSummaryView } from '../../src/app/views/report-summary.js';
import { card, type Json, textBlock } from './card-parts.js';

export function reportCard(v: ReportSummaryView): Json {
  const body: Json[] = [textBlock(v.title, { weight: 'Bolder', size: 'Medium' })];
  for (const note of [v.filters, v.empty]) if (note) body.push(textBlock(note, { isSubtle: true }));
  if (v.facts.length > 0)
    body.push({ type: 'FactSet', facts: v.facts.map((f) => ({ title: f.label, value: f.value })) });
  for (const s of v.sections) {
    body.push(textBlock(s.heading, { weight: 'Bolder' }, { spacing: 'Medium' }));
    for (const line of s.lines) body.push(textBlock(line, {}, { spacing: 'None' }));
  }
  return card(body);
}
