// The loser of a race learns who won: "already done by X" when the winning change performed the
// same ITSS step, else "out of date". One rule for the use cases and every chat adapter.
import type { CommandType } from '../core/commands.js';
import { DomainError } from '../core/errors.js';
import { RULES } from '../core/rules.js';
import type { AuditRecord } from './ports.js';

/** The records of the most recent change in a full trail: same actor, same instant. */
export function lastChangeOf(audit: readonly AuditRecord[]): AuditRecord[] {
  const last = audit.at(-1);
  if (!last) return [];
  return audit.filter((r) => r.actorId === last.actorId && r.at.getTime() === last.at.getTime());
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
