// The parameters every incident message may use, shared by notifications.ts and
// ping-notifications.ts (here so neither imports the other). Pure.
import type { Labels, TriageConfig } from '../core/config.js';
import type { Incident } from '../core/types.js';
import { type MessageKey, t } from '../i18n/index.js';
import type { ParamValue } from './notifier.js';

/** A catalog text in both languages, usable as a parameter of another text. */
export const bilingual = (key: MessageKey): Labels => ({ 'zh-CN': t('zh-CN', key), en: t('en', key) });

export function teamLabel(cfg: TriageConfig, id: string | null): Labels | string {
  return cfg.teams.find((x) => x.id === id)?.label ?? id ?? '';
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
    solution: i.resolution?.solution ?? '',
    closure: i.closureCode ? bilingual(`closure.${i.closureCode}`) : '',
  };
}
