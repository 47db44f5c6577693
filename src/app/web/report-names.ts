// What the dashboard's tables show for ids and codes: the configured labels of categories,
// natures and teams, and the catalog's words for priorities, backlog ages, deadlines, escalation
// levels and closure codes — in the reader's language, as the chat summary names them.
import type { Labels, Locale, TriageConfig } from '../../core/config.js';
import { isMessageKey, label, platformName, t } from '../../i18n/index.js';

/** The words for `value` in column `column` of table `table`; null leaves it as it is. */
export type ValueNames = (table: string, column: string, value: string | number) => string | null;

export function reportValueNames(cfg: TriageConfig, l: Locale): ValueNames {
  const fromList = (list: readonly { id: string; label: Labels }[], id: string) => {
    const found = list.find((x) => x.id === id);
    return found ? label(l, found.label) : null;
  };
  const catalog = (key: string) => (isMessageKey(key) ? t(l, key) : null);
  // A Count table's `key` column names what the table is of.
  const keyed: Record<string, (v: string) => string | null> = {
    category: (v) => fromList(cfg.categories, v),
    nature: (v) => fromList(cfg.natures, v),
    team: (v) => fromList(cfg.teams, v),
    // "Slack", "Teams", as the platform filter names them, not the stored id.
    platform: (v) => platformName(v),
    closure: (v) => catalog(`closure.${v}`),
    breaches: (v) => catalog(`deadline.kind.${v}`),
    escalations: (v) => catalog(`report.level.${v}`),
  };
  return (table, column, value) => {
    const v = String(value);
    if (column === 'priority') return catalog(`priority.${v}`);
    if (column === 'bucket') return catalog(`report.bucket.${v}`);
    if (column === 'team') return fromList(cfg.teams, v);
    if (column === 'key') return keyed[table]?.(v) ?? null;
    return null;
  };
}
