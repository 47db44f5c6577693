// The loser of a race learns who won: "already done by X" when the winning change performed the
// same ITSS step, else "out of date". One rule for the use cases and every chat adapter.
import type { CommandType } from '../core/commands.js';
import { DomainError } from '../core/errors.js';
import { RULES } from '../core/rules.js';
import type { AuditRecord } from './ports.js';

/**
 * Audit records the knowledge base writes (IM2.7 searches, IM2.8 "didn't help", saving a
 * resolution as knowledge) leave the incident and its version as they were, so they are never
 * "the change" a stale click lost to.
 */
export const AUDIT_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'matches_found',
  'no_good_match',
  'match_not_helpful',
  'saved_as_knowledge',
  'knowledge_published',
  'knowledge_retired',
]);

export const changedIncident = (r: Pick<AuditRecord, 'action'>): boolean => !AUDIT_ONLY_ACTIONS.has(r.action);

/** The records of the most recent change in a full trail: same actor, same instant. */
export function lastChangeOf(audit: readonly AuditRecord[]): AuditRecord[] {
  const changes = audit.filter(changedIncident);
  const last = changes.at(-1);
  if (!last) return [];
  return changes.filter((r) => r.actorId === last.actorId && r.at.getTime() === last.at.getTime());
}

export function raceError(change: readonly AuditRecord[], command: CommandType): DomainError {
  const first = change[0];
  const params = {
    by: first?.actorName ?? '?',
    action: first?.action ?? command,
    at: first?.at.toISOString() ?? '',
  };
  const sameStep = change.some((r) => r.step === RULES[command].step);
  return new DomainError(sameStep ? 'already_done' : 'stale_version', params);
}
