// How the history names things, as the cards do: people by their configured name (else the name
// stored when they acted), teams, natures and categories by their label in the reader's language,
// instants in the reader's zone. Pure.
import type { Locale, TriageConfig } from '../../core/config.js';
import type { PingTarget } from '../../core/decision.js';
import { categoryPath } from '../../core/routing.js';
import { SYSTEM_ACTOR_ID } from '../../core/steps/timers.js';
import { formatDateTime, isMessageKey, label, shownName, t } from '../../i18n/index.js';

export interface NameContext {
  cfg: TriageConfig;
  locale: Locale;
  timeZone: string;
}

export function personName(c: NameContext, id: string, stored?: string): string {
  // The bot's own actor (timers, start-up recomputes, matching): `system` in the trail.
  if (id === SYSTEM_ACTOR_ID) return t(c.locale, 'history.system');
  return c.cfg.people.find((p) => p.id === id)?.name ?? shownName(c.locale, id, stored);
}

// shownName lives with the catalogs: an error message names people too (a card gone stale by
// someone outside the configuration), and the catalogs sit below this layer.
export { shownName };

export function teamName(c: NameContext, id: string): string {
  const team = c.cfg.teams.find((x) => x.id === id);
  return team ? label(c.locale, team.label) : id;
}

export function natureName(c: NameContext, id: string): string {
  const nature = c.cfg.natures.find((n) => n.id === id);
  return nature ? label(c.locale, nature.label) : id;
}

export function categoryName(c: NameContext, id: string): string {
  const path = categoryPath(c.cfg, id);
  return path.length > 0 ? path.map((x) => label(c.locale, x.label)).join(' › ') : id;
}

/** An ISO instant from a payload, in the reader's zone; anything else as it is. */
export function when(c: NameContext, value: unknown): string {
  if (value instanceof Date) return formatDateTime(c.locale, value, c.timeZone);
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return '—';
  return formatDateTime(c.locale, new Date(value), c.timeZone);
}

/** Who a ping reached: a team, a person (by name), the desk or the managers. */
export function targetName(c: NameContext, target: PingTarget): string {
  switch (target.kind) {
    case 'team':
      return teamName(c, target.team);
    case 'person':
      return `${personName(c, target.person)} (${t(c.locale, `history.as.${target.as}`)})`;
    case 'desk':
      return t(c.locale, 'history.target.desk');
    case 'managers':
      return t(c.locale, 'history.target.managers');
  }
}

/** A catalog text by key when the catalogs have it, else the raw value. */
export function known(c: NameContext, key: string, raw: string): string {
  return isMessageKey(key) ? t(c.locale, key) : raw;
}
