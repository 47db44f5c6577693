// What the generated desk looks like, taken from the configuration so the reports group by real
// ids: natures and categories (with the team each category's rule sends it to), teams and
// leads, managers, each priority's limits on its own clock, and the escalation rules.
// Everything here becomes SQL literals for bench/reports-data.ts.
import type { TriageConfig } from '../src/core/config.js';
import { defaultTeamFor } from '../src/core/routing.js';
import { limitMinutes } from '../src/core/sla.js';
import type { Priority } from '../src/core/types.js';

export interface EscalationStep {
  priority: Priority;
  deadline: 'respond' | 'resolve';
  /** 1-based position among the priority's rules for this deadline (the timer key's n). */
  n: number;
  /** Clock minutes after registration, as core/escalation.ts computes them. */
  minutes: number;
  levels: readonly string[];
}

export interface DeskShape {
  natures: string[];
  categories: { id: string; team: string | null }[];
  teams: { id: string; lead: string | null }[];
  managers: string[];
  agents: string[];
  onsite: string[];
  limits: Record<Priority, { respond: number; resolve: number; business: boolean }>;
  escalations: EscalationStep[];
  acceptanceMinutes: number;
  acceptanceRepings: number;
  timeZone: string;
}

const PRIORITIES: readonly Priority[] = [1, 2, 3, 4];

export function deskShape(cfg: TriageConfig): DeskShape {
  if (cfg.teams.length < 2) throw new Error('the reports bench needs a configuration with ≥ 2 teams');
  if (cfg.categories.length === 0) throw new Error('the reports bench needs configured categories');
  const withRole = (role: string) =>
    cfg.people.filter((p) => p.roles.includes(role as never)).map((p) => p.id);
  return {
    natures: [...cfg.natures].sort((a, b) => a.rank - b.rank).map((n) => n.id),
    categories: cfg.categories.map((c) => ({ id: c.id, team: defaultTeamFor(cfg, c.id) })),
    teams: cfg.teams.map((t) => ({ id: t.id, lead: t.lead })),
    managers: withRole('manager'),
    agents: withRole('agent').length ? withRole('agent') : ['desk'],
    onsite: withRole('onsite').length ? withRole('onsite') : ['onsite'],
    limits: Object.fromEntries(
      PRIORITIES.map((p) => [
        p,
        {
          respond: limitMinutes(p, 'respond', cfg),
          resolve: limitMinutes(p, 'resolve', cfg),
          business: cfg.sla[p].clock === 'business',
        },
      ]),
    ) as DeskShape['limits'],
    escalations: PRIORITIES.flatMap((p) => escalationSteps(cfg, p)),
    acceptanceMinutes: cfg.limits.acceptanceMinutes,
    acceptanceRepings: cfg.limits.acceptanceRepings,
    timeZone: cfg.calendar.timeZone,
  };
}

function escalationSteps(cfg: TriageConfig, priority: Priority): EscalationStep[] {
  return (['respond', 'resolve'] as const).flatMap((deadline) => {
    const limit = limitMinutes(priority, deadline, cfg);
    return cfg.escalation[priority]
      .filter((rule) => rule.deadline === deadline)
      .map((rule, i) => ({
        priority,
        deadline,
        n: i + 1,
        minutes: 'fraction' in rule.at ? rule.at.fraction * limit : rule.at.minutes,
        levels: rule.targets,
      }));
  });
}

/** A SQL string literal (configuration ids are plain, but quote them properly anyway). */
export const lit = (s: string | null): string => (s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`);

export const textArray = (items: readonly (string | null)[]): string =>
  `(ARRAY[${items.map(lit).join(', ')}]::text[])`;

/**
 * Lower bounds of buckets with weights 1/2, 1/4, … (the last takes the rest), for
 * width_bucket(random(), bounds): the first nature or category is the most common.
 */
export function halvingBounds(count: number, firstShare = 0.5): string {
  const bounds: number[] = [0];
  let left = 1;
  for (let i = 1; i < count; i++) {
    const share = left * firstShare;
    bounds.push((bounds.at(-1) ?? 0) + share);
    left -= share;
  }
  return `ARRAY[${bounds.map((b) => b.toFixed(6)).join(', ')}]::float8[]`;
}
