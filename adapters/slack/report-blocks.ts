// The period report (ReportSummaryView, src/app/views/report-summary.ts) as Block Kit: a header,
// the filters, the headline facts as fields, then one section per part of the report. Team
// labels and decline reasons come from configuration and people: escaped like every such text.
import type { ReportSummaryView } from '../../src/app/views/report-summary.js';
import type { Block } from './elements.js';
import { esc, LIMITS, mrkdwn, plain, truncate } from './text.js';

export function reportBlocks(v: ReportSummaryView): Block[] {
  const blocks: Block[] = [{ type: 'header', text: plain(v.title, LIMITS.headerText) }];
  const notes = [v.filters, v.empty].filter((x): x is string => x !== null);
  if (notes.length > 0) blocks.push({ type: 'context', elements: notes.map((n) => mrkdwn(esc(n))) });
  if (v.facts.length > 0)
    blocks.push({
      type: 'section',
      fields: v.facts
        .slice(0, LIMITS.fieldsPerSection)
        .map((f) => mrkdwn(truncate(`*${esc(f.label)}*\n${esc(f.value)}`, LIMITS.sectionFieldText))),
    });
  for (const s of v.sections)
    blocks.push({ type: 'section', text: mrkdwn(`*${esc(s.heading)}*\n${s.lines.map(esc).join('\n')}`) });
  return blocks.slice(0, LIMITS.blocksPerMessage);
}
