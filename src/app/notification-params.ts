// The parameters every incident message may use, shared by notifications.ts and
// ping-notifications.ts (here so neither imports the other). Pure.
import type { Labels, TriageConfig } from '../core/config.js';
import type { Incident, Resolution } from '../core/types.js';
import { type MessageKey, t } from '../i18n/index.js';
import type { ParamValue } from './notifier.js';

/** A catalog text in both languages, usable as a parameter of another text. */
export const bilingual = (key: MessageKey): Labels => ({ 'zh-CN': t('zh-CN', key), en: t('en', key) });

export function teamLabel(cfg: TriageConfig, id: string | null): Labels | string {
  return cfg.teams.find((x) => x.id === id)?.label ?? id ?? '';
}

/**
 * The solution as the reporter reads it: an applied knowledge entry's text starts with a line
 * "[KB-PRN-1] <source link>" (knowledge-service solutionText) that is the desk's reference, not
 * the reporter's business; the steps after it are. Text the desk wrote itself is kept whole.
 */
export function forReporter(r: Pick<Resolution, 'solution' | 'matchRef'>): string {
  const head = r.matchRef ? `[${r.matchRef}]` : null;
  if (!head || !r.solution.startsWith(head)) return r.solution;
  const rest = r.solution.slice(r.solution.indexOf('\n') + 1).trim();
  return r.solution.includes('\n') && rest ? rest : r.solution.slice(head.length).trim() || r.solution;
}

/** Parameters every incident message may use. */
export function incidentParams(i: Incident, cfg: TriageConfig): Record<string, ParamValue> {
  return {
    number: i.number,
    title: i.title,
    priority: bilingual(`priority.${i.priority}`),
    respondBy: i.respondBy ?? '—',
    resolveBy: i.resolveBy ?? '—',
    team: teamLabel(cfg, i.assignedTeam),
    // Only the reporter's IM4.1 message uses it: the solution, without the internal entry reference.
    solution: i.resolution ? forReporter(i.resolution) : '',
    closure: i.closureCode ? bilingual(`closure.${i.closureCode}`) : '',
  };
}
