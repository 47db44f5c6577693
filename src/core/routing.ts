// IM2.1 classification rules and IM2.11 routing: natures, the category tree, default teams.
import type { CategoryDef, NatureDef, TeamDef, TriageConfig } from './config.js';
import { DomainError } from './errors.js';

export function findNature(cfg: TriageConfig, id: string): NatureDef {
  const nature = cfg.natures.find((n) => n.id === id);
  if (!nature) throw new DomainError('unknown_nature', { value: id });
  return nature;
}

/** IM2.2: a nature the incident manager must hear of, once the desk has verified it. */
export const needsVerification = (
  cfg: Pick<TriageConfig, 'natures'>,
  natureId: string | null | undefined,
): boolean => cfg.natures.some((n) => n.id === natureId && n.notifyManager);

export function findCategory(cfg: TriageConfig, id: string): CategoryDef {
  const category = cfg.categories.find((c) => c.id === id);
  if (!category) throw new DomainError('unknown_category', { value: id });
  return category;
}

export function findTeam(cfg: TriageConfig, id: string): TeamDef {
  const team = cfg.teams.find((t) => t.id === id);
  if (!team) throw new DomainError('unknown_team', { value: id });
  return team;
}

/** Path from the root to the category, e.g. network › vpn, for display and inheritance. */
export function categoryPath(cfg: TriageConfig, id: string): CategoryDef[] {
  const path: CategoryDef[] = [];
  let current: CategoryDef | undefined = findCategory(cfg, id);
  while (current && path.length <= cfg.categories.length) {
    path.unshift(current);
    const parent: string | null = current.parent;
    current = parent === null ? undefined : cfg.categories.find((c) => c.id === parent);
  }
  return path;
}

/** IM2.11 "classification rules": the category's team, else the nearest ancestor's. */
export function defaultTeamFor(cfg: TriageConfig, categoryId: string | null): string | null {
  if (categoryId === null) return null;
  const path = categoryPath(cfg, categoryId);
  for (let i = path.length - 1; i >= 0; i--) {
    const team = path[i]?.team;
    if (team) return team;
  }
  return null;
}

/** Lower is handled first; unknown natures (not yet classified) rank after every known one. */
export function natureRank(cfg: TriageConfig, natureId: string | null): number {
  const nature = natureId === null ? undefined : cfg.natures.find((n) => n.id === natureId);
  return nature ? nature.rank : Number.MAX_SAFE_INTEGER;
}
