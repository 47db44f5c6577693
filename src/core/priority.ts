// IM2.3: priority from impact × urgency, and IM2.4's "highest priority" test.
import type { TriageConfig } from './config.js';
import { DomainError } from './errors.js';
import type { Level, Priority } from './types.js';

export const LEVELS: readonly Level[] = [1, 2, 3, 4];
export const HIGHEST_PRIORITY: Priority = 1;

export function toLevel(value: unknown, field: 'impact' | 'urgency' | 'severity'): Level {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !LEVELS.includes(n as Level)) {
    throw new DomainError('invalid_level', { field, value: String(value) });
  }
  return n as Level;
}

/** IM2.3: look the pair up in the configured matrix (rows = impact, columns = urgency). */
export function priorityOf(
  impact: Level,
  urgency: Level,
  cfg: Pick<TriageConfig, 'priorityMatrix'>,
): Priority {
  const row = cfg.priorityMatrix[impact - 1];
  const priority = row?.[urgency - 1];
  if (priority === undefined)
    throw new DomainError('invalid_level', { field: 'matrix', value: `${impact}x${urgency}` });
  return priority;
}

/** IM2.4: P1 is "highest" in the seed. */
export const isHighestPriority = (priority: Priority): boolean => priority === HIGHEST_PRIORITY;

/**
 * Before IM2.3 the incident still needs deadlines: the reporter's own severity (impact = urgency
 * = severity) gives a provisional priority, else the configured provisional priority.
 */
export function provisionalPriority(severity: Level | null, cfg: TriageConfig): Priority {
  return severity === null ? cfg.provisionalPriority : priorityOf(severity, severity, cfg);
}
